using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>
/// Every message of starrocks-facts.md §4 the simulator can produce synchronously, asserted verbatim with code and
/// SQLSTATE through the handler (the wire layer only serialises them).
/// </summary>
public sealed class ErrorCatalogueTests
{
    private const string Analyzing = "Getting analyzing error. Detail message: ";

    [Fact]
    public async Task SyntaxErrors_UseStarRocksShape()
    {
        await using var h = new EngineHarness("3.3.9");
        h.Fails("CREATE DATABASE LIKE", 1064, "HY000",
            "Getting syntax error at line 1, column 16. Detail message: Unexpected input 'LIKE', the most similar input is {a legal identifier}.");
        h.Fails("FROBNICATE everything", 1064, "HY000", "Getting syntax error at line 1, column 0. Detail message: No viable statement for input 'FROBNICATE'.");
        h.Fails("SHOW BACKUP\n  FROM", 1064, "HY000",
            "Getting syntax error at line 2, column 6. Detail message: Unexpected input '<EOF>', the most similar input is {a legal identifier}.");
        h.Fails("SELECT 'abc", 1064, "HY000", "Getting syntax error at line 1, column 7. Detail message: Unterminated string literal.");
    }

    [Fact]
    public async Task Version34Grammar_IsASyntaxErrorOn33()
    {
        await using var h = new EngineHarness("3.3.9");
        h.Fails("BACKUP DATABASE sales SNAPSHOT l TO r", 1064, "HY000",
            "Getting syntax error at line 1, column 7. Detail message: Unexpected input 'DATABASE', the most similar input is {'SNAPSHOT'}.");
        h.Fails("BACKUP SNAPSHOT sales.l TO r ON (TABLE orders)", 1064, "HY000",
            "Getting syntax error at line 1, column 33. Detail message: Unexpected input 'TABLE', the most similar input is {a legal identifier}.");
        h.Fails("RESTORE SNAPSHOT l FROM r DATABASE sales PROPERTIES (\"backup_timestamp\" = \"x\")", 1064, "HY000",
            "Getting syntax error at line 1, column 26. Detail message: Unexpected input 'DATABASE', the most similar input is {<EOF>}.");
        h.Fails("DROP SNAPSHOT l ON r", 1064, "HY000",
            "Getting syntax error at line 1, column 5. Detail message: Unexpected input 'SNAPSHOT', the most similar input is {'DATABASE', 'TABLE', 'REPOSITORY'}.");

        await using var h34 = new EngineHarness("3.4.1");
        h34.Fails("BACKUP DATABASE nodb SNAPSHOT l TO r ON (TABLE t, ALL VIEWS)", 5501, "3F000", Analyzing + "Unknown database 'nodb'.");
        h34.Fails("CANCEL BACKUP FOR EXTERNAL CATALOG", 5064, "42000", "No backup job is currently running");
        Assert.StartsWith("Getting syntax error", h.Error("CANCEL BACKUP FOR EXTERNAL CATALOG").Message);
        await using var h41 = new EngineHarness("4.1.0");
        Assert.StartsWith("Getting syntax error at line 1, column 5.", h41.Error("DROP SNAPSHOT l ON r").Message);
        await using var h42 = new EngineHarness("4.2.0");
        h42.Fails("DROP SNAPSHOT l ON r", 5064, "42000", "Repository does not exist: r");
    }

    [Fact]
    public async Task CatalogErrors()
    {
        await using var h = new EngineHarness();
        h.Fails("SHOW TABLES", 1046, "3D000", Analyzing + "No database selected.");
        h.Ok("CREATE DATABASE d");
        h.Fails("CREATE DATABASE d", 1007, "HY000", "Can't create database 'd'; database exists");
        h.Ok("CREATE DATABASE IF NOT EXISTS d");
        h.Fails("DROP DATABASE nod", 1008, "HY000", "Can't drop database 'nod'; database doesn't exist");
        h.Ok("DROP DATABASE IF EXISTS nod");
        h.Fails("USE nod", 5501, "3F000", Analyzing + "Unknown database 'nod'.");
        h.Ok("USE d");
        h.Fails("SELECT * FROM nosuch", 5502, "42602", "Getting analyzing error at line 1, column 14. Detail message: Unknown table 'nosuch'.");
        h.Fails("DROP TABLE nosuch", 5502, "42602", "Unknown table 'nosuch'");
        h.Ok("CREATE TABLE t (k INT, d DATE) PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN (\"2024-01-01\")) DISTRIBUTED BY HASH(k) BUCKETS 1");
        h.Fails("CREATE TABLE t (k INT)", 1050, "42S01", "Table 't' already exists");
        h.Fails("INSERT INTO t VALUES (1)", 1058, "21S01", Analyzing + "Column count doesn't match value count.");
        ErrorResultAssert(h.Error("INSERT INTO t VALUES (1, '2030-01-01')"), 1064, "Insert has filtered data in strict mode, tracking sql = select tracking_log from information_schema.load_tracking_logs where job_id=");
    }

