using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Tests.Engine;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Objects;

/// <summary>Views, MVs, UDFs and external catalogs through BACKUP / RESTORE (3.4+ forms), and what 3.3 does not carry.</summary>
public sealed class ObjectBackupRestoreTests
{
    private static string Backup(EngineHarness h, string sql, string label, string repo, string showFrom = "FROM shop")
    {
        h.Ok(sql);
        ResultSetResult r = h.WaitState($"SHOW BACKUP {showFrom}".TrimEnd(), "FINISHED", "CANCELLED");
        Assert.Equal("[OK]", EngineHarness.Cell(r, 0, "Status"));
        return EngineHarness.Cell(h.Query($"SHOW SNAPSHOT ON {repo} WHERE SNAPSHOT = '{label}'"), 0, "Timestamp")!;
    }

    [S3Theory]
    [InlineData("3.4.5")]
    [InlineData("4.2.0")]
    public async Task WholeDatabase_BackupAndRestore_BringsEveryObjectBack(string version)
    {
        await using var h = new EngineHarness(version);
        ObjectCatalogTests.Seed(h);
        h.CreateRepo("repo", S3Settings.UniquePrefix("objects"));
        string ts = Backup(h, "BACKUP DATABASE shop SNAPSHOT all_objs TO repo", "all_objs", "repo");

        string details = EngineHarness.Cell(h.Query($"SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'all_objs' AND TIMESTAMP = '{ts}'"), 0, "Details")!;
        // BackupJobInfo (3.4.4 / main): a view is a backup_objects entry without partitions; an MV is listed like a table;
        // functions are not in the info file at all (only in __meta).
        System.Text.Json.Nodes.JsonNode objs = System.Text.Json.Nodes.JsonNode.Parse(details)!["backup_objects"]!;
        Assert.Empty(objs["big_orders"]!["partitions"]!.AsObject());
        Assert.Single(objs["order_ids"]!["partitions"]!.AsObject());
        Assert.NotEmpty(objs["orders"]!["partitions"]!.AsObject());
        Assert.DoesNotContain("add_one", details);
        Assert.DoesNotContain("backup_views", details);

        h.Ok($"RESTORE SNAPSHOT all_objs FROM repo DATABASE shop AS shop2 PROPERTIES ('backup_timestamp' = '{ts}', 'replication_num' = '1')");
        ResultSetResult rr = h.WaitState("SHOW RESTORE FROM shop2", "FINISHED", "CANCELLED");
        Assert.Equal("[OK]", EngineHarness.Cell(rr, 0, "Status"));
        Assert.Equal(new[] { "big_orders|VIEW", "order_ids|VIEW", "orders|BASE TABLE" },
            h.Query("SHOW FULL TABLES FROM shop2").Rows.Select(x => $"{x[0]}|{x[1]}").ToArray());
        Assert.Equal("2", EngineHarness.Cell(h.Query("SELECT COUNT(*) FROM shop2.big_orders"), 0, "count(*)"));
        Assert.Equal("true", EngineHarness.Cell(h.Query("SHOW MATERIALIZED VIEWS FROM shop2"), 0, "is_active"));
        Assert.Equal("add_one(INT)", EngineHarness.Cell(h.Query("SHOW FULL FUNCTIONS FROM shop2"), 0, "Signature"));
    }

    [S3Fact]
    public async Task On33_AWholeDatabaseBackup_CarriesTablesOnly()
    {
        await using var h = new EngineHarness("3.3.9");
        ObjectCatalogTests.Seed(h);
        h.CreateRepo("repo", S3Settings.UniquePrefix("objects33"));
        string ts = Backup(h, "BACKUP SNAPSHOT shop.tables_only TO repo", "tables_only", "repo");
        string details = EngineHarness.Cell(h.Query($"SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'tables_only' AND TIMESTAMP = '{ts}'"), 0, "Details")!;
        Assert.Contains("\"orders\"", details);
        Assert.DoesNotContain("backup_views", details);
        Assert.DoesNotContain("add_one", details);
    }

