using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Parsing;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.Catalog
{
    /// <summary>Databases, tables, partitions and backends.</summary>
    public sealed class CatalogService
    {
        private readonly StarRocksClient _client;

        internal CatalogService(StarRocksClient client) => _client = client;

        /// <summary>SHOW DATABASES (system databases included; callers filter).</summary>
        public async Task<IReadOnlyList<Database>> ListDatabasesAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            ResultTable t = await _client.Session.QueryAsync(_client.Dialect.ShowDatabases(), observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            return ShowParsers.ParseDatabases(t);
        }

        /// <summary>True when the database exists (exact, case-sensitive name).</summary>
        public async Task<bool> DatabaseExistsAsync(string database, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            NameRules.CheckDatabaseName(database);
            IReadOnlyList<Database> all = await ListDatabasesAsync(observer, cancellationToken).ConfigureAwait(false);
            return all.Any(d => string.Equals(d.Name, database, StringComparison.Ordinal));
        }

        /// <summary>SHOW TABLES FROM db.</summary>
        /// <exception cref="StarRocksBackupException">DatabaseNotFound.</exception>
        public async Task<IReadOnlyList<Table>> ListTablesAsync(string database, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            ResultTable t = await _client.Session.QueryAsync(_client.Dialect.ShowTables(database), observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            return ShowParsers.ParseTables(t, database);
        }

        /// <summary>Partitions of a database (or one table) from information_schema.partitions_meta.</summary>
        public async Task<IReadOnlyList<Partition>> ListPartitionsAsync(string database, string? table = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            ResultTable t = await _client.Session.QueryAsync(_client.Dialect.SelectPartitions(database, table), observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            return ShowParsers.ParsePartitions(t);
        }

        /// <summary>SHOW BACKENDS.</summary>
        public async Task<IReadOnlyList<Backend>> ListBackendsAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            ResultTable t = await _client.Session.QueryAsync(_client.Dialect.ShowBackends(), observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            return ShowParsers.ParseBackends(t);
        }
    }
}
