using StarRocksBackup.Simulator;
using StarRocksBackup.Simulator.Fe;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>Drives the FE engine directly through <see cref="IQueryHandler"/> (no sockets).</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    public EngineHarness(string version = "3.3.9", Action<SimulatorOptions>? configure = null)
    {
        Options = new SimulatorOptions
        {
            Version = version,
            BackupPhaseDuration = TimeSpan.FromMilliseconds(30),
            RestorePhaseDuration = TimeSpan.FromMilliseconds(30),
        };
        configure?.Invoke(Options);
        Engine = new FeEngine(Options);
        Session = new ClientSession(1, "root", "127.0.0.1:1");
    }

    public SimulatorOptions Options { get; }

    public FeEngine Engine { get; }

    public ClientSession Session { get; }

    public QueryResult Exec(string sql) => Engine.Execute(Session, sql, CancellationToken.None);

    public void Ok(string sql)
    {
        QueryResult r = Exec(sql);
        Assert.True(r is OkResult, $"{sql} → {r}");
    }

    public ResultSetResult Query(string sql)
    {
        QueryResult r = Exec(sql);
        return Assert.IsType<ResultSetResult>(r, exactMatch: true) ?? throw new InvalidOperationException(r.ToString());
    }

    public ErrorResult Error(string sql)
    {
        QueryResult r = Exec(sql);
        Assert.True(r is ErrorResult, $"{sql} should fail but gave {r.GetType().Name}");
        return (ErrorResult)r;
    }

    /// <summary>Asserts the full ERR packet: code, SQLSTATE and exact message.</summary>
    public void Fails(string sql, int code, string sqlState, string message)
    {
        ErrorResult e = Error(sql);
        Assert.Equal(message, e.Message);
        Assert.Equal(code, e.Code);
        Assert.Equal(sqlState, e.SqlState);
    }

    public static string[] Names(ResultSetResult r) => r.Columns.Select(c => c.Name).ToArray();

    public static string? Cell(ResultSetResult r, int row, string column)
    {
        int i = r.Columns.ToList().FindIndex(c => c.Name == column);
        Assert.True(i >= 0, $"no column {column}");
        return r.Rows[row][i]?.ToString();
    }

    /// <summary>A repository on the test S3 server under a unique prefix.</summary>
    public string CreateRepo(string name, string prefix, bool readOnly = false)
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        Ok($"CREATE {(readOnly ? "READ ONLY " : string.Empty)}REPOSITORY {name} WITH BROKER ON LOCATION \"s3://{s3.Bucket}/{prefix}\" " +
           $"PROPERTIES (\"aws.s3.access_key\" = \"{s3.AccessKey}\", \"aws.s3.secret_key\" = \"{s3.SecretKey}\", " +
           $"\"aws.s3.endpoint\" = \"{s3.Endpoint}\", \"aws.s3.region\" = \"{s3.Region}\")");
        return name;
    }

    /// <summary>Polls SHOW BACKUP/RESTORE FROM db until State is one of <paramref name="states"/>.</summary>
    public ResultSetResult WaitState(string showSql, params string[] states)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            ResultSetResult r = Query(showSql);
            if (r.Rows.Count > 0 && states.Contains(Cell(r, 0, "State"))) return r;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{showSql}: state {(r.Rows.Count > 0 ? Cell(r, 0, "State") : "<no row>")}, want {string.Join("/", states)}");
            Thread.Sleep(10);
        }
    }

    public ValueTask DisposeAsync() => new(Engine.Context.Jobs.StopAllAsync());
}
