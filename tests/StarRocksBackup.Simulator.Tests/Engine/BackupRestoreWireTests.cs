using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MySqlConnector;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>BACKUP / RESTORE over TCP with MySqlConnector against the simulator and the real S3 server.</summary>
public sealed class BackupRestoreWireTests
{
    [S3Fact]
    public async Task RoundTrip_ValueFormats_AndStorageLayout()
    {
        string prefix = S3Settings.UniquePrefix("wire-rt");
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", prefix));
        string before = c.Dump("SELECT * FROM orders ORDER BY id");
        string dimBefore = c.Dump("SELECT * FROM dim ORDER BY k");
        Assert.Contains("it's", before);

        sim.Faults.SlowPhase("UPLOADING", TimeSpan.FromMilliseconds(400)); // long enough to be seen by polling on a busy machine
        c.Exec("BACKUP SNAPSHOT sales.snap1 TO repo ON (orders, dim) PROPERTIES (\"type\" = \"full\", \"timeout\" = \"3600\")");
        WireResult running = c.Query("SHOW BACKUP FROM sales");
        Assert.Equal("snap1", running.Cell(0, "SnapshotName"));
        Assert.Equal("sales", running.Cell(0, "DbName"));
        Assert.Equal("[sales.orders], [sales.dim]", running.Cell(0, "BackupObjs"));
        Assert.Equal("3600", running.Cell(0, "Timeout"));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", running.Cell(0, "CreateTime"));
        Assert.Null(running.Cell(0, "FinishedTime"));

        // UPLOADING shows Progress "[taskId: done/total]" and UnfinishedTasks "signature=backendId".
        bool sawUploading = false;
        WireResult done;
        while (true)
        {
            done = c.Query("SHOW BACKUP FROM sales");
            string state = done.Cell(0, "State")!;
            if (state == "UPLOADING")
            {
                sawUploading = true;
                Assert.Matches(@"^\[\d+: \d+/\d+\](, \[\d+: \d+/\d+\])*$", done.Cell(0, "Progress"));
            }

            if (state is "FINISHED" or "CANCELLED") break;
            Thread.Sleep(5);
        }

        Assert.True(sawUploading);
        Assert.Equal("FINISHED", done.Cell(0, "State"));
        Assert.Equal("[OK]", done.Cell(0, "Status"));
        Assert.Equal(string.Empty, done.Cell(0, "Progress"));
        Assert.Equal(string.Empty, done.Cell(0, "TaskErrMsg"));
        foreach (string col in new[] { "SnapshotFinishedTime", "UploadFinishedTime", "FinishedTime" }) Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", done.Cell(0, col));

        WireResult snap = c.Query("SHOW SNAPSHOT ON repo");
        Assert.Equal("snap1", snap.Cell(0, "Snapshot"));
        string ts = snap.Cell(0, "Timestamp")!;
        Assert.Matches(@"^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}$", ts);
        WireResult detail = c.Query($"SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'snap1' AND TIMESTAMP = '{ts}'");
        Assert.Equal("sales", detail.Cell(0, "Database"));
        Assert.Equal("OK", detail.Cell(0, "Status"));
        JsonNode details = JsonNode.Parse(detail.Cell(0, "Details")!)!;
        Assert.Equal("succeed", details["backup_result"]!.GetValue<string>());
        Assert.NotNull(details["backup_objects"]!["orders"]!["partitions"]!["p202401"]);
        Assert.StartsWith("{\n \"name\": \"snap1\"", detail.Cell(0, "Details"));

        await AssertLayoutAsync(prefix, "repo", "snap1", ts, c);

        c.Exec("DROP TABLE orders");
        c.Exec("DROP TABLE dim");
        c.Exec($"RESTORE SNAPSHOT sales.snap1 FROM repo PROPERTIES (\"backup_timestamp\" = \"{ts}\", \"replication_num\" = \"1\")");
        WireResult r = c.WaitState("SHOW RESTORE FROM sales", "FINISHED", "CANCELLED");
        Assert.Equal("[OK]", r.Cell(0, "Status"));
        Assert.Equal(ts, r.Cell(0, "Timestamp"));
        Assert.Equal("false", r.Cell(0, "AllowLoad"));
        Assert.Equal("1", r.Cell(0, "ReplicationNum"));
        Assert.Equal("orders PARTITIONS [p202401, p202402], dim", r.Cell(0, "RestoreObjs"));
        Assert.Equal("86400", r.Cell(0, "Timeout"));
        Assert.Equal(before, c.Dump("SELECT * FROM orders ORDER BY id"));
        Assert.Equal(dimBefore, c.Dump("SELECT * FROM dim ORDER BY k"));
        // The slot now holds the restore job: SHOW BACKUP FROM sales is empty (facts §2.9).
        Assert.Empty(c.Query("SHOW BACKUP FROM sales").Rows);
    }

