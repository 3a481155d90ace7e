using System.Diagnostics;
using MySqlConnector;
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>
/// A long statement must stop promptly when the client gives up: MySqlConnector cancels by sending
/// KILL QUERY &lt;id&gt; on a second connection, so the wire layer must route KILL to the right one.
/// </summary>
public sealed class CancellationTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);
    private readonly ITestOutputHelper _out;

    public CancellationTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public async Task Sleep_cancelled_by_MySqlCommand_Cancel_returns_within_seconds()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        using var cmd = new MySqlCommand("SELECT SLEEP(30)", c);
        var clock = Stopwatch.StartNew();
        Task<object?> run = Task.Run(() => cmd.ExecuteScalar());
        await WaitUntilAsync(() => s.Server.QueryLog.Count == 1 && s.Server.ActiveConnections == 1, "connected");
        await Task.Delay(200);
        cmd.Cancel();
        object? result = null;
        Exception? error = null;
        try
        {
            result = await run.WaitAsync(Prompt);
        }
        catch (MySqlException ex)
        {
            error = ex;
        }

        _out.WriteLine($"{clock.Elapsed} result={result} error={error?.Message}");
        Assert.True(clock.Elapsed < Prompt, $"took {clock.Elapsed}");
        Assert.True(result is 1L || error is not null, "SLEEP returns 1 when interrupted (or the driver reports the cancel)");
        Assert.Contains(s.Server.QueryLog.Entries, e => e.Statement.StartsWith("KILL QUERY ", StringComparison.Ordinal) && e.ErrorCode is null);
    }

    /// <summary>
    /// MySqlConnector enforces CommandTimeout itself: it sends KILL QUERY, then (to absorb a late KILL) the clearing
    /// statement SELECT SLEEP(0) INTO @__MySqlConnector__Sleep, which StarRocks' grammar rejects (only INTO
    /// OUTFILE exists), so the FE's syntax error is what the driver throws. Core reads it as the timeout.
    /// </summary>
    [Fact]
    public async Task Sleep_under_CommandTimeout_is_killed_on_the_server_within_seconds()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        using var cmd = new MySqlCommand("SELECT SLEEP(30)", c) { CommandTimeout = 1 };
        var clock = Stopwatch.StartNew();
        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => Task.Run(() => cmd.ExecuteScalar()).WaitAsync(Prompt + Prompt));
        _out.WriteLine($"{clock.Elapsed} {ex.GetType().Name}: {ex.Message} / {ex.InnerException?.Message}");
        Assert.IsType<MySqlException>(ex); // WaitAsync did not give up: the driver did
        Assert.True(clock.Elapsed < Prompt, $"took {clock.Elapsed}");
        var log = s.Server.QueryLog.Entries;
        Assert.Contains(log, e => e.Statement == "SELECT SLEEP(30)" && e.Duration < Prompt);
        Assert.Contains(log, e => e.Statement.StartsWith("KILL QUERY ", StringComparison.Ordinal) && e.ErrorCode is null);
        Assert.Contains(log, e => e.Statement == "SELECT SLEEP(0) INTO @__MySqlConnector__Sleep" && e.ErrorCode is not null);
        Assert.Contains("__MySqlConnector__Sleep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sleep_cancelled_by_a_CancellationToken_returns_within_seconds()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        using var cmd = new MySqlCommand("SELECT SLEEP(30)", c);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();
        try
        {
            object? r = await Task.Run(() => cmd.ExecuteScalarAsync(cts.Token)).WaitAsync(Prompt);
            _out.WriteLine($"result {r}");
        }
        catch (Exception ex) when (ex is not TimeoutException)
        {
            _out.WriteLine($"{ex.GetType().Name}: {ex.Message}");
        }

        Assert.True(clock.Elapsed < Prompt, $"took {clock.Elapsed}");
        Assert.Contains(s.Server.QueryLog.Entries, e => e.Statement.StartsWith("KILL QUERY ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KILL_QUERY_cancels_the_handlers_token_and_the_connection_stays_usable()
    {
        await using TestServer s = TestServer.Start();
        using var victim = s.Open();
        using var killer = s.Open();
        long id = Convert.ToInt64(new MySqlCommand("SELECT CONNECTION_ID()", victim).ExecuteScalar());
        Task<int> run = Task.Run(() => new MySqlCommand("SELECT wait", victim).ExecuteNonQuery());
        await WaitUntilAsync(() => s.Handler.Received.Any(r => r.Sql == "SELECT wait"), "handler started");
        new MySqlCommand($"KILL QUERY {id}", killer).ExecuteNonQuery();
        await run.WaitAsync(Prompt);
        Assert.Equal(1, s.Handler.Cancellations);
        Assert.Equal(id, Convert.ToInt64(new MySqlCommand("SELECT CONNECTION_ID()", victim).ExecuteScalar()));
    }

    [Fact]
    public async Task A_dropped_client_cancels_its_running_statement()
    {
        await using TestServer s = TestServer.Start();
        (RawClient c, _) = RawClient.Login(s.Port, "root", "");
        c.WritePacket([0x03, .. "SELECT wait"u8.ToArray()], 0);
        await WaitUntilAsync(() => s.Handler.Received.Any(r => r.Sql == "SELECT wait"), "handler started");
        c.Dispose();
        await WaitUntilAsync(() => s.Handler.Cancellations == 1, "handler cancelled");
        await WaitUntilAsync(() => s.Server.ActiveConnections == 0, "connection gone");
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs) throw new TimeoutException($"waited {timeoutMs} ms for: {what}");
            await Task.Delay(20);
        }
    }
}
