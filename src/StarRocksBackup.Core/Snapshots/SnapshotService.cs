using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Parsing;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.Snapshots
{
    /// <summary>SHOW SNAPSHOT (plain and detailed) and DROP SNAPSHOT (4.2).</summary>
    public sealed class SnapshotService
    {
        private readonly StarRocksClient _client;

        internal SnapshotService(StarRocksClient client) => _client = client;

        /// <summary>Snapshots in a repository, optionally only one label.</summary>
        /// <exception cref="StarRocksBackupException">RepositoryNotFound.</exception>
        public async Task<IReadOnlyList<Snapshot>> ListAsync(string repository, string? label = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            ResultTable t = await _client.Session.QueryAsync(_client.Dialect.ShowSnapshot(repository, label), observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            return ShowParsers.ParseSnapshots(t, repository)
                .Where(s => label == null || string.Equals(s.Name, label, StringComparison.Ordinal))
                .ToList();
        }

        /// <summary>One label's snapshot (null when the repository has no snapshot with a timestamp under that label).</summary>
        public async Task<Snapshot?> GetAsync(string repository, string label, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<Snapshot> list = await ListAsync(repository, NameRules.CheckLabel(label), observer, cancellationToken).ConfigureAwait(false);
            return list.FirstOrDefault(s => s.Timestamps.Count > 0) ?? list.FirstOrDefault();
        }

        /// <summary>
        /// Which of <paramref name="repositories"/> hold a snapshot named <paramref name="label"/> (one SHOW SNAPSHOT ...
        /// WHERE SNAPSHOT = label each; a repository that is gone is passed over). SHOW BACKUP names no repository, so this
        /// is how a job seen only through SHOW BACKUP is tied to the repository that holds it.
        /// </summary>
        public async Task<IReadOnlyList<string>> FindRepositoriesHoldingAsync(string label, IEnumerable<string> repositories, IOperationObserver? observer = null,
            CancellationToken cancellationToken = default)
        {
            NameRules.CheckLabel(label);
            var found = new List<string>();
            foreach (string repository in (repositories ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal))
            {
                try
                {
                    if ((await GetAsync(repository, label, observer, cancellationToken).ConfigureAwait(false))?.Timestamps.Count > 0)
                    {
                        found.Add(repository);
                    }
                }
                catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.RepositoryNotFound)
                {
                    (observer ?? NullObserver.Instance).Debug($"Repository '{repository}' is gone: {ex.Message}");
                }
            }

            return found;
        }

        /// <summary>The detailed form for one label and timestamp (database, tables, partitions with versions).</summary>
        /// <exception cref="StarRocksBackupException">RepositoryNotFound, SnapshotNotFound.</exception>
        public async Task<SnapshotDetail> GetDetailAsync(string repository, string label, string timestamp, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (SnapshotTimestamp.TryParse(timestamp) == null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"{NameRules.Show(timestamp)} is not a snapshot timestamp (yyyy-MM-dd-HH-mm-ss-SSS).");
            }

            ResultTable t = await _client.Session.QueryAsync(_client.Dialect.ShowSnapshot(repository, label, timestamp), observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            SnapshotDetail? d = ShowParsers.ParseSnapshotDetails(t, repository).FirstOrDefault();
            if (d == null)
            {
                throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Snapshot '{label}' with timestamp {timestamp} was not found in repository '{repository}'.");
            }

            if (!d.IsOk)
            {
                throw new StarRocksBackupException(ErrorKind.SnapshotNotFound,
                    $"Snapshot '{label}' with timestamp {timestamp} in repository '{repository}' cannot be read: {d.Status}");
            }

            return d;
        }

        /// <summary>The detailed form of every timestamp of every label (one query per label/timestamp).</summary>
        public async Task<IReadOnlyList<SnapshotDetail>> ListDetailedAsync(string repository, string? label = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            var result = new List<SnapshotDetail>();
            foreach (Snapshot s in await ListAsync(repository, label, observer, cancellationToken).ConfigureAwait(false))
            {
                foreach (SnapshotTimestamp ts in s.Timestamps)
                {
                    ResultTable t = await _client.Session.QueryAsync(_client.Dialect.ShowSnapshot(repository, s.Name, ts.Text), observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
                    result.AddRange(ShowParsers.ParseSnapshotDetails(t, repository));
                }
            }

            return result;
        }

        /// <summary>DROP SNAPSHOT label ON repo [FORCE] (StarRocks 4.2+; UnsupportedByServer before).</summary>
        public async Task DropAsync(string repository, string label, bool force = false, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            string sql = _client.Dialect.DropSnapshot(label, repository, force);
            observer.Verbose("Dropping snapshot: " + sql);
            try
            {
                await _client.Session.ExecuteAsync(sql, StatementSafety.NonIdempotent, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.OutcomeUnknown)
            {
                if (await GetAsync(repository, label, observer, cancellationToken).ConfigureAwait(false) is { Timestamps.Count: > 0 })
                {
                    throw;
                }
            }
        }
    }
}
