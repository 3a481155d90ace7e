using MySqlConnector;
using StarRocksBackup.Simulator.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Simulator.Tests.Protocol;

public sealed class ConnectTests
{
    private readonly ITestOutputHelper _out;

    public ConnectTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public async Task MySqlConnector_connect_sequence_is_one_SET_NAMES_utf8()
    {
        await using TestServer s = TestServer.Start();
        using (var c = s.Open())
        {
            Assert.Equal("5.1.0", c.ServerVersion);
        }

        var entries = s.Server.QueryLog.Entries;
        foreach (var e in entries) _out.WriteLine($"{e.ConnectionId} {e.Statement} -> {e.ErrorCode}");
        // The handshake's server version 5.1.0 predates utf8mb4 (5.5.3), so the driver asks for utf8, which
        // StarRocks accepts (facts 11.1.7); it reads no variables and no collation table.
        Assert.Equal(["SET NAMES utf8"], entries.Select(e => e.Statement).ToArray());
        Assert.All(entries, e => Assert.Null(e.ErrorCode));
        Assert.All(entries, e => Assert.Equal("root", e.User));
        Assert.Empty(s.Handler.Received); // answered by the wire layer
        Assert.Equal([new LoginRecord(1, "root", "mysql_native_password", false, true)], s.Server.Logins);
    }

