using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.General;

/// <summary>
/// The general SQL a third-party tool sends (issue 10: each got a 1064 real StarRocks does not give), one test per
/// statement, through the Debian `mysql` client.
/// </summary>
public sealed class GeneralSqlMysqlClientTests : IAsyncLifetime
{
    private StarRocksSimulator _sim = null!;

    public async Task InitializeAsync()
    {
        _sim = await StarRocksSimulator.StartAsync(new SimulatorOptions { Version = "3.3.9" });
        Mysql("CREATE DATABASE shop; CREATE DATABASE shop_archive; CREATE DATABASE other;" +
              "CREATE TABLE shop.orders (id BIGINT, dt DATE, note VARCHAR(20), created DATETIME DEFAULT CURRENT_TIMESTAMP) DUPLICATE KEY(id) " +
              "PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01')) " +
              "DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ('replication_num' = '1');" +
              "CREATE TABLE shop.users (k INT, name VARCHAR(20), city VARCHAR(20), seen DATETIME) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ('replication_num' = '1');" +
              "INSERT INTO shop.orders (id, dt, note) VALUES (1, '2024-01-05', 'apple'), (2, '2024-01-06', 'apricot'), (3, '2024-02-07', NULL);" +
              "INSERT INTO shop.users VALUES (1, 'ann', 'oslo', NOW()), (2, 'bob', 'oslo', NULL), (3, 'cid', 'rome', NULL);");
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private string Mysql(string sql, string database = "")
    {
        var args = new List<string> { "-h127.0.0.1", $"-P{_sim.Port}", "-uroot", "--batch", "--skip-column-names", "-e", sql };
        if (database.Length > 0) args.Add(database);
        var (code, stdout, stderr) = ProcessRunner.Run(TestEnvironment.MysqlClientPath!, args, TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"{sql}\n{stderr}");
        return stdout;
    }

    private string MysqlWithHeader(string sql)
    {
        var (code, stdout, stderr) = ProcessRunner.Run(TestEnvironment.MysqlClientPath!,
            new[] { "-h127.0.0.1", $"-P{_sim.Port}", "-uroot", "--batch", "-e", sql }, TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"{sql}\n{stderr}");
        return stdout;
    }

    private string MysqlFails(string sql)
    {
        var (code, _, stderr) = ProcessRunner.Run(TestEnvironment.MysqlClientPath!,
            new[] { "-h127.0.0.1", $"-P{_sim.Port}", "-uroot", "--batch", "-e", sql }, TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, code);
        return stderr;
    }

    [MysqlClientTheory]
    [InlineData("BEGIN")]
    [InlineData("BEGIN WORK")]
    [InlineData("START TRANSACTION")]
    [InlineData("COMMIT")]
    [InlineData("COMMIT WORK")]
    [InlineData("ROLLBACK")]
    [InlineData("ROLLBACK WORK AND NO CHAIN")]
    public void TransactionStatements_AreAcceptedAsNoOps(string sql) => Assert.Equal(string.Empty, Mysql(sql));

    [MysqlClientFact]
    public void ShowDatabasesLike_FiltersCaseSensitively()
    {
        Assert.Equal("shop\nshop_archive\n", Mysql("SHOW DATABASES LIKE 'shop%'"));
        Assert.Equal("shop\n", Mysql("SHOW DATABASES LIKE 'sho_'"));
        Assert.Equal(string.Empty, Mysql("SHOW DATABASES LIKE 'SHOP%'"));
        Assert.Equal("other\n", Mysql("SHOW DATABASES WHERE `Database` = 'other'"));
    }

    [MysqlClientFact]
    public void ShowFrontends_HasTheColumnsOf33()
    {
        string[] lines = MysqlWithHeader("SHOW FRONTENDS").TrimEnd('\n').Split('\n');
        Assert.Equal("Name\tIP\tEditLogPort\tHttpPort\tQueryPort\tRpcPort\tRole\tClusterId\tJoin\tAlive\tReplayedJournalId\tLastHeartbeat\tIsHelper\tErrMsg\tStartTime\tVersion", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\tLEADER\t", lines[1]);
        Assert.EndsWith("\t3.3.9-a1b2c3d", lines[1]);
    }

    [MysqlClientFact]
    public void DatetimeDefaultCurrentTimestamp_FillsTheLoadTime()
    {
        string created = Mysql("SELECT created FROM shop.orders WHERE id = 1").Trim();
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", created);
        string err = MysqlFails("CREATE TABLE shop.bad (id INT, d DATE DEFAULT CURRENT_TIMESTAMP) DISTRIBUTED BY HASH(id) PROPERTIES ('replication_num' = '1')");
        Assert.Contains("Default function now() for type DATE is not supported", err);
    }

    [MysqlClientFact]
    public void NowInInsertValues_StoresTheCurrentTime()
    {
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n$", Mysql("SELECT seen FROM shop.users WHERE k = 1"));
        Mysql("INSERT INTO shop.users VALUES (9, 'zed', 'kyiv', CURRENT_TIMESTAMP())");
        Assert.Equal("1\n", Mysql("SELECT COUNT(*) FROM shop.users WHERE k = 9 AND seen IS NOT NULL"));
    }

    [MysqlClientFact]
    public void Update_OnPrimaryKeyTable_ChangesRows_AndIsRefusedElsewhere()
    {
        Mysql("UPDATE shop.users SET city = 'paris' WHERE name = 'bob'");
        Assert.Equal("paris\n", Mysql("SELECT city FROM shop.users WHERE k = 2"));
        Assert.Contains("table orders does not support update", MysqlFails("UPDATE shop.orders SET note = 'x' WHERE id = 1"));
        Assert.Contains("primary key column cannot be updated: k", MysqlFails("UPDATE shop.users SET k = 5 WHERE k = 1"));
    }

    [MysqlClientFact]
    public void Delete_OnDuplicateKeyNeedsWhere_OnPrimaryKeyDoesNot()
    {
        Mysql("INSERT INTO shop.orders (id, dt, note) VALUES (50, '2024-02-10', 'gone')");
        Mysql("DELETE FROM shop.orders WHERE id = 50");
        Assert.Equal("0\n", Mysql("SELECT COUNT(*) FROM shop.orders WHERE id = 50"));
        Assert.Contains("Where clause is not set", MysqlFails("DELETE FROM shop.orders"));
        Mysql("INSERT INTO shop.users VALUES (77, 'tmp', 'x', NULL)");
        Mysql("DELETE FROM shop.users WHERE k = 77");
        Assert.Equal("0\n", Mysql("SELECT COUNT(*) FROM shop.users WHERE k = 77"));
    }

    [MysqlClientFact]
    public void WhereLike_MatchesPatterns()
    {
        Assert.Equal("1\n2\n", Mysql("SELECT id FROM shop.orders WHERE note LIKE 'ap%' ORDER BY id"));
        Assert.Equal("2\n", Mysql("SELECT id FROM shop.orders WHERE note NOT LIKE '%le' ORDER BY id"));
    }

    [MysqlClientFact]
    public void SelectDistinct_RemovesDuplicates()
    {
        Assert.Equal("oslo\nrome\n", Mysql("SELECT DISTINCT city FROM shop.users WHERE k < 4 ORDER BY city"));
    }

    [MysqlClientFact]
    public void IsNotNull_OnPartitionsMeta()
    {
        string rows = Mysql("SELECT PARTITION_NAME FROM information_schema.partitions_meta WHERE DB_NAME = 'shop' AND TABLE_NAME = 'orders' AND PARTITION_NAME IS NOT NULL ORDER BY PARTITION_NAME");
        Assert.Equal("p1\np2\n", rows);
        Assert.Equal(string.Empty, Mysql("SELECT PARTITION_NAME FROM information_schema.partitions_meta WHERE DB_NAME = 'shop' AND PARTITION_NAME IS NULL"));
    }
}
