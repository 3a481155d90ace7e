using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>Everything one simulated FE owns, shared by its executors, job handler and faults.</summary>
public sealed class FeContext
{
    public FeContext(SimulatorOptions options)
    {
        Options = options;
        Version = SrVersion.Parse(options.Version);
        Repositories = new RepositoryManager(this);
        Jobs = new BackupHandler(this);
    }

    public SimulatorOptions Options { get; }

    public SrVersion Version { get; }

    public Catalog Catalog { get; } = new();

    public SimClock Clock { get; } = new();

    public JobFaults Faults { get; } = new();

    public RepositoryManager Repositories { get; }

    public BackupHandler Jobs { get; }

    /// <summary>Fires when the simulator is disposed: job runners stop.</summary>
    public CancellationTokenSource Shutdown { get; } = new();

    public bool SharedData => Options.RunMode == SimulatorRunMode.SharedData;

    /// <summary>Backend ids 10001.. (SHOW BACKENDS, UnfinishedTasks).</summary>
    public IReadOnlyList<long> BackendIds => Enumerable.Range(0, Math.Max(Options.AliveBackends, 0)).Select(i => 10001L + i).ToList();

    /// <summary>"yyyy-MM-dd HH:mm:ss" in the FE time zone; null for unset (≤ 0) times (shown as NULL, facts §2.8).</summary>
    public string? FormatTime(long epochMs) =>
        epochMs <= 0 ? null : TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(epochMs), Options.TimeZone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The snapshot timestamp "yyyy-MM-dd-HH-mm-ss-SSS" of a job created at <paramref name="epochMs"/> (FE zone).</summary>
    public string FormatSnapshotTimestamp(long epochMs) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(epochMs), Options.TimeZone).ToString("yyyy-MM-dd-HH-mm-ss-fff", System.Globalization.CultureInfo.InvariantCulture);

    public DateTimeOffset ToFeZone(long epochMs) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(epochMs), Options.TimeZone);
}
