// A StarRocksSimulator in shared-data mode whose builtin storage volume points at the test's S3 prefix.
using MySqlConnector;
using StarRocksBackup.Simulator.Fe.SharedData;

namespace StarRocksBackup.Simulator.Tests.SharedData;

internal sealed class SharedDataCluster : IAsyncDisposable
{
    private SharedDataCluster(StarRocksSimulator sim) => Sim = sim;

    public StarRocksSimulator Sim { get; }

    public SharedDataFe Fe => Sim.Engine.Context.SharedDataFe;

    /// <summary>Shared-data simulator; <paramref name="bucket"/> null = shared-nothing.</summary>
    public static async Task<SharedDataCluster> StartAsync(SnapshotBucket? bucket, int intervalMs = 150, int phaseMs = 10, string version = "3.5.2")
    {
        var options = new SimulatorOptions
        {
            Version = version,
            RunMode = bucket is null ? SimulatorRunMode.SharedNothing : SimulatorRunMode.SharedData,
            ClusterSnapshotInterval = TimeSpan.FromMilliseconds(intervalMs),
            ClusterSnapshotPhaseDuration = TimeSpan.FromMilliseconds(phaseMs),
        };
        if (bucket is not null)
        {
            options.ServiceId = bucket.ServiceId;
            options.BuiltinStorageVolume = bucket.Volume();
        }

        return new SharedDataCluster(await StarRocksSimulator.StartAsync(options));
    }

    public MySqlConnection Open()
    {
        var c = new MySqlConnection(Sim.ConnectionString() + ";Pooling=false;Connection Timeout=5;Default Command Timeout=30");
        c.Open();
        return c;
    }

    public ValueTask DisposeAsync() => Sim.DisposeAsync();
}