    private static async Task AssertLayoutAsync(string prefix, string repo, string label, string ts, MySqlConnection c)
    {
        using var s3 = new S3Inspector();
        string root = $"{prefix}/__starrocks_repository_{repo}/";
        List<string> keys = await s3.KeysAsync(root);
        Assert.Contains(root + "__repo_info", keys);
        JsonNode repoInfo = JsonNode.Parse(await s3.GetAsync(root + "__repo_info"))!;
        Assert.Equal(repo, repoInfo["name"]!.GetValue<string>());
        Assert.DoesNotContain(keys, k => k.EndsWith(".part", StringComparison.Ordinal));

        string ss = root + $"__ss_{label}/";
        string metaKey = Assert.Single(keys, k => k.StartsWith(ss + "__meta.", StringComparison.Ordinal));
        string infoKey = Assert.Single(keys, k => k.StartsWith(ss + "__info_", StringComparison.Ordinal));
        Assert.Matches($"^{Regex.Escape(ss)}__info_{Regex.Escape(ts)}\\.[0-9a-f]{{32}}$", infoKey);
        Assert.Matches($"^{Regex.Escape(ss)}__meta\\.[0-9a-f]{{32}}$", metaKey);

        var dataKeys = keys.Where(k => k.StartsWith(ss + "__ss_content/", StringComparison.Ordinal)).ToList();
        var layout = new Regex($"^{Regex.Escape(ss)}__ss_content/__db_(\\d+)/__tbl_(\\d+)/__part_(\\d+)/__idx_(\\d+)/__(\\d+)/[^/]+\\.([0-9a-f]{{32}})$");
        Assert.Equal(3 * 2 + 2, dataKeys.Count); // orders: 2 partitions x 3 buckets; dim: 1 partition x 2 buckets
        foreach (string k in keys.Where(k => k != root + "__repo_info"))
        {
            byte[] content = await s3.GetAsync(k);
            string suffix = k[(k.LastIndexOf('.') + 1)..];
            Assert.Equal(S3Inspector.Md5(content), suffix);
        }

        Assert.All(dataKeys, k => Assert.Matches(layout, k));

        JsonNode info = JsonNode.Parse(Encoding.UTF8.GetString(await s3.GetAsync(infoKey)))!;
        foreach (string key in new[] { "name", "database", "id", "backup_time", "backup_result", "meta_version", "starrocks_meta_version", "backup_objects" })
        {
            Assert.NotNull(info[key]);
        }

        // partition ids/versions in the info equal partitions_meta; tablet files exist at their path.
        WireResult meta = c.Query("SELECT PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'sales' AND TABLE_NAME = 'orders'");
        JsonNode orders = info["backup_objects"]!["orders"]!;
        foreach (string?[] row in meta.Rows)
        {
            JsonNode p = orders["partitions"]![row[0]!]!;
            Assert.Equal(row[1], p["id"]!.ToJsonString());
            Assert.Equal(row[2], p["version"]!.ToJsonString());
            JsonNode idx = p["indexes"]!["orders"]!;
            foreach ((string tabletId, JsonNode? files) in idx["tablets"]!.AsObject())
            {
                foreach (JsonNode? f in files!.AsArray())
                {
                    string path = $"{ss}__ss_content/__db_{info["id"]}/__tbl_{orders["id"]}/__part_{p["id"]}/__idx_{idx["id"]}/__{tabletId}/{f!.GetValue<string>()}";
                    Assert.Contains(path, dataKeys);
                }
            }

            Assert.Equal(3, idx["tablets_order"]!.AsArray().Count);
        }
    }

