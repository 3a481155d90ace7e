using System;
using CoreSnapshot = StarRocksBackup.Core.ClusterSnapshots.ClusterSnapshot;

namespace StarRocksBackup
{
    /// <summary>The cluster snapshot the FE would restore (information_schema.cluster_snapshots), as Get-SrClusterSnapshot returns it.</summary>
    public sealed class ClusterSnapshotInfo
    {
        private ClusterSnapshotInfo(CoreSnapshot s)
        {
            Snapshot = s.Name;
            SnapshotType = s.SnapshotType;
            CreatedAt = s.CreatedAt;
            FinishedAt = s.FinishedAt;
            FeJournalId = s.FeJournalId;
            StarMgrJournalId = s.StarMgrJournalId;
            StorageVolume = s.StorageVolume;
            SnapshotPath = s.StoragePath;
        }

        /// <summary>The snapshot name (<c>automated_cluster_snapshot_&lt;ms&gt;</c>).</summary>
        public string Snapshot { get; }

        /// <summary>AUTOMATED (or a manual type on enterprise builds).</summary>
        public string SnapshotType { get; }

        /// <summary>When the snapshot was created (UTC).</summary>
        public DateTimeOffset? CreatedAt { get; }

        /// <summary>When it finished (only v3.4.2 reports this).</summary>
        public DateTimeOffset? FinishedAt { get; }

        /// <summary>The FE journal id the image was taken at.</summary>
        public long? FeJournalId { get; }

        /// <summary>The StarManager journal id the image was taken at.</summary>
        public long? StarMgrJournalId { get; }

        /// <summary>The storage volume holding it (binds to New-SrClusterSnapshotConfig).</summary>
        public string StorageVolume { get; }

        /// <summary>The snapshot folder (STORAGE_PATH): the value for cluster_snapshot_path.</summary>
        public string SnapshotPath { get; }

        /// <inheritdoc />
        public override string ToString() => SnapshotPath.Length > 0 ? SnapshotPath : Snapshot;

        internal static ClusterSnapshotInfo From(CoreSnapshot snapshot) => new ClusterSnapshotInfo(snapshot);
    }
}
