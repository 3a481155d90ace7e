using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

public sealed class SmokeTests
{
    [Fact]
    public async Task CreateInsertSelect()
    {
        await using var h = new EngineHarness();
        h.Ok("CREATE DATABASE d1");
        h.Ok("USE d1");
        h.Ok("CREATE TABLE t (k INT, v VARCHAR(20)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        h.Ok("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        var r = h.Query("SELECT * FROM t ORDER BY k");
        Assert.Equal(2, r.Rows.Count);
        Assert.Equal("a", r.Rows[0][1]);
        Assert.Equal("2", h.Query("SELECT COUNT(*) FROM t").Rows[0][0]);
    }
}
