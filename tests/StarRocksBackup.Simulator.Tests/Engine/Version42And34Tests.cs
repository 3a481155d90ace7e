using System.Text;
using System.Text.Json.Nodes;
using MySqlConnector;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>3.4 grammar (BACKUP DATABASE, RESTORE ... DATABASE x AS y) and 4.2 (DROP SNAPSHOT, ttl, cluster id).</summary>
public sealed class Version42And34Tests
{
    [S3Fact]
    public async Task V34_BackupDatabaseForm_RestoreIntoRenamedDatabase()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync("3.4.1");
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("v34")));
        c.Exec("BACKUP DATABASE sales SNAPSHOT full1 TO repo ON (TABLE orders PARTITION (p202401), ALL VIEWS)");
        WireResult b = c.WaitState("SHOW BACKUP FROM sales", "FINISHED", "CANCELLED");
        Assert.Equal("[sales.orders PARTITIONS (p202401)]", b.Cell(0, "BackupObjs"));
        string ts = c.Query("SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'full1'").Cell(0, "Timestamp")!;
        c.Fails($"RESTORE SNAPSHOT full1 FROM repo DATABASE nope AS sales2 PROPERTIES (\"backup_timestamp\" = \"{ts}\")", 5064, "target database: nope is not existed in snapshot");
        c.Exec($"RESTORE SNAPSHOT full1 FROM repo DATABASE sales AS sales2 ON (TABLE orders) PROPERTIES (\"backup_timestamp\" = \"{ts}\", \"replication_num\" = \"1\")");
        Assert.Equal("[OK]", c.WaitState("SHOW RESTORE FROM sales2", "FINISHED", "CANCELLED").Cell(0, "Status"));
        Assert.Equal(c.Dump("SELECT * FROM sales.orders WHERE dt < '2024-02-01' ORDER BY id"), c.Dump("SELECT * FROM sales2.orders ORDER BY id"));
        Assert.Equal(2, c.Query("SHOW RESTORE").Rows.Count + c.Query("SHOW BACKUP").Rows.Count);
    }

    [S3Fact]
    public async Task V42_TtlClusterId_ShowSnapshotColumns_DropSnapshot()
    {
        string prefix = S3Settings.UniquePrefix("v42");
        await using StarRocksSimulator sim = await Sql.StartAsync("4.2.0", o => o.ClusterId = 777);
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", prefix));
        c.Exec("BACKUP SNAPSHOT sales.keep TO repo ON (dim) PROPERTIES (\"ttl\" = \"7 DAY\")");
        c.WaitState("SHOW BACKUP FROM sales", "FINISHED", "CANCELLED");
        WireResult s = c.Query("SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'keep'");
        Assert.Equal(new[] { "Snapshot", "Timestamp", "Status", "ClusterId", "FinishTime", "TTL", "ExpireTime" }, s.Columns);
        Assert.Equal("777", s.Cell(0, "ClusterId"));
        Assert.Equal("7 DAY", s.Cell(0, "TTL"));
        DateTime finish = DateTime.Parse(s.Cell(0, "FinishTime")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(finish.AddDays(7), DateTime.Parse(s.Cell(0, "ExpireTime")!, System.Globalization.CultureInfo.InvariantCulture));

        using var s3 = new S3Inspector();
        string infoKey = (await s3.KeysAsync($"{prefix}/__starrocks_repository_repo/__ss_keep/__info_")).Single();
        JsonNode info = JsonNode.Parse(Encoding.UTF8.GetString(await s3.GetAsync(infoKey)))!;
        Assert.Equal(777, info["cluster_id"]!.GetValue<long>());
        Assert.Equal("7 DAY", info["ttl"]!.GetValue<string>());
        Assert.NotNull(info["finish_time"]);
        Assert.NotNull(info["expire_time"]);

        // a snapshot written by another cluster needs FORCE
        await using StarRocksSimulator other = await Sql.StartAsync("4.2.0", o => o.ClusterId = 888);
        using MySqlConnection co = Sql.Open(other);
        co.Exec(Sql.CreateRepoSql("repo", prefix));
        co.Fails("DROP SNAPSHOT keep ON repo", 5064,
            "Snapshot keep in repository repo was created by cluster 777, and this cluster is 888. Use DROP SNAPSHOT ... FORCE to drop it anyway");
        co.Fails("DROP SNAPSHOT nosuch ON repo", 5064, "Snapshot does not exist in repository repo: nosuch");
        co.Fails("DROP SNAPSHOT keep ON nor", 5064, "Repository does not exist: nor");

        // a snapshot without cluster id (pre-4.2 writer)
        string legacyInfo = $"{prefix}/__starrocks_repository_repo/__ss_old/__info_2020-01-01-00-00-00-000";
        byte[] body = Encoding.UTF8.GetBytes("{\"name\":\"old\",\"database\":\"sales\",\"id\":1,\"backup_time\":1,\"backup_objects\":{},\"backup_result\":\"succeed\"}");
        await s3.PutAsync(legacyInfo + "." + S3Inspector.Md5(body), body);
        c.Fails("DROP SNAPSHOT old ON repo", 5064,
            "Snapshot old in repository repo does not record which cluster created it, and this cluster is 777. Use DROP SNAPSHOT ... FORCE to drop it anyway");
        c.Exec("DROP SNAPSHOT old ON repo FORCE");
        c.Exec("DROP SNAPSHOT keep ON repo");
        Assert.Empty(await s3.KeysAsync($"{prefix}/__starrocks_repository_repo/__ss_"));
        Assert.Empty(c.Query("SHOW SNAPSHOT ON repo").Rows);

        // a running backup protects its label
        sim.Faults.SlowPhase("UPLOAD_INFO", TimeSpan.FromSeconds(30));
        c.Exec("BACKUP SNAPSHOT sales.busy TO repo ON (dim)");
        c.WaitState("SHOW BACKUP FROM sales", "UPLOAD_INFO");
        c.Fails("DROP SNAPSHOT busy ON repo", 5064, "Can not drop snapshot busy: a backup is writing it");
        c.Exec("CANCEL BACKUP FROM sales");
    }

    [S3Fact]
    public async Task V42_ExpiredSnapshotsOfThisClusterAreDeleted()
    {
        string prefix = S3Settings.UniquePrefix("v42-exp");
        await using StarRocksSimulator sim = await Sql.StartAsync("4.2.0");
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", prefix));
        c.BackupAndWait("sales", "short", "repo", " ON (dim) PROPERTIES (\"ttl\" = \"1 HOUR\")");
        sim.Faults.AdvanceClock(TimeSpan.FromHours(2));
        using var s3 = new S3Inspector();
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await s3.KeysAsync($"{prefix}/__starrocks_repository_repo/__ss_short/")).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "expired snapshot was not deleted");
            await Task.Delay(50);
        }
    }

    [S3Fact]
    public async Task SharedData_RefusesBackupAndRestore()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync("3.4.1", o => o.RunMode = SimulatorRunMode.SharedData);
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("sd")));
        c.Fails("BACKUP SNAPSHOT sales.x TO repo ON (orders)", 5064, "Table: orders can not support backup restore, type: CLOUD_NATIVE");
    }

    [S3Fact]
    public async Task CorruptDataFile_FailsRestoreWithMd5Mismatch()
    {
        string prefix = S3Settings.UniquePrefix("md5");
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", prefix));
        string ts = c.BackupAndWait("sales", "s", "repo", " ON (dim)");
        using var s3 = new S3Inspector();
        string victim = (await s3.KeysAsync($"{prefix}/__starrocks_repository_repo/__ss_s/__ss_content/")).First();
        byte[] tampered = Encoding.UTF8.GetBytes("tampered");
        await s3.PutAsync(victim, tampered);
        c.Exec("DROP TABLE dim");
        c.Exec($"RESTORE SNAPSHOT sales.s FROM repo PROPERTIES (\"backup_timestamp\" = \"{ts}\", \"replication_num\" = \"1\")");
        WireResult r = c.WaitState("SHOW RESTORE FROM sales", "FINISHED", "CANCELLED");
        string remote = victim[(victim.LastIndexOf('.') + 1)..];
        Assert.Equal($"[COMMON_ERROR, msg: md5sum does not equal. local: {S3Inspector.Md5(tampered)}, remote: {remote}]", r.Cell(0, "Status"));
        Assert.DoesNotContain(c.Query("SHOW TABLES").Rows, x => x[0] == "dim");
    }
}
