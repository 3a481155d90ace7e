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
        Assert.Empty(s.Handler.Received); // all answered by the wire layer
    }
}