    [Fact]
    public async Task Pooled_connections_are_reused_and_pinged()
    {
        await using TestServer s = TestServer.Start();
        string cs = s.ConnectionString(pooling: true, extra: "Minimum Pool Size=0;Maximum Pool Size=3");
        try
        {
            for (int i = 0; i < 5; i++)
            {
                using var c = new MySqlConnection(cs);
                c.Open();
                using var cmd = new MySqlCommand("SELECT CONNECTION_ID()", c);
                Assert.Equal(1L, Convert.ToInt64(cmd.ExecuteScalar()));
            }

            // One physical connection: every statement on connection 1; each reuse is reset with COM_CHANGE_USER
            // (the server says 5.1.0, older than COM_RESET_CONNECTION's 5.7.3), a login on the same connection.
            Assert.All(s.Server.QueryLog.Entries, e => Assert.Equal(1, e.ConnectionId));
            Assert.All(s.Server.Logins, l => Assert.Equal(1, l.ConnectionId));
            Assert.Equal(1, s.Server.ActiveConnections);
        }
        finally
        {
            MySqlConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task Pooled_ConnectionReset_uses_COM_CHANGE_USER_and_gets_a_fresh_session()
    {
        await using TestServer s = TestServer.Start(o => o.Users["backup"] = "pw");
        string cs = s.ConnectionString("backup", "pw", pooling: true, extra: "Connection Reset=true;Maximum Pool Size=1;Database=edw");
        try
        {
            for (int i = 0; i < 3; i++)
            {
                using var c = new MySqlConnection(cs);
                c.Open();
                using (var check = new MySqlCommand("SELECT @@query_timeout, DATABASE()", c))
                using (var r = check.ExecuteReader())
                {
                    Assert.True(r.Read());
                    Assert.Equal(300L, r.GetInt64(0)); // the previous user's SET is gone
                    Assert.Equal("edw", r.GetString(1));
                }

                using var set = new MySqlCommand("SET query_timeout = 5", c);
                set.ExecuteNonQuery();
            }

            Assert.All(s.Server.QueryLog.Entries, e => Assert.Equal(1, e.ConnectionId));
            Assert.Equal(3, s.Server.Logins.Count); // the login, then COM_CHANGE_USER before each reuse
            Assert.All(s.Server.Logins, l => Assert.True(l.Succeeded));
        }
        finally
        {
            MySqlConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task COM_CHANGE_USER_with_a_wrong_password_is_ERR_1045_and_closes_the_connection()
    {
        await using TestServer s = TestServer.Start(o => o.Users["backup"] = "pw");
        (RawClient d, _) = RawClient.Login(s.Port, "root", "");
        using (d)
        {
            byte[] scramble = RawClient.ScrambleOf(d.Greeting);
            byte[] good = RawClient.Scramble("pw", scramble);
            d.WritePacket([0x11, .. "backup"u8, 0, (byte)good.Length, .. good, .. "edw"u8, 0, 33, 0, .. "mysql_native_password"u8, 0], 0);
            Assert.Equal(0, d.ReadPacket()[0]);
            List<byte[]> who = d.Query("SELECT whoami");
            Assert.Contains("backup", System.Text.Encoding.UTF8.GetString(who[^2]), StringComparison.Ordinal);

            byte[] bad = RawClient.Scramble("nope", scramble);
            d.WritePacket([0x11, .. "backup"u8, 0, (byte)bad.Length, .. bad, 0, 33, 0, .. "mysql_native_password"u8, 0], 0);
            Assert.Equal((1045, "28000", "Access denied for user 'backup' (using password: YES)"), RawClient.ParseError(d.ReadPacket()));
            Assert.True(d.IsClosedByServer(TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public async Task Wrong_password_is_ERR_1045_28000_with_StarRocks_text()
    {
        await using TestServer s = TestServer.Start(o => o.Users["backup"] = "s3cret!");
        // MySqlConnector reports the server's ERR itself: number, SQLSTATE and text.
        var ex = Assert.Throws<MySqlException>(() => s.Open("backup", "wrong"));
        Assert.Equal(1045, ex.Number);
        Assert.Equal(MySqlErrorCode.AccessDenied, ex.ErrorCode);
        Assert.Equal("28000", ex.SqlState);
        Assert.Equal("Access denied for user 'backup' (using password: YES)", ex.Message);

        var noPassword = Assert.Throws<MySqlException>(() => s.Open("backup", ""));
        Assert.Equal(1045, noPassword.Number);
        Assert.Equal("Access denied for user 'backup' (using password: NO)", noPassword.Message);

        // root has no password: sending one is wrong too.
        Assert.Equal(1045, Assert.Throws<MySqlException>(() => s.Open("root", "x")).Number);
        Assert.Equal(0, s.Server.QueryLog.Count);
    }

    [Fact]
    public async Task Unknown_user_is_ERR_1045()
    {
        await using TestServer s = TestServer.Start();
        var ex = Assert.Throws<MySqlException>(() => s.Open("nobody", "pw"));
        Assert.Equal(1045, ex.Number);
        Assert.Equal("28000", ex.SqlState);
        Assert.Equal("Access denied for user 'nobody' (using password: YES)", ex.Message);
        Assert.Equal(0, s.Server.QueryLog.Count);
    }

    [Fact]
    public async Task Configured_user_with_password_connects_and_is_the_session_user()
    {
        await using TestServer s = TestServer.Start(o => o.Users["backup"] = "p@ss wörd;");
        using var c = s.Open("backup", "p@ss wörd;");
        using var cmd = new MySqlCommand("SELECT whoami", c);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal("backup", r.GetString(0));
        Assert.True(r.IsDBNull(1));
    }

    [Fact]
    public async Task Database_in_the_connection_string_goes_through_the_handler()
    {
        await using TestServer s = TestServer.Start();
        using (var c = s.Open(extra: "Database=edw"))
        {
            Assert.Equal("edw", c.Database);
            using var cmd = new MySqlCommand("SELECT DATABASE()", c);
            Assert.Equal("edw", cmd.ExecuteScalar());
        }

        Assert.Contains(s.Handler.Received, r => r.Sql == "USE `edw`");
        var ex = Assert.Throws<MySqlException>(() => s.Open(extra: "Database=missing"));
        Assert.Equal(5501, ex.Number);
        Assert.Equal("Getting analyzing error. Detail message: Unknown database 'missing'.", ex.Message);
    }

    [Fact]
    public async Task ChangeDatabase_and_USE_forward_a_quoted_USE_and_set_the_session_database()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        c.ChangeDatabase("we`ird"); // COM_INIT_DB
        using (var cmd = new MySqlCommand("SELECT DATABASE()", c))
        {
            Assert.Equal("we`ird", cmd.ExecuteScalar());
        }

        Assert.Contains(s.Handler.Received, r => r.Sql == "USE `we``ird`");
        var ex = Assert.Throws<MySqlException>(() => c.ChangeDatabase("nope"));
        Assert.Equal(5501, ex.Number);

        using (var use = new MySqlCommand("  use   edw ; ", c))
        {
            use.ExecuteNonQuery();
        }

        using (var cmd = new MySqlCommand("SELECT whoami", c))
        using (var r = cmd.ExecuteReader())
        {
            Assert.True(r.Read());
            Assert.Equal("edw", r.GetString(1));
        }

        using (var bad = new MySqlCommand("USE `nope`", c))
        {
            Assert.Equal(5501, Assert.Throws<MySqlException>(() => bad.ExecuteNonQuery()).Number);
        }

        using (var cmd = new MySqlCommand("SELECT DATABASE()", c))
        {
            Assert.Equal("edw", cmd.ExecuteScalar()); // a failed USE keeps the old database
        }
    }

    [Fact]
    public async Task Ping_answers_and_the_connection_stays_usable()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        Assert.True(c.Ping());
        Assert.True(c.Ping());
        using var cmd = new MySqlCommand("SELECT CONNECTION_ID()", c);
        Assert.Equal((long)s.Server.QueryLog.Entries[0].ConnectionId, Convert.ToInt64(cmd.ExecuteScalar()));
    }

    [Fact]
    public async Task Connection_ids_are_unique_and_increasing()
    {
        await using TestServer s = TestServer.Start();
        var ids = new List<long>();
        for (int i = 0; i < 3; i++)
        {
            using var c = s.Open();
            using var cmd = new MySqlCommand("SELECT CONNECTION_ID()", c);
            ids.Add(Convert.ToInt64(cmd.ExecuteScalar()));
        }

        Assert.Equal(ids.OrderBy(x => x).Distinct(), ids);
        Assert.Equal(3, ids.Count);
    }
}
