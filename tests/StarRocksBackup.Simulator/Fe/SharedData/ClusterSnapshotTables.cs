// information_schema.cluster_snapshots and information_schema.cluster_snapshot_jobs (facts §2.6;
// catalog/system/information/ClusterSnapshotsTable.java, ClusterSnapshotJobsTable.java). The rows come from
// ClusterSnapshot.getInfo / ClusterSnapshotJob.getInfo: times are epoch seconds (ms / 1000).
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator.Fe.SharedData;

/// <summary>A virtual table: columns and a row source.</summary>
public sealed record VirtualTable(string Name, IReadOnlyList<ColumnDef> Columns, Func<IReadOnlyList<object?[]>> Rows);

public static class ClusterSnapshotTables
{
    public const string SnapshotsTable = "cluster_snapshots";
    public const string JobsTable = "cluster_snapshot_jobs";

    /// <summary>Current code: no FINISHED_TIME (removed by PR #55177).</summary>
    public static readonly IReadOnlyList<ColumnDef> SnapshotColumns = new[]
    {
        new ColumnDef("SNAPSHOT_NAME"),
        new ColumnDef("SNAPSHOT_TYPE"),
        new ColumnDef("CREATED_TIME", ColumnType.BigInt),
        new ColumnDef("FE_JOURNAL_ID", ColumnType.BigInt),
        new ColumnDef("STARMGR_JOURNAL_ID", ColumnType.BigInt),
        new ColumnDef("PROPERTIES"),
        new ColumnDef("STORAGE_VOLUME"),
        new ColumnDef("STORAGE_PATH"),
    };

    public static readonly IReadOnlyList<ColumnDef> JobColumns = new[]
    {
        new ColumnDef("SNAPSHOT_NAME"),
        new ColumnDef("JOB_ID", ColumnType.BigInt),
        new ColumnDef("CREATED_TIME", ColumnType.BigInt),
        new ColumnDef("FINISHED_TIME", ColumnType.BigInt),
        new ColumnDef("STATE"),
        new ColumnDef("DETAIL_INFO"),
        new ColumnDef("ERROR_MESSAGE"),
    };

    public static VirtualTable Snapshots(ClusterSnapshotManager manager) =>
        new(SnapshotsTable, SnapshotColumns, () => manager.GetSnapshots()
            .Select(s => new object?[]
            {
                s.SnapshotName, s.SnapshotType, s.CreatedTimeMs / 1000, s.FeJournalId, s.StarMgrJournalId, s.Properties,
                s.StorageVolume, s.StoragePath,
            })
            .ToList());

    public static VirtualTable Jobs(ClusterSnapshotManager manager) =>
        new(JobsTable, JobColumns, () => manager.GetJobs()
            .Select(j => new object?[]
            {
                j.SnapshotName, j.JobId, j.CreatedTimeMs / 1000, j.FinishedTimeMs / 1000, j.State.ToString(), j.DetailInfo,
                j.ErrorMessage,
            })
            .ToList());

    /// <summary>SELECT * FROM information_schema.&lt;table&gt;.</summary>
    public static ResultSetResult SelectAll(VirtualTable table) => new(table.Columns, table.Rows());
}