    private static void ErrorResultAssert(StarRocksBackup.Simulator.Protocol.ErrorResult e, int code, string prefix)
    {
        Assert.Equal(code, e.Code);
        Assert.StartsWith(prefix, e.Message);
    }

    [Fact]
    public async Task BackupAnalyzerErrors_BeforeTheRepository()
    {
        await using var h = new EngineHarness();
        h.Fails("BACKUP SNAPSHOT l TO r", 1046, "3D000", Analyzing + "No database selected.");
        h.Fails("BACKUP SNAPSHOT nodb.l TO r", 5501, "3F000", Analyzing + "Unknown database 'nodb'.");
        h.Ok("CREATE DATABASE sales");
        h.Fails("BACKUP SNAPSHOT sales.`` TO r", 5082, "42000", Analyzing + "Incorrect label name ''.");
        h.Fails("BACKUP SNAPSHOT sales.l TO nor", 5064, "42000", Analyzing + "Repository [nor] does not exist.");
        h.Fails("RESTORE SNAPSHOT sales.l FROM nor PROPERTIES (\"backup_timestamp\" = \"2024-01-01-00-00-00-000\")", 5064, "42000", "Repository nor does not exist");
        h.Fails("SHOW SNAPSHOT ON nor", 5064, "42000", Analyzing + "Repository [nor] does not exist.");
        h.Fails("CANCEL BACKUP FROM sales", 5064, "42000", "No backup job is currently running");
        h.Fails("CANCEL RESTORE FROM sales", 5064, "42000", "No restore is currently running");
        h.Fails("CANCEL BACKUP FROM nodb", 5501, "3F000", "Unknown database 'nodb'");
        h.Fails("DROP REPOSITORY nor", 5064, "42000", "Repository does not exist");
        h.Fails("CREATE REPOSITORY 1bad WITH BROKER ON LOCATION \"s3://b/p\" PROPERTIES (\"a\" = \"b\")", 5063, "42000", Analyzing + "Incorrect repository name '1bad'.");
        h.Fails("CREATE REPOSITORY r WITH BROKER ON LOCATION \"\" PROPERTIES (\"a\" = \"b\")", 5064, "42000", Analyzing + "You must specify a location on the repository.");
        h.Fails("CREATE REPOSITORY r WITH BROKER hdfs_broker ON LOCATION \"s3://b/p\" PROPERTIES (\"a\" = \"b\")", 5064, "42000", "broker does not exist: hdfs_broker");
    }

    [Fact]
    public async Task RestoreAnalyzerErrors_InFactsOrder()
    {
        await using var h = new EngineHarness();
        h.Ok("CREATE DATABASE sales");
        h.Ok("USE sales");
        const string R = "RESTORE SNAPSHOT l FROM r ";
        h.Fails(R + "ON (t, t) PROPERTIES (\"backup_timestamp\" = \"x\")", 1064, "HY000", "Getting analyzing error at line 1, column 33. Detail message: Duplicated table: t.");
        h.Fails(R + "ON (t AS a, u AS a) PROPERTIES (\"backup_timestamp\" = \"x\")", 1064, "HY000", "Getting analyzing error at line 1, column 38. Detail message: Duplicated alias name: a.");
        h.Fails(R + "PROPERTIES (\"timeout\" = \"abc\")", 5064, "42000", Analyzing + "Invalid timeout format: abc.");
        h.Fails(R + "PROPERTIES (\"timeout\" = \"599\", \"backup_timestamp\" = \"x\")", 5064, "42000", Analyzing + "timeout must be at least 10 min.");
        h.Fails(R + "PROPERTIES (\"allow_load\" = \"maybe\")", 5064, "42000", Analyzing + "Invalid allow load value: maybe.");
        h.Fails(R + "PROPERTIES (\"replication_num\" = \"three\")", 5064, "42000", Analyzing + "Invalid meta version format: three.");
        h.Fails(R + "PROPERTIES (\"meta_version\" = \"x\")", 5064, "42000", Analyzing + "Invalid meta version format: x.");
        h.Fails(R + "PROPERTIES (\"foo\" = \"1\")", 5064, "42000", Analyzing + "Missing backup_timestamp property.");
        h.Fails(R + "PROPERTIES (\"foo\" = \"1\", \"backup_timestamp\" = \"x\", \"bar\" = \"2\")", 5064, "42000", Analyzing + "Unknown restore job properties: [foo, bar].");
    }

