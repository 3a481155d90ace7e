using MySql.Data.MySqlClient;
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Simulator.Tests.Protocol;

public sealed class ConnectTests
{
    private readonly ITestOutputHelper _out;

    public ConnectTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public async Task MySqlData_connect_sequence_is_the_one_of_facts_11_3()
    {
        await using TestServer s = TestServer.Start();
        using (var c = s.Open())
        {
            Assert.Equal("5.1.0", c.ServerVersion);
        }

        var entries = s.Server.QueryLog.Entries;
        foreach (var e in entries) _out.WriteLine($"{e.ConnectionId} {e.Statement} -> {e.ErrorCode}");
        Assert.Equal(
            ["SHOW VARIABLES", "SELECT TIMEDIFF(NOW(), UTC_TIMESTAMP())", "SHOW COLLATION", "SET character_set_results=NULL"],
            entries.Select(e => e.Statement).ToArray());
        Assert.All(entries, e => Assert.Null(e.ErrorCode));
        Assert.All(entries, e => Assert.Equal("root", e.User));
        Assert.Empty(s.Handler.Received); // all answered by the wire layer, no SET NAMES needed
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

            // One physical connection, so the connect sequence ran once.
            Assert.Single(s.Server.QueryLog.Entries, e => e.Statement == "SHOW COLLATION");
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

            Assert.Single(s.Server.QueryLog.Entries, e => e.Statement == "SHOW COLLATION");
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
        // MySql.Data wraps the server's ERR in "Authentication to host ... failed with message: <ERR text>".
        var ex = ServerError(Assert.Throws<MySqlException>(() => s.Open("backup", "wrong")));
        Assert.Equal(1045, ex.Number);
        // MySql.Data 8.0.16 drops the SQLSTATE of ERR packets (SqlState is null); RawWireTests check '#28000' on the wire.
        Assert.Equal("Access denied for user 'backup' (using password: YES)", ex.Message);

        var noPassword = ServerError(Assert.Throws<MySqlException>(() => s.Open("backup", "")));
        Assert.Equal(1045, noPassword.Number);
        Assert.Equal("Access denied for user 'backup' (using password: NO)", noPassword.Message);

        // root has no password: sending one is wrong too.
        Assert.Equal(1045, ServerError(Assert.Throws<MySqlException>(() => s.Open("root", "x"))).Number);
        Assert.Equal(0, s.Server.QueryLog.Count);
    }

    [Fact]
    public async Task Unknown_user_is_ERR_1045()
    {
        await using TestServer s = TestServer.Start();
        var ex = ServerError(Assert.Throws<MySqlException>(() => s.Open("nobody", "pw")));
        Assert.Equal(1045, ex.Number);
        // MySql.Data 8.0.16 drops the SQLSTATE of ERR packets (SqlState is null); RawWireTests check '#28000' on the wire.
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
        var ex = ServerError(Assert.Throws<MySqlException>(() => s.Open(extra: "Database=missing")));
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

    /// <summary>The server's own error: MySql.Data wraps login failures in an exception with Number 0.</summary>
    internal static MySqlException ServerError(MySqlException ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is MySqlException { Number: not 0 } m) return m;
        }

        return ex;
    }
}
