// Every string the shared-data components answer with, in one place so a reviewer can hold it against
// starrocks-facts.md §4.2 ("Cluster snapshot") and StarRocks' source line by line.
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator.Fe.SharedData;

public static class SharedDataMessages
{
    // sql/analyzer/ClusterSnapshotAnalyzer.java (3.4.2 … newest): plain SemanticExceptions.
    public const string OnlySharedData = "Automated snapshot only support share data mode";
    public const string AlreadyOn = "Automated snapshot has been turn on";
    public const string NotOn = "Automated snapshot has not been turn on";

    // lake/snapshot/ClusterSnapshotMgr.abortUnfinishedClusterSnapshotJob: what an interrupted job says after the FE restarts.
    public const string AbortedByRestart = "Snapshot job has been failed because of FE restart or leader change";

    // lake/snapshot/ClusterSnapshotJob / ClusterSnapshotCheckpointScheduler: upload failure prefix.
    public const string UploadFailedPrefix = "upload image failed, err msg: ";

    /// <summary>ClusterSnapshotAnalyzer / StorageVolumeAnalyzer: <c>Unknown storage volume: %s</c>.</summary>
    public static string UnknownStorageVolume(string name) => $"Unknown storage volume: {name}";

    /// <summary>
    /// A SemanticException thrown without an ErrorCode: MysqlErrPacket's defaults 1064 / HY000 and the
    /// analyzer's wrapper text (facts §4.1; sql/analyzer/SemanticException.java). These statements carry no
    /// position on the exception, so the "at line L, column C" part is absent.
    /// </summary>
    public static ErrorResult AnalysisError(string detail) =>
        new(1064, "HY000", $"Getting analyzing error. Detail message: {detail}.");
}