    [S3Fact]
    public async Task NamedObjects_AnMvWithoutItsBaseTable_ComesBackInactive()
    {
        await using var h = new EngineHarness("3.4.5");
        ObjectCatalogTests.Seed(h);
        h.CreateRepo("repo", S3Settings.UniquePrefix("objects-mv"));
        string ts = Backup(h, "BACKUP DATABASE shop SNAPSHOT mv_only TO repo ON (MATERIALIZED VIEW order_ids, FUNCTION add_one)", "mv_only", "repo");
        h.Ok($"RESTORE SNAPSHOT mv_only FROM repo DATABASE shop AS lonely ON (MATERIALIZED VIEW order_ids) PROPERTIES ('backup_timestamp' = '{ts}', 'replication_num' = '1')");
        Assert.Equal("[OK]", EngineHarness.Cell(h.WaitState("SHOW RESTORE FROM lonely", "FINISHED", "CANCELLED"), 0, "Status"));
        ResultSetResult mv = h.Query("SHOW MATERIALIZED VIEWS FROM lonely");
        Assert.Equal("false", EngineHarness.Cell(mv, 0, "is_active"));
        Assert.Equal("base-table dropped: orders", EngineHarness.Cell(mv, 0, "inactive_reason"));
        Assert.Empty(h.Query("SHOW FUNCTIONS FROM lonely").Rows); // not asked for
        h.Fails($"RESTORE SNAPSHOT mv_only FROM repo DATABASE shop AS x ON (VIEW big_orders) PROPERTIES ('backup_timestamp' = '{ts}')", 5064, "42000",
            "Table big_orders does not exist in snapshot mv_only");
    }

    [S3Fact]
    public async Task ConflictingView_FailsTheRestore_IdenticalOneIsKept()
    {
        await using var h = new EngineHarness("3.4.5");
        ObjectCatalogTests.Seed(h);
        h.CreateRepo("repo", S3Settings.UniquePrefix("objects-conflict"));
        string ts = Backup(h, "BACKUP DATABASE shop SNAPSHOT v1 TO repo ON (VIEW big_orders, TABLE orders)", "v1", "repo");

        h.Ok($"RESTORE SNAPSHOT v1 FROM repo DATABASE shop ON (VIEW big_orders) PROPERTIES ('backup_timestamp' = '{ts}', 'replication_num' = '1')");
        Assert.Equal("[OK]", EngineHarness.Cell(h.WaitState("SHOW RESTORE FROM shop", "FINISHED", "CANCELLED"), 0, "Status"));

        h.Ok("CREATE OR REPLACE VIEW big_orders AS SELECT id FROM orders");
        h.Ok($"RESTORE SNAPSHOT v1 FROM repo DATABASE shop ON (VIEW big_orders) PROPERTIES ('backup_timestamp' = '{ts}', 'replication_num' = '1')");
        ResultSetResult r = h.WaitState("SHOW RESTORE FROM shop", "FINISHED", "CANCELLED");
        Assert.Equal("CANCELLED", EngineHarness.Cell(r, 0, "State"));
        Assert.Equal("[COMMON_ERROR, msg: Table big_orders already exist but with different schema, errMsg: the existing view has another definition]", EngineHarness.Cell(r, 0, "Status"));
    }

    [S3Fact]
    public async Task ExternalCatalogs_BackupAndRestoreUnderANewName()
    {
        await using var h = new EngineHarness("3.4.5");
        h.Ok("CREATE EXTERNAL CATALOG hive1 PROPERTIES ('type' = 'hive', 'hive.metastore.uris' = 'thrift://hms:9083')");
        h.CreateRepo("repo", S3Settings.UniquePrefix("objects-cat"));
        h.Fails("BACKUP EXTERNAL CATALOG (nope) SNAPSHOT c0 TO repo", 5064, "42000", "Getting analyzing error. Detail message: external catalog nope does not existed..");
        string ts = Backup(h, "BACKUP EXTERNAL CATALOG (hive1) SNAPSHOT cats TO repo", "cats", "repo", showFrom: string.Empty);
        ResultSetResult backups = h.Query("SHOW BACKUP");
        Assert.Equal("[hive1]", EngineHarness.Cell(backups, 0, "BackupObjs"));
        h.Fails($"RESTORE SNAPSHOT cats FROM repo DATABASE shop PROPERTIES ('backup_timestamp' = '{ts}')", 5064, "42000", "Can not specify database for external catalog snapshot");
        h.Ok($"RESTORE SNAPSHOT cats FROM repo EXTERNAL CATALOG (hive1 AS hive2) PROPERTIES ('backup_timestamp' = '{ts}')");
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (h.Query("SHOW CATALOGS").Rows.All(r => (string?)r[0] != "hive2"))
        {
            Assert.True(DateTime.UtcNow < deadline, "hive2 never appeared");
            Thread.Sleep(20);
        }

        Assert.Equal("hive", h.Query("SHOW CATALOGS").Rows.Single(r => (string?)r[0] == "hive2")[1]);
    }
}