    [S3Fact]
    public async Task TwoClustersShareARepository_BackupOnOne_RestoreOnTheOther()
    {
        string prefix = S3Settings.UniquePrefix("wire-2c");
        await using StarRocksSimulator a = await Sql.StartAsync();
        await using StarRocksSimulator b = await Sql.StartAsync("3.3.9", o => o.AliveBackends = 1);
        using MySqlConnection ca = Sql.Open(a);
        using MySqlConnection cb = Sql.Open(b);
        Sql.Seed(ca);
        ca.Exec(Sql.CreateRepoSql("shared", prefix));
        string ts = ca.BackupAndWait("sales", "nightly", "shared", " ON (orders PARTITION (p202402))");

        cb.Exec(Sql.CreateRepoSql("shared", prefix));
        WireResult snaps = cb.Query("SHOW SNAPSHOT ON shared");
        Assert.Equal("nightly", Assert.Single(snaps.Rows)[0]);
        Assert.Equal(ts, snaps.Cell(0, "Timestamp"));

        cb.Exec("CREATE DATABASE sales");
        // replication_num defaults to 3, more than cluster b's one backend: the job fails like StarRocks'.
        cb.Exec($"RESTORE SNAPSHOT sales.nightly FROM shared PROPERTIES (\"backup_timestamp\" = \"{ts}\")");
        WireResult failed = cb.WaitState("SHOW RESTORE FROM sales", "FINISHED", "CANCELLED");
        Assert.Equal("CANCELLED", failed.Cell(0, "State"));
        Assert.Matches(@"^\[COMMON_ERROR, msg: failed to get enough backends for creating replica of tablet \d+\. need: 3\]$", failed.Cell(0, "Status"));
        Assert.Empty(cb.Query("SHOW TABLES FROM sales").Rows);

        cb.Exec($"RESTORE SNAPSHOT sales.nightly FROM shared ON (orders AS orders_copy) PROPERTIES (\"backup_timestamp\" = \"{ts}\", \"replication_num\" = \"1\")");
        WireResult ok = cb.WaitState("SHOW RESTORE FROM sales", "FINISHED", "CANCELLED");
        Assert.Equal("[OK]", ok.Cell(0, "Status"));
        Assert.Equal(ca.Dump("SELECT * FROM sales.orders WHERE dt >= '2024-02-01' ORDER BY id"), cb.Dump("SELECT * FROM sales.orders_copy ORDER BY id"));
        WireResult parts = cb.Query("SHOW PARTITIONS FROM sales.orders_copy");
        Assert.Equal("p202402", Assert.Single(parts.Rows)[1]);
        Assert.Equal("[types: [DATE]; keys: [2024-02-01]; ..types: [DATE]; keys: [2024-03-01]; )", parts.Cell(0, "Range"));
        Assert.Equal("3", parts.Cell(0, "VisibleVersion"));
    }

    [S3Fact]
    public async Task RestoreErrors_AtExecution()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("wire-rerr")));
        string ts = c.BackupAndWait("sales", "s1", "repo", " ON (orders)");
        string root = "__starrocks_repository_repo/__ss_s1/__info_2000-01-01-00-00-00-000";
        c.Fails("RESTORE SNAPSHOT sales.s1 FROM repo PROPERTIES (\"backup_timestamp\" = \"2000-01-01-00-00-00-000\")", 5064,
            $"Failed to get info of snapshot 's1' because: Expected one file with path: {root.Insert(0, PrefixOf(sim, c))}. get: 0. Maybe specified wrong backup timestamp");
        c.Fails($"RESTORE SNAPSHOT sales.s1 FROM repo ON (dim) PROPERTIES (\"backup_timestamp\" = \"{ts}\")", 5064, "Table dim does not exist in snapshot s1");
        c.Fails($"RESTORE SNAPSHOT sales.s1 FROM repo ON (orders PARTITION (p9)) PROPERTIES (\"backup_timestamp\" = \"{ts}\")", 5064, "Partition p9 of table orders does not exist in snapshot s1");
        c.Fails($"RESTORE SNAPSHOT nodb.s1 FROM repo PROPERTIES (\"backup_timestamp\" = \"{ts}\")", 5501, "Unknown database 'nodb'");
        c.Fails("BACKUP SNAPSHOT sales.s1 TO repo ON (orders)", 5064, "Snapshot with name 's1' already exist in repository");
        c.Exec(Sql.CreateRepoSql("ro", S3Settings.UniquePrefix("wire-ro"), readOnly: true));
        c.Fails("BACKUP SNAPSHOT sales.s2 TO ro", 5064, "Repository ro is read only");
        c.Fails(Sql.CreateRepoSql("repo", "x"), 5064, "Failed to create repository: repository with same name already exist: repo");
    }

    private static string PrefixOf(StarRocksSimulator sim, MySqlConnection c)
    {
        string location = c.Query("SHOW REPOSITORIES").Rows.First(r => r[1] == "repo")[4]!;
        return location[(location.IndexOf('/', "s3a://".Length) + 1)..] + "/";
    }
}
