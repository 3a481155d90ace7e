using System.Text;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>Bytes on the wire, checked with <see cref="RawClient"/> (what a driver hides).</summary>
public sealed class RawWireTests
{
    [Fact]
    public async Task Handshake_is_v10_charset_33_native_password_without_SSL_or_DEPRECATE_EOF()
    {
        await using TestServer s = TestServer.Start(o => o.ServerVersion = "5.1.0");
        using RawClient c = RawClient.Connect(s.Port);
        byte[] g = c.ReadPacket();
        Assert.Equal(0, c.LastSequence);
        Assert.Equal(10, g[0]);
        int v = Array.IndexOf(g, (byte)0, 1);
        Assert.Equal("5.1.0", Encoding.ASCII.GetString(g, 1, v - 1));
        int pos = v + 1;
        int connectionId = BitConverter.ToInt32(g, pos);
        Assert.True(connectionId > 0);
        pos += 4 + 8;
        Assert.Equal(0, g[pos]); // filler
        uint caps = BitConverter.ToUInt16(g, pos + 1);
        Assert.Equal(33, g[pos + 3]);
        caps |= (uint)BitConverter.ToUInt16(g, pos + 6) << 16;
        Assert.Equal(21, g[pos + 8]); // auth-plugin-data length incl. NUL
        foreach (uint flag in new uint[] { 0x0200, 0x8000, 0x00080000, 0x0008, 0x0001, 0x2000 })
        {
            Assert.True((caps & flag) != 0, $"capability 0x{flag:X} missing");
        }

        Assert.Equal(0u, caps & 0x0800); // SSL
        Assert.Equal(0u, caps & 0x01000000); // DEPRECATE_EOF
        Assert.EndsWith("mysql_native_password\0", Encoding.ASCII.GetString(g));
        byte[] scramble = RawClient.ScrambleOf(g);
        Assert.DoesNotContain((byte)0, scramble);
        Assert.True(scramble.Distinct().Count() > 1);
    }

    [Fact]
    public async Task Login_errors_carry_SQLSTATE_28000_on_the_wire()
    {
        await using TestServer s = TestServer.Start(o => o.Users["u"] = "pw");
        (RawClient c, byte[] answer) = RawClient.Login(s.Port, "u", "bad");
        using (c)
        {
            Assert.Equal((1045, "28000", "Access denied for user 'u' (using password: YES)"), RawClient.ParseError(answer));
            Assert.Equal(2, c.LastSequence);
            Assert.True(c.IsClosedByServer(TimeSpan.FromSeconds(5)));
        }

        (RawClient ok, byte[] okAnswer) = RawClient.Login(s.Port, "u", "pw");
        using (ok) Assert.Equal(0x00, okAnswer[0]);
    }

    [Fact]
    public async Task A_client_asking_for_another_plugin_gets_an_AuthSwitchRequest_to_native_password()
    {
        await using TestServer s = TestServer.Start(o => o.Users["u"] = "pw");
        (RawClient c, byte[] answer) = RawClient.Login(s.Port, "u", "pw", plugin: "client_ed25519");
        using (c)
        {
            Assert.Equal(0x00, answer[0]);
            Assert.Equal(4, c.LastSequence); // greeting 0, response 1, switch 2, reply 3, OK 4
            List<byte[]> r = c.Query("SELECT CONNECTION_ID()");
            Assert.Equal(1, r[0][0]);
        }
    }

    [Fact]
    public async Task Column_definitions_use_charset_33_for_varchar_and_63_binary_for_everything_else()
    {
        await using TestServer s = TestServer.Start();
        (RawClient c, byte[] login) = RawClient.Login(s.Port, "root", "");
        using (c)
        {
            Assert.Equal(0, login[0]);
            List<byte[]> packets = c.Query("SELECT types");
            Assert.Equal(6, packets[0][0]); // column count
            var expected = new (string Name, int Charset, byte Type)[]
            {
                ("name", 33, 0xFD), ("count", 63, 0x08), ("created", 63, 0x0C), ("note", 33, 0xFD), ("ratio", 63, 0x05), ("day", 63, 0x0A),
            };
            for (int i = 0; i < expected.Length; i++)
            {
                var def = ParseColumn(packets[1 + i]);
                Assert.Equal("def", def.Catalog);
                Assert.Equal(expected[i].Name, def.Name);
                Assert.Equal(expected[i].Charset, def.Charset);
                Assert.Equal(expected[i].Type, def.Type);
                Assert.Equal(expected[i].Charset == 63, (def.Flags & 0x80) != 0);
            }

            Assert.Equal(0xFE, packets[7][0]); // EOF after the definitions
            byte[] row1 = packets[8];
            Assert.Equal("alpha", Encoding.UTF8.GetString(row1, 1, row1[0]));
            byte[] row2 = packets[9];
            Assert.Contains((byte)0xFB, row2); // NULLs
            byte[] eof = packets[^1];
            Assert.Equal(0xFE, eof[0]);
            Assert.Equal(5, eof.Length);
            Assert.Equal(0x0002, BitConverter.ToUInt16(eof, 3)); // SERVER_STATUS_AUTOCOMMIT
        }
    }

