using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Tests.Engine;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Objects;

/// <summary>Views, async MVs, UDFs and external catalogs in the simulator's catalog: CREATE / SHOW / DROP.</summary>
public sealed class ObjectCatalogTests
{
    internal static void Seed(EngineHarness h, string db = "shop")
    {
        h.Ok($"CREATE DATABASE {db}");
        h.Ok($"USE {db}");
        h.Ok("CREATE TABLE orders (id BIGINT, dt DATE, amount INT) DUPLICATE KEY(id) PARTITION BY RANGE(dt) " +
             "(PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01')) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ('replication_num' = '1')");
        h.Ok("INSERT INTO orders VALUES (1, '2024-01-05', 10), (2, '2024-01-06', 20), (3, '2024-02-07', 30)");
        h.Ok("CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount >= 20");
        h.Ok("CREATE MATERIALIZED VIEW order_ids DISTRIBUTED BY HASH(id) REFRESH ASYNC AS SELECT id FROM orders");
        h.Ok("CREATE FUNCTION add_one(INT) RETURNS INT PROPERTIES ('symbol' = 'com.example.AddOne', 'type' = 'StarrocksJar', 'file' = 'http://repo/udf.jar')");
    }

    [Fact]
    public async Task ShowFullTables_ListsViewsAndMvsAsView()
    {
        await using var h = new EngineHarness("3.4.5");
        Seed(h);
        ResultSetResult r = h.Query("SHOW FULL TABLES FROM shop");
        Assert.Equal(new[] { "Tables_in_shop", "Table_type" }, EngineHarness.Names(r));
        Assert.Equal(new[] { "big_orders|VIEW", "order_ids|VIEW", "orders|BASE TABLE" }, r.Rows.Select(x => $"{x[0]}|{x[1]}").ToArray());
    }

    [Fact]
    public async Task Views_AndMvs_AreQueryable_AndShowMaterializedViewsDescribesMvs()
    {
        await using var h = new EngineHarness("3.4.5");
        Seed(h);
        Assert.Equal("2", EngineHarness.Cell(h.Query("SELECT COUNT(*) FROM big_orders"), 0, "count(*)"));
        Assert.Equal("3", EngineHarness.Cell(h.Query("SELECT COUNT(*) FROM shop.order_ids"), 0, "count(*)"));
        ResultSetResult mv = h.Query("SHOW MATERIALIZED VIEWS FROM shop");
        Assert.Single(mv.Rows);
        Assert.Equal("order_ids", EngineHarness.Cell(mv, 0, "name"));
        Assert.Equal("true", EngineHarness.Cell(mv, 0, "is_active"));
        Assert.Equal("ASYNC", EngineHarness.Cell(mv, 0, "refresh_type"));
        Assert.Equal("3", EngineHarness.Cell(mv, 0, "rows"));
        Assert.Contains("CREATE VIEW `big_orders` AS SELECT id, amount FROM orders WHERE amount >= 20", EngineHarness.Cell(h.Query("SHOW CREATE VIEW big_orders"), 0, "Create View"));
    }

    [Fact]
    public async Task Functions_ShowAndDrop()
    {
        await using var h = new EngineHarness("3.4.5");
        Seed(h);
        Assert.Equal("add_one", EngineHarness.Cell(h.Query("SHOW FUNCTIONS"), 0, "Function Name"));
        ResultSetResult full = h.Query("SHOW FULL FUNCTIONS FROM shop");
        Assert.Equal(new[] { "Signature", "Return Type", "Function Type", "Intermediate Type", "Properties" }, EngineHarness.Names(full));
        Assert.Equal("add_one(INT)", EngineHarness.Cell(full, 0, "Signature"));
        h.Fails("CREATE FUNCTION add_one(INT) RETURNS INT PROPERTIES ('symbol' = 'x')", 5064, "42000", "function already exists: add_one(INT)");
        h.Ok("DROP FUNCTION add_one(INT)");
        Assert.Empty(h.Query("SHOW FUNCTIONS").Rows);
    }

    [Fact]
    public async Task ExternalCatalogs_CreateShowDrop()
    {
        await using var h = new EngineHarness("3.4.5");
        h.Ok("CREATE EXTERNAL CATALOG hive1 COMMENT 'lake' PROPERTIES ('type' = 'hive', 'hive.metastore.uris' = 'thrift://hms:9083')");
        h.Ok("CREATE EXTERNAL CATALOG jdbc1 PROPERTIES ('type' = 'jdbc', 'user' = 'u', 'password' = 'p', 'jdbc_uri' = 'jdbc:mysql://db:3306')");
        ResultSetResult r = h.Query("SHOW CATALOGS");
        Assert.Equal(new[] { "Catalog", "Type", "Comment" }, EngineHarness.Names(r));
        Assert.Equal(new[] { "default_catalog|Internal", "hive1|hive", "jdbc1|jdbc" }, r.Rows.Select(x => $"{x[0]}|{x[1]}").ToArray());
        Assert.DoesNotContain("\"p\"", EngineHarness.Cell(h.Query("SHOW CREATE CATALOG jdbc1"), 0, "Create Catalog"));
        h.Fails("CREATE EXTERNAL CATALOG hive1 PROPERTIES ('type' = 'hive')", 5064, "42000", "Can't create catalog 'hive1'; catalog exists");
        h.Ok("DROP CATALOG hive1");
        Assert.Equal(2, h.Query("SHOW CATALOGS").Rows.Count);
    }

    [Fact]
    public async Task Mv_CannotBeUpdated_AndAViewNeedsItsTable()
    {
        await using var h = new EngineHarness("3.4.5");
        Seed(h);
        Assert.Contains("is a materialized view", h.Error("DELETE FROM order_ids WHERE id = 1").Message);
        h.Fails("CREATE VIEW v2 AS SELECT id FROM missing_table", 5502, "42602", "Getting analyzing error at line 1, column 33. Detail message: Unknown table 'missing_table'.");
    }
}
