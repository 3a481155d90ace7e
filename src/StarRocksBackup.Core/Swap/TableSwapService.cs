using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.Swap
{
    /// <summary>
    /// Replaces a live table with another one of the same schema using StarRocks' atomic <c>ALTER TABLE t SWAP WITH t2</c>,
    /// keeps the replaced data under a dated name (<c>t__replaced_yyyyMMddTHHmmssZ</c>) and drops it only when asked.
    /// </summary>
    public sealed class TableSwapService
    {
        private readonly StarRocksClient _client;

        internal TableSwapService(StarRocksClient client) => _client = client;

        /// <summary>The default name for the replaced data: <c>&lt;table&gt;__replaced_&lt;UTC yyyyMMddTHHmmssZ&gt;</c>.</summary>
        public static string DefaultReplacedName(string table, DateTimeOffset now) => $"{table}__replaced_{TableSwapPlan.Stamp(now)}";

        /// <summary>SHOW CREATE TABLE of one table, parsed.</summary>
        /// <exception cref="StarRocksBackupException">TableNotFound, DatabaseNotFound.</exception>
        public async Task<TableSchema> GetSchemaAsync(string database, string table, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            string sql = ShowCreateTable(database, table);
            ResultTable t = await _client.Session.QueryAsync(sql, observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            string? ddl = t.Rows.Count == 0 ? null : t.Rows[0].Get("Create Table");
            if (ddl == null)
            {
                throw new StarRocksBackupException(ErrorKind.ServerError, $"SHOW CREATE TABLE returned no definition for '{database}.{table}'.") { Statement = sql };
            }

            return TableSchema.Parse(ddl);
        }

        /// <summary>
        /// Checks both tables exist in the database, the name for the replaced data is free, and the schemas match;
        /// returns the statements to run. Sends only SHOW statements.
        /// </summary>
        /// <exception cref="StarRocksBackupException">
        /// DatabaseNotFound, TableNotFound, InvalidArgument (same table, name taken), SchemaMismatch (with every difference listed).
        /// </exception>
        public async Task<TableSwapPlan> PlanAsync(TableSwapRequest request, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            observer ??= NullObserver.Instance;
            NameRules.CheckDatabaseName(request.Database);
            NameRules.CheckTableName(request.Table);
            NameRules.CheckTableName(request.With);
            string replaced = request.ReplacedName ?? DefaultReplacedName(request.Table, request.Now ?? DateTimeOffset.UtcNow);
            NameRules.CheckTableName(replaced);
            if (string.Equals(request.Table, request.With, StringComparison.Ordinal))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"A table cannot be swapped with itself ('{request.Table}').");
            }

            if (string.Equals(replaced, request.Table, StringComparison.Ordinal) || string.Equals(replaced, request.With, StringComparison.Ordinal))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The name for the replaced data ('{replaced}') must differ from '{request.Table}' and '{request.With}'.");
            }

            IReadOnlyList<Table> tables = await _client.Catalog.ListTablesAsync(request.Database, observer, cancellationToken).ConfigureAwait(false);
            var names = new HashSet<string>(tables.Select(t => t.Name), StringComparer.Ordinal);
            foreach (string t in new[] { request.Table, request.With })
            {
                if (!names.Contains(t))
                {
                    throw new StarRocksBackupException(ErrorKind.TableNotFound, $"Table '{t}' does not exist in database '{request.Database}'.");
                }
            }

            if (request.ReplacedName == null)
            {
                // Two swaps of one table within a second: keep the dated name unique rather than refuse.
                string stem = replaced;
                for (int n = 2; names.Contains(replaced); n++)
                {
                    replaced = $"{stem}_{n}";
                }
            }

            if (names.Contains(replaced))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"Table '{request.Database}.{replaced}' already exists; choose another name for the replaced data.");
            }

            TableSchema live = await GetSchemaAsync(request.Database, request.Table, observer, cancellationToken).ConfigureAwait(false);
            TableSchema next = await GetSchemaAsync(request.Database, request.With, observer, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> diffs = live.Compare(next, request.Table, request.With);
            if (diffs.Count > 0)
            {
                throw new StarRocksBackupException(ErrorKind.SchemaMismatch,
                    $"'{request.Database}.{request.With}' cannot replace '{request.Database}.{request.Table}': their schemas differ: {string.Join("; ", diffs)}.")
                {
                    Differences = diffs,
                };
            }

            var warnings = new List<string>();
            if (live.Buckets != next.Buckets)
            {
                warnings.Add($"'{request.Table}' has {live.Buckets?.ToString() ?? "automatic"} buckets, '{request.With}' {next.Buckets?.ToString() ?? "automatic"}.");
            }

            var statements = new List<string>
            {
                $"ALTER TABLE {Qualified(request.Database, request.Table)} SWAP WITH {SqlQuote.Identifier(request.With)}",
                $"ALTER TABLE {Qualified(request.Database, request.With)} RENAME {SqlQuote.Identifier(replaced)}",
            };
            if (request.DropReplaced)
            {
                statements.Add($"DROP TABLE {Qualified(request.Database, replaced)}");
            }

            foreach (string w in warnings)
            {
                observer.Warning(w);
            }

            return new TableSwapPlan
            {
                Database = request.Database,
                Table = request.Table,
                With = request.With,
                ReplacedName = replaced,
                DropReplaced = request.DropReplaced,
                Warnings = warnings,
                Statements = statements,
            };
        }

        /// <summary>
        /// Runs the plan's statements in order. The SWAP is the atomic step; if a later statement fails, the exception says
        /// where the replaced data is (under the replacement's old name when the RENAME failed).
        /// </summary>
        /// <exception cref="StarRocksBackupException">ServerError and the like, from the statement that failed.</exception>
        public async Task<TableSwapResult> ExecuteAsync(TableSwapPlan plan, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (plan == null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            observer ??= NullObserver.Instance;
            observer.Verbose("Swapping: " + plan.Statements[0]);
            await _client.Session.ExecuteAsync(plan.Statements[0], StatementSafety.NonIdempotent, observer, cancellationToken).ConfigureAwait(false);
            DateTimeOffset swappedAt = DateTimeOffset.UtcNow;
            try
            {
                observer.Verbose("Keeping the replaced data: " + plan.Statements[1]);
                await _client.Session.ExecuteAsync(plan.Statements[1], StatementSafety.NonIdempotent, observer, CancellationToken.None).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex)
            {
                throw new StarRocksBackupException(ex.Kind,
                    $"'{plan.Database}.{plan.Table}' was swapped (it now holds the data of '{plan.With}'), but renaming the replaced data to '{plan.ReplacedName}' failed: {ex.Message} " +
                    $"The replaced data is still in '{plan.Database}.{plan.With}'.", ex) { Statement = plan.Statements[1] };
            }

            bool dropped = false;
            if (plan.DropReplaced)
            {
                observer.Verbose("Dropping the replaced data: " + plan.Statements[2]);
                try
                {
                    await _client.Session.ExecuteAsync(plan.Statements[2], StatementSafety.NonIdempotent, observer, CancellationToken.None).ConfigureAwait(false);
                    dropped = true;
                }
                catch (StarRocksBackupException ex)
                {
                    throw new StarRocksBackupException(ex.Kind,
                        $"'{plan.Database}.{plan.Table}' was swapped and the replaced data kept as '{plan.ReplacedName}', but dropping it failed: {ex.Message}", ex)
                    { Statement = plan.Statements[2] };
                }
            }

            return new TableSwapResult(plan, swappedAt, dropped);
        }

        private static string ShowCreateTable(string database, string table) => "SHOW CREATE TABLE " + Qualified(database, table);

        private static string Qualified(string database, string table) => SqlQuote.Identifier(database) + "." + SqlQuote.Identifier(table);
    }
}
