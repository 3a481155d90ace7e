using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.Backup
{
    /// <summary>
    /// Groups backup targets into one BACKUP per database (StarRocks runs one job per database): a whole-database
    /// target wins over table targets, a whole-table target wins over partition targets, partitions are unioned.
    /// Every name is validated before any SQL is built.
    /// </summary>
    public static class BackupPlanner
    {
        private static readonly Regex s_token = new Regex(@"\{([^{}]+)\}", RegexOptions.CultureInvariant);

        /// <summary>Builds the plan for <paramref name="request"/> in <paramref name="dialect"/>.</summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument (bad names, a system database, label clashes), UnsupportedByServer (ttl before 4.2).</exception>
        public static BackupPlan Plan(BackupRequest request, SqlDialect dialect)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            NameRules.CheckRepositoryName(request.Repository);
            if (request.Targets.Count == 0 && request.ExternalCatalogs.Count == 0 && !request.AllExternalCatalogs)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "Nothing to back up: no database, table or partition was given.");
            }

            var order = new List<string>();
            var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
            foreach (BackupTarget t in request.Targets)
            {
                NameRules.CheckDatabaseName(t.Database);
                if (Model.Database.IsSystemName(t.Database))
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"'{t.Database}' is a StarRocks system database and cannot be backed up (system databases: {string.Join(", ", Model.Database.SystemNames)}).");
                }

                if (t.Table != null)
                {
                    NameRules.CheckTableName(t.Table);
                }

                foreach (string p in t.Partitions)
                {
                    NameRules.CheckPartitionName(p);
                }

                if (!groups.TryGetValue(t.Database, out Group? g))
                {
                    g = new Group();
                    groups[t.Database] = g;
                    order.Add(t.Database);
                }

                g.Add(t);
            }

            CatalogBackup? catalogs = null;
            DateTime catalogTime = request.LabelTimeUtc ?? DateTime.UtcNow;
            if (request.ExternalCatalogs.Count > 0 || request.AllExternalCatalogs)
            {
                IReadOnlyList<string>? names = request.AllExternalCatalogs ? null : request.ExternalCatalogs.Distinct(StringComparer.Ordinal).ToList();
                string label = request.CatalogLabel != null ? NameRules.CheckLabel(request.CatalogLabel)
                    : request.Label != null && order.Count == 0 ? NameRules.CheckLabel(request.Label)
                    : ExpandLabel(request.LabelTemplate, "external_catalogs", catalogTime);
                catalogs = new CatalogBackup(label, request.Repository, names, dialect.BackupExternalCatalogs(names, label, request.Repository, request.Timeout));
            }

            if (request.Label != null && order.Count > 1)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"One label cannot be used for {order.Count} databases (labels are unique within a repository); use a label template with {{database}}.");
            }

            if (request.Label == null && order.Count > 1 && request.LabelTemplate.IndexOf("{database}", StringComparison.Ordinal) < 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    "The label template must contain {database} when several databases are backed up (labels are unique within a repository).");
            }

            DateTime when = request.LabelTimeUtc ?? DateTime.UtcNow;
            var plans = new List<DatabaseBackup>();
            var labels = new HashSet<string>(StringComparer.Ordinal);
            foreach (string db in order)
            {
                string label = request.Label != null ? NameRules.CheckLabel(request.Label) : ExpandLabel(request.LabelTemplate, db, when);
                if (!labels.Add(label))
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"Two databases would get the same label '{label}' (their names differ only in characters a label cannot hold); give labels explicitly.");
                }

                if (catalogs != null && catalogs.Label == label)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"The external-catalog snapshot and database '{db}' would both be labelled '{label}'; give the catalog snapshot its own label.");
                }

                IReadOnlyList<BackupTableSelection> tables = groups[db].ToSelections();
                IReadOnlyList<BackupObjectSelection> objects = groups[db].ObjectSelections();
                string sql = dialect.Backup(db, label, request.Repository,
                    tables.Select(t => new SqlTableRef(t.Table, t.Partitions)).ToList(),
                    objects.Select(o => new SqlObjectRef(o.Kind, o.Name)).ToList(), request.Timeout, request.Ttl);
                plans.Add(new DatabaseBackup(db, label, request.Repository, tables, objects, sql));
            }

            return new BackupPlan(request.Repository, plans, catalogs);
        }

        /// <summary>Expands a label template (see <see cref="BackupRequest.DefaultLabelTemplate"/>) and checks the result.</summary>
        public static string ExpandLabel(string template, string database, DateTime utc)
        {
            if (string.IsNullOrEmpty(template))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "The label template must not be empty.");
            }

            string dbPart = SanitizeForLabel(database);
            string label;
            try
            {
                label = s_token.Replace(template, m => m.Groups[1].Value == "database"
                    ? dbPart
                    : utc.ToString(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
            catch (FormatException ex)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The label template '{template}' has an invalid date format: {ex.Message}");
            }

            if (label.Length > 128 && template.Contains("{database}"))
            {
                // Shorten the database part so the time part (what makes the label unique) survives.
                int excess = label.Length - 128;
                label = s_token.Replace(template, m => m.Groups[1].Value == "database"
                    ? dbPart.Substring(0, Math.Max(1, dbPart.Length - excess))
                    : utc.ToString(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }

            if (!NameRules.IsValidLabel(label))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"The label template '{template}' gives '{label}', which is not a valid label (1-128 characters of ASCII letters, digits, '_' and '-').");
            }

            return label;
        }

        private static string SanitizeForLabel(string s)
        {
            var sb = new StringBuilder(s.Length);
            foreach (char c in s)
            {
                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ? c : '_');
            }

            return sb.ToString();
        }

        private sealed class Group
        {
            private readonly List<string> _tableOrder = new List<string>();
            private readonly List<BackupObjectSelection> _objects = new List<BackupObjectSelection>();
            private readonly Dictionary<string, List<string>?> _tables = new Dictionary<string, List<string>?>(StringComparer.Ordinal);
            private bool _wholeDatabase;

            public void Add(BackupTarget t)
            {
                if (t.Table == null)
                {
                    _wholeDatabase = true;
                    return;
                }

                if (t.Kind != Model.DatabaseObjectKind.Table)
                {
                    if (!_objects.Any(o => o.Kind == t.Kind && o.Name == t.Table))
                    {
                        _objects.Add(new BackupObjectSelection(t.Kind, t.Table));
                    }

                    return;
                }

                if (!_tables.TryGetValue(t.Table, out List<string>? parts))
                {
                    _tableOrder.Add(t.Table);
                    _tables[t.Table] = t.Partitions.Count == 0 ? null : t.Partitions.Distinct(StringComparer.Ordinal).ToList();
                    return;
                }

                if (parts == null)
                {
                    return; // whole table already
                }

                if (t.Partitions.Count == 0)
                {
                    _tables[t.Table] = null;
                    return;
                }

                foreach (string p in t.Partitions)
                {
                    if (!parts.Contains(p, StringComparer.Ordinal))
                    {
                        parts.Add(p);
                    }
                }
            }

            public IReadOnlyList<BackupObjectSelection> ObjectSelections() =>
                _wholeDatabase ? Array.Empty<BackupObjectSelection>() : _objects;

            public IReadOnlyList<BackupTableSelection> ToSelections() =>
                _wholeDatabase
                    ? Array.Empty<BackupTableSelection>()
                    : _tableOrder.Select(t => new BackupTableSelection(t, (IReadOnlyList<string>?)_tables[t] ?? Array.Empty<string>())).ToList();
        }
    }
}
