// The two edit logs of a shared-data FE: the FE's own journal (bdbje) and StarMgr's. Cluster snapshots
// capture both maximum ids (ClusterSnapshotCheckpointScheduler.captureConsistentCheckpointIdBetweenFEAndStarMgr)
// and name the image files after them. Here they are monotonic counters: every logged change bumps them.
namespace StarRocksBackup.Simulator.Fe.SharedData;

public sealed class JournalIds
{
    private long _fe;
    private long _starMgr;

    public JournalIds(long initialFeJournalId = 1000, long initialStarMgrJournalId = 100)
    {
        _fe = initialFeJournalId;
        _starMgr = initialStarMgrJournalId;
    }

    /// <summary>The FE journal's max id.</summary>
    public long FeJournalId => Interlocked.Read(ref _fe);

    /// <summary>StarMgr's journal max id.</summary>
    public long StarMgrJournalId => Interlocked.Read(ref _starMgr);

    /// <summary>One FE edit-log entry (a snapshot job state change, ADMIN SET …, any catalog change).</summary>
    public long LogFe() => Interlocked.Increment(ref _fe);

    /// <summary>One StarMgr journal entry (shard/file-store changes).</summary>
    public long LogStarMgr() => Interlocked.Increment(ref _starMgr);

    /// <summary>A catalog change of a shared-data cluster touches both journals (tables create shards in StarMgr).</summary>
    public void RecordCatalogChange()
    {
        LogFe();
        LogStarMgr();
    }
}
