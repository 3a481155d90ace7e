using System.Diagnostics;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Core.Tests.Integration;

/// <summary>MySqlSession over real TCP with MySqlConnector against the simulator's wire layer.</summary>
public sealed class ConnectionLayerTests
{
    private static ConnectionOptions Options(ScriptedFeServer fe, string password = "") => new()
    {
        Host = "127.0.0.1", Port = fe.Port, User = "root", Password = password,
        ConnectTimeout = TimeSpan.FromSeconds(5), CommandTimeout = TimeSpan.FromSeconds(60),
        MaxReconnectAttempts = 6, ReconnectDelay = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task Connect_detects_version_run_mode_and_offset()
    {
        await using var fe = new ScriptedFeServer(version: "3.4.2 abcdef0");
        fe.On("ADMIN SHOW FRONTEND CONFIG", _ => ResultSetResult.Strings(new[] { "Key", "Value" }, new[] { new object?[] { "run_mode", "shared_data" } }));
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options(fe));
        Assert.Equal(new Version(3, 4, 2), c.Server.Version);
        Assert.Equal(RunMode.SharedData, c.Server.RunMode);
        Assert.True(c.Server.SupportsClusterSnapshots);
        Assert.NotNull(c.Server.UtcOffset);
    }

    [Fact]
    public async Task Version_falls_back_to_version_comment_and_run_mode_to_shared_nothing()
    {
        await using var fe = new ScriptedFeServer();
        fe.On("SELECT current_version()", _ => new ErrorResult(1064, "42000", "Getting analyzing error. Detail message: No matching function with signature: current_version()."));
        fe.On("ADMIN SHOW FRONTEND CONFIG", _ => new ErrorResult(5203, "42000", "Access denied; you need (at least one of) the OPERATE privilege(s) on SYSTEM for this operation."));
        var obs = new RecordingObserver();
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options(fe), obs);
        Assert.Equal(new Version(3, 3, 9), c.Server.Version); // ProtocolOptions.VersionComment = "StarRocks version 3.3.9"
        Assert.Equal(RunMode.SharedNothing, c.Server.RunMode);
        Assert.Contains(obs.Messages, m => m.StartsWith("DBG Cannot read run_mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_password_is_AuthenticationFailed_and_not_retried()
    {
        await using var fe = new ScriptedFeServer(password: "right-pw");
        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => StarRocksClient.ConnectAsync(Options(fe, "wrong-pw")));
        Assert.Equal(ErrorKind.AuthenticationFailed, ex.Kind);
        Assert.DoesNotContain("wrong-pw", ex.ToString());
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3));
        using StarRocksClient ok = await StarRocksClient.ConnectAsync(Options(fe, "right-pw"));
        Assert.DoesNotContain("right-pw", ok.ToString());
    }

    [Fact]
    public async Task Unreachable_server_is_ConnectionFailed()
    {
        var o = new ConnectionOptions { Host = "127.0.0.1", Port = 1, ConnectTimeout = TimeSpan.FromSeconds(1), MaxReconnectAttempts = 1, ReconnectDelay = TimeSpan.FromMilliseconds(10) };
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => StarRocksClient.ConnectAsync(o));
        Assert.Equal(ErrorKind.ConnectionFailed, ex.Kind);
    }

    [Fact]
    public async Task Cancelling_SELECT_SLEEP_really_interrupts_it_on_the_server()
    {
        await using var fe = new ScriptedFeServer(password: "pw");
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options(fe, "pw"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var sw = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.Session.QueryAsync("SELECT SLEEP(30)", NullObserver.Instance, cts.Token));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"cancel took {sw.Elapsed}");
        // KILL QUERY reached the server (MySqlConnector sends it on a side connection when the token fires).
        Assert.Contains(fe.Server.QueryLog.Entries, e => e.Statement.StartsWith("KILL QUERY", StringComparison.OrdinalIgnoreCase));
        // The pool still works afterwards.
        var t = await c.Session.QueryAsync("SELECT current_version()", NullObserver.Instance, CancellationToken.None);
        Assert.StartsWith("3.3.9", t.Rows[0][0]);
    }

    [Fact]
    public async Task The_command_timeout_kills_the_statement_on_the_server_and_is_a_Timeout()
    {
        await using var fe = new ScriptedFeServer();
        var o = Options(fe);
        o.CommandTimeout = TimeSpan.FromSeconds(1);
        using StarRocksClient c = await StarRocksClient.ConnectAsync(o);
        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => c.Session.QueryAsync("SELECT SLEEP(30)", NullObserver.Instance, default));
        Assert.Equal(ErrorKind.Timeout, ex.Kind);
        Assert.Contains("command timeout", ex.Message, StringComparison.Ordinal);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(8), $"took {sw.Elapsed}");
        Assert.Contains(fe.Server.QueryLog.Entries, e => e.Statement.StartsWith("KILL QUERY", StringComparison.OrdinalIgnoreCase));
        // The driver's clearing statement is refused by StarRocks' grammar (no SELECT … INTO @var); the pool copes.
        Assert.Contains(fe.Server.QueryLog.Entries, e => e.Statement.Contains("__MySqlConnector__Sleep", StringComparison.Ordinal) && e.ErrorCode == 1064);
        var t = await c.Session.QueryAsync("SELECT current_version()", NullObserver.Instance, CancellationToken.None);
        Assert.StartsWith("3.3.9", t.Rows[0][0]);
    }

    [Fact]
    public async Task A_non_idempotent_statement_after_an_idle_FE_restart_is_sent_once_on_a_fresh_connection()
    {
        await using var fe = new ScriptedFeServer();
        int backups = 0;
        fe.On("BACKUP", _ =>
        {
            Interlocked.Increment(ref backups);
            return OkResult.Empty;
        });
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options(fe));
        await fe.RestartAsync(TimeSpan.FromMilliseconds(200)); // the pooled connection dies while idle
        var obs = new RecordingObserver();
        await c.Session.ExecuteAsync("BACKUP SNAPSHOT `d`.`l` TO `r`", StatementSafety.NonIdempotent, obs, default);
        Assert.Equal(1, backups);
        Assert.Contains(obs.Messages, m => m.Contains("COM_PING failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_errors_are_translated_with_detail_and_code()
    {
        await using var fe = new ScriptedFeServer();
        fe.On("BACKUP", _ => new ErrorResult(5064, "42000", "Can only run one backup or restore job of a database at same time"));
        fe.On("SHOW BACKUP FROM", _ => new ErrorResult(5501, "3F000", "Getting analyzing error. Detail message: Unknown database 'nope'."));
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options(fe));
        var busy = await Assert.ThrowsAsync<StarRocksBackupException>(() => c.Session.ExecuteAsync("BACKUP SNAPSHOT `d`.`l` TO `r`", StatementSafety.NonIdempotent, NullObserver.Instance, default));
        Assert.Equal(ErrorKind.JobInProgress, busy.Kind);
        Assert.Equal(5064, busy.ServerErrorCode);
        Assert.Equal("42000", busy.SqlState); // MySqlConnector keeps the ERR packet's SQLSTATE
        var nodb = await Assert.ThrowsAsync<StarRocksBackupException>(() => c.Jobs.ListBackupJobsAsync("nope"));
        Assert.Equal(ErrorKind.DatabaseNotFound, nodb.Kind);
        Assert.Equal("Unknown database 'nope'", nodb.ServerMessage);
    }

    [Fact]
    public async Task Idempotent_queries_survive_dropped_connections_and_restarts()
    {
        await using var fe = new ScriptedFeServer();
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options(fe));
        fe.Server.DropAllConnections();
        var t = await c.Session.QueryAsync("SELECT current_version()", NullObserver.Instance, default);
        Assert.Single(t.Rows);

        Task restart = fe.RestartAsync(TimeSpan.FromMilliseconds(700));
        await Task.Delay(100);
        var obs = new RecordingObserver();
        t = await c.Session.QueryAsync("SELECT current_version()", obs, default);
        await restart;
        Assert.Single(t.Rows);
    }

    [Fact]
    public async Task A_non_idempotent_statement_cut_off_by_a_dropped_connection_is_not_resent()
    {
        await using var fe = new ScriptedFeServer();
        using var entered = new SemaphoreSlim(0);
        fe.On("BACKUP", (_, cancel) =>
        {
            entered.Release();
            cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(10));
            return OkResult.Empty;
        });
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options(fe));
        Task<long> run = c.Session.ExecuteAsync("BACKUP SNAPSHOT `d`.`l` TO `r`", StatementSafety.NonIdempotent, NullObserver.Instance, default);
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(5)));
        fe.Server.DropAllConnections();
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => run);
        Assert.True(ex.Kind == ErrorKind.ConnectionFailed, ex.ToString());
        Assert.True(ex.OutcomeUnknown);
        Assert.Single(fe.Received, s => s.StartsWith("BACKUP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Query_results_keep_nulls_and_read_columns_by_name()
    {
        await using var fe = new ScriptedFeServer();
        fe.On("SHOW REPOSITORIES", _ => ResultSetResult.Strings(new[] { "RepoId", "RepoName", "CreateTime", "IsReadOnly", "Location", "Broker", "ErrMsg" },
            new[] { new object?[] { "5", "r1", "2025-01-01 00:00:00", "false", "s3://b/x", "", null } }));
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options(fe));
        var repo = (await c.Repositories.ListAsync()).Single();
        Assert.Equal(5, repo.RepoId);
        Assert.Null(repo.ErrorMessage);
        Assert.Equal(new DateTime(2025, 1, 1), repo.CreateTime);
    }
}
