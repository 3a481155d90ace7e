using System.Diagnostics;
using MySql.Data.MySqlClient;
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>
/// A long statement must stop promptly when the client gives up: MySql.Data cancels by sending
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
        Task<object> run = Task.Run(() => cmd.ExecuteScalar());
        await WaitUntilAsync(() => s.Server.QueryLog.Count == 4 && s.Server.ActiveConnections == 1, "statement started");
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
    /// MySql.Data 8.0.16 on Linux does not treat the socket's ETIMEDOUT as a command timeout, so it
    /// sends no KILL QUERY: it reports a fatal read error and gives the connection up (the server's
    /// statement runs on until the socket really closes or the server stops, as on a real FE).
    /// </summary>
    [Fact]
    public async Task Sleep_under_CommandTimeout_fails_within_seconds()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        using var cmd = new MySqlCommand("SELECT SLEEP(30)", c) { CommandTimeout = 1 };
        var clock = Stopwatch.StartNew();
        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => Task.Run(() => cmd.ExecuteScalar()).WaitAsync(Prompt + Prompt));
        _out.WriteLine($"{clock.Elapsed} {ex.GetType().Name}: {ex.Message} / {ex.InnerException?.Message}");
        Assert.IsType<MySqlException>(ex); // WaitAsync did not give up: the driver did
        Assert.True(clock.Elapsed < Prompt, $"took {clock.Elapsed}");
        Assert.Contains("Fatal error", ex.Message, StringComparison.Ordinal);

        // Stopping the server cancels the orphaned SLEEP at once.
        var stop = Stopwatch.StartNew();
        await s.Server.StopAsync();
        Assert.True(stop.Elapsed < Prompt, $"stop took {stop.Elapsed}");
        Assert.Contains(s.Server.QueryLog.Entries, e => e.Statement == "SELECT SLEEP(30)");
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
