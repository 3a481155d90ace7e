using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using StarRocksBackup.Core.History;

namespace StarRocksBackup.Core.PointInTime
{
    /// <summary>One partition of a rebuilt table and the snapshot its copy comes from.</summary>
    public sealed class PointInTimePartition
    {
        internal PointInTimePartition(ManifestPartition partition, BackupManifest source)
        {
            Partition = partition.Partition;
            PartitionId = partition.PartitionId;
            VisibleVersion = partition.VisibleVersion;
            RowCount = partition.RowCount;
            Snapshot = source.Label;
            Timestamp = source.BackupTimestamp;
        }

        /// <summary>The partition name.</summary>
        public string Partition { get; }

        /// <summary>The partition id recorded in the catalog.</summary>
        public long PartitionId { get; }

        /// <summary>The visible version of the copy.</summary>
        public long VisibleVersion { get; }

        /// <summary>Rows in the copy, when the catalog recorded them.</summary>
        public long? RowCount { get; }

        /// <summary>The snapshot label holding the copy.</summary>
        public string Snapshot { get; }

        /// <summary>That snapshot's backup timestamp.</summary>
        public string Timestamp { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Partition} (id {PartitionId}, version {VisibleVersion}) from {Snapshot}@{Timestamp}";
    }

    /// <summary>A table as it will be rebuilt.</summary>
    public sealed class PointInTimeTable
    {
        internal PointInTimeTable(string table, string targetTable, IReadOnlyList<PointInTimePartition> partitions)
        {
            Table = table;
            TargetTable = targetTable;
            Partitions = partitions;
        }

        /// <summary>The table's name in the backups.</summary>
        public string Table { get; }

        /// <summary>The name it is rebuilt under.</summary>
        public string TargetTable { get; }

        /// <summary>Its partitions as of the time, each with the snapshot it comes from.</summary>
        public IReadOnlyList<PointInTimePartition> Partitions { get; }

        /// <summary>The rows the catalog expects (null when a copy's row count is unknown).</summary>
        public long? ExpectedRows => Partitions.All(p => p.RowCount.HasValue) ? Partitions.Sum(p => p.RowCount!.Value) : (long?)null;
    }

    /// <summary>One RESTORE of the chain: every partition one snapshot contributes.</summary>
    public sealed class PointInTimeStep
    {
        internal PointInTimeStep(BackupManifest manifest, IReadOnlyList<(string Table, string TargetTable, IReadOnlyList<string> Partitions)> tables, string sql)
        {
            Snapshot = manifest.Label;
            Timestamp = manifest.BackupTimestamp;
            FinishedAt = manifest.FinishedAt;
            Tables = tables;
            Sql = sql;
        }

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; }

        /// <summary>Its backup timestamp (the RESTORE's backup_timestamp).</summary>
        public string Timestamp { get; }

        /// <summary>When the backup finished.</summary>
        public DateTimeOffset FinishedAt { get; }

        /// <summary>What this step restores: table, target name, partitions (empty = every partition the snapshot holds).</summary>
        public IReadOnlyList<(string Table, string TargetTable, IReadOnlyList<string> Partitions)> Tables { get; }

        /// <summary>The RESTORE statement.</summary>
        public string Sql { get; }

        /// <inheritdoc />
        public override string ToString() => Sql;
    }

    /// <summary>A point-in-time rebuild: the chain of RESTOREs, one per contributing snapshot, run one after another.</summary>
    public sealed class PointInTimePlan
    {
        internal PointInTimePlan() { }

        /// <summary>The repository.</summary>
        public string Repository { get; internal set; } = string.Empty;

        /// <summary>The backed-up database.</summary>
        public string Database { get; internal set; } = string.Empty;

        /// <summary>The database rebuilt into.</summary>
        public string TargetDatabase { get; internal set; } = string.Empty;

        /// <summary>False when the first RESTORE creates it.</summary>
        public bool TargetDatabaseExists { get; internal set; }

        /// <summary>The point in time.</summary>
        public DateTimeOffset AsOf { get; internal set; }

        /// <summary>The snapshot whose inventory says which partitions existed (null when no manifest had one).</summary>
        public string? InventorySnapshot { get; internal set; }

        /// <summary>The tables rebuilt.</summary>
        public IReadOnlyList<PointInTimeTable> Tables { get; internal set; } = Array.Empty<PointInTimeTable>();

        /// <summary>The RESTOREs, oldest snapshot first; each waits for the previous (one job per database).</summary>
        public IReadOnlyList<PointInTimeStep> Steps { get; internal set; } = Array.Empty<PointInTimeStep>();

        /// <summary>replication_num sent (null = server default).</summary>
        public int? ReplicationNum { get; internal set; }

        /// <summary>Statements run before the first RESTORE (CREATE DATABASE on servers before 3.4).</summary>
        public IReadOnlyList<string> PrerequisiteSql { get; internal set; } = Array.Empty<string>();

        /// <summary>Things the user should know.</summary>
        public IReadOnlyList<string> Warnings { get; internal set; } = Array.Empty<string>();

        /// <summary>Job timeout.</summary>
        public TimeSpan? Timeout { get; internal set; }

        /// <summary>The chain and every statement (for -WhatIf).</summary>
        public string Describe()
        {
            var sb = new StringBuilder();
            sb.AppendLine($"Rebuild database '{Database}' as of {AsOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z from repository '{Repository}'");
            sb.AppendLine($"  into database '{TargetDatabase}' ({(TargetDatabaseExists ? "exists" : "created by the first RESTORE")}); existing tables are never overwritten");
            if (InventorySnapshot != null)
            {
                sb.AppendLine($"  partitions that existed: inventory of snapshot '{InventorySnapshot}'");
            }

            foreach (PointInTimeTable t in Tables)
            {
                sb.AppendLine($"  table {t.Table} -> {t.TargetTable}: {t.Partitions.Count} partition(s){(t.ExpectedRows.HasValue ? $", {t.ExpectedRows} row(s)" : string.Empty)}");
                foreach (PointInTimePartition p in t.Partitions)
                {
                    sb.AppendLine("    " + p);
                }
            }

            foreach (string w in Warnings)
            {
                sb.AppendLine("  WARNING: " + w);
            }

            foreach (string pre in PrerequisiteSql)
            {
                sb.AppendLine("  SQL: " + pre);
            }

            for (int i = 0; i < Steps.Count; i++)
            {
                PointInTimeStep s = Steps[i];
                sb.AppendLine($"  step {i + 1}/{Steps.Count}: snapshot '{s.Snapshot}' ({s.Timestamp}, finished {s.FinishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z), then wait for the job");
                sb.Append("  SQL: ").Append(s.Sql);
                if (i < Steps.Count - 1)
                {
                    sb.AppendLine();
                }
            }

            return sb.ToString();
        }

        /// <inheritdoc />
        public override string ToString() => string.Join("; ", Steps.Select(s => s.Sql));
    }
}
