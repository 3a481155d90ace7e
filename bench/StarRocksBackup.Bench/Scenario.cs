using System.Globalization;
using MySqlConnector;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Simulator;
using StarRocksBackup.Simulator.Storage;

namespace StarRocksBackup.Bench;

/// <summary>One partition of the scenario.</summary>
public sealed record PartitionRef(string Database, string Table, string Partition);

/// <summary>S3 settings from the S3_* variables that tests/tools/s3-server.sh prints.</summary>
public sealed record S3Env(string Endpoint, string AccessKey, string SecretKey, string Region, string Bucket)
{
    public static S3Env FromEnvironment()
    {
        static string Need(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException($"{name} is not set. Run: set -a; . /tmp/s3.env; set +a (or tests/tools/s3-server.sh start).");
        return new S3Env(Need("S3_ENDPOINT"), Need("S3_ACCESS_KEY"), Need("S3_SECRET_KEY"),
            Environment.GetEnvironmentVariable("S3_REGION") is { Length: > 0 } r ? r : "us-east-1", Need("S3_BUCKET"));
    }
}

/// <summary>
/// The simulator with databases × tables × partitions (one row per partition); repositories on the real S3 server
/// under a prefix unique to this run.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    private Scenario(StarRocksSimulator sim, S3Env s3, string prefix, IReadOnlyList<PartitionRef> partitions)
    {
        Sim = sim;
        S3 = s3;
        Prefix = prefix;
        Partitions = partitions;
    }

    public StarRocksSimulator Sim { get; }

    public S3Env S3 { get; }

    /// <summary>The run's key prefix in the shared bucket.</summary>
    public string Prefix { get; }

    /// <summary>Every partition, database by database, table by table.</summary>
    public IReadOnlyList<PartitionRef> Partitions { get; }

    public IEnumerable<string> DatabaseNames => Partitions.Select(p => p.Database).Distinct();

    public static async Task<Scenario> CreateAsync(BenchOptions o, S3Env s3)
    {
        StarRocksSimulator sim = await StarRocksSimulator.StartAsync(new SimulatorOptions
        {
            Version = o.Version,
            BackupPhaseDuration = TimeSpan.FromMilliseconds(o.PhaseMs),
            RestorePhaseDuration = TimeSpan.FromMilliseconds(o.PhaseMs),
        });
        string prefix = $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..40];
        var parts = new List<PartitionRef>();
        await using (MySqlConnection c = await OpenAsync(sim))
        {
            for (int d = 0; d < o.Databases; d++)
            {
                string db = $"db{d:D2}";
                await ExecAsync(c, $"CREATE DATABASE `{db}`");
                for (int t = 0; t < o.Tables; t++)
                {
                    string table = $"t{t:D2}";
                    var ranges = Enumerable.Range(0, o.Partitions).Select(p => $"PARTITION p{p:D3} VALUES LESS THAN (\"{(p + 1) * 100}\")");
                    await ExecAsync(c, $"CREATE TABLE `{db}`.`{table}` (k INT, v VARCHAR(32)) DUPLICATE KEY(k) " +
                                       $"PARTITION BY RANGE(k) ({string.Join(", ", ranges)}) DISTRIBUTED BY HASH(k) BUCKETS {o.Buckets} " +
                                       "PROPERTIES (\"replication_num\" = \"1\")");
                    var rows = Enumerable.Range(0, o.Partitions).Select(p => $"({(p * 100) + 1}, 'row {db}.{table}.p{p:D3}')");
                    await ExecAsync(c, $"INSERT INTO `{db}`.`{table}` VALUES {string.Join(", ", rows)}");
                    parts.AddRange(Enumerable.Range(0, o.Partitions).Select(p => new PartitionRef(db, table, $"p{p:D3}")));
                }
            }
        }

        return new Scenario(sim, s3, prefix, parts);
    }

    /// <summary>
    /// A fresh repository for one measured run (created before its window opens). Every run gets its own because
    /// BACKUP lists the repository's snapshots under the FE's submission lock (as StarRocks does), and on this
    /// S3 server that listing slows down as earlier runs' objects pile up under the same prefix.
    /// </summary>
    public async Task<string> NewRepositoryAsync(string name)
    {
        using StarRocksClient client = await ConnectCoreAsync();
        await client.Repositories.CreateAsync(RepositorySpec.S3(name, $"s3://{S3.Bucket}/{Prefix}/{name}", S3.AccessKey,
            new Secret(S3.SecretKey), S3.Endpoint, S3.Region, enablePathStyleAccess: true));
        return name;
    }

    /// <summary>A Core client for the simulator (what Connect-SrServer makes).</summary>
    public Task<StarRocksClient> ConnectCoreAsync() =>
        StarRocksClient.ConnectAsync(new ConnectionOptions { Host = Sim.Host, Port = Sim.Port, User = "root" });

    /// <summary>A plain driver connection (what a DBA's script opens).</summary>
    public Task<MySqlConnection> OpenDriverAsync() => OpenAsync(Sim);

    /// <summary>Object keys this run wrote (for the report and the clean-up).</summary>
    public async Task<List<string>> ListObjectsAsync()
    {
        using var store = new ObjectStore(S3.Endpoint, S3.AccessKey, S3.SecretKey, S3.Region, S3.Bucket);
        return await store.ListKeysAsync(Prefix + "/");
    }

    /// <summary>Deletes everything under the run's prefix (the bucket is shared with the test suites).</summary>
    public async Task<int> CleanUpAsync()
    {
        using var store = new ObjectStore(S3.Endpoint, S3.AccessKey, S3.SecretKey, S3.Region, S3.Bucket);
        List<string> keys = await store.ListKeysAsync(Prefix + "/");
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (k, ct) => await store.DeleteAsync(k, ct));
        return keys.Count;
    }

    public ValueTask DisposeAsync() => Sim.DisposeAsync();

    internal static async Task ExecAsync(MySqlConnection c, string sql)
    {
        await using var cmd = new MySqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<MySqlConnection> OpenAsync(StarRocksSimulator sim)
    {
        var c = new MySqlConnection(sim.ConnectionString() + ";Pooling=false;Default Command Timeout=60");
        await c.OpenAsync();
        return c;
    }

    internal static string Ms(double ms) => ms.ToString("0", CultureInfo.InvariantCulture);
}