    [Fact]
    public async Task Unsupported_and_unknown_commands_are_ERR_1047_and_the_connection_stays_usable()
    {
        await using TestServer s = TestServer.Start();
        (RawClient c, _) = RawClient.Login(s.Port, "root", "");
        using (c)
        {
            Assert.Equal((1047, "08S01", "Unsupported command(COM_STMT_PREPARE)"), RawClient.ParseError(c.Command(0x16, "SELECT ?")));
            Assert.Equal((1047, "08S01", "Unsupported command(COM_STMT_EXECUTE)"), RawClient.ParseError(c.Command(0x17, "\x01\0\0\0")));
            Assert.Equal((1047, "08S01", "Unknown command(-18)"), RawClient.ParseError(c.Command(0xEE)));
            Assert.Equal((1047, "08S01", "Unknown command(99)"), RawClient.ParseError(c.Command(99)));
            Assert.Equal(0x00, c.Command(0x0E)[0]); // COM_PING
            Assert.Equal(0x00, c.Command(0x1F)[0]); // COM_RESET_CONNECTION
            Assert.Equal(0xFE, c.Command(0x04, "t\0")[0]); // COM_FIELD_LIST: just EOF
            Assert.Equal((1065, "42000", "Query was empty"), RawClient.ParseError(c.Query(" ;; ")[0]));
            Assert.Equal(1, c.Query("SELECT CONNECTION_ID()")[0][0]);
            c.WritePacket([0x01], 0); // COM_QUIT
            Assert.True(c.IsClosedByServer(TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public async Task Handler_exception_is_a_generic_ERR_and_the_connection_and_server_live_on()
    {
        await using TestServer s = TestServer.Start();
        (RawClient c, _) = RawClient.Login(s.Port, "root", "");
        using (c)
        {
            var (code, state, message) = RawClient.ParseError(c.Query("SELECT throw")[0]);
            Assert.Equal((1064, "HY000"), (code, state));
            Assert.DoesNotContain("engine bug", message); // no internals to the client
            Assert.Equal(1064, RawClient.ParseError(c.Query("SELECT badrow")[0]).Code);
            Assert.Equal(1064, RawClient.ParseError(c.Query("SELECT nullresult")[0]).Code);
            Assert.Equal(1, c.Query("SELECT CONNECTION_ID()")[0][0]);
        }

        Assert.Equal(3, s.Server.InternalErrors);
        lock (s.Log) Assert.Contains(s.Log, l => l.Contains("engine bug", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ERR_from_the_handler_keeps_code_state_and_text()
    {
        await using TestServer s = TestServer.Start();
        (RawClient c, _) = RawClient.Login(s.Port, "root", "");
        using (c)
        {
            Assert.Equal(
                (5501, "3F000", "Getting analyzing error. Detail message: Unknown database 'edw_dwt'."),
                RawClient.ParseError(c.Query("SELECT fail")[0]));
        }

        QueryLogEntryAssert.Last(s, "SELECT fail", 5501);
    }

    private static (string Catalog, string Name, int Charset, byte Type, int Flags) ParseColumn(byte[] p)
    {
        int pos = 0;
        string Next()
        {
            int len = p[pos++];
            string v = Encoding.UTF8.GetString(p, pos, len);
            pos += len;
            return v;
        }

        string catalog = Next();
        Next(); // schema
        Next(); // table
        Next(); // org_table
        string name = Next();
        Next(); // org_name
        Assert.Equal(0x0C, p[pos++]);
        int charset = BitConverter.ToUInt16(p, pos);
        pos += 2 + 4;
        byte type = p[pos++];
        int flags = BitConverter.ToUInt16(p, pos);
        return (catalog, name, charset, type, flags);
    }
}

internal static class QueryLogEntryAssert
{
    public static void Last(TestServer s, string statement, int? errorCode)
    {
        var e = s.Server.QueryLog.Entries.Last(x => x.Statement == statement);
        Assert.Equal(errorCode, e.ErrorCode);
        Assert.Equal("root", e.User);
        Assert.True(e.Duration >= TimeSpan.Zero);
        Assert.True(e.Time <= DateTimeOffset.UtcNow);
    }
}
