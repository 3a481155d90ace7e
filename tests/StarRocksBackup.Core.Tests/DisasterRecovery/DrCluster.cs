// One shared-data StarRocksSimulator whose storage volumes point into a unique prefix on the real S3 server, a
// StarRocksClient connected to it over TCP, and a Core S3ObjectStore to read what the simulator wrote.
using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Simulator;
using StarRocksBackup.Simulator.Fe.SharedData;
using StarRocksBackup.Tests.Storage;

namespace StarRocksBackup.Tests.DisasterRecovery;

internal sealed class DrCluster : IAsyncDisposable
{
    public const string NamedVolume = "dr_named_volume";

    private DrCluster(StarRocksSimulator sim, StarRocksClient client, S3ObjectStore store, S3Settings s3, string prefix, string serviceId)
    {
        Sim = sim;
        Client = client;
        Store = store;
        S3 = s3;
        Prefix = prefix;
        ServiceId = serviceId;
    }

    public StarRocksSimulator Sim { get; }

    public StarRocksClient Client { get; }

    /// <summary>Core's store over the same bucket: how the finder reads storage when the FE is gone.</summary>
    public S3ObjectStore Store { get; }

    public S3Settings S3 { get; }

    /// <summary>The test's unique key prefix in the shared bucket.</summary>
    public string Prefix { get; }

    public string ServiceId { get; }

    /// <summary>builtin_storage_volume's location.</summary>
    public string BuiltinLocation => $"s3://{S3.Bucket}/{Prefix}/builtin";

    /// <summary><see cref="NamedVolume"/>'s location.</summary>
    public string NamedLocation => $"s3://{S3.Bucket}/{Prefix}/named";

    public ClusterSnapshotManager Manager => Sim.Engine.Context.SharedDataFe.ClusterSnapshots;

    public static async Task<DrCluster> StartAsync(string tag, string version = "3.5.2", int intervalMs = 150, int phaseMs = 5,
        SimulatorRunMode runMode = SimulatorRunMode.SharedData, IOperationObserver? observer = null)
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        string prefix = S3Settings.UniquePrefix(tag);
        string serviceId = Guid.NewGuid().ToString();
        var options = new SimulatorOptions
        {
            Version = version,
            RunMode = runMode,
            ServiceId = serviceId,
            ClusterSnapshotInterval = TimeSpan.FromMilliseconds(intervalMs),
            ClusterSnapshotPhaseDuration = TimeSpan.FromMilliseconds(phaseMs),
        };
        if (runMode == SimulatorRunMode.SharedData)
        {
            options.BuiltinStorageVolume = StorageVolumeDefinition.ForS3("builtin_storage_volume", $"s3://{s3.Bucket}/{prefix}/builtin",
                s3.Endpoint, s3.Region, s3.AccessKey, s3.SecretKey);
            options.StorageVolumes.Add(StorageVolumeDefinition.ForS3(NamedVolume, $"s3://{s3.Bucket}/{prefix}/named",
                s3.Endpoint, s3.Region, s3.AccessKey, s3.SecretKey));
        }

        StarRocksSimulator sim = await StarRocksSimulator.StartAsync(options);
        try
        {
            StarRocksClient client = await StarRocksClient.ConnectAsync(StarRocksBackup.Core.Tests.Support.Sim.Options(sim), observer);
            return new DrCluster(sim, client, S3TestStore.Create(s3), s3, prefix, serviceId);
        }
        catch
        {
            await sim.DisposeAsync();
            throw;
        }
    }

    /// <summary>The automated snapshot folder names under a volume location, read straight from S3.</summary>
    public async Task<IReadOnlyList<string>> SnapshotFoldersAsync(string volumeLocation)
    {
        S3Location image = S3Location.Parse($"{volumeLocation}/{ServiceId}/meta/image/");
        ObjectListing listing = await Store.ListAsync(image.Bucket, image.Prefix, "/", CancellationToken.None);
        return listing.CommonPrefixes.Select(p => p.Substring(image.Prefix.Length).TrimEnd('/')).OrderBy(n => n, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every object key (relative to the snapshot folder) of one folder.</summary>
    public async Task<IReadOnlyList<string>> FolderFilesAsync(string volumeLocation, string snapshotName)
    {
        S3Location folder = S3Location.Parse($"{volumeLocation}/{ServiceId}/meta/image/{snapshotName}/");
        ObjectListing listing = await Store.ListAsync(folder.Bucket, folder.Prefix, null, CancellationToken.None);
        return listing.Objects.Select(o => o.Key.Substring(folder.Prefix.Length)).OrderBy(k => k, StringComparer.Ordinal).ToList();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (test timeout 30 s).</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        T value = await read();
        while (!condition(value))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}; last value: {Describe(value)}");
            }

            await Task.Delay(20);
            value = await read();
        }

        return value;
    }

    private static string Describe<T>(T value) =>
        value is System.Collections.IEnumerable e and not string ? string.Join(", ", e.Cast<object?>()) : value?.ToString() ?? "null";

    private bool _feDown;

    /// <summary>The FE goes away (the disaster): the client and the simulator are disposed; S3 keeps what was written.</summary>
    public async Task StopFeAsync()
    {
        if (!_feDown)
        {
            _feDown = true;
            Client.Dispose();
            await Sim.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopFeAsync();
        try
        {
            S3Location root = S3Location.Parse($"s3://{S3.Bucket}/{Prefix}/");
            ObjectListing all = await Store.ListAsync(root.Bucket, root.Prefix, null, CancellationToken.None);
            foreach (ObjectInfo o in all.Objects)
            {
                await Store.DeleteAsync(root.Bucket, o.Key, CancellationToken.None);
            }
        }
        catch (StarRocksBackupException)
        {
            // Cleanup is best effort; the prefix is unique to this test.
        }

        Store.Dispose();
    }
}

/// <summary>Keeps every message Core gives its observer, to prove secrets never reach it.</summary>
internal sealed class RecordingObserver : IOperationObserver
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => _messages.ToArray();

    public void Verbose(string message) => _messages.Enqueue(message);

    public void Debug(string message) => _messages.Enqueue(message);

    public void Warning(string message) => _messages.Enqueue(message);

    public void Progress(OperationProgress progress) => _messages.Enqueue(progress.ToString() ?? string.Empty);
}
