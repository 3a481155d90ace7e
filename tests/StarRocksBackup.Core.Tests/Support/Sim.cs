using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Simulator;
using StarRocksBackup.Tests;

namespace StarRocksBackup.Core.Tests.Support;

/// <summary>Starts the FE simulator and a Core client connected to it.</summary>
internal sealed class Sim : IAsyncDisposable
{
    private Sim(StarRocksSimulator simulator, StarRocksClient client)
    {
        Simulator = simulator;
        Client = client;
    }

    public StarRocksSimulator Simulator { get; }

    public StarRocksClient Client { get; }

    public static WaitOptions FastWait => new()
    {
        MinPollInterval = TimeSpan.FromMilliseconds(20),
        MaxPollInterval = TimeSpan.FromMilliseconds(200),
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static async Task<Sim> StartAsync(string version = "3.3.9", int phaseMs = 30, string password = "", IOperationObserver? observer = null, int aliveBackends = 3,
        Action<SimulatorOptions>? simulator = null, Action<ConnectionOptions>? client = null)
    {
        var options = new SimulatorOptions
        {
            Version = version,
            BackupPhaseDuration = TimeSpan.FromMilliseconds(phaseMs),
            RestorePhaseDuration = TimeSpan.FromMilliseconds(phaseMs),
            AliveBackends = aliveBackends,
        };
        options.Users["root"] = password;
        simulator?.Invoke(options);
        StarRocksSimulator sim = await StarRocksSimulator.StartAsync(options);
        ConnectionOptions connection = Options(sim, password);
        client?.Invoke(connection);
        return new Sim(sim, await StarRocksClient.ConnectAsync(connection, observer));
    }

    public static ConnectionOptions Options(StarRocksSimulator sim, string password = "") => new()
    {
        Host = sim.Host, Port = sim.Port, User = "root", Password = password,
        ConnectTimeout = TimeSpan.FromSeconds(5), CommandTimeout = TimeSpan.FromSeconds(60),
        MaxReconnectAttempts = 8, ReconnectDelay = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>An S3 repository spec on the real S3 server under a unique prefix.</summary>
    public static RepositorySpec S3Repo(string name, string tag)
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        return RepositorySpec.S3(name, $"s3://{s3.Bucket}/{S3Settings.UniquePrefix(tag)}", s3.AccessKey, s3.SecretKey, s3.Endpoint, s3.Region);
    }

    public Task ExecAsync(string sql) => Client.Session.ExecuteAsync(sql, StatementSafety.NonIdempotent, NullObserver.Instance, default);

    public async Task<IReadOnlyList<string>> RowsAsync(string sql)
    {
        var t = await Client.Session.QueryAsync(sql, NullObserver.Instance, default);
        return t.Rows.Select(r => string.Join("|", Enumerable.Range(0, t.Columns.Count).Select(i => r[i] ?? "NULL"))).ToList();
    }

    /// <summary>A database with a partitioned table (3 rows) and a small table.</summary>
    public async Task SeedAsync(string db)
    {
        string q = Core.Sql.SqlQuote.Identifier(db);
        await ExecAsync($"CREATE DATABASE {q}");
        await ExecAsync($"CREATE TABLE {q}.orders (id BIGINT, dt DATE, note VARCHAR(64)) DUPLICATE KEY(id) " +
                        "PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN (\"2024-02-01\"), PARTITION p2 VALUES LESS THAN (\"2024-03-01\")) " +
                        "DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        await ExecAsync($"INSERT INTO {q}.orders VALUES (1, '2024-01-05', 'a'), (2, '2024-01-06', 'it''s'), (3, '2024-02-07', NULL)");
        await ExecAsync($"CREATE TABLE {q}.dim (k INT, name VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        await ExecAsync($"INSERT INTO {q}.dim VALUES (1, 'one')");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Simulator.DisposeAsync();
    }
}
