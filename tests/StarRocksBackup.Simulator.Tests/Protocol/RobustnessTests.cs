using System.Data;
using System.Text;
using MySqlConnector;
using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>Nothing a client sends may crash the server or another connection.</summary>
public sealed class RobustnessTests
{
    private static readonly string[] Fragments =
    [
        "SELECT", "SHOW", "SET", "KILL", "USE", "@@", "@", "'", "\"", "`", "(", ")", ",", ";", "=", "--", "/*", "*/", "#", "\\",
        "VARIABLES", "LIKE", "WHERE", "NAMES", "QUERY", "CONNECTION", "SLEEP(", "TIMEDIFF(NOW(),", "LIMIT", "\0", "é", "漢字", "🙂",
        "\u202E", "\r\n", "\t", "%", "_", "99999999999999999999999", "-1", "0x41", "NULL", "DEFAULT", "GLOBAL", "SESSION",
    ];

    private static string RandomStatement(Random rnd)
    {
        switch (rnd.Next(6))
        {
            case 0:
                byte[] bytes = new byte[rnd.Next(1, 64)];
                rnd.NextBytes(bytes);
                return Encoding.Latin1.GetString(bytes);
            case 1:
                return "SELECT '" + new string('x', rnd.Next(0, 200)); // unbalanced quote
            case 2:
                return "SELECT " + new string('a', rnd.Next(50_000, 300_000)); // huge
            default:
                var sb = new StringBuilder();
                int n = rnd.Next(1, 12);
                for (int i = 0; i < n; i++) sb.Append(Fragments[rnd.Next(Fragments.Length)]).Append(rnd.Next(3) == 0 ? "" : " ");
                return sb.ToString();
        }
    }

    [Fact]
    public async Task Two_hundred_garbage_statements_through_MySqlData_leave_the_server_healthy()
    {
        await using TestServer s = TestServer.Start();
        var rnd = new Random(20240517);
        string cs = s.ConnectionString(extra: "Allow User Variables=true");
        var c = new MySqlConnection(cs);
        c.Open();
        int serverErrors = 0;
        for (int i = 0; i < 220; i++)
        {
            string sql = RandomStatement(rnd);
            if (sql.Contains("SLEEP(", StringComparison.OrdinalIgnoreCase)) sql = sql.Replace("SLEEP(", "SLEEP_(", StringComparison.OrdinalIgnoreCase);
            if (sql.Contains("KILL", StringComparison.OrdinalIgnoreCase)) sql = sql.Replace("KILL", "KIL", StringComparison.OrdinalIgnoreCase);
            try
            {
                using var cmd = new MySqlCommand(sql, c);
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                }
            }
            catch (MySqlException ex) when (ex.Number != 0)
            {
                serverErrors++;
            }
            catch (Exception)
            {
                // Client-side refusals (e.g. the driver's own parser) are fine; a broken connection is reopened below.
            }

            if (c.State != ConnectionState.Open)
            {
                c.Dispose();
                c = new MySqlConnection(cs);
                c.Open();
            }
        }

