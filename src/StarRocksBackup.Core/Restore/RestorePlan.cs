using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace StarRocksBackup.Core.Restore
{
    /// <summary>One table of a restore plan.</summary>
    public sealed class RestoreTablePlan
    {
        internal RestoreTablePlan(string sourceTable, string targetTable, IReadOnlyList<string> partitions, bool overwrite)
        {
            SourceTable = sourceTable;
            TargetTable = targetTable;
            Partitions = partitions;
            Overwrite = overwrite;
        }

        /// <summary>Name in the snapshot.</summary>
        public string SourceTable { get; }

        /// <summary>Name it will have in the target database.</summary>
        public string TargetTable { get; }

        /// <summary>Partitions restored; empty = all.</summary>
        public IReadOnlyList<string> Partitions { get; }

        /// <summary>True when the target table exists and will be overwritten; false when it will be created.</summary>
        public bool Overwrite { get; }

        /// <inheritdoc />
        public override string ToString() =>
            $"{SourceTable}{(SourceTable != TargetTable ? " -> " + TargetTable : string.Empty)}" +
            $"{(Partitions.Count > 0 ? " partitions " + string.Join(", ", Partitions) : string.Empty)} ({(Overwrite ? "OVERWRITE existing table" : "new table")})";
    }

    /// <summary>Exactly what a restore will do; produced by <see cref="RestoreService.PlanAsync"/>, executed by <see cref="RestoreService.StartAsync"/>.</summary>
    public sealed class RestorePlan
    {
        internal RestorePlan() { }

        /// <summary>The repository.</summary>
        public string Repository { get; internal set; } = string.Empty;

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; internal set; } = string.Empty;

        /// <summary>The backup_timestamp used.</summary>
        public string Timestamp { get; internal set; } = string.Empty;

        /// <summary>True when the timestamp was chosen as the latest (none was given).</summary>
        public bool TimestampIsLatest { get; internal set; }

        /// <summary>The database in the snapshot.</summary>
        public string SourceDatabase { get; internal set; } = string.Empty;

        /// <summary>The database restored into.</summary>
        public string TargetDatabase { get; internal set; } = string.Empty;

        /// <summary>False when the restore will create the target database.</summary>
        public bool TargetDatabaseExists { get; internal set; }

        /// <summary>True when everything in the snapshot is restored (no ON clause).</summary>
        public bool WholeSnapshot { get; internal set; }

        /// <summary>Tables (for a whole-snapshot restore: those the snapshot lists, when it could be read).</summary>
        public IReadOnlyList<RestoreTablePlan> Tables { get; internal set; } = Array.Empty<RestoreTablePlan>();

        /// <summary>Views, MVs and functions named explicitly (3.4+); a whole-snapshot restore brings all of them.</summary>
        public IReadOnlyList<RestoreObjectRequest> Objects { get; internal set; } = Array.Empty<RestoreObjectRequest>();

        /// <summary>replication_num sent (null = server default).</summary>
        public int? ReplicationNum { get; internal set; }

        /// <summary>Why that replication_num.</summary>
        public string ReplicationNumReason { get; internal set; } = string.Empty;

        /// <summary>Alive backends seen while planning (null when unknown).</summary>
        public int? AliveBackends { get; internal set; }

        /// <summary>allow_load.</summary>
        public bool AllowLoad { get; internal set; }

        /// <summary>Job timeout.</summary>
        public TimeSpan? Timeout { get; internal set; }

        /// <summary>True when an existing table will be overwritten.</summary>
        public bool OverwritesExistingTables => Tables.Any(t => t.Overwrite);

        /// <summary>Things the user should know.</summary>
        public IReadOnlyList<string> Warnings { get; internal set; } = Array.Empty<string>();

        internal string RawSql { get; set; } = string.Empty;

        /// <summary>
        /// Statements run before the RESTORE: on servers before 3.4 the legacy form needs the target database to exist,
        /// so a missing one is created first (<c>CREATE DATABASE IF NOT EXISTS</c>).
        /// </summary>
        public IReadOnlyList<string> PrerequisiteSql { get; internal set; } = Array.Empty<string>();

        /// <summary>The exact RESTORE statement, secrets masked (it carries none).</summary>
        public string Sql { get; internal set; } = string.Empty;

        /// <summary>
        /// A readable description of the plan (for -WhatIf). <see cref="Warnings"/> are not repeated in it: PlanAsync
        /// already reported each one to the observer once.
        /// </summary>
        public string Describe()
        {
            var sb = new StringBuilder();
            sb.AppendLine($"Restore snapshot '{Snapshot}' ({Timestamp}{(TimestampIsLatest ? ", latest" : string.Empty)}) from repository '{Repository}'");
            sb.AppendLine($"  source database: {SourceDatabase}");
            sb.AppendLine($"  target database: {TargetDatabase} ({(TargetDatabaseExists ? "exists" : "will be created")})");
            sb.AppendLine(WholeSnapshot ? "  tables: everything in the snapshot" : "  tables:");
            foreach (RestoreTablePlan t in Tables)
            {
                sb.AppendLine("    " + t);
            }

            sb.AppendLine($"  replication_num: {(ReplicationNum?.ToString() ?? "server default")} ({ReplicationNumReason})");
            if (AllowLoad)
            {
                sb.AppendLine("  allow_load: true");
            }

            foreach (string pre in PrerequisiteSql)
            {
                sb.AppendLine("  SQL: " + pre);
            }

            sb.Append("  SQL: ").Append(Sql);
            return sb.ToString();
        }

        /// <inheritdoc />
        public override string ToString() => Sql;
    }
}
