// Shared-data knobs of the façade's options (RunMode = SharedData), kept apart from the engine's file.
using StarRocksBackup.Simulator.Fe.SharedData;

namespace StarRocksBackup.Simulator;

public sealed partial class SimulatorOptions
{
    /// <summary>StarOS service id: the folder between a volume's location and <c>meta/image/</c>.</summary>
    public string ServiceId { get; set; } = Guid.NewGuid().ToString();

    /// <summary>
    /// <c>builtin_storage_volume</c> (StarRocks creates it from fe.conf in shared-data mode); its name is forced.
    /// Null in shared-data mode: no volume exists and ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON needs one.
    /// </summary>
    public StorageVolumeDefinition? BuiltinStorageVolume { get; set; }

    /// <summary>Further storage volumes (as if made with CREATE STORAGE VOLUME).</summary>
    public List<StorageVolumeDefinition> StorageVolumes { get; } = new();

    /// <summary>The default storage volume's name; null = builtin_storage_volume.</summary>
    public string? DefaultStorageVolume { get; set; }

    /// <summary>FE config automated_cluster_snapshot_interval_seconds (600 s in StarRocks; milliseconds in tests).</summary>
    public TimeSpan ClusterSnapshotInterval { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>How long each running state of a cluster snapshot job (INITIALIZING, SNAPSHOTING, UPLOADING) lasts.</summary>
    public TimeSpan ClusterSnapshotPhaseDuration { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>FE config max_historical_automated_cluster_snapshot_jobs (at least 2).</summary>
    public int MaxHistoricalClusterSnapshotJobs { get; set; } = 100;

    internal SharedDataOptions ToSharedDataOptions() => new()
    {
        IsSharedData = RunMode == SimulatorRunMode.SharedData,
        Version = Version,
        ServiceId = ServiceId,
        BuiltinStorageVolume = BuiltinStorageVolume,
        StorageVolumes = StorageVolumes.ToList(),
        DefaultStorageVolume = DefaultStorageVolume,
        ClusterSnapshotInterval = ClusterSnapshotInterval,
        ClusterSnapshotPhaseDuration = ClusterSnapshotPhaseDuration,
        MaxHistoricalJobs = MaxHistoricalClusterSnapshotJobs,
        ClusterId = ClusterId,
    };
}
