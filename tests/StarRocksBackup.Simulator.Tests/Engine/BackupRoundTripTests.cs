using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>Backup → SHOW SNAPSHOT → DROP → RESTORE through the handler, against the real S3 server.</summary>
public sealed class BackupRoundTripTests
{
    internal static void Seed(EngineHarness h, string db = "sales")
    {
        h.Ok($"CREATE DATABASE {db}");
        h.Ok($"USE {db}");
        h.Ok("CREATE TABLE orders (id BIGINT, dt DATE, amount DECIMAL(10,2), note VARCHAR(64)) DUPLICATE KEY(id) " +
             "PARTITION BY RANGE(dt) (PARTITION p202401 VALUES LESS THAN (\"2024-02-01\"), PARTITION p202402 VALUES LESS THAN (\"2024-03-01\")) " +
             "DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES (\"replication_num\" = \"1\")");
        h.Ok("INSERT INTO orders VALUES (1, '2024-01-05', 10.5, 'a'), (2, '2024-01-06', 20, 'tab\\there'), (3, '2024-02-07', 30.25, NULL)");
        h.Ok("INSERT INTO orders VALUES (4, '2024-02-08', 1, 'x')");
        h.Ok("CREATE TABLE dim (k INT, name VARCHAR(10)) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        h.Ok("INSERT INTO dim VALUES (1, 'one'), (2, 'two')");
    }

    internal static string Backup(EngineHarness h, string db, string label, string repo, string on = "")
    {
        h.Ok($"BACKUP SNAPSHOT {db}.{label} TO {repo}{on}");
        var r = h.WaitState($"SHOW BACKUP FROM {db}", "FINISHED", "CANCELLED");
        Assert.Equal("FINISHED", EngineHarness.Cell(r, 0, "State"));
        Assert.Equal("[OK]", EngineHarness.Cell(r, 0, "Status"));
        var snaps = h.Query($"SHOW SNAPSHOT ON {repo} WHERE SNAPSHOT = '{label}'");
        Assert.Equal("OK", EngineHarness.Cell(snaps, 0, "Status"));
        return EngineHarness.Cell(snaps, 0, "Timestamp")!;
    }

    [S3Fact]
    public async Task BackupDropRestore_RestoresIdenticalRowsAndVersions()
    {
        await using var h = new EngineHarness();
        Seed(h);
        h.CreateRepo("repo1", S3Settings.UniquePrefix("eng-rt"));
        var before = h.Query("SELECT * FROM orders ORDER BY id");
        var metaBefore = h.Query("SELECT PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'sales' AND TABLE_NAME = 'orders' ORDER BY PARTITION_NAME");
        Assert.Equal("2", metaBefore.Rows[0][1]);
        Assert.Equal("3", metaBefore.Rows[1][1]);

        string ts = Backup(h, "sales", "snap1", "repo1");
        Assert.Matches(@"^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}$", ts);

        h.Ok("DROP TABLE orders");
        h.Ok($"RESTORE SNAPSHOT sales.snap1 FROM repo1 ON (orders) PROPERTIES (\"backup_timestamp\" = \"{ts}\", \"replication_num\" = \"1\")");
        var r = h.WaitState("SHOW RESTORE FROM sales", "FINISHED", "CANCELLED");
        Assert.Equal("[OK]", EngineHarness.Cell(r, 0, "Status"));
        Assert.Equal("FINISHED", EngineHarness.Cell(r, 0, "State"));
        Assert.Equal("orders PARTITIONS [p202401, p202402]", EngineHarness.Cell(r, 0, "RestoreObjs"));

        var after = h.Query("SELECT * FROM orders ORDER BY id");
        Assert.Equal(before.Rows.Select(x => string.Join("|", x)), after.Rows.Select(x => string.Join("|", x)));
        var metaAfter = h.Query("SELECT PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'sales' AND TABLE_NAME = 'orders' ORDER BY PARTITION_NAME");
        Assert.Equal(metaBefore.Rows.Select(x => string.Join("|", x)), metaAfter.Rows.Select(x => string.Join("|", x)));
    }
}