    [S3Fact]
    public async Task BackupAnalyzerErrors_WithARepository()
    {
        await using var h = new EngineHarness("4.2.0");
        BackupRoundTripTests.Seed(h);
        h.CreateRepo("r", S3Settings.UniquePrefix("eng-err"));
        string sql = "BACKUP SNAPSHOT sales.l TO r ON (nosuch)";
        h.Fails(sql, 1064, "HY000", $"Getting analyzing error at line 1, column {sql.IndexOf("nosuch", StringComparison.Ordinal)}. Detail message: Incorrect table name 'nosuch'.");
        sql = "BACKUP SNAPSHOT sales.l TO r ON (orders PARTITION (px))";
        h.Fails(sql, 1064, "HY000", $"Getting analyzing error at line 1, column 33. Detail message: partition[px] does not exist  in tableorders.");
        h.Fails("BACKUP SNAPSHOT sales.l TO r ON (orders, ORDERS)", 1064, "HY000", "Getting analyzing error at line 1, column 41. Detail message: Duplicated table: ORDERS.");
        h.Fails("BACKUP SNAPSHOT sales.l TO r ON (orders AS o)", 1064, "HY000", "Getting analyzing error at line 1, column 33. Detail message: Can not set alias for table in Backup Stmt: orders AS o.");
        const string B = "BACKUP SNAPSHOT sales.l TO r ON (orders) ";
        h.Fails(B + "PROPERTIES (\"timeout\" = \"ten\")", 5064, "42000", Analyzing + "Invalid timeout format: ten.");
        h.Fails(B + "PROPERTIES (\"timeout\" = \"60\")", 5064, "42000", Analyzing + "timeout must be at least 10 min.");
        h.Fails(B + "PROPERTIES (\"type\" = \"incremental\")", 5064, "42000", Analyzing + "Invalid backup job type: incremental.");
        h.Fails(B + "PROPERTIES (\"colour\" = \"blue\")", 5064, "42000", Analyzing + "Unknown backup job properties: [colour].");
        h.Fails(B + "PROPERTIES (\"ttl\" = \"7d\")", 5064, "42000", Analyzing + "Invalid ttl: '7d'. Expected a duration such as '7 DAY' or '12 HOUR', or an empty value to keep the snapshot forever.");
        h.Fails(B + "PROPERTIES (\"ttl\" = \"7 PARSEC\")", 5064, "42000", Analyzing + "Invalid ttl: '7 PARSEC'. Expected a duration such as '7 DAY' or '12 HOUR', or an empty value to keep the snapshot forever.");
        h.Fails(B + "PROPERTIES (\"ttl\" = \"0 DAY\")", 5064, "42000", Analyzing + "ttl must be a positive duration, but got: 0 DAY.");
        h.Ok("CREATE DATABASE empty_db");
        h.Fails("BACKUP SNAPSHOT empty_db.l TO r", 5064, "42000", Analyzing + "Database: empty_db is empty.");

        await using var h33 = new EngineHarness("3.3.9");
        BackupRoundTripTests.Seed(h33);
        h33.CreateRepo("r", S3Settings.UniquePrefix("eng-err33"));
        h33.Fails(B + "PROPERTIES (\"ttl\" = \"7 DAY\")", 5064, "42000", Analyzing + "Unknown backup job properties: [ttl].");
    }

    [Fact]
    public async Task ShowSnapshotWhereErrors()
    {
        await using var h = new EngineHarness();
        const string W = "Where clause should looks like: SNAPSHOT = 'your_snapshot_name' [AND TIMESTAMP = '2018-04-18-19-19-10']";
        h.Fails("SHOW SNAPSHOT ON r WHERE TIMESTAMP = 'x'", 1064, "HY000", Analyzing + W + ".");
        h.Fails("SHOW SNAPSHOT ON r WHERE SNAPSHOT = 'a' OR SNAPSHOT = 'b'", 1064, "HY000", Analyzing + W + ".");
        h.Fails("SHOW SNAPSHOT ON r WHERE Label = 'a'", 1064, "HY000", Analyzing + W + ".");
        h.Fails("SHOW SNAPSHOT ON r WHERE Label IN ('a')", 1064, "HY000", Analyzing + "Left expr of should be snapshot.");
        h.Fails("SHOW SNAPSHOT ON r WHERE SNAPSHOT IN ('a', 1)", 1064, "HY000", Analyzing + "Child of in predicate should be string value.");
    }

    [Fact]
    public async Task Version25_UsesOldCodesAndNeedsACurrentDatabase()
    {
        await using var h = new EngineHarness("2.5.21");
        h.Fails("SHOW BACKUP", 1064, "HY000", Analyzing + "No database selected.");
        h.Fails("USE nod", 1049, "42000", Analyzing + "Unknown database 'nod'.");
        await using var h24 = new EngineHarness("2.4.5");
        h24.Fails("CREATE REPOSITORY r WITH BROKER ON LOCATION \"s3://b/p\" PROPERTIES (\"a\" = \"b\")", 1064, "HY000", "You must specify the broker of the repository");
        await using var h30 = new EngineHarness("3.0.9");
        Assert.Empty(h30.Query("SHOW BACKUP").Rows);
    }
}
