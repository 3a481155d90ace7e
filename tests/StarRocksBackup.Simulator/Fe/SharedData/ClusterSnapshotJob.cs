// lake/snapshot/ClusterSnapshotJob.java + ClusterSnapshot.java: one automated cluster snapshot job and the
// snapshot it produces. Mutated only by ClusterSnapshotManager under its lock; readers get immutable copies.
namespace StarRocksBackup.Simulator.Fe.SharedData;

/// <summary>ClusterSnapshotJob.ClusterSnapshotJobState (facts §3.3). v3.4.x never enters UPLOADING.</summary>
public enum ClusterSnapshotJobState
{
    INITIALIZING,
    SNAPSHOTING,
    UPLOADING,
    FINISHED,
    EXPIRED,
    DELETED,
    ERROR,
}

/// <summary>A row of information_schema.cluster_snapshot_jobs (times in epoch milliseconds here).</summary>
public sealed record ClusterSnapshotJobInfo(
    string SnapshotName,
    long JobId,
    long CreatedTimeMs,
    long? FinishedTimeMs,
    ClusterSnapshotJobState State,
    string DetailInfo,
    string ErrorMessage,
    string StorageVolume,
    long FeJournalId,
    long StarMgrJournalId);

/// <summary>A row of information_schema.cluster_snapshots.</summary>
public sealed record ClusterSnapshotInfo(
    string SnapshotName,
    string SnapshotType,
    long CreatedTimeMs,
    long FinishedTimeMs,
    long FeJournalId,
    long StarMgrJournalId,
    string Properties,
    string StorageVolume,
    string StoragePath);

internal sealed class ClusterSnapshotJob
{
    public ClusterSnapshotJob(long id, string snapshotName, string storageVolumeName, long createdTimeMs)
    {
        Id = id;
        SnapshotName = snapshotName;
        StorageVolumeName = storageVolumeName;
        CreatedTimeMs = createdTimeMs;
    }

    public long Id { get; }

    public string SnapshotName { get; }

    public string StorageVolumeName { get; }

    public long CreatedTimeMs { get; }

    /// <summary>-1 until FINISHED (ClusterSnapshot's constructor default).</summary>
    public long FinishedTimeMs { get; set; } = -1;

    public long FeJournalId { get; set; }

    public long StarMgrJournalId { get; set; }

    public ClusterSnapshotJobState State { get; set; } = ClusterSnapshotJobState.INITIALIZING;

    public string ErrorMessage { get; set; } = string.Empty;

    public string DetailInfo { get; set; } = string.Empty;

    public bool IsUnfinished => State is ClusterSnapshotJobState.INITIALIZING or ClusterSnapshotJobState.SNAPSHOTING or ClusterSnapshotJobState.UPLOADING;

    /// <summary>ClusterSnapshotJob.isFinalState: only these are dropped from the bounded history.</summary>
    public bool IsFinalState => State is ClusterSnapshotJobState.DELETED or ClusterSnapshotJobState.ERROR;

    public ClusterSnapshotJobInfo ToInfo() =>
        new(SnapshotName, Id, CreatedTimeMs, FinishedTimeMs > 0 ? FinishedTimeMs : null, State, DetailInfo, ErrorMessage,
            StorageVolumeName, FeJournalId, StarMgrJournalId);
}
