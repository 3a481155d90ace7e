using System;
using System.Collections.Generic;
using System.Linq;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Restore
{
    /// <summary>Checks the views, MVs and functions of a restore request against the snapshot.</summary>
    public sealed partial class RestoreService
    {
        /// <summary>
        /// Each named view / MV / function must be in the snapshot (when its details could be read); before 3.4 objects are
        /// refused by the dialect with the reason.
        /// </summary>
        private void CheckObjects(RestoreRequest request, SnapshotDetail? detail)
        {
            if (request.Objects.Count == 0)
            {
                return;
            }

            _client.Dialect.CheckObjectsSupported(request.Objects.Select(o => new Sql.SqlObjectRef(o.Kind, o.Name, o.Alias)).ToList(), "RESTORE");
            if (detail == null)
            {
                return;
            }

            // The info file lists views (no partitions) and MVs (like tables); functions are only in the __meta file, so a
            // -Function name is left for the server to check (it answers "function … does not exist in snapshot").
            foreach (RestoreObjectRequest o in request.Objects.Where(x => x.Kind != DatabaseObjectKind.Function))
            {
                IReadOnlyList<string> names = o.Kind == DatabaseObjectKind.View
                    ? detail.Views
                    : detail.Tables.Select(t => t.Name).ToList();
                if (!names.Contains(o.Name, StringComparer.Ordinal))
                {
                    string has = names.Count == 0 ? "none" : string.Join(", ", names.Distinct(StringComparer.Ordinal));
                    throw new StarRocksBackupException(ErrorKind.TableNotFound,
                        $"{o.Kind} '{o.Name}' is not in snapshot '{request.Snapshot}' (its {o.Kind} objects: {has}).");
                }
            }
        }
    }
}

namespace StarRocksBackup.Core.Restore
{
    /// <summary>A RESTORE of external catalogs from a catalog snapshot (3.4+).</summary>
    public sealed class CatalogRestorePlan
    {
        internal CatalogRestorePlan(string repository, string snapshot, string timestamp, IReadOnlyList<Sql.SqlCatalogRef>? catalogs, string sql)
        {
            Repository = repository;
            Snapshot = snapshot;
            Timestamp = timestamp;
            Catalogs = catalogs;
            Sql = sql;
        }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; }

        /// <summary>The backup timestamp.</summary>
        public string Timestamp { get; }

        /// <summary>The catalogs (with new names), or null for all of the snapshot.</summary>
        public IReadOnlyList<Sql.SqlCatalogRef>? Catalogs { get; }

        /// <summary>The statement.</summary>
        public string Sql { get; }

        /// <inheritdoc />
        public override string ToString() => Sql;
    }

    public sealed partial class RestoreService
    {
        /// <summary>Plans the restore of external catalogs (the latest timestamp when none is given); refused before 3.4.</summary>
        /// <exception cref="StarRocksBackupException">UnsupportedByServer, SnapshotNotFound, InvalidArgument.</exception>
        public async System.Threading.Tasks.Task<CatalogRestorePlan> PlanCatalogRestoreAsync(string repository, string snapshot, string? timestamp,
            IReadOnlyList<Sql.SqlCatalogRef>? catalogs, TimeSpan? timeout, IOperationObserver? observer = null, System.Threading.CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            string ts = timestamp ?? string.Empty;
            if (string.IsNullOrEmpty(ts))
            {
                Snapshot s = await _client.Snapshots.GetAsync(repository, snapshot, observer, cancellationToken).ConfigureAwait(false)
                    ?? throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Snapshot '{snapshot}' is not in repository '{repository}'.");
                ts = s.Latest?.Text ?? throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Snapshot '{snapshot}' has no backup timestamp.");
            }

            string sql = _client.Dialect.RestoreExternalCatalogs(snapshot, repository, catalogs, ts, timeout);
            return new CatalogRestorePlan(repository, snapshot, ts, catalogs, sql);
        }

        /// <summary>Sends a catalog RESTORE; its job is listed by SHOW RESTORE with an empty database (the catalog slot).</summary>
        public async System.Threading.Tasks.Task<RestoreJob> StartCatalogRestoreAsync(CatalogRestorePlan plan, IOperationObserver? observer = null, System.Threading.CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            observer.Verbose("Starting the external-catalog restore: " + plan.Sql);
            await _client.Session.ExecuteAsync(plan.Sql, Connection.StatementSafety.NonIdempotent, observer, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<RestoreJob> jobs = await _client.Jobs.ListRestoreJobsAsync(null, observer, cancellationToken).ConfigureAwait(false);
            RestoreJob job = jobs.FirstOrDefault(j => string.Equals(j.Label, plan.Snapshot, StringComparison.Ordinal) && string.IsNullOrEmpty(j.Database))
                ?? throw new StarRocksBackupException(ErrorKind.JobNotFound, $"The catalog RESTORE was accepted but SHOW RESTORE does not list job '{plan.Snapshot}'.") { Statement = plan.Sql };
            return job.WithRepository(plan.Repository);
        }
    }
}
