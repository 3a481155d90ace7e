using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.Restore
{
    /// <summary>A table to restore, optionally renamed and/or only some partitions.</summary>
    public sealed class RestoreTableRequest
    {
        /// <summary>Creates a table request.</summary>
        public RestoreTableRequest(string table, string? alias = null, IEnumerable<string>? partitions = null)
        {
            Table = table;
            Alias = alias;
            Partitions = partitions?.ToList() ?? new List<string>();
        }

        /// <summary>The table's name in the snapshot.</summary>
        public string Table { get; }

        /// <summary>The name to restore it as (null = same name).</summary>
        public string? Alias { get; }

        /// <summary>Partitions; empty = all.</summary>
        public IReadOnlyList<string> Partitions { get; }
    }

    /// <summary>A view, materialized view or function to restore (3.4+), optionally renamed.</summary>
    public sealed class RestoreObjectRequest
    {
        /// <summary>Creates an object request.</summary>
        public RestoreObjectRequest(Model.DatabaseObjectKind kind, string name, string? alias = null)
        {
            Kind = kind;
            Name = name;
            Alias = alias;
        }

        /// <summary>View, MaterializedView or Function.</summary>
        public Model.DatabaseObjectKind Kind { get; }

        /// <summary>The name in the snapshot (a function: its name, every overload).</summary>
        public string Name { get; }

        /// <summary>The name to restore it as (null = same).</summary>
        public string? Alias { get; }

        /// <inheritdoc />
        public override string ToString() => Alias == null || Alias == Name ? $"{Kind} {Name}" : $"{Kind} {Name} AS {Alias}";
    }

    /// <summary>What to restore, from where, into what.</summary>
    public sealed class RestoreRequest
    {
        /// <summary>The repository.</summary>
        public string Repository { get; set; } = string.Empty;

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; set; } = string.Empty;

        /// <summary>The backup timestamp (<c>yyyy-MM-dd-HH-mm-ss-SSS</c>); null = the latest of the label.</summary>
        public string? Timestamp { get; set; }

        /// <summary>The database recorded in the snapshot; null = read from the snapshot.</summary>
        public string? SourceDatabase { get; set; }

        /// <summary>The database to restore into; null = same as the source.</summary>
        public string? TargetDatabase { get; set; }

        /// <summary>Tables; empty with no <see cref="Objects"/> = everything in the snapshot.</summary>
        public IList<RestoreTableRequest> Tables { get; } = new List<RestoreTableRequest>();

        /// <summary>Views, MVs and functions (3.4+). With objects but no tables, only the objects are restored.</summary>
        public IList<RestoreObjectRequest> Objects { get; } = new List<RestoreObjectRequest>();

        /// <summary>replication_num; null = no higher than the alive backends (StarRocks' default is 3).</summary>
        public int? ReplicationNum { get; set; }

        /// <summary>Job timeout (≥ 10 minutes); null = server default.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>allow_load: let loads into the restored tables run during the restore.</summary>
        public bool AllowLoad { get; set; }

        /// <summary>
        /// Allow restoring over existing tables. Off by default: a restore that fails after COMMIT can leave an
        /// overwritten table unusable.
        /// </summary>
        public bool AllowOverwrite { get; set; }

        /// <summary>
        /// Adds the tables to restore from parallel lists, as Restore-SrSnapshot takes them: <paramref name="tables"/>,
        /// optionally one new name per table (<paramref name="aliases"/>), and <paramref name="partitions"/> of a single table.
        /// Empty <paramref name="tables"/> restores everything in the snapshot.
        /// </summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument when the lists do not line up.</exception>
        public RestoreRequest WithTables(IReadOnlyList<string>? tables, IReadOnlyList<string>? aliases = null, IReadOnlyList<string>? partitions = null)
        {
            tables ??= Array.Empty<string>();
            aliases ??= Array.Empty<string>();
            partitions ??= Array.Empty<string>();
            if (aliases.Count > 0 && aliases.Count != tables.Count)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"-AsTable needs one new name per -Table (got {aliases.Count} for {tables.Count}).");
            }

            if (partitions.Count > 0 && tables.Count != 1)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"-Partition needs exactly one -Table (got {tables.Count}).");
            }

            for (int i = 0; i < tables.Count; i++)
            {
                Tables.Add(new RestoreTableRequest(tables[i], aliases.Count > 0 ? aliases[i] : null, partitions));
            }

            return this;
        }

        /// <summary>
        /// A request from the values a caller binds: blank optional values mean "latest" (timestamp) and "as recorded in
        /// the snapshot" (database), as the pipeline objects of Get-SrSnapshot carry them; non-positive numbers mean
        /// "not given".
        /// </summary>
        public static RestoreRequest Create(string repository, string snapshot, string? timestamp = null, string? database = null,
            string? targetDatabase = null, int replicationNum = 0, int timeoutSeconds = 0, bool allowLoad = false) =>
            new RestoreRequest
            {
                Repository = repository,
                Snapshot = snapshot,
                Timestamp = string.IsNullOrWhiteSpace(timestamp) ? null : timestamp!.Trim(),
                SourceDatabase = string.IsNullOrEmpty(database) ? null : database,
                TargetDatabase = string.IsNullOrEmpty(targetDatabase) ? null : targetDatabase,
                ReplicationNum = replicationNum > 0 ? replicationNum : null,
                Timeout = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) : null,
                AllowLoad = allowLoad,
            };
    }
}
