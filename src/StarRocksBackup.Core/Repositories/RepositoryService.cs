using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Parsing;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.Repositories
{
    /// <summary>CREATE / SHOW / DROP REPOSITORY.</summary>
    public sealed class RepositoryService
    {
        private readonly StarRocksClient _client;

        internal RepositoryService(StarRocksClient client) => _client = client;

        /// <summary>The CREATE REPOSITORY statement for <paramref name="spec"/>, secrets masked (for -WhatIf).</summary>
        public string DescribeCreate(RepositorySpec spec) => SqlRedactor.Redact(BuildCreate(spec));

        /// <summary>Creates the repository and returns it as listed by SHOW REPOSITORIES.</summary>
        /// <exception cref="StarRocksBackupException">RepositoryExists, InvalidArgument, ServerError.</exception>
        public async Task<Repository> CreateAsync(RepositorySpec spec, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (spec == null)
            {
                throw new ArgumentNullException(nameof(spec));
            }

            observer ??= NullObserver.Instance;
            string sql = BuildCreate(spec);
            // The statement itself is reported once, by the session at Debug level (masked).
            observer.Verbose($"Creating repository '{spec.Name}'.");
            try
            {
                await _client.Session.ExecuteAsync(sql, StatementSafety.NonIdempotent, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.OutcomeUnknown)
            {
                // Re-query instead of re-sending: the repository either exists now or the statement never ran.
                Repository? created = await GetAsync(spec.Name, observer, cancellationToken).ConfigureAwait(false);
                if (created != null && created.Location.TrimEnd('/') == spec.Location.TrimEnd('/'))
                {
                    return created;
                }

                throw;
            }

            return await GetAsync(spec.Name, observer, cancellationToken).ConfigureAwait(false)
                   ?? throw new StarRocksBackupException(ErrorKind.ServerError, $"Repository '{spec.Name}' was created but SHOW REPOSITORIES does not list it.");
        }

        /// <summary>SHOW REPOSITORIES.</summary>
        public async Task<IReadOnlyList<Repository>> ListAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            ResultTable t = await _client.Session.QueryAsync(_client.Dialect.ShowRepositories(), observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            return ShowParsers.ParseRepositories(t);
        }

        /// <summary>One repository by exact name, or null.</summary>
        public async Task<Repository?> GetAsync(string name, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            NameRules.CheckRepositoryName(name);
            IReadOnlyList<Repository> all = await ListAsync(observer, cancellationToken).ConfigureAwait(false);
            return all.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
        }

        /// <summary>DROP REPOSITORY (only unregisters it; remote files stay).</summary>
        /// <exception cref="StarRocksBackupException">RepositoryNotFound, ServerError (a job is using it).</exception>
        public async Task DropAsync(string name, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            string sql = _client.Dialect.DropRepository(name);
            observer.Verbose($"Dropping repository '{name}'.");
            try
            {
                await _client.Session.ExecuteAsync(sql, StatementSafety.NonIdempotent, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.OutcomeUnknown)
            {
                if (await GetAsync(name, observer, cancellationToken).ConfigureAwait(false) != null)
                {
                    throw;
                }
            }
        }

        private string BuildCreate(RepositorySpec spec) =>
            _client.Dialect.CreateRepository(spec.Name, spec.Location, spec.RevealedProperties(), spec.ReadOnly, spec.Broker);
    }
}
