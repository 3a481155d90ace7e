using System;
using System.Collections.Generic;
using System.Linq;
using StarRocksBackup.Core.Backup;

namespace StarRocksBackup.Core.Copy
{
    /// <summary>What a copy will do, decided before anything runs (the -WhatIf text is <see cref="Describe"/>).</summary>
    public sealed class CopyPlan
    {
        internal CopyPlan() { }

        /// <summary>Source server version.</summary>
        public Version SourceVersion { get; internal set; } = new Version(0, 0);

        /// <summary>Destination server version.</summary>
        public Version DestinationVersion { get; internal set; } = new Version(0, 0);

        /// <summary>The source database.</summary>
        public string Database { get; internal set; } = string.Empty;

        /// <summary>The destination database.</summary>
        public string TargetDatabase { get; internal set; } = string.Empty;

        /// <summary>The repository on the source.</summary>
        public string SourceRepository { get; internal set; } = string.Empty;

        /// <summary>The location both clusters use.</summary>
        public string Location { get; internal set; } = string.Empty;

        /// <summary>The destination's repository on that location (existing or to create).</summary>
        public string DestinationRepository { get; internal set; } = string.Empty;

        /// <summary>True when the destination has no repository on the location and a READ ONLY one will be created.</summary>
        public bool CreatesDestinationRepository { get; internal set; }

        /// <summary>The CREATE READ ONLY REPOSITORY statement (keys masked), when one is created.</summary>
        public string? CreateRepositorySql { get; internal set; }

        /// <summary>The repository to create on the destination (keys inside; never shown).</summary>
        internal Repositories.RepositorySpec? DestinationSpec { get; set; }

        /// <summary>The BACKUP on the source.</summary>
        public DatabaseBackup Backup { get; internal set; } = null!;

        /// <summary>Alive backends of the destination (null when unknown).</summary>
        public int? DestinationAliveBackends { get; internal set; }

        /// <summary>replication_num the restore will use (null = server default).</summary>
        public int? ReplicationNum { get; internal set; }

        /// <summary>Every step, in order, for -WhatIf and -Verbose.</summary>
        public IReadOnlyList<string> Steps { get; internal set; } = Array.Empty<string>();

        /// <summary>The plan as text, one step per line.</summary>
        public string Describe() => string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i + 1}. {s}"));

        /// <inheritdoc />
        public override string ToString() => $"copy {Database} → {TargetDatabase} via {Location}";
    }

    /// <summary>Rows of one partition on both sides after a copy.</summary>
    public sealed class PartitionRowCheck
    {
        internal PartitionRowCheck(string table, string partition, long? sourceRows, long? destinationRows)
        {
            Table = table;
            Partition = partition;
            SourceRows = sourceRows;
            DestinationRows = destinationRows;
        }

        /// <summary>The table (destination name).</summary>
        public string Table { get; }

        /// <summary>The partition.</summary>
        public string Partition { get; }

        /// <summary>Rows on the source when the backup was taken.</summary>
        public long? SourceRows { get; }

        /// <summary>Rows on the destination after the restore.</summary>
        public long? DestinationRows { get; }

        /// <summary>True when both are known and equal.</summary>
        public bool Matches => SourceRows.HasValue && SourceRows == DestinationRows;
    }

    /// <summary>What a copy did.</summary>
    public sealed class CopyResult
    {
        internal CopyResult(CopyPlan plan, Model.BackupJob backupJob, Model.RestoreJob restoreJob, string timestamp, IReadOnlyList<PartitionRowCheck> checks)
        {
            Plan = plan;
            BackupJob = backupJob;
            RestoreJob = restoreJob;
            Timestamp = timestamp;
            Partitions = checks;
        }

        /// <summary>The plan that ran.</summary>
        public CopyPlan Plan { get; }

        /// <summary>The finished backup job on the source.</summary>
        public Model.BackupJob BackupJob { get; }

        /// <summary>The finished restore job on the destination.</summary>
        public Model.RestoreJob RestoreJob { get; }

        /// <summary>The snapshot timestamp restored.</summary>
        public string Timestamp { get; }

        /// <summary>Row counts per partition on both sides.</summary>
        public IReadOnlyList<PartitionRowCheck> Partitions { get; }

        /// <summary>True when every partition has the same row count on both sides.</summary>
        public bool Verified => Partitions.All(p => p.Matches);
    }
}
