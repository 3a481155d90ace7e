using MySqlConnector;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Protocol;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Fifty_concurrent_connections_each_run_queries_with_their_own_session()
    {
        await using TestServer s = TestServer.Start();
        const int clients = 50;
        using var start = new Barrier(clients);
        var tasks = Enumerable.Range(0, clients).Select(i => Task.Factory.StartNew(() =>
        {
            using var c = s.Open();
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            long id = Convert.ToInt64(new MySqlCommand("SELECT CONNECTION_ID()", c).ExecuteScalar());
            new MySqlCommand($"SET query_timeout = {1000 + i}", c).ExecuteNonQuery();
            for (int q = 0; q < 5; q++)
            {
                using var cmd = new MySqlCommand("SELECT types", c);
                using var r = cmd.ExecuteReader();
                Assert.True(r.Read());
                Assert.Equal(42L, r.GetInt64(1));
            }

            Assert.Equal((long)(1000 + i), new MySqlCommand("SELECT @@query_timeout", c).ExecuteScalar());
            using (var who = new MySqlCommand("SELECT whoami", c))
            using (var r = who.ExecuteReader())
            {
                Assert.True(r.Read());
                Assert.Equal(id.ToString(), r.GetString(2));
            }

            return id;
        }, TaskCreationOptions.LongRunning)).ToArray();

        long[] ids = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(clients, ids.Distinct().Count());
        Assert.Equal(clients * 5, s.Handler.Received.Count(r => r.Sql == "SELECT types"));
        await CancellationTests.WaitUntilAsync(() => s.Server.ActiveConnections == 0, "all connections closed");
        Assert.Equal(0, s.Server.InternalErrors);
    }
}
