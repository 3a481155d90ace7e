using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Simulator;

/// <summary>
/// What both scenarios stand on: the S3 server from the S3_* variables, a key prefix of the run's own (removed at the
/// end), a simulator with a Core client, repositories under the prefix, and schema set up through the driver.
/// </summary>
internal sealed class BenchSetup
{
    private readonly string _access;
    private readonly string _secret;
    private readonly string _bucket;
    private readonly string _prefix = "t-incbench-" + Guid.NewGuid().ToString("N");

    public BenchSetup(string endpoint, string access, string secret, string bucket, string region)
    {
        Endpoint = endpoint;
        Region = region;
        _access = access;
        _secret = secret;
        _bucket = bucket;
        StoreOptions = new ObjectStoreOptions { Endpoint = endpoint, Region = region, AccessKey = access, SecretKey = new Secret(secret) };
    }

    public string Endpoint { get; }

    public string Region { get; }

    public ObjectStoreOptions StoreOptions { get; }

    /// <summary>The location of the repository <paramref name="name"/> under the run's prefix.</summary>
    public string LocationOf(string name) => $"s3://{_bucket}/{_prefix}/{name}";

    /// <summary>A simulator (3.3.9) with these phase and network round-trip times, and a Core client connected to it.</summary>
    public async Task<(StarRocksSimulator Sim, StarRocksClient Client)> StartAsync(int phaseMs, int rttMs = 0)
    {
        StarRocksSimulator sim = await StarRocksSimulator.StartAsync(new SimulatorOptions
        {
            Version = "3.3.9",
            BackupPhaseDuration = TimeSpan.FromMilliseconds(phaseMs),
            RestorePhaseDuration = TimeSpan.FromMilliseconds(phaseMs),
            NetworkRoundTrip = TimeSpan.FromMilliseconds(rttMs),
        });
        StarRocksClient client = await StarRocksClient.ConnectAsync(new ConnectionOptions
        {
            Host = sim.Host, Port = sim.Port, User = "root", CommandTimeout = TimeSpan.FromMinutes(10),
        });
        return (sim, client);
    }

    /// <summary>Creates the repository <paramref name="name"/> under the run's prefix and returns its catalog.</summary>
    public async Task<BackupCatalog> RepositoryAsync(StarRocksClient client, S3ObjectStore store, string name)
    {
        string location = LocationOf(name);
        await client.Repositories.CreateAsync(RepositorySpec.S3(name, location, _access, new Secret(_secret), Endpoint, Region));
        return new BackupCatalog(new RepositoryStorage(store, S3Location.Parse(location), name));
    }

    /// <summary>Schema setup goes through the driver directly, as a DBA's script would (Core's session is internal).</summary>
    public static async Task ExecAsync(StarRocksClient c, string sql)
    {
        await using var conn = new MySqlConnector.MySqlConnection($"Server={c.Options.Host};Port={c.Options.Port};User Id=root;Password=;SslMode=None;Default Command Timeout=600");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Removes every object the run wrote under its prefix.</summary>
    public async Task CleanUpAsync()
    {
        using var store = new S3ObjectStore(StoreOptions);
        foreach (ObjectInfo o in (await store.ListAsync(_bucket, _prefix + "/", null, default)).Objects)
        {
            await store.DeleteAsync(_bucket, o.Key, default);
        }
    }
}
