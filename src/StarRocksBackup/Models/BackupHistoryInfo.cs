using System;
using System.Linq;
using StarRocksBackup.Core.History;

namespace StarRocksBackup
{
    /// <summary>A finished backup as the catalog records it (Get-SrBackupHistory, Sync-SrBackupCatalog).</summary>
    public sealed class BackupHistoryInfo
    {
        private BackupHistoryInfo(BackupManifest m)
        {
            Repository = m.Repository;
            Database = m.Database;
            Snapshot = m.Label;
            Timestamp = m.BackupTimestamp;
            Kind = m.Kind;
            Source = m.Source;
            Cluster = m.Cluster;
            CreatedAt = m.CreatedAt;
            FinishedAt = m.FinishedAt;
            Partitions = m.Partitions.Select(p => PartitionBackupInfo.From(m, p)).ToArray();
            InventoryCount = m.Inventory?.Count;
        }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>The source database.</summary>
        public string Database { get; }

        /// <summary>The snapshot label (binds to Restore-SrSnapshot -Snapshot).</summary>
        public string Snapshot { get; }

        /// <summary>StarRocks' backup timestamp (binds to Restore-SrSnapshot -Timestamp).</summary>
        public string Timestamp { get; }

        /// <summary><c>full</c>, <c>incremental</c> or <c>unknown</c>.</summary>
        public string Kind { get; }

        /// <summary><c>module</c> or <c>sync</c>.</summary>
        public string Source { get; }

        /// <summary>The cluster it came from.</summary>
        public string Cluster { get; }

        /// <summary>When the job was created (UTC).</summary>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>When it finished (UTC).</summary>
        public DateTimeOffset FinishedAt { get; }

        /// <summary>What the snapshot holds.</summary>
        public PartitionBackupInfo[] Partitions { get; }

        /// <summary>Partitions in the catalog entry's inventory (null for entries rebuilt by Sync-SrBackupCatalog).</summary>
        public int? InventoryCount { get; }

        /// <summary>Number of partitions held.</summary>
        public int PartitionCount => Partitions.Length;

        /// <inheritdoc />
        public override string ToString() => $"{Database}/{Snapshot}@{Timestamp}";

        internal static BackupHistoryInfo From(BackupManifest m) => new BackupHistoryInfo(m);
    }

    /// <summary>A partition copy in a snapshot (Get-SrPartitionBackup).</summary>
    public sealed class PartitionBackupInfo
    {
        private PartitionBackupInfo(BackupManifest m, ManifestPartition p)
        {
            Repository = m.Repository;
            Database = m.Database;
            Table = p.Table;
            Partition = p.Partition;
            PartitionId = p.PartitionId;
            VisibleVersion = p.VisibleVersion;
            RowCount = p.RowCount;
            DataSizeBytes = p.DataSizeBytes;
            Snapshot = m.Label;
            Timestamp = m.BackupTimestamp;
            FinishedAt = m.FinishedAt;
            Kind = m.Kind;
        }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The table.</summary>
        public string Table { get; }

        /// <summary>The partition.</summary>
        public string Partition { get; }

        /// <summary>The physical partition id.</summary>
        public long PartitionId { get; }

        /// <summary>The version the backup recorded (captured before its BACKUP statement).</summary>
        public long VisibleVersion { get; }

        /// <summary>Row count when known.</summary>
        public long? RowCount { get; }

        /// <summary>Size in bytes when known.</summary>
        public long? DataSizeBytes { get; }

        /// <summary>The snapshot holding this copy.</summary>
        public string Snapshot { get; }

        /// <summary>The snapshot's backup timestamp.</summary>
        public string Timestamp { get; }

        /// <summary>When that backup finished (UTC).</summary>
        public DateTimeOffset FinishedAt { get; }

        /// <summary>The backup's kind.</summary>
        public string Kind { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Database}.{Table}.{Partition} in {Snapshot}@{Timestamp}";

        internal static PartitionBackupInfo From(BackupManifest m, ManifestPartition p) => new PartitionBackupInfo(m, p);
    }
}
