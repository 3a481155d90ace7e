using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Core.Sql
{
    /// <summary>A table (optionally some partitions, optionally renamed) inside <c>ON ( … )</c>.</summary>
    public sealed class SqlTableRef
    {
        /// <summary>Creates a reference.</summary>
        public SqlTableRef(string table, IReadOnlyList<string>? partitions = null, string? alias = null)
        {
            Table = table;
            Partitions = partitions ?? Array.Empty<string>();
            Alias = alias;
        }

        /// <summary>The table.</summary>
        public string Table { get; }

        /// <summary>Partitions; empty = whole table.</summary>
        public IReadOnlyList<string> Partitions { get; }

        /// <summary>Restore-only: <c>AS alias</c>.</summary>
        public string? Alias { get; }
    }

    /// <summary>
    /// Builds the StarRocks statements Core sends, in the form the connected version accepts (starrocks-facts.md
    /// §1): 3.4+ <c>BACKUP DATABASE</c> / <c>RESTORE … DATABASE x AS y</c> versus the legacy <c>db.label</c> forms,
    /// <c>ttl</c> and <c>DROP SNAPSHOT</c> only on 4.2, <c>SHOW BACKUP</c> without FROM only on 3.0+.
    /// Every name is checked by <see cref="NameRules"/> and quoted by <see cref="SqlQuote"/>.
    /// </summary>
    public sealed partial class SqlDialect
    {
        private static readonly Regex s_ttl = new Regex(
            @"^\s*[1-9][0-9]{0,8}\s+(SECOND|MINUTE|HOUR|DAY|WEEK|MONTH|YEAR)S?\s*$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>Creates the dialect of a server.</summary>
        public SqlDialect(ServerInfo server) => Server = server ?? throw new ArgumentNullException(nameof(server));

        /// <summary>The server the statements are for.</summary>
        public ServerInfo Server { get; }

        /// <summary>Smallest BACKUP/RESTORE timeout StarRocks accepts (10 minutes).</summary>
        public static readonly TimeSpan MinimumJobTimeout = TimeSpan.FromMinutes(10);

        /// <summary><c>SHOW BACKUP</c> (all databases; 3.0+) or <c>SHOW BACKUP FROM `db`</c>.</summary>
        public string ShowBackup(string? database) => ShowJobs("BACKUP", database);

        /// <summary><c>SHOW RESTORE</c> (all databases; 3.0+) or <c>SHOW RESTORE FROM `db`</c>.</summary>
        public string ShowRestore(string? database) => ShowJobs("RESTORE", database);

        /// <summary><c>CANCEL BACKUP FROM `db`</c>.</summary>
        public string CancelBackup(string database) => "CANCEL BACKUP FROM " + Db(database);

        /// <summary><c>CANCEL RESTORE FROM `db`</c>.</summary>
        public string CancelRestore(string database) => "CANCEL RESTORE FROM " + Db(database);

        /// <summary><c>SHOW REPOSITORIES</c>.</summary>
        public string ShowRepositories() => "SHOW REPOSITORIES";

        /// <summary><c>DROP REPOSITORY `name`</c>.</summary>
        public string DropRepository(string name) => "DROP REPOSITORY " + Repo(name);

        /// <summary>
        /// <c>CREATE [READ ONLY] REPOSITORY `name` WITH BROKER [`broker`] ON LOCATION '…' PROPERTIES (…)</c>.
        /// The words WITH BROKER are always required by the grammar; no broker name = brokerless.
        /// </summary>
        public string CreateRepository(string name, string location, IEnumerable<KeyValuePair<string, string>> properties, bool readOnly, string? broker)
        {
            Repo(name);
            if (string.IsNullOrWhiteSpace(location))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "You must specify a location for the repository.");
            }

            if (location.IndexOf('\0') >= 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "The repository location contains a NUL character.");
            }

            var sb = new StringBuilder("CREATE ");
            if (readOnly)
            {
                sb.Append("READ ONLY ");
            }

            sb.Append("REPOSITORY ").Append(SqlQuote.Identifier(name)).Append(" WITH BROKER");
            if (!string.IsNullOrEmpty(broker))
            {
                sb.Append(' ').Append(SqlQuote.Identifier(broker!));
            }

            sb.Append(" ON LOCATION ").Append(SqlQuote.Literal(location));
            var props = properties.ToList();
            foreach (var p in props)
            {
                if (string.IsNullOrEmpty(p.Key) || p.Key.IndexOf('\0') >= 0 || (p.Value ?? string.Empty).IndexOf('\0') >= 0)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"Repository property {NameRules.Show(p.Key)} is empty or contains a NUL character.");
                }
            }

            // PROPERTIES is mandatory in the 3.x grammar, optional in 4.x.
            sb.Append(' ').Append(props.Count == 0 ? "PROPERTIES ()" : SqlQuote.Properties(props));
            return sb.ToString();
        }

        /// <summary>
        /// One BACKUP for one database: <c>BACKUP DATABASE `db` SNAPSHOT `label` TO `repo` …</c> on 3.4+, otherwise
        /// <c>BACKUP SNAPSHOT `db`.`label` TO `repo` …</c>. <paramref name="tables"/> null or empty = whole database.
        /// </summary>
        public string Backup(string database, string label, string repository, IReadOnlyList<SqlTableRef>? tables, TimeSpan? timeout, string? ttl) =>
            Backup(database, label, repository, tables, null, timeout, ttl);

        /// <summary>
        /// One BACKUP with views / MVs / functions too (<c>ON (VIEW `v`, MATERIALIZED VIEW `mv`, FUNCTION `f`, `t`)</c>, 3.4+;
        /// UnsupportedByServer before). Tables and objects both empty = the whole database.
        /// </summary>
        public string Backup(string database, string label, string repository, IReadOnlyList<SqlTableRef>? tables, IReadOnlyList<SqlObjectRef>? objects,
            TimeSpan? timeout, string? ttl)
        {
            CheckObjectsSupported(objects, "BACKUP");
            Db(database);
            NameRules.CheckLabel(label);
            Repo(repository);
            var sb = new StringBuilder("BACKUP ");
            if (Server.SupportsBackupDatabaseSyntax)
            {
                sb.Append("DATABASE ").Append(SqlQuote.Identifier(database)).Append(" SNAPSHOT ").Append(SqlQuote.Identifier(label));
            }
            else
            {
                sb.Append("SNAPSHOT ").Append(SqlQuote.Identifier(database)).Append('.').Append(SqlQuote.Identifier(label));
            }

            sb.Append(" TO ").Append(SqlQuote.Identifier(repository));
            AppendOn(sb, tables, objects, allowAlias: false);
            var props = new List<KeyValuePair<string, string>>();
            if (timeout.HasValue)
            {
                props.Add(Pair("timeout", TimeoutSeconds(timeout.Value)));
            }

            if (ttl != null)
            {
                props.Add(Pair("ttl", CheckTtl(ttl)));
            }

            if (props.Count > 0)
            {
                sb.Append(' ').Append(SqlQuote.Properties(props));
            }

            return sb.ToString();
        }

        /// <summary>
        /// One RESTORE. On 3.4+: <c>RESTORE SNAPSHOT `label` FROM `repo` DATABASE `src` [AS `target`] [ON (…)] PROPERTIES (…)</c>;
        /// before: <c>RESTORE SNAPSHOT `target`.`label` FROM `repo` [ON (…)] PROPERTIES (…)</c>.
        /// </summary>
        public string Restore(string label, string repository, string sourceDatabase, string targetDatabase, IReadOnlyList<SqlTableRef>? tables,
            string backupTimestamp, int? replicationNum, TimeSpan? timeout, bool allowLoad) =>
            Restore(label, repository, sourceDatabase, targetDatabase, tables, null, backupTimestamp, replicationNum, timeout, allowLoad);

        /// <summary>One RESTORE that also names views / MVs / functions (3.4+; UnsupportedByServer before).</summary>
        public string Restore(string label, string repository, string sourceDatabase, string targetDatabase, IReadOnlyList<SqlTableRef>? tables,
            IReadOnlyList<SqlObjectRef>? objects, string backupTimestamp, int? replicationNum, TimeSpan? timeout, bool allowLoad)
        {
            CheckObjectsSupported(objects, "RESTORE");
            NameRules.CheckLabel(label);
            Repo(repository);
            Db(sourceDatabase);
            Db(targetDatabase);
            if (string.IsNullOrWhiteSpace(backupTimestamp) || Model.SnapshotTimestamp.TryParse(backupTimestamp) == null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"backup_timestamp {NameRules.Show(backupTimestamp)} is not a snapshot timestamp (yyyy-MM-dd-HH-mm-ss-SSS).");
            }

            var sb = new StringBuilder("RESTORE SNAPSHOT ");
            if (Server.SupportsBackupDatabaseSyntax)
            {
                sb.Append(SqlQuote.Identifier(label)).Append(" FROM ").Append(SqlQuote.Identifier(repository))
                  .Append(" DATABASE ").Append(SqlQuote.Identifier(sourceDatabase));
                if (!string.Equals(sourceDatabase, targetDatabase, StringComparison.Ordinal))
                {
                    sb.Append(" AS ").Append(SqlQuote.Identifier(targetDatabase));
                }
            }
            else
            {
                sb.Append(SqlQuote.Identifier(targetDatabase)).Append('.').Append(SqlQuote.Identifier(label))
                  .Append(" FROM ").Append(SqlQuote.Identifier(repository));
            }

            AppendOn(sb, tables, objects, allowAlias: true);
            var props = new List<KeyValuePair<string, string>> { Pair("backup_timestamp", backupTimestamp.Trim()) };
            if (replicationNum.HasValue)
            {
                if (replicationNum.Value < 1)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, "replication_num must be at least 1.");
                }

                props.Add(Pair("replication_num", replicationNum.Value.ToString(CultureInfo.InvariantCulture)));
            }

            if (timeout.HasValue)
            {
                props.Add(Pair("timeout", TimeoutSeconds(timeout.Value)));
            }

            if (allowLoad)
            {
                props.Add(Pair("allow_load", "true"));
            }

            sb.Append(' ').Append(SqlQuote.Properties(props));
            return sb.ToString();
        }

        /// <summary><c>SHOW SNAPSHOT ON `repo` [WHERE SNAPSHOT = '…' [AND TIMESTAMP = '…']]</c>.</summary>
        public string ShowSnapshot(string repository, string? label = null, string? timestamp = null)
        {
            Repo(repository);
            string sql = "SHOW SNAPSHOT ON " + SqlQuote.Identifier(repository);
            if (label != null)
            {
                sql += " WHERE SNAPSHOT = " + SqlQuote.Literal(NameRules.CheckLabel(label));
                if (timestamp != null)
                {
                    sql += " AND TIMESTAMP = " + SqlQuote.Literal(timestamp);
                }
            }
            else if (timestamp != null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "A snapshot timestamp can only be given together with the snapshot name.");
            }

            return sql;
        }

        /// <summary><c>DROP SNAPSHOT `label` ON `repo` [FORCE]</c> (4.2+; UnsupportedByServer otherwise).</summary>
        public string DropSnapshot(string label, string repository, bool force)
        {
            if (!Server.SupportsDropSnapshot)
            {
                throw new StarRocksBackupException(ErrorKind.UnsupportedByServer,
                    $"DROP SNAPSHOT needs StarRocks 4.2 or later; this server is {Server.Version}. Before 4.2 snapshot data can only be removed from object storage directly.");
            }

            NameRules.CheckLabel(label);
            Repo(repository);
            return "DROP SNAPSHOT " + SqlQuote.Identifier(label) + " ON " + SqlQuote.Identifier(repository) + (force ? " FORCE" : string.Empty);
        }

        /// <summary><c>CREATE DATABASE IF NOT EXISTS `db`</c> (before a legacy-form restore into a new database).</summary>
        public string CreateDatabaseIfNotExists(string database) => "CREATE DATABASE IF NOT EXISTS " + Db(database);

        /// <summary>Checks a ttl (<c>7 DAY</c>, <c>12 HOUR</c>) and that the server supports it; returns it trimmed.</summary>
        public string CheckTtl(string ttl)
        {
            if (!Server.SupportsSnapshotTtl)
            {
                throw new StarRocksBackupException(ErrorKind.UnsupportedByServer,
                    $"A snapshot ttl needs StarRocks 4.2 or later; this server is {Server.Version}.");
            }

            if (!s_ttl.IsMatch(ttl ?? string.Empty))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"Invalid ttl {NameRules.Show(ttl)}: expected a positive duration such as '7 DAY' or '12 HOUR'.");
            }

            return Regex.Replace(ttl!.Trim(), @"\s+", " ");
        }

        private string ShowJobs(string kind, string? database)
        {
            if (database == null)
            {
                if (!Server.ListsAllDatabasesInShowBackup)
                {
                    throw new StarRocksBackupException(ErrorKind.UnsupportedByServer,
                        $"SHOW {kind} without FROM needs StarRocks 3.0 or later; this server is {Server.Version}.");
                }

                return "SHOW " + kind;
            }

            return "SHOW " + kind + " FROM " + Db(database);
        }

        private static void AppendOn(StringBuilder sb, IReadOnlyList<SqlTableRef>? tables, IReadOnlyList<SqlObjectRef>? objects, bool allowAlias)
        {
            tables ??= Array.Empty<SqlTableRef>();
            if (tables.Count == 0 && (objects == null || objects.Count == 0))
            {
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var parts = new List<string>();
            foreach (SqlTableRef t in tables)
            {
                NameRules.CheckTableName(t.Table);
                if (!seen.Add(t.Table))
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"Table {NameRules.Show(t.Table)} is listed twice.");
                }

                var p = new StringBuilder(SqlQuote.Identifier(t.Table));
                if (t.Partitions.Count > 0)
                {
                    foreach (string part in t.Partitions)
                    {
                        NameRules.CheckPartitionName(part);
                    }

                    p.Append(" PARTITION (").Append(SqlQuote.IdentifierList(t.Partitions.Distinct(StringComparer.Ordinal))).Append(')');
                }

                if (t.Alias != null)
                {
                    if (!allowAlias)
                    {
                        throw new StarRocksBackupException(ErrorKind.InvalidArgument, "BACKUP cannot rename tables (AS is only for RESTORE).");
                    }

                    if (!string.Equals(t.Alias, t.Table, StringComparison.Ordinal))
                    {
                        p.Append(" AS ").Append(SqlQuote.Identifier(NameRules.CheckTableName(t.Alias)));
                    }
                }

                parts.Add(p.ToString());
            }

            var on = new StringBuilder(string.Join(", ", parts));
            if (objects != null)
            {
                AppendObjects(on, objects, allowAlias);
            }

            sb.Append(" ON (").Append(on).Append(')');
        }

        private static string TimeoutSeconds(TimeSpan timeout)
        {
            if (timeout < MinimumJobTimeout)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"A job timeout of {timeout} is below StarRocks' minimum of 10 minutes.");
            }

            return ((long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        private static KeyValuePair<string, string> Pair(string k, string v) => new KeyValuePair<string, string>(k, v);

        private static string Db(string database) => SqlQuote.Identifier(NameRules.CheckDatabaseName(database));

        private static string Repo(string repository) => SqlQuote.Identifier(NameRules.CheckRepositoryName(repository));
    }
}
