using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>
/// partitions_meta skips databases and tables an equality on DB_NAME / TABLE_NAME rules out (as StarRocks' schema scanner
/// is handed them); every other WHERE still sees every row.
/// </summary>
public sealed class PartitionsMetaFilterTests
{
    [S3Fact]
    public async Task Equalities_narrow_the_scan_and_everything_else_still_sees_every_row()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using var c = Sql.Open(sim);
        Sql.Seed(c, "pm_a");
        Sql.Seed(c, "pm_b");

        static string[] Dbs(WireResult r) => r.Rows.Select(x => x[0]!).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToArray();
        const string Select = "SELECT DB_NAME, TABLE_NAME, PARTITION_NAME FROM information_schema.partitions_meta WHERE ";

        Assert.Equal(new[] { "pm_a" }, Dbs(c.Query(Select + "DB_NAME = 'pm_a'")));
        Assert.Equal(new[] { "pm_a" }, Dbs(c.Query(Select + "'pm_a' = DB_NAME")));
        Assert.Equal(new[] { "pm_a", "pm_b" }, Dbs(c.Query(Select + "DB_NAME = 'pm_a' OR DB_NAME = 'pm_b'")));
        Assert.Equal(new[] { "pm_b" }, Dbs(c.Query(Select + "DB_NAME LIKE 'pm_%' AND DB_NAME != 'pm_a'")));
        Assert.Empty(c.Query(Select + "DB_NAME = 'pm_a' AND DB_NAME = 'pm_b'").Rows);

        WireResult one = c.Query(Select + "DB_NAME = 'pm_b' AND TABLE_NAME = 'orders'");
        Assert.NotEmpty(one.Rows);
        Assert.All(one.Rows, r => Assert.Equal(("pm_b", "orders"), (r[0], r[1])));
        // A name that matches nothing: no rows, not an error (partitions_meta is a filter).
        Assert.Empty(c.Query(Select + "DB_NAME = 'pm_missing'").Rows);
    }
}
