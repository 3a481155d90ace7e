using MySqlConnector;
using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Protocol;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Stop_then_Start_on_the_same_port_accepts_new_connections()
    {
        await using TestServer s = TestServer.Start();
        int port = s.Port;
        using (var c = s.Open())
        {
            Assert.NotNull(new MySqlCommand("SELECT CONNECTION_ID()", c).ExecuteScalar());
            await s.Server.StopAsync();
            Assert.False(s.Server.IsListening);
            Assert.Equal(0, s.Server.ActiveConnections);
            Assert.ThrowsAny<Exception>(() => new MySqlCommand("SELECT CONNECTION_ID()", c).ExecuteScalar());
        }

        Assert.ThrowsAny<MySqlException>(() => s.Open());
        s.Server.Start(port); // SO_REUSEADDR: no "address in use" from the old connections' TIME_WAIT
        Assert.Equal(port, s.Port);
        using var again = s.Open();
        Assert.Equal("5.1.0", again.ServerVersion);
    }

    [Fact]
    public async Task DropAllConnections_resets_clients_but_keeps_listening()
    {
        await using TestServer s = TestServer.Start();
        using var a = s.Open();
        using var b = s.Open();
        Assert.Equal(2, s.Server.ActiveConnections);
        s.Server.DropAllConnections();
        await CancellationTests.WaitUntilAsync(() => s.Server.ActiveConnections == 0, "connections dropped");
        var ex = Assert.ThrowsAny<Exception>(() => new MySqlCommand("SELECT CONNECTION_ID()", a).ExecuteScalar());
        // MySqlConnector lets the socket's own error through when the server reset the connection.
        Assert.True(ex is MySqlException or System.Net.Sockets.SocketException or IOException, ex.ToString());
        Assert.Equal(System.Data.ConnectionState.Broken, a.State);
        Assert.True(s.Server.IsListening);
        using var fresh = s.Open();
        Assert.NotNull(new MySqlCommand("SELECT CONNECTION_ID()", fresh).ExecuteScalar());
    }

    [Fact]
    public async Task DropAllConnections_sends_a_TCP_reset()
    {
        await using TestServer s = TestServer.Start();
        (RawClient c, _) = RawClient.Login(s.Port, "root", "");
        using (c)
        {
            await CancellationTests.WaitUntilAsync(() => s.Server.ActiveConnections == 1, "connected");
            s.Server.DropAllConnections();
            var ex = Assert.ThrowsAny<Exception>(() => { c.ReadPacket(); });
            Assert.Contains("reset", ex.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ConnectDelay_holds_the_handshake_back()
    {
        await using TestServer s = TestServer.Start(o => o.ConnectDelay = TimeSpan.FromMilliseconds(400));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var c = s.Open();
        Assert.True(clock.ElapsedMilliseconds >= 350, $"connected after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task ReplyDelay_holds_each_reply_back_after_its_statement_ran()
    {
        await using TestServer s = TestServer.Start(o => o.ReplyDelay = TimeSpan.FromMilliseconds(300));
        using var c = s.Open();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.NotNull(new MySqlCommand("SELECT CONNECTION_ID()", c).ExecuteScalar());
        Assert.True(clock.ElapsedMilliseconds >= 280, $"answered after {clock.ElapsedMilliseconds} ms");
        // The server's own time for the statement (the query log) does not include the wait: the statement had run.
        QueryLogEntry logged = s.Server.QueryLog.Entries.Last(e => e.Statement.Contains("CONNECTION_ID", StringComparison.Ordinal));
        Assert.True(logged.Duration < TimeSpan.FromMilliseconds(200), $"logged {logged.Duration.TotalMilliseconds} ms");
        clock.Restart();
        Assert.True(await c.PingAsync());
        Assert.True(clock.ElapsedMilliseconds >= 280, $"COM_PING answered after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Start_twice_is_refused_and_a_busy_port_fails_loudly()
    {
        await using TestServer s = TestServer.Start();
        Assert.Throws<InvalidOperationException>(() => s.Server.Start(0));
        await using var other = new MySqlProtocolServer(new FakeQueryHandler(), new ProtocolOptions());
        Assert.ThrowsAny<System.Net.Sockets.SocketException>(() => other.Start(s.Port));
        Assert.False(other.IsListening);
    }
}
