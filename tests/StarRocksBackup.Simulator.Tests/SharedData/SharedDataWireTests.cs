// The shared-data statements over TCP with MySqlConnector: what a client really receives
// (column types, NULLs, error numbers and texts) and what lands in S3.
using MySqlConnector;
using StarRocksBackup.Simulator.Fe.SharedData;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.SharedData;

public sealed class SharedDataWireTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static List<Dictionary<string, object?>> Query(MySqlConnection c, string sql)
    {
        using var cmd = new MySqlCommand(sql, c);
        using MySqlDataReader r = cmd.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (r.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (int i = 0; i < r.FieldCount; i++) row[r.GetName(i)] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }

    private static void Execute(MySqlConnection c, string sql)
    {
        using var cmd = new MySqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    private static async Task<List<Dictionary<string, object?>>> PollAsync(MySqlConnection c, string sql, Func<List<Dictionary<string, object?>>, bool> done)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            List<Dictionary<string, object?>> rows = Query(c, sql);
            if (done(rows)) return rows;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"'{sql}' never matched; last: {rows.Count} rows");
            await Task.Delay(20);
        }
    }

    /// <summary>Stalls the daemon and waits until no job runs or purges, so S3 and information_schema hold still.</summary>
    private static Task QuiesceAsync(SharedDataCluster cluster)
    {
        cluster.Sim.Faults.StallClusterSnapshots();
        ClusterSnapshotManager m = cluster.Fe.ClusterSnapshots;
        return m.WaitForJobAsync(_ => m.IsIdle && m.GetJobs().All(j => j.State != ClusterSnapshotJobState.EXPIRED), Timeout);
    }

    [S3Fact]
    public async Task Enable_snapshots_appear_in_information_schema_and_S3_with_typed_columns()
    {
        using var bucket = new SnapshotBucket("wire-cs");
        await using SharedDataCluster cluster = await SharedDataCluster.StartAsync(bucket, intervalMs: 150, phaseMs: 10);
        using MySqlConnection c = cluster.Open();
        Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON");

        await PollAsync(c, "SELECT * FROM information_schema.cluster_snapshots", rows => rows.Count == 1);
        await QuiesceAsync(cluster);
        Dictionary<string, object?> snap = Assert.Single(Query(c, "SELECT * FROM information_schema.cluster_snapshots"));
        Assert.Equal(new[] { "SNAPSHOT_NAME", "SNAPSHOT_TYPE", "CREATED_TIME", "FE_JOURNAL_ID", "STARMGR_JOURNAL_ID", "PROPERTIES", "STORAGE_VOLUME", "STORAGE_PATH" }, snap.Keys);
        Assert.IsType<long>(snap["CREATED_TIME"]);
        Assert.IsType<long>(snap["FE_JOURNAL_ID"]);
        Assert.Equal("AUTOMATED", snap["SNAPSHOT_TYPE"]);
        string name = (string)snap["SNAPSHOT_NAME"]!;
        long createdSeconds = (long)snap["CREATED_TIME"]!;
        Assert.InRange(createdSeconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal($"{bucket.Location}/{bucket.ServiceId}/meta/image/{name}", snap["STORAGE_PATH"]);

        // The folder the row points at is complete and named after the row's journal ids.
        IReadOnlyDictionary<string, List<string>> folders = await bucket.FoldersAsync();
        Assert.Equal(SnapshotBucket.CompleteFolder((long)snap["FE_JOURNAL_ID"]!, (long)snap["STARMGR_JOURNAL_ID"]!), folders[name]);

        List<Dictionary<string, object?>> jobs = Query(c, "SELECT * FROM information_schema.cluster_snapshot_jobs ORDER BY JOB_ID");
        Assert.Equal(new[] { "SNAPSHOT_NAME", "JOB_ID", "CREATED_TIME", "FINISHED_TIME", "STATE", "DETAIL_INFO", "ERROR_MESSAGE" }, jobs[0].Keys);
        Dictionary<string, object?> finishedJob = jobs.Single(j => (string)j["SNAPSHOT_NAME"]! == name);
        Assert.Equal("FINISHED", finishedJob["STATE"]);
        Assert.IsType<long>(finishedJob["JOB_ID"]);
        Assert.IsType<long>(finishedJob["FINISHED_TIME"]);
        Assert.True((long)finishedJob["FINISHED_TIME"]! >= createdSeconds);
    }

    [S3Fact]
    public async Task Running_job_has_NULL_finished_time_and_only_newest_kept_and_OFF_purges()
    {
        using var bucket = new SnapshotBucket("wire-retain");
        await using SharedDataCluster cluster = await SharedDataCluster.StartAsync(bucket, intervalMs: 200, phaseMs: 40);
        using MySqlConnection c = cluster.Open();
        Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON");

        List<Dictionary<string, object?>> running = await PollAsync(c,
            "SELECT STATE, FINISHED_TIME FROM information_schema.cluster_snapshot_jobs WHERE STATE = 'SNAPSHOTING'", rows => rows.Count > 0);
        Assert.Null(running[0]["FINISHED_TIME"]);

        await PollAsync(c, "SELECT * FROM information_schema.cluster_snapshot_jobs WHERE STATE = 'DELETED'", rows => rows.Count >= 2);

        // Stall the daemon to look at a quiet moment (a busy machine may run jobs back to back); a job in
        // flight when OFF arrives would run on and keep its folder, as in StarRocks.
        cluster.Sim.Faults.StallClusterSnapshots();
        ClusterSnapshotManager m = cluster.Fe.ClusterSnapshots;
        await m.WaitForJobAsync(_ => m.IsIdle && m.GetJobs().All(j => j.State is ClusterSnapshotJobState.FINISHED or ClusterSnapshotJobState.DELETED), Timeout);
        string newest = (string)Assert.Single(Query(c, "SELECT SNAPSHOT_NAME FROM information_schema.cluster_snapshots"))["SNAPSHOT_NAME"]!;
        Assert.Equal(new[] { newest }, (await bucket.FoldersAsync()).Keys);
        Assert.Equal(new[] { newest }, Query(c, "SELECT SNAPSHOT_NAME FROM information_schema.cluster_snapshot_jobs WHERE STATE <> 'DELETED'").Select(r => r["SNAPSHOT_NAME"]));

        Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF");
        Assert.Empty(Query(c, "SELECT * FROM information_schema.cluster_snapshots"));
        await cluster.Fe.ClusterSnapshots.WaitForJobAsync(_ => cluster.Fe.ClusterSnapshots.GetJobs().All(j => j.State is ClusterSnapshotJobState.DELETED), Timeout);
        Assert.Empty(await bucket.FoldersAsync());
    }

    [S3Fact]
    public async Task Errors_carry_StarRocks_numbers_and_texts()
    {
        using var bucket = new SnapshotBucket("wire-err");
        await using SharedDataCluster cluster = await SharedDataCluster.StartAsync(bucket, intervalMs: 3_600_000);
        using MySqlConnection c = cluster.Open();

        MySqlException unknown = Assert.Throws<MySqlException>(() => Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON STORAGE VOLUME nope"));
        Assert.Equal(1064, unknown.Number);
        Assert.Equal("Getting analyzing error. Detail message: Unknown storage volume: nope.", unknown.Message);
        MySqlException notOn = Assert.Throws<MySqlException>(() => Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF"));
        Assert.Equal("Getting analyzing error. Detail message: Automated snapshot has not been turn on.", notOn.Message);
        Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON STORAGE VOLUME builtin_storage_volume");
        MySqlException twice = Assert.Throws<MySqlException>(() => Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON"));
        Assert.Equal("Getting analyzing error. Detail message: Automated snapshot has been turn on.", twice.Message);
        MySqlException desc = Assert.Throws<MySqlException>(() => Query(c, "DESC STORAGE VOLUME nope"));
        Assert.Equal("Getting analyzing error. Detail message: Unknown storage volume: nope.", desc.Message);
    }

    [S3Fact]
    public async Task Show_and_desc_storage_volume_never_return_the_secret()
    {
        using var bucket = new SnapshotBucket("wire-sv");
        await using SharedDataCluster cluster = await SharedDataCluster.StartAsync(bucket, intervalMs: 3_600_000);
        using MySqlConnection c = cluster.Open();
        List<Dictionary<string, object?>> show = Query(c, "SHOW STORAGE VOLUMES");
        Assert.Equal("builtin_storage_volume", Assert.Single(show)["Storage Volume"]);
        Dictionary<string, object?> desc = Assert.Single(Query(c, "DESC STORAGE VOLUME builtin_storage_volume"));
        Assert.Equal(new[] { "Name", "Type", "IsDefault", "Location", "Params", "Enabled", "Comment" }, desc.Keys);
        Assert.Equal("true", desc["IsDefault"]);
        Assert.Equal(bucket.Location, desc["Location"]);
        Assert.Contains("\"aws.s3.secret_key\":\"******\"", (string)desc["Params"]!);
        Assert.All(desc.Values, v => Assert.DoesNotContain(bucket.S3.SecretKey, Convert.ToString(v) ?? string.Empty));
    }

    [Fact]
    public async Task Shared_nothing_answers_StarRocks_errors_over_the_wire()
    {
        await using SharedDataCluster cluster = await SharedDataCluster.StartAsync(null);
        using MySqlConnection c = cluster.Open();
        MySqlException on = Assert.Throws<MySqlException>(() => Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON"));
        Assert.Equal(1064, on.Number);
        Assert.Equal("Getting analyzing error. Detail message: Automated snapshot only support share data mode.", on.Message);
        Assert.Empty(Query(c, "SHOW STORAGE VOLUMES"));
        Assert.Empty(Query(c, "SELECT * FROM information_schema.cluster_snapshot_jobs"));
    }

    [S3Fact]
    public async Task Restart_keeps_the_setting_and_the_snapshot_and_snapshots_resume()
    {
        using var bucket = new SnapshotBucket("wire-restart");
        await using SharedDataCluster cluster = await SharedDataCluster.StartAsync(bucket, intervalMs: 200, phaseMs: 5);
        string before;
        using (MySqlConnection c = cluster.Open())
        {
            Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON");
            before = (string)(await PollAsync(c, "SELECT SNAPSHOT_NAME FROM information_schema.cluster_snapshots", rows => rows.Count == 1))[0]["SNAPSHOT_NAME"]!;
        }

        await cluster.Sim.RestartAsync(TimeSpan.FromMilliseconds(100));
        using MySqlConnection again = cluster.Open();
        MySqlException on = Assert.Throws<MySqlException>(() => Execute(again, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON"));
        Assert.Equal("Getting analyzing error. Detail message: Automated snapshot has been turn on.", on.Message);
        Assert.Single(Query(again, "SELECT * FROM information_schema.cluster_snapshots"));
        await PollAsync(again, "SELECT SNAPSHOT_NAME FROM information_schema.cluster_snapshots",
            rows => rows.Count == 1 && string.CompareOrdinal((string)rows[0]["SNAPSHOT_NAME"]!, before) > 0);
        await QuiesceAsync(cluster);
        string after = (string)Assert.Single(Query(again, "SELECT SNAPSHOT_NAME FROM information_schema.cluster_snapshots"))["SNAPSHOT_NAME"]!;
        Assert.Equal(new[] { after }, (await bucket.FoldersAsync()).Keys);
    }

    [S3Fact]
    public async Task FE_crash_mid_snapshot_leaves_two_folders_and_restart_marks_the_job_ERROR()
    {
        using var bucket = new SnapshotBucket("wire-crash");
        await using SharedDataCluster cluster = await SharedDataCluster.StartAsync(bucket, intervalMs: 250, phaseMs: 5);
        ClusterSnapshotManager m = cluster.Fe.ClusterSnapshots;
        using (MySqlConnection c = cluster.Open())
        {
            Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON");
            await PollAsync(c, "SELECT * FROM information_schema.cluster_snapshots", rows => rows.Count == 1);
        }

        cluster.Sim.Faults.CrashDuringNextClusterSnapshot();
        await m.WaitForJobAsync(_ => m.IsCrashed, Timeout);
        IReadOnlyDictionary<string, List<string>> folders = await bucket.FoldersAsync();
        Assert.Equal(2, folders.Count);
        string older = folders.Keys.Min(StringComparer.Ordinal)!, newer = folders.Keys.Max(StringComparer.Ordinal)!;
        Assert.Contains(folders[older], f => f.StartsWith("v2/image.", StringComparison.Ordinal));
        Assert.Contains(folders[older], f => f.StartsWith("starmgr/image.", StringComparison.Ordinal));
        Assert.DoesNotContain(folders[newer], f => f.Contains("image.", StringComparison.Ordinal));
        Assert.Contains(folders[newer], f => f.StartsWith("v2/checksum.", StringComparison.Ordinal));

        await cluster.Sim.RestartAsync(TimeSpan.FromMilliseconds(50));
        using MySqlConnection again = cluster.Open();
        List<Dictionary<string, object?>> failed = await PollAsync(again,
            $"SELECT STATE, ERROR_MESSAGE FROM information_schema.cluster_snapshot_jobs WHERE SNAPSHOT_NAME = '{newer}'", rows => rows.Count == 1 && (string)rows[0]["STATE"]! == "ERROR");
        Assert.Equal("Snapshot job has been failed because of FE restart or leader change", failed[0]["ERROR_MESSAGE"]);
    }

    [S3Fact]
    public async Task The_FE_image_in_a_snapshot_holds_the_catalog_at_that_moment()
    {
        using var bucket = new SnapshotBucket("wire-image");
        await using SharedDataCluster cluster = await SharedDataCluster.StartAsync(bucket, intervalMs: 150, phaseMs: 5);
        using MySqlConnection c = cluster.Open();
        Execute(c, "CREATE DATABASE dr_image_db");
        long journalAfterCreate = cluster.Fe.Journal.FeJournalId;
        Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON");
        await PollAsync(c, "SELECT * FROM information_schema.cluster_snapshots", rows => rows.Count == 1);
        await QuiesceAsync(cluster);
        Dictionary<string, object?> snap = Assert.Single(Query(c, "SELECT * FROM information_schema.cluster_snapshots"));
        long feJournal = (long)snap["FE_JOURNAL_ID"]!;
        Assert.True(feJournal > journalAfterCreate);
        string image = await bucket.ReadAsync($"{bucket.ServiceId}/meta/image/{snap["SNAPSHOT_NAME"]}/v2/image.{feJournal}");
        Assert.Contains("\"dr_image_db\"", image);
    }

    [Fact]
    public async Task Before_3_4_2_cluster_snapshot_statements_are_syntax_errors()
    {
        await using SharedDataCluster cluster = await SharedDataCluster.StartAsync(null, version: "3.3.9");
        using MySqlConnection c = cluster.Open();
        MySqlException e = Assert.Throws<MySqlException>(() => Execute(c, "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON"));
        Assert.Equal(1064, e.Number);
        Assert.StartsWith("Getting syntax error", e.Message);
    }

    [Fact]
    public async Task Selects_beyond_the_subset_fail_loudly_and_malformed_ones_get_the_syntax_error()
    {
        await using SharedDataCluster cluster = await SharedDataCluster.StartAsync(null, version: "3.5.2");
        using MySqlConnection c = cluster.Open();
        MySqlException unsupported = Assert.Throws<MySqlException>(() => Query(c, "SELECT * FROM information_schema.cluster_snapshot_jobs WHERE STATE = 'ERROR' OR STATE = 'FINISHED'"));
        Assert.StartsWith("Getting analyzing error. Detail message: The simulator supports only SELECT", unsupported.Message);
        MySqlException malformed = Assert.Throws<MySqlException>(() => Query(c, "SELECT * FROM information_schema.cluster_snapshot_jobs WHERE"));
        Assert.StartsWith("Getting syntax error", malformed.Message);
    }

    [MysqlClientFact]
    public async Task Debian_mysql_client_reads_storage_volumes()
    {
        // SHOW/DESC never touch object storage, so the volume may point anywhere.
        var options = new SimulatorOptions
        {
            Version = "3.5.2",
            RunMode = SimulatorRunMode.SharedData,
            BuiltinStorageVolume = StorageVolumeDefinition.ForS3("b", "s3://bucket/sd", "http://127.0.0.1:1", "us-east-1", "AKIDMYSQLCLIENT", "mysql-client-secret"),
        };
        await using StarRocksSimulator sim = await StarRocksSimulator.StartAsync(options);
        (int exit, string stdout, string stderr) = ProcessRunner.Run(TestEnvironment.MysqlClientPath!,
            new[] { "-h127.0.0.1", $"-P{sim.Port}", "-uroot", "--batch", "-e", "SHOW STORAGE VOLUMES; DESC STORAGE VOLUME builtin_storage_volume" },
            TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, stderr);
        Assert.Contains("Storage Volume\nbuiltin_storage_volume\n", stdout);
        Assert.Contains("Name\tType\tIsDefault\tLocation\tParams\tEnabled\tComment\n", stdout);
        Assert.Contains("builtin_storage_volume\tS3\ttrue\ts3://bucket/sd\t", stdout);
        Assert.DoesNotContain("mysql-client-secret", stdout);
        Assert.DoesNotContain("AKIDMYSQLCLIENT", stdout);
    }
}
