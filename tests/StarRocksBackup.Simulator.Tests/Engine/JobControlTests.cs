using MySqlConnector;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>One job per database, CANCEL, timeout, faults, restore conflicts, FE restart — over TCP.</summary>
public sealed class JobControlTests
{
    [S3Fact]
    public async Task OneJobPerDatabase_AndCancelMessages()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("jobs-one")));
        sim.Faults.StallJob("sales");
        c.Exec("BACKUP SNAPSHOT sales.b1 TO repo ON (orders)");
        c.Fails("BACKUP SNAPSHOT sales.b2 TO repo ON (dim)", 5064, "Can only run one backup or restore job of a database at same time");
        c.Fails("RESTORE SNAPSHOT sales.b1 FROM repo PROPERTIES (\"backup_timestamp\" = \"x\")", 5064, "Can only run one backup or restore job of a database at same time");
        c.Fails("DROP REPOSITORY repo", 5064, "Backup or restore job is running on this repository. Can not drop it");
        c.Fails("CANCEL RESTORE FROM sales", 5064, "No restore is currently running");
        Assert.Equal("PENDING", c.Query("SHOW BACKUP FROM sales").Cell(0, "State"));

        // Another database runs in parallel.
        c.Exec("CREATE DATABASE other");
        c.Exec("CREATE TABLE other.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        c.Exec("BACKUP SNAPSHOT other.o1 TO repo");
        Assert.Equal("FINISHED", c.WaitState("SHOW BACKUP FROM other", "FINISHED", "CANCELLED").Cell(0, "State"));
        Assert.Equal(2, c.Query("SHOW BACKUP").Rows.Count);

        c.Exec("CANCEL BACKUP FROM sales");
        WireResult r = c.Query("SHOW BACKUP FROM sales");
        Assert.Equal("CANCELLED", r.Cell(0, "State"));
        Assert.Equal("[COMMON_ERROR, msg: user cancelled]", r.Cell(0, "Status"));
        Assert.NotNull(r.Cell(0, "FinishedTime"));
        c.Fails("CANCEL BACKUP FROM sales", 5064, "Failed to cancel job: Job with label b1 can not be cancelled. state: CANCELLED");
        sim.Faults.ResumeJob("sales");
        c.Exec("DROP REPOSITORY repo");
    }

    [S3Fact]
    public async Task Timeout_CancelsWithTimeoutStatus()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("jobs-to")));
        sim.Faults.StallJob("sales");
        c.Exec("BACKUP SNAPSHOT sales.t1 TO repo PROPERTIES (\"timeout\" = \"600\")");
        Thread.Sleep(100);
        Assert.Equal("PENDING", c.Query("SHOW BACKUP FROM sales").Cell(0, "State"));
        sim.Faults.AdvanceClock(TimeSpan.FromSeconds(601));
        WireResult r = c.WaitState("SHOW BACKUP FROM sales", "CANCELLED");
        Assert.Equal("[TIMEOUT, msg: ]", r.Cell(0, "Status"));
        Assert.Equal("600", r.Cell(0, "Timeout"));
    }

    [S3Fact]
    public async Task FailJob_ShowsTaskErrMsgThenCancelled_AndFailNextJob()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync(configure: o => o.BackupPhaseDuration = TimeSpan.FromMilliseconds(150));
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("jobs-fail")));
        sim.Faults.SlowPhase("UPLOADING", TimeSpan.FromSeconds(30));
        c.Exec("BACKUP SNAPSHOT sales.f1 TO repo");
        c.WaitState("SHOW BACKUP FROM sales", "UPLOADING");
        sim.Faults.FailJob("sales", "[12345: upload failed]");
        // The failure shows at once; the job turns CANCELLED one (150 ms) phase later.
        WireResult mid = c.Query("SHOW BACKUP FROM sales");
        Assert.Contains(mid.Cell(0, "State"), new[] { "UPLOADING", "CANCELLED" });
        Assert.Equal("[12345: upload failed]", mid.Cell(0, "TaskErrMsg"));
        WireResult r = c.WaitState("SHOW BACKUP FROM sales", "CANCELLED", "FINISHED");
        Assert.Equal("CANCELLED", r.Cell(0, "State"));
        Assert.Equal("[COMMON_ERROR, msg: upload failed]", r.Cell(0, "Status"));
        Assert.Equal("[12345: upload failed]", r.Cell(0, "TaskErrMsg"));

        sim.Faults.SlowPhase("UPLOADING", TimeSpan.Zero);
        sim.Faults.FailNextJob("sales", "disk full");
        c.Exec("BACKUP SNAPSHOT sales.f2 TO repo");
        WireResult r2 = c.WaitState("SHOW BACKUP FROM sales", "CANCELLED", "FINISHED");
        Assert.Equal("[COMMON_ERROR, msg: disk full]", r2.Cell(0, "Status"));
        Assert.Throws<InvalidOperationException>(() => sim.Faults.FailJob("sales", "x"));
    }

    [S3Fact]
    public async Task UploadRate_MakesUploadingLastTheSnapshotsBytesAtThatRate()
    {
        const long rate = 200;   // bytes per second
        await using StarRocksSimulator sim = await Sql.StartAsync(configure: o =>
        {
            o.BackupPhaseDuration = TimeSpan.FromMilliseconds(50);
            o.BackupUploadBytesPerSecond = rate;
        });
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("jobs-rate")));
        c.Exec("BACKUP SNAPSHOT sales.r1 TO repo");
        Assert.Equal("FINISHED", c.WaitState("SHOW BACKUP FROM sales", "CANCELLED", "FINISHED").Cell(0, "State"));

        var job = (StarRocksBackup.Simulator.Fe.BackupJob)sim.Engine.Context.Jobs.LastJob("sales")!;
        Assert.True(job.SnapshotBytes >= 50, $"the seed's snapshot is {job.SnapshotBytes} bytes");
        long expectedMs = job.SnapshotBytes * 1000 / rate;
        // UPLOADING starts one phase after the snapshot finished and lasts the phase plus the bytes at the rate.
        Assert.True(job.UploadFinishedTimeMs - job.SnapshotFinishedTimeMs >= expectedMs + 50,
            $"uploading took {job.UploadFinishedTimeMs - job.SnapshotFinishedTimeMs} ms for {job.SnapshotBytes} bytes at {rate} B/s");
    }

    [S3Fact]
    public async Task RestoreOverExistingTable_DifferentSchemaCancels_SameSchemaOverwrites_UserCancelShowsState()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("jobs-schema")));
        string ts = c.BackupAndWait("sales", "s1", "repo", " ON (dim)");
        string original = c.Dump("SELECT * FROM dim ORDER BY k");

        // same schema: data is overwritten with the snapshot's
        c.Exec("INSERT INTO dim VALUES (1, 'uno'), (3, 'three')");
        c.Exec($"RESTORE SNAPSHOT sales.s1 FROM repo ON (dim) PROPERTIES (\"backup_timestamp\" = \"{ts}\", \"replication_num\" = \"1\")");
        Assert.Equal("[OK]", c.WaitState("SHOW RESTORE FROM sales", "FINISHED", "CANCELLED").Cell(0, "Status"));
        Assert.Equal(original, c.Dump("SELECT * FROM dim ORDER BY k"));

        c.Exec("DROP TABLE dim");
        c.Exec("CREATE TABLE dim (k INT, name VARCHAR(20)) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        c.Exec("INSERT INTO dim VALUES (9, 'nine')");
        c.Exec($"RESTORE SNAPSHOT sales.s1 FROM repo ON (dim) PROPERTIES (\"backup_timestamp\" = \"{ts}\", \"replication_num\" = \"1\")");
        WireResult r = c.WaitState("SHOW RESTORE FROM sales", "FINISHED", "CANCELLED");
        Assert.Equal("CANCELLED", r.Cell(0, "State"));
        Assert.Equal(
            "[COMMON_ERROR, msg: Table dim already exist but with different schema, errMsg: column: name VARCHAR(20) NULL in existed table is different from the column in backup snapshot, column: name VARCHAR(10) NULL]",
            r.Cell(0, "Status"));
        Assert.Equal("9|nine", c.Dump("SELECT * FROM dim"));

        // user cancel of a restore names the state
        sim.Faults.StallJob("sales");
        c.Exec($"RESTORE SNAPSHOT sales.s1 FROM repo ON (dim AS dim2) PROPERTIES (\"backup_timestamp\" = \"{ts}\", \"replication_num\" = \"1\")");
        c.Exec("CANCEL RESTORE FROM sales");
        Assert.Equal("[COMMON_ERROR, msg: user cancelled, current state: PENDING]", c.Query("SHOW RESTORE FROM sales").Cell(0, "Status"));
        c.Fails("CANCEL BACKUP FROM sales", 5064, "No backup job is currently running");
    }

    [S3Fact]
    public async Task Restart_KeepsCatalogRepositoriesAndJobs()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        int port = sim.Port;
        using (MySqlConnection c = Sql.Open(sim))
        {
            Sql.Seed(c);
            c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("jobs-restart")));
            sim.Faults.StallJob("sales");
            c.Exec("BACKUP SNAPSHOT sales.r1 TO repo");
        }

        await sim.RestartAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(port, sim.Port);
        using MySqlConnection c2 = Sql.Open(sim);
        Assert.Equal("PENDING", c2.Query("SHOW BACKUP FROM sales").Cell(0, "State"));
        sim.Faults.ResumeJob("sales");
        Assert.Equal("[OK]", c2.WaitState("SHOW BACKUP FROM sales", "FINISHED", "CANCELLED").Cell(0, "Status"));
        Assert.Single(c2.Query("SHOW REPOSITORIES").Rows);
        Assert.Contains(sim.QueryLog.Entries, e => e.Statement.StartsWith("BACKUP SNAPSHOT sales.r1", StringComparison.Ordinal));
    }

    [S3Fact]
    public async Task RestoringTable_IsInStateRestore_AndDownloadingShowsProgress()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("jobs-state")));
        string ts = c.BackupAndWait("sales", "s1", "repo", " ON (dim)");
        sim.Faults.SlowPhase("DOWNLOADING", TimeSpan.FromSeconds(30));
        c.Exec($"RESTORE SNAPSHOT sales.s1 FROM repo PROPERTIES (\"backup_timestamp\" = \"{ts}\", \"replication_num\" = \"1\")");
        WireResult r = c.WaitState("SHOW RESTORE FROM sales", "DOWNLOADING");
        Assert.Matches(@"^\[\d+: \d+/\d+\](, \[\d+: \d+/\d+\])*$", r.Cell(0, "Progress"));
        Assert.Matches(@"^\d+=\d+(, \d+=\d+)*$", r.Cell(0, "UnfinishedTasks"));
        Assert.NotNull(r.Cell(0, "MetaPreparedTime"));
        Assert.Null(r.Cell(0, "DownloadFinishedTime"));
        c.Fails("INSERT INTO dim VALUES (5, 'five')", 5064, "Table dim's state is not NORMAL: RESTORE");
        c.Exec("CANCEL RESTORE FROM sales");
        Assert.Equal("[COMMON_ERROR, msg: user cancelled, current state: DOWNLOADING]", c.Query("SHOW RESTORE FROM sales").Cell(0, "Status"));
        c.Exec("INSERT INTO dim VALUES (5, 'five')");
    }

    [S3Fact]
    public async Task DroppingTheDatabase_FailsItsRunningBackup()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("jobs-dropdb")));
        sim.Faults.StallJob("sales");
        c.Exec("BACKUP SNAPSHOT sales.s1 TO repo");
        var job = sim.Engine.Context.Jobs.RunningJob("sales")!;
        c.Exec("DROP DATABASE sales");
        sim.Faults.ResumeJob("sales");
        await job.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("CANCELLED", job.StateName);
        Assert.Equal($"[NOT_FOUND, msg: database {job.DbId} does not exist]", job.Status.ToString());
    }

    [Fact]
    public async Task DropAllConnections_ClosesClientsButKeepsListening()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        c.Exec("CREATE DATABASE d");
        sim.Faults.DropAllConnections();
        Assert.ThrowsAny<Exception>(() => c.Exec("SHOW DATABASES"));
        using MySqlConnection c2 = Sql.Open(sim);
        Assert.Contains(c2.Query("SHOW DATABASES").Rows, r => r[0] == "d");
    }
}