        c.Dispose();
        Assert.True(serverErrors > 100, $"only {serverErrors} statements reached the server");
        Assert.Equal(0, s.Server.InternalErrors);
        using var fresh = s.Open();
        Assert.Equal("5.1.0", new MySqlCommand("SELECT VERSION()", fresh).ExecuteScalar());
    }

    [Fact]
    public async Task The_compat_layer_never_throws_on_random_text()
    {
        await using TestServer s = TestServer.Start();
        var rnd = new Random(7);
        var session = new ClientSession(1, "root", "test");
        var ctx = new CompatContext(session, s.Server);
        for (int i = 0; i < 1500; i++)
        {
            string sql = RandomStatement(rnd).Replace("SLEEP(", "SLEEP_(", StringComparison.OrdinalIgnoreCase);
            if (sql.Length > 10_000) sql = sql[..10_000];
            List<SqlToken>? tokens = SqlTokenizer.Tokenize(sql);
            CompatStatements.TryParseUse(tokens);
            await CompatStatements.TryExecuteAsync(sql, tokens, ctx, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Garbage_packets_on_a_plain_socket_close_only_that_connection()
    {
        await using TestServer s = TestServer.Start(o => o.MaxPacketSize = 1 << 20);
        using var bystander = s.Open();
        var rnd = new Random(42);
        for (int i = 0; i < 80; i++)
        {
            bool afterLogin = i % 2 == 0;
            RawClient c;
            if (afterLogin)
            {
                (c, byte[] answer) = RawClient.Login(s.Port, "root", "");
                Assert.Equal(0, answer[0]);
            }
            else
            {
                c = RawClient.Connect(s.Port);
                c.ReadPacket(); // greeting
            }

            using (c)
            {
                byte[] garbage;
                switch (i % 5)
                {
                    case 0: // random bytes, random framing
                        garbage = new byte[rnd.Next(1, 300)];
                        rnd.NextBytes(garbage);
                        break;
                    case 1: // header announcing more than is sent, then silence is cut by our close
                        garbage = [0x10, 0x00, 0x00, (byte)(afterLogin ? 0 : 1), 0x03, 0x41];
                        break;
                    case 2: // oversize: beyond MaxPacketSize
                        garbage = [0xFF, 0xFF, 0xFF, (byte)(afterLogin ? 0 : 1)];
                        break;
                    case 3: // wrong sequence id
                        garbage = [0x02, 0x00, 0x00, 0x07, 0x03, 0x41];
                        break;
                    default: // an empty packet
                        garbage = [0x00, 0x00, 0x00, (byte)(afterLogin ? 0 : 1)];
                        break;
                }

                try
                {
                    c.WriteRaw(garbage);
                }
                catch (IOException)
                {
                    // The server may already have closed the connection.
                }

                if (i % 5 is 2 or 3 or 4)
                {
                    Assert.True(c.IsClosedByServer(TimeSpan.FromSeconds(5)), $"case {i}: connection should be closed");
                }
            }
        }

        await CancellationTests.WaitUntilAsync(() => s.Server.ActiveConnections == 1, "only the bystander left");
        Assert.True(s.Server.ProtocolViolations >= 40, $"{s.Server.ProtocolViolations} violations");
        Assert.Equal(0, s.Server.InternalErrors);
        Assert.NotNull(new MySqlCommand("SELECT CONNECTION_ID()", bystander).ExecuteScalar());
        using var fresh = s.Open();
        Assert.NotNull(new MySqlCommand("SELECT types", fresh).ExecuteScalar());
    }

    [Fact]
    public async Task A_query_over_MaxPacketSize_closes_that_connection_only()
    {
        await using TestServer s = TestServer.Start(o => o.MaxPacketSize = 64 * 1024);
        using var c = s.Open();
        using var big = new MySqlCommand("SELECT echolen " + new string('x', 100_000), c);
        Assert.ThrowsAny<Exception>(() => big.ExecuteScalar());
        using var fresh = s.Open();
        Assert.Equal(5L, new MySqlCommand("SELECT echolen 12345", fresh).ExecuteScalar());
    }

    [Fact]
    public async Task A_silent_client_is_disconnected_after_the_handshake_timeout()
    {
        await using TestServer s = TestServer.Start(o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(300));
        using RawClient c = RawClient.Connect(s.Port);
        c.ReadPacket();
        Assert.True(c.IsClosedByServer(TimeSpan.FromSeconds(5)));
        await CancellationTests.WaitUntilAsync(() => s.Server.ActiveConnections == 0, "connection closed");
    }

    [Fact]
    public async Task SSL_requests_and_pre_4_1_clients_are_refused_without_harm()
    {
        await using TestServer s = TestServer.Start();
        using (RawClient c = RawClient.Connect(s.Port))
        {
            c.ReadPacket();
            byte[] sslRequest = [.. BitConverter.GetBytes(0x0200u | 0x8000u | 0x0800u), .. BitConverter.GetBytes(1 << 24), 33, .. new byte[23]];
            c.WritePacket(sslRequest, 1);
            Assert.True(c.IsClosedByServer(TimeSpan.FromSeconds(5)));
        }

        using (RawClient c = RawClient.Connect(s.Port))
        {
            c.ReadPacket();
            c.WritePacket([0x05, 0xA6, 0x00, 0x00, 0x00, (byte)'r', (byte)'o', (byte)'o', (byte)'t', 0], 1); // HandshakeResponse320
            Assert.True(c.IsClosedByServer(TimeSpan.FromSeconds(5)));
        }

        Assert.Equal(2, s.Server.ProtocolViolations);
        using var ok = s.Open();
    }
}
