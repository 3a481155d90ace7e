using MySqlConnector;
using StarRocksBackup.Simulator.Fe;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>ALTER TABLE ... SWAP WITH / RENAME and SHOW CREATE TABLE over TCP with the real MySQL client library (MySqlConnector).</summary>
public sealed class AlterSwapTests
{
    [Fact]
    public async Task Swap_ExchangesDataAndIds_AndRenamesSinglePartitions()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec("CREATE TABLE dim_new (k INT, name VARCHAR(10)) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        c.Exec("INSERT INTO dim_new VALUES (7, 'seven')");
        string dimId = c.Query("SHOW PARTITIONS FROM dim").Cell(0, "PartitionId")!;
        string newId = c.Query("SHOW PARTITIONS FROM dim_new").Cell(0, "PartitionId")!;

        c.Exec("ALTER TABLE sales.dim SWAP WITH dim_new");

        Assert.Equal("7|seven", c.Dump("SELECT k, name FROM dim ORDER BY k"));
        Assert.Equal("1|one\n2|two", c.Dump("SELECT k, name FROM dim_new ORDER BY k"));
        WireResult p = c.Query("SHOW PARTITIONS FROM dim");
        Assert.Equal((newId, "dim"), (p.Cell(0, "PartitionId"), p.Cell(0, "PartitionName")));
        WireResult q = c.Query("SHOW PARTITIONS FROM dim_new");
        Assert.Equal((dimId, "dim_new"), (q.Cell(0, "PartitionId"), q.Cell(0, "PartitionName")));
        Assert.Equal("dim\ndim_new\norders", c.Dump("SHOW TABLES"));
    }

    [Fact]
    public async Task Rename_MovesTheTable_AndRefusesTakenOrSameNames()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec("ALTER TABLE orders RENAME `orders__replaced_20261205T0930Z`");
        Assert.Equal("dim\norders__replaced_20261205T0930Z", c.Dump("SHOW TABLES"));
        Assert.Equal("4", c.Dump("SELECT COUNT(*) FROM orders__replaced_20261205T0930Z"));
        Assert.Equal("p202401\np202402", c.Dump("SELECT PARTITION_NAME FROM information_schema.partitions_meta WHERE TABLE_NAME = 'orders__replaced_20261205T0930Z' ORDER BY PARTITION_NAME"));
        c.Fails("ALTER TABLE dim RENAME dim", 5064, "Same table name");
        c.Fails("ALTER TABLE dim RENAME orders__replaced_20261205T0930Z", 5064, "Table name[orders__replaced_20261205T0930Z] is already used");
        c.Fails("ALTER TABLE nosuch RENAME x", 5502, "Getting analyzing error at line 1, column 12. Detail message: Unknown table 'nosuch'.");
    }

    [Fact]
    public async Task Swap_Errors_AreStarRocksMessages()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Fails("ALTER TABLE dim SWAP WITH nosuch", 5064, "Table nosuch does not exist or is not OLAP/LAKE table");
        c.Fails("ALTER TABLE nosuch SWAP WITH dim", 5502, "Getting analyzing error at line 1, column 12. Detail message: Unknown table 'nosuch'.");
        c.Fails("ALTER TABLE nodb.dim SWAP WITH dim", 5501, "Getting analyzing error. Detail message: Unknown database 'nodb'.");
        c.Fails("ALTER TABLE dim SWAP dim", 1064, "Getting syntax error at line 1, column 21. Detail message: Unexpected input 'dim', the most similar input is {'WITH'}.");
        c.Fails("ALTER TABLE dim DROP x", 1064, "Getting syntax error at line 1, column 16. Detail message: Unexpected input 'DROP', the most similar input is {'SWAP', 'RENAME'}.");
    }

    [Fact]
    public async Task Swap_And_Rename_RefuseATableARestoreOwns()
    {
        await using var h = new EngineHarness();
        h.Ok("CREATE DATABASE d");
        h.Ok("USE d");
        h.Ok("CREATE TABLE a (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1");
        h.Ok("CREATE TABLE b (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1");
        lock (h.Engine.Context.Catalog.Gate) h.Engine.Context.Catalog.FindDb("d")!.FindTable("b")!.State = "RESTORE";
        h.Fails("ALTER TABLE b RENAME c", 5064, "42000", "Table[b]'s state is not NORMAL. Do not allow doing ALTER ops");
        h.Fails("ALTER TABLE b SWAP WITH a", 5064, "42000", "Table[b]'s state is not NORMAL. Do not allow doing ALTER ops");
        h.Fails("ALTER TABLE a SWAP WITH b", 5064, "42000", "Table[b]'s state is not NORMAL. Do not allow doing ALTER ops");
    }

    [Fact]
    public async Task ShowCreateTable_PrintsStarRocksDdl()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        WireResult r = c.Query("SHOW CREATE TABLE sales.orders");
        Assert.Equal(new[] { "Table", "Create Table" }, r.Columns);
        Assert.Equal("orders", r.Cell(0, "Table"));
        Assert.Equal(
            "CREATE TABLE `orders` (\n" +
            "  `id` bigint(20) NULL COMMENT \"\",\n" +
            "  `dt` date NULL COMMENT \"\",\n" +
            "  `amount` decimal(10, 2) NULL COMMENT \"\",\n" +
            "  `note` varchar(64) NULL COMMENT \"\"\n" +
            ") ENGINE=OLAP \n" +
            "DUPLICATE KEY(`id`)\n" +
            "COMMENT \"OLAP\"\n" +
            "PARTITION BY RANGE(`dt`)\n" +
            "(PARTITION p202401 VALUES [(\"0000-01-01\"), (\"2024-02-01\")),\n" +
            "PARTITION p202402 VALUES [(\"2024-02-01\"), (\"2024-03-01\")))\n" +
            "DISTRIBUTED BY HASH(`id`) BUCKETS 3 \n" +
            "PROPERTIES (\n\"replication_num\" = \"1\"\n);",
            r.Cell(0, "Create Table"));
        Assert.Contains("PRIMARY KEY(`k`)", c.Query("SHOW CREATE TABLE dim").Cell(0, "Create Table"));
        Assert.Contains("`k` int(11) NOT NULL COMMENT \"\"", c.Query("SHOW CREATE TABLE dim").Cell(0, "Create Table"));
        c.Fails("SHOW CREATE TABLE nosuch", 5502, "Getting analyzing error at line 1, column 18. Detail message: Unknown table 'nosuch'.");
    }
}
