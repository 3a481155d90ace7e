using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Sql
{
    /// <summary>A view, MV or function named inside <c>ON ( … )</c> (3.4+), optionally renamed on restore.</summary>
    public sealed class SqlObjectRef
    {
        /// <summary>Creates a reference.</summary>
        public SqlObjectRef(DatabaseObjectKind kind, string name, string? alias = null)
        {
            if (kind == DatabaseObjectKind.Table)
            {
                throw new ArgumentException("Tables are SqlTableRef.", nameof(kind));
            }

            Kind = kind;
            Name = name;
            Alias = alias;
        }

        /// <summary>View, MaterializedView or Function.</summary>
        public DatabaseObjectKind Kind { get; }

        /// <summary>The name (a function: its name; every overload is taken).</summary>
        public string Name { get; }

        /// <summary>Restore-only: <c>AS alias</c>.</summary>
        public string? Alias { get; }

        /// <summary>The descriptor keyword: VIEW, MATERIALIZED VIEW, FUNCTION.</summary>
        public string Keyword => Kind switch
        {
            DatabaseObjectKind.View => "VIEW",
            DatabaseObjectKind.MaterializedView => "MATERIALIZED VIEW",
            _ => "FUNCTION",
        };
    }

    /// <summary>An external catalog in <c>RESTORE … EXTERNAL CATALOG (c [AS n])</c>.</summary>
    public sealed class SqlCatalogRef
    {
        /// <summary>Creates a reference.</summary>
        public SqlCatalogRef(string name, string? alias = null)
        {
            Name = name;
            Alias = alias;
        }

        /// <summary>The catalog in the snapshot.</summary>
        public string Name { get; }

        /// <summary>The name to restore it as (null = same).</summary>
        public string? Alias { get; }
    }

    /// <summary>The statements for views, MVs, functions and external catalogs (3.4+ forms; refused before).</summary>
    public sealed partial class SqlDialect
    {
        /// <summary><c>SHOW MATERIALIZED VIEWS FROM `db`</c>.</summary>
        public string ShowMaterializedViews(string database) => "SHOW MATERIALIZED VIEWS FROM " + Db(database);

        /// <summary><c>SHOW FULL FUNCTIONS FROM `db`</c>.</summary>
        public string ShowFunctions(string database) => "SHOW FULL FUNCTIONS FROM " + Db(database);

        /// <summary><c>SHOW CATALOGS</c>.</summary>
        public string ShowCatalogs() => "SHOW CATALOGS";

        /// <summary><c>SHOW FRONTENDS</c>.</summary>
        public string ShowFrontends() => "SHOW FRONTENDS";

        /// <summary>Refuses objects other than tables before 3.4 with the reason and what to do instead.</summary>
        public void CheckObjectsSupported(IReadOnlyCollection<SqlObjectRef>? objects, string what)
        {
            if (objects == null || objects.Count == 0 || Server.SupportsObjectBackup)
            {
                return;
            }

            string kinds = string.Join(", ", objects.Select(o => o.Keyword.ToLowerInvariant() + " " + o.Name));
            throw new StarRocksBackupException(ErrorKind.UnsupportedByServer,
                $"{what} of views, materialized views and functions needs StarRocks 3.4 or later; this server is {Server.Version} ({kinds}). " +
                "Back up their base tables and keep the objects' definitions (SHOW CREATE VIEW, SHOW CREATE MATERIALIZED VIEW, SHOW FULL FUNCTIONS) to recreate them.");
        }

        /// <summary>
        /// <c>BACKUP EXTERNAL CATALOGS (`a`, `b`) SNAPSHOT `label` TO `repo`</c>, or with <paramref name="catalogs"/> null
        /// <c>BACKUP ALL EXTERNAL CATALOGS …</c> (3.4+).
        /// </summary>
        public string BackupExternalCatalogs(IReadOnlyList<string>? catalogs, string label, string repository, TimeSpan? timeout)
        {
            CheckCatalogsSupported();
            NameRules.CheckLabel(label);
            Repo(repository);
            var sb = new StringBuilder("BACKUP ");
            if (catalogs == null)
            {
                sb.Append("ALL EXTERNAL CATALOGS");
            }
            else
            {
                if (catalogs.Count == 0)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, "No external catalog was named.");
                }

                sb.Append(catalogs.Count == 1 ? "EXTERNAL CATALOG (" : "EXTERNAL CATALOGS (")
                  .Append(string.Join(", ", catalogs.Distinct(StringComparer.Ordinal).Select(Catalog))).Append(')');
            }

            sb.Append(" SNAPSHOT ").Append(SqlQuote.Identifier(label)).Append(" TO ").Append(SqlQuote.Identifier(repository));
            if (timeout.HasValue)
            {
                sb.Append(' ').Append(SqlQuote.Properties(new[] { Pair("timeout", TimeoutSeconds(timeout.Value)) }));
            }

            return sb.ToString();
        }

        /// <summary>
        /// <c>RESTORE SNAPSHOT `label` FROM `repo` EXTERNAL CATALOG(S) (`c` [AS `n`], …) PROPERTIES (…)</c>, or with
        /// <paramref name="catalogs"/> null <c>… ALL EXTERNAL CATALOGS …</c> (3.4+).
        /// </summary>
        public string RestoreExternalCatalogs(string label, string repository, IReadOnlyList<SqlCatalogRef>? catalogs, string backupTimestamp, TimeSpan? timeout)
        {
            CheckCatalogsSupported();
            NameRules.CheckLabel(label);
            Repo(repository);
            CheckTimestamp(backupTimestamp);
            var sb = new StringBuilder("RESTORE SNAPSHOT ").Append(SqlQuote.Identifier(label)).Append(" FROM ").Append(SqlQuote.Identifier(repository)).Append(' ');
            if (catalogs == null)
            {
                sb.Append("ALL EXTERNAL CATALOGS");
            }
            else
            {
                sb.Append(catalogs.Count == 1 ? "EXTERNAL CATALOG (" : "EXTERNAL CATALOGS (").Append(string.Join(", ", catalogs.Select(c =>
                    Catalog(c.Name) + (c.Alias != null && c.Alias != c.Name ? " AS " + Catalog(c.Alias) : string.Empty)))).Append(')');
            }

            var props = new List<KeyValuePair<string, string>> { Pair("backup_timestamp", backupTimestamp.Trim()) };
            if (timeout.HasValue)
            {
                props.Add(Pair("timeout", TimeoutSeconds(timeout.Value)));
            }

            sb.Append(' ').Append(SqlQuote.Properties(props));
            return sb.ToString();
        }

        private void CheckCatalogsSupported()
        {
            if (!Server.SupportsObjectBackup)
            {
                throw new StarRocksBackupException(ErrorKind.UnsupportedByServer,
                    $"Backing up external catalogs needs StarRocks 3.4 or later; this server is {Server.Version}. " +
                    "Keep the catalogs' CREATE EXTERNAL CATALOG statements (SHOW CREATE CATALOG) to recreate them.");
            }
        }

        private static void CheckTimestamp(string backupTimestamp)
        {
            if (string.IsNullOrWhiteSpace(backupTimestamp) || SnapshotTimestamp.TryParse(backupTimestamp) == null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"backup_timestamp {NameRules.Show(backupTimestamp)} is not a snapshot timestamp (yyyy-MM-dd-HH-mm-ss-SSS).");
            }
        }

        private static string Catalog(string name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.IndexOf('\0') >= 0 || name.Length > 256 || ExternalCatalog.IsDefaultName(name))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"{NameRules.Show(name)} is not an external catalog name (default_catalog holds the databases and is backed up with them).");
            }

            return SqlQuote.Identifier(name);
        }

        private static void AppendObjects(StringBuilder on, IReadOnlyList<SqlObjectRef> objects, bool allowAlias)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (SqlObjectRef o in objects)
            {
                NameRules.CheckTableName(o.Name);
                if (!seen.Add(o.Keyword + "\0" + o.Name))
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"{o.Keyword.ToLowerInvariant()} {NameRules.Show(o.Name)} is listed twice.");
                }

                if (on.Length > 0)
                {
                    on.Append(", ");
                }

                on.Append(o.Keyword).Append(' ').Append(SqlQuote.Identifier(o.Name));
                if (o.Alias != null && o.Alias != o.Name)
                {
                    if (!allowAlias)
                    {
                        throw new StarRocksBackupException(ErrorKind.InvalidArgument, "BACKUP cannot rename objects (AS is only for RESTORE).");
                    }

                    on.Append(" AS ").Append(SqlQuote.Identifier(NameRules.CheckTableName(o.Alias)));
                }
            }
        }
    }
}
