using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.Backup
{
    /// <summary>One thing to back up: a whole database, a whole table, some partitions of a table, or (3.4+) a view, MV or function.</summary>
    public sealed class BackupTarget
    {
        /// <summary>A view, materialized view or function of <paramref name="database"/> (3.4+).</summary>
        public BackupTarget(string database, Model.DatabaseObjectKind kind, string name)
            : this(database, name)
        {
            Kind = kind;
        }

        /// <summary>What <see cref="Table"/> names: a table (default), a view, an MV or a function.</summary>
        public Model.DatabaseObjectKind Kind { get; } = Model.DatabaseObjectKind.Table;

        /// <summary>Creates a target. <paramref name="table"/> null = whole database; <paramref name="partitions"/> empty = whole table.</summary>
        public BackupTarget(string database, string? table = null, IEnumerable<string>? partitions = null)
        {
            Database = database;
            Table = table;
            Partitions = partitions?.ToList() ?? new List<string>();
            if (table == null && Partitions.Count > 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "Partitions can only be given together with a table.");
            }
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The table, or null for the whole database.</summary>
        public string? Table { get; }

        /// <summary>Partitions; empty = the whole table.</summary>
        public IReadOnlyList<string> Partitions { get; }

        /// <summary>
        /// The targets of one pipeline input (Start-SrBackup -Database/-Table/-Partition): the whole database without
        /// tables, else one target per table. Empty names are ignored.
        /// </summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument: a system database, or partitions without exactly one table.</exception>
        public static IReadOnlyList<BackupTarget> FromInput(string database, IEnumerable<string?>? tables, IEnumerable<string?>? partitions)
        {
            string[] t = (tables ?? Array.Empty<string?>()).Where(x => !string.IsNullOrEmpty(x)).Select(x => x!).ToArray();
            string[] p = (partitions ?? Array.Empty<string?>()).Where(x => !string.IsNullOrEmpty(x)).Select(x => x!).ToArray();
            if (Model.Database.IsSystemName(database))
            {
                // Per input, so `Get-SrDatabase -IncludeSystem | Start-SrBackup` still backs up the user databases.
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"'{database}' is a StarRocks system database and cannot be backed up; it was skipped.");
            }

            if (p.Length > 0 && t.Length != 1)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"-Partition needs exactly one -Table (got {t.Length}) for database '{database}'.");
            }

            return t.Length == 0
                ? new[] { new BackupTarget(database) }
                : t.Select(table => new BackupTarget(database, table, p)).ToArray();
        }

        /// <inheritdoc />
        public override string ToString() =>
            Table == null ? Database
            : Kind != Model.DatabaseObjectKind.Table ? $"{Database}.{Table} ({Kind})"
            : Partitions.Count == 0 ? $"{Database}.{Table}" : $"{Database}.{Table} ({string.Join(", ", Partitions)})";
    }

    /// <summary>A backup request: any number of targets, grouped by <see cref="BackupPlanner"/> into one BACKUP per database.</summary>
    public sealed class BackupRequest
    {
        /// <summary>
        /// The default label template: <c>{database}_{yyyyMMdd_HHmmss}</c>, evaluated in UTC. <c>{database}</c> is the
        /// database name with every character outside <c>[A-Za-z0-9_-]</c> replaced by <c>_</c>; any other <c>{…}</c> is a
        /// .NET date format applied to the UTC start time. The result must satisfy StarRocks' label rule
        /// <c>^[-\w]{1,128}$</c> (it is truncated to 128 characters from the left of the database part if needed).
        /// </summary>
        public const string DefaultLabelTemplate = "{database}_{yyyyMMdd_HHmmss}";

        /// <summary>The repository to write to.</summary>
        public string Repository { get; set; } = string.Empty;

        /// <summary>What to back up.</summary>
        public IList<BackupTarget> Targets { get; } = new List<BackupTarget>();

        /// <summary>An explicit label (only with a single database: labels are unique per repository). Overrides the template.</summary>
        public string? Label { get; set; }

        /// <summary>The label template (see <see cref="DefaultLabelTemplate"/>).</summary>
        public string LabelTemplate { get; set; } = DefaultLabelTemplate;

        /// <summary>Job timeout (at least 10 minutes); null = server default (1 day).</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>Snapshot time to live on 4.2+ (<c>7 DAY</c>, <c>12 HOUR</c>); null = keep forever.</summary>
        public string? Ttl { get; set; }

        /// <summary>The time labels are made from (UTC); null = now.</summary>
        public DateTime? LabelTimeUtc { get; set; }

        /// <summary>
        /// External catalogs to back up in their own snapshot (3.4+, <c>BACKUP EXTERNAL CATALOG(S)</c>); see
        /// <see cref="AllExternalCatalogs"/>. A catalog snapshot is separate from database snapshots.
        /// </summary>
        public IList<string> ExternalCatalogs { get; } = new List<string>();

        /// <summary>Back up every external catalog (<c>BACKUP ALL EXTERNAL CATALOGS</c>, 3.4+).</summary>
        public bool AllExternalCatalogs { get; set; }

        /// <summary>The label of the catalog snapshot; null = the template with <c>{database}</c> = <c>external_catalogs</c>.</summary>
        public string? CatalogLabel { get; set; }

        /// <summary>
        /// A request for <paramref name="targets"/> where <paramref name="snapshot"/> is either a label template (it has
        /// <c>{…}</c> tokens; the label time is taken from <see cref="BackupLabelClock.Shared"/>, so two backups started by this
        /// process never get the same label) or the exact label.
        /// </summary>
        public static BackupRequest Create(string repository, string snapshot, IEnumerable<BackupTarget> targets, TimeSpan? timeout = null, string? ttl = null)
        {
            bool template = snapshot.IndexOf('{') >= 0;
            var request = new BackupRequest
            {
                Repository = repository,
                LabelTimeUtc = template ? BackupLabelClock.Shared.Next() : DateTime.UtcNow,
                Timeout = timeout,
                Ttl = ttl,
            };

            if (template)
            {
                request.LabelTemplate = snapshot;
            }
            else
            {
                request.Label = snapshot;
            }

            foreach (BackupTarget target in targets)
            {
                request.Targets.Add(target);
            }

            return request;
        }

        /// <summary>
        /// The same request for some of its databases only (those the user approved); the label time is kept, so their
        /// labels stay the ones already shown.
        /// </summary>
        public BackupRequest Only(IEnumerable<string> databases)
        {
            var keep = new HashSet<string>(databases, StringComparer.Ordinal);
            var subset = new BackupRequest
            {
                Repository = Repository,
                Label = Label,
                LabelTemplate = LabelTemplate,
                Timeout = Timeout,
                Ttl = Ttl,
                LabelTimeUtc = LabelTimeUtc ?? DateTime.UtcNow,
            };

            foreach (BackupTarget target in Targets.Where(t => keep.Contains(t.Database)))
            {
                subset.Targets.Add(target);
            }

            return subset;
        }

        /// <summary>Adds a target (fluent).</summary>
        public BackupRequest Add(string database, string? table = null, params string[] partitions)
        {
            Targets.Add(new BackupTarget(database, table, partitions));
            return this;
        }
    }
}
