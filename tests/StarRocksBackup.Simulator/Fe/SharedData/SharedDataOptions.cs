// Knobs of the shared-data (lake) half of the FE simulator. The façade's SimulatorOptions maps onto
// this; the components here can also be built directly from it in unit tests.
namespace StarRocksBackup.Simulator.Fe.SharedData;

/// <summary>One storage volume as configured (CREATE STORAGE VOLUME is not simulated; volumes come from options).</summary>
public sealed class StorageVolumeDefinition
{
    public StorageVolumeDefinition(string name, string location)
    {
        Name = name;
        Location = location;
    }

    /// <summary>Volume name, e.g. <c>builtin_storage_volume</c> or <c>my_s3_volume</c>.</summary>
    public string Name { get; }

    /// <summary><c>s3://bucket/prefix</c>: where the cluster's data and cluster snapshots live.</summary>
    public string Location { get; }

    /// <summary>StarRocks' storage type (only S3 is simulated).</summary>
    public string Type { get; init; } = "S3";

    /// <summary>
    /// The <c>aws.s3.*</c> properties as given at creation (aws.s3.endpoint, aws.s3.region,
    /// aws.s3.access_key, aws.s3.secret_key, aws.s3.enable_path_style_access …).
    /// </summary>
    public IDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public bool Enabled { get; init; } = true;

    public string Comment { get; init; } = string.Empty;

    /// <summary>Builds a volume pointing at an S3-compatible server with static keys.</summary>
    public static StorageVolumeDefinition ForS3(string name, string location, string endpoint, string region, string accessKey, string secretKey, string comment = "") =>
        new(name, location)
        {
            Comment = comment,
            Properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [StorageVolumeProperties.Endpoint] = endpoint,
                [StorageVolumeProperties.Region] = region,
                [StorageVolumeProperties.AccessKey] = accessKey,
                [StorageVolumeProperties.SecretKey] = secretKey,
                [StorageVolumeProperties.EnablePathStyleAccess] = "true",
            },
        };

    /// <summary>Never prints the credentials.</summary>
    public override string ToString() => $"{Name} ({Type} {Location})";
}

/// <summary>Options of the shared-data components.</summary>
public sealed class SharedDataOptions
{
    /// <summary>RunMode = shared_data. When false every shared-data statement answers as a shared-nothing FE does.</summary>
    public bool IsSharedData { get; init; }

    /// <summary>Simulated StarRocks version ("3.4.2", "3.5.1", "4.0.0" …): 3.4.x jobs have no UPLOADING state.</summary>
    public string Version { get; init; } = "3.5.0";

    /// <summary>StarOS service id (StarOSAgent.getRawServiceId): the folder between volume location and <c>meta/</c>.</summary>
    public string ServiceId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>
    /// <c>builtin_storage_volume</c>, the volume StarRocks creates from fe.conf (aws_s3_path …) in shared-data
    /// mode; its name is forced to <see cref="StorageVolumeRegistry.BuiltinName"/>. Null: no builtin volume.
    /// </summary>
    public StorageVolumeDefinition? BuiltinStorageVolume { get; init; }

    /// <summary>Further volumes (as if created with CREATE STORAGE VOLUME).</summary>
    public IList<StorageVolumeDefinition> StorageVolumes { get; init; } = new List<StorageVolumeDefinition>();

    /// <summary>Name of the default volume (SET … AS DEFAULT STORAGE VOLUME); null = the builtin volume.</summary>
    public string? DefaultStorageVolume { get; init; }

    /// <summary>FE config <c>automated_cluster_snapshot_interval_seconds</c> (600 s in StarRocks; milliseconds in tests).</summary>
    public TimeSpan ClusterSnapshotInterval { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>How long each running state of a snapshot job (INITIALIZING, SNAPSHOTING, UPLOADING) lasts at least.</summary>
    public TimeSpan ClusterSnapshotPhaseDuration { get; init; } = TimeSpan.Zero;

    /// <summary>Period of the scheduler daemon (StarRocks' ClusterSnapshotCheckpointScheduler runs every 10 ms).</summary>
    public TimeSpan SchedulerTick { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>FE config <c>max_historical_automated_cluster_snapshot_jobs</c> (at least 2 are kept).</summary>
    public int MaxHistoricalJobs { get; init; } = 100;

    /// <summary>clusterId written to VERSION.</summary>
    public long ClusterId { get; init; } = Random.Shared.Next(100_000_000, int.MaxValue);

    /// <summary>The FE's node name written to ROLE (StarRocks: host_editLogPort_startupMillis).</summary>
    public string NodeName { get; init; } = $"127.0.0.1_9010_{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}";

    /// <summary>Clock (tests may pass a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
