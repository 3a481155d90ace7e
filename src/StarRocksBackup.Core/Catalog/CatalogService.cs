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

        /// <summary>
        /// Set once the server said it has no information_schema.partitions_meta (older releases): every later read in this
        /// connection goes straight to SHOW PARTITIONS instead of failing one statement per database first.
        /// </summary>
        private volatile bool _noPartitionsMeta;

        internal CatalogService(StarRocksClient client) => _client = client;

        /// <summary>Remembers a refusal that says the table itself is missing (not a refused column or privilege).</summary>
        private void NotePartitionsMetaRefused(StarRocksBackupException ex)
        {
            if (ex.Kind == ErrorKind.TableNotFound || ex.Kind == ErrorKind.UnsupportedByServer
                || (ex.Message.IndexOf("Unknown table", StringComparison.OrdinalIgnoreCase) >= 0 && ex.Message.IndexOf("partitions_meta", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                _noPartitionsMeta = true;
            }
        }

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

        /// <summary>
        /// Partitions of a database (or one table) from information_schema.partitions_meta (3.1+); where that table is
        /// missing or refused, from SHOW PARTITIONS per table (no temporary partitions then). Temporary partitions are left
        /// out unless <paramref name="includeTemporary"/> (StarRocks cannot back them up).
        /// </summary>
        /// <exception cref="StarRocksBackupException">DatabaseNotFound, TableNotFound.</exception>
        public async Task<IReadOnlyList<Partition>> ListPartitionsAsync(string database, string? table, bool includeTemporary, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<Partition> all = await ListAllPartitionsAsync(database, table, observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            if (includeTemporary)
            {
                return all;
            }

            // Usually there is no temporary partition: then the list is returned as it is, not copied.
            int firstTemp = -1;
            for (int i = 0; i < all.Count && firstTemp < 0; i++)
            {
                firstTemp = all[i].IsTemp ? i : -1;
            }

            return firstTemp < 0 ? all : all.Where(p => !p.IsTemp).ToList();
        }

        /// <summary>
        /// Partitions of a database (or one table), temporary partitions included (see <see cref="Partition.IsTemp"/>).
        /// </summary>
        /// <exception cref="StarRocksBackupException">DatabaseNotFound, TableNotFound.</exception>
        public Task<IReadOnlyList<Partition>> ListPartitionsAsync(string database, string? table = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default) =>
            ListPartitionsAsync(database, table, includeTemporary: true, observer, cancellationToken);

        private async Task<IReadOnlyList<Partition>> ListAllPartitionsAsync(string database, string? table, IOperationObserver observer, CancellationToken cancellationToken)
        {
            // Streamed: each row becomes a Partition as it is read (a database can have 100,000 partitions).
            IReadOnlyList<Partition>? found = await TryPartitionsMetaAsync(all => _client.Dialect.SelectPartitions(database, table, all),
                "using SHOW PARTITIONS", observer, cancellationToken).ConfigureAwait(false);
            if (found != null)
            {
                if (found.Count == 0)
                {
                    // partitions_meta is a filter, not a lookup: a misspelt database or table gives no rows, not an error.
                    await CheckExistsAsync(database, table, observer, cancellationToken).ConfigureAwait(false);
                }

                return found;
            }

            IEnumerable<string> tables = table != null
                ? new[] { table }
                : (await ListTablesAsync(database, observer, cancellationToken).ConfigureAwait(false)).Select(x => x.Name);
            var all = new List<Partition>();
            foreach (string name in tables)
            {
                ResultTable t = await _client.Session.QueryAsync(_client.Dialect.ShowPartitions(database, name), observer, cancellationToken).ConfigureAwait(false);
                all.AddRange(ShowParsers.ParseShowPartitions(t, database, name));
            }

            return all;
        }

        /// <summary>
        /// Partitions of several databases from one partitions_meta statement, by database (temporary partitions left out
        /// unless <paramref name="includeTemporary"/>). A database with no row is absent from the answer: it has no
        /// partitioned object, or it was dropped (the caller reads it alone to tell which). Null where partitions_meta is
        /// missing or refused (read each database alone: <see cref="ListPartitionsAsync(string, string?, bool, IOperationObserver?, CancellationToken)"/>
        /// falls back to SHOW PARTITIONS).
        /// </summary>
        public async Task<IReadOnlyDictionary<string, IReadOnlyList<Partition>>?> ListPartitionsOfDatabasesAsync(IReadOnlyList<string> databases, bool includeTemporary,
            IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            if (databases.Count == 0)
            {
                return new Dictionary<string, IReadOnlyList<Partition>>(StringComparer.Ordinal);
            }

            IReadOnlyList<Partition>? found = await TryPartitionsMetaAsync(all => _client.Dialect.SelectPartitions(databases, all),
                $"reading each of the {databases.Count} database(s) alone", observer, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                return null;
            }

            var wanted = new HashSet<string>(databases, StringComparer.Ordinal);
            return found.Where(p => (includeTemporary || !p.IsTemp) && wanted.Contains(p.Database))
                .GroupBy(p => p.Database, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<Partition>)g.ToList(), StringComparer.Ordinal);
        }

        /// <summary>
        /// Runs the partitions_meta statement <paramref name="select"/> makes (the module's columns; every column when the
        /// server refuses one of them). Null when partitions_meta is missing or refused: the caller reads another way
        /// (<paramref name="otherwise"/>, said in -Debug); a missing table is remembered for the connection.
        /// </summary>
        private async Task<IReadOnlyList<Partition>?> TryPartitionsMetaAsync(Func<bool, string> select, string otherwise, IOperationObserver observer, CancellationToken cancellationToken)
        {
            if (_noPartitionsMeta)
            {
                observer.Debug($"information_schema.partitions_meta is missing (the server said so earlier in this connection); {otherwise}.");
                return null;
            }

            try
            {
                try
                {
                    return await _client.Session.QueryRowsAsync(select(false), ShowParsers.PartitionsMetaRow, observer, cancellationToken).ConfigureAwait(false);
                }
                catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ServerError && ex.ServerErrorCode.HasValue
                                                          && ex.Message.IndexOf("column", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    // A server whose partitions_meta lacks one of the named columns: every column, then read what is there.
                    observer.Debug($"information_schema.partitions_meta refused the module's columns ({ex.Message}); selecting every column.");
                    return await _client.Session.QueryRowsAsync(select(true), ShowParsers.PartitionsMetaRow, observer, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.TableNotFound || ex.Kind == ErrorKind.UnsupportedByServer
                                                      || (ex.Kind == ErrorKind.ServerError && ex.ServerErrorCode.HasValue))
            {
                NotePartitionsMetaRefused(ex);
                observer.Debug($"information_schema.partitions_meta is not usable ({ex.Message}); {otherwise}.");
                return null;
            }
        }

        /// <summary>DatabaseNotFound / TableNotFound when the database (or the table in it) does not exist.</summary>
        private async Task CheckExistsAsync(string database, string? table, IOperationObserver observer, CancellationToken cancellationToken)
        {
            // SHOW TABLES FROM a missing database fails with "Unknown database" (DatabaseNotFound).
            IReadOnlyList<Table> tables = await ListTablesAsync(database, observer, cancellationToken).ConfigureAwait(false);
            if (table != null && !tables.Any(x => string.Equals(x.Name, table, StringComparison.Ordinal)))
            {
                throw new StarRocksBackupException(ErrorKind.TableNotFound, $"Table '{table}' does not exist in database '{database}'.");
            }
        }

        /// <summary>SHOW BACKENDS.</summary>
        public async Task<IReadOnlyList<Backend>> ListBackendsAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            ResultTable t = await _client.Session.QueryAsync(_client.Dialect.ShowBackends(), observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            return ShowParsers.ParseBackends(t);
        }
    }
}
