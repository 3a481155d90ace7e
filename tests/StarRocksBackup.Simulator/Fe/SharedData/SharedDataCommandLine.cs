// Console-host options for --run-mode shared-data. The builtin storage volume defaults to the S3_*
// environment of tests/tools/s3-server.sh, so `--run-mode shared-data` works as is next to that server.
using System.Globalization;
using StarRocksBackup.Simulator.Fe.SharedData;

namespace StarRocksBackup.Simulator;

internal static class SharedDataCommandLine
{
    public const string Help = """
          --storage-location <s3://bucket/prefix>   builtin_storage_volume location (shared-data; default s3://$S3_BUCKET/starrocks)
          --s3-endpoint <url> --s3-region <r> --s3-access-key <k> --s3-secret-key <k>
                                the builtin volume's aws.s3.* properties (default: S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY, S3_SECRET_KEY)
          --service-id <id>     StarOS service id in snapshot paths (default: a new uuid)
          --snapshot-interval-s <n>  automated_cluster_snapshot_interval_seconds (default 600)
        """;

    private static readonly Dictionary<string, string?> s_values = new(StringComparer.Ordinal);

    /// <summary>Consumes one shared-data option; false when <paramref name="arg"/> is not one.</summary>
    public static bool TryApply(string arg, Func<string> value, SimulatorOptions options)
    {
        switch (arg)
        {
            case "--storage-location":
            case "--s3-endpoint":
            case "--s3-region":
            case "--s3-access-key":
            case "--s3-secret-key":
                s_values[arg] = value();
                return true;
            case "--service-id":
                options.ServiceId = value();
                return true;
            case "--snapshot-interval-s":
                options.ClusterSnapshotInterval = TimeSpan.FromSeconds(double.Parse(value(), CultureInfo.InvariantCulture));
                return true;
            default:
                return false;
        }
    }

    /// <summary>After parsing: builds builtin_storage_volume for shared-data mode unless one is set already.</summary>
    public static void Complete(SimulatorOptions options)
    {
        if (options.RunMode != SimulatorRunMode.SharedData || options.BuiltinStorageVolume is not null)
        {
            return;
        }

        string? Get(string arg, string env) => s_values.GetValueOrDefault(arg) ?? Environment.GetEnvironmentVariable(env);
        string? bucket = Environment.GetEnvironmentVariable("S3_BUCKET");
        string? location = s_values.GetValueOrDefault("--storage-location") ?? (bucket is null ? null : $"s3://{bucket}/starrocks");
        string? endpoint = Get("--s3-endpoint", "S3_ENDPOINT");
        if (location is null || endpoint is null)
        {
            throw new ArgumentException("--run-mode shared-data needs --storage-location and --s3-endpoint (or S3_BUCKET and S3_ENDPOINT in the environment)");
        }

        options.BuiltinStorageVolume = StorageVolumeDefinition.ForS3(
            StorageVolumeRegistry.BuiltinName, location, endpoint, Get("--s3-region", "S3_REGION") ?? "us-east-1",
            Get("--s3-access-key", "S3_ACCESS_KEY") ?? string.Empty, Get("--s3-secret-key", "S3_SECRET_KEY") ?? string.Empty);
    }

    /// <summary>What the host prints about the shared-data side (never the keys).</summary>
    public static string? Describe(SimulatorOptions options) =>
        options.RunMode == SimulatorRunMode.SharedData && options.BuiltinStorageVolume is { } sv
            ? $"  builtin_storage_volume at {sv.Location}; cluster snapshots every {options.ClusterSnapshotInterval.TotalSeconds:0.###} s under {sv.Location.TrimEnd('/')}/{options.ServiceId}/meta/image/"
            : null;
}
