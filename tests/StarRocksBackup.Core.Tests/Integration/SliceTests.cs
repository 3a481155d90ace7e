using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Integration;

/// <summary>backup → wait → list → restore against the FE simulator and the real S3 server.</summary>
public sealed class SliceTests
{
    [S3Theory]
    [InlineData("2.5.10")]
    [InlineData("3.3.9")]
    [InlineData("3.4.1")]
    [InlineData("4.2.0")]
    public async Task Full_slice_backup_wait_list_drop_restore_verify(string version)
    {
        var obs = new RecordingObserver();
        await using Sim s = await Sim.StartAsync(version, observer: obs);
        StarRocksClient c = s.Client;
        await s.SeedAsync("sales");
        var spec = Sim.S3Repo("repo1", "core-slice");
        Repository repo = await c.Repositories.CreateAsync(spec, obs);
        Assert.Equal("repo1", repo.Name);

        var partitions = await c.Catalog.ListPartitionsAsync("sales", "orders");
        Assert.Equal(new[] { "p1", "p2" }, partitions.Select(p => p.Name).OrderBy(x => x));
        Assert.Equal(3, partitions.Sum(p => p.RowCount ?? 0));

        BackupPlan plan = c.Backups.Plan(new BackupRequest { Repository = "repo1" }.Add("sales"));
        var started = await c.Backups.StartAsync(plan, observer: obs);
        BackupJob job = Assert.Single(started).Job!;
        Assert.True(job.JobId > 0);
        Assert.NotNull(job.CreateTime);
        var done = await c.Jobs.WaitAsync(new JobInfo[] { job }, Sim.FastWait, obs);
        Assert.True(done[0].Succeeded, done[0].Error?.Message);

        Snapshot snap = Assert.Single(await c.Snapshots.ListAsync("repo1"));
        Assert.Equal(job.Label, snap.Name);
        Assert.True(snap.IsOk);
        SnapshotDetail detail = await c.Snapshots.GetDetailAsync("repo1", snap.Name, snap.Latest!.Text);
        Assert.Equal("sales", detail.Database);
        Assert.Equal(new[] { "dim", "orders" }, detail.Tables.Select(t => t.Name).OrderBy(x => x));

        // Overwrite is refused while the tables exist.
        var req = new RestoreRequest { Repository = "repo1", Snapshot = snap.Name };
        req.Tables.Add(new RestoreTableRequest("orders"));
        var refused = await Assert.ThrowsAsync<StarRocksBackupException>(() => c.Restores.PlanAsync(req));
        Assert.True(refused.Kind == ErrorKind.OverwriteRefused, refused.ToString());

        var before = await s.RowsAsync("SELECT * FROM sales.orders ORDER BY id");
        await s.ExecAsync("DROP TABLE sales.orders");
        RestorePlan rplan = await c.Restores.PlanAsync(req, obs);
        Assert.False(rplan.Tables.Single().Overwrite);
        Assert.Equal(snap.Latest.Text, rplan.Timestamp);
        Assert.Equal(3, rplan.ReplicationNum);
        RestoreJob rjob = await c.Restores.StartAsync(rplan, obs);
        JobInfo finished = await c.Jobs.WaitOneAsync(rjob, Sim.FastWait, obs);
        Assert.True(finished.IsFinished);
        Assert.Equal(before, await s.RowsAsync("SELECT * FROM sales.orders ORDER BY id"));

        // Restore into another database under another name.
        var copy = new RestoreRequest { Repository = "repo1", Snapshot = snap.Name, TargetDatabase = "sales_copy" };
        copy.Tables.Add(new RestoreTableRequest("dim", "dim_copy"));
        RestorePlan cplan = await c.Restores.PlanAsync(copy);
        Assert.False(cplan.TargetDatabaseExists);
        await c.Jobs.WaitOneAsync(await c.Restores.StartAsync(cplan), Sim.FastWait);
        Assert.Equal(new[] { "1|one" }, await s.RowsAsync("SELECT * FROM sales_copy.dim_copy"));

        Assert.DoesNotContain(spec.Reveal("aws.s3.secret_key")!, obs.All);
    }

    [S3Fact]
    public async Task On_42_a_ttl_is_sent_and_DROP_SNAPSHOT_removes_the_snapshot()
    {
        await using Sim s = await Sim.StartAsync("4.2.0");
        StarRocksClient c = s.Client;
        await s.SeedAsync("sales");
        await c.Repositories.CreateAsync(Sim.S3Repo("repo1", "core-ttl"));
        BackupPlan plan = c.Backups.Plan(new BackupRequest { Repository = "repo1", Label = "kept_a_week", Ttl = "7 DAY" }.Add("sales", "dim"));
        Assert.EndsWith("PROPERTIES ('ttl' = '7 DAY')", plan.Databases[0].Sql);
        BackupJob job = await c.Backups.StartOneAsync(plan.Databases[0]);
        await c.Jobs.WaitOneAsync(job, Sim.FastWait);
        Assert.True((await c.Snapshots.GetAsync("repo1", "kept_a_week"))!.IsOk);
        await c.Snapshots.DropAsync("repo1", "kept_a_week");
        Assert.All(await c.Snapshots.ListAsync("repo1", "kept_a_week"), x => Assert.Empty(x.Timestamps)); // WHERE SNAPSHOT = x answers "ERROR: no snapshot"
    }

    [S3Fact]
    public async Task On_25_jobs_are_listed_and_waited_per_database()
    {
        await using Sim s = await Sim.StartAsync("2.5.10");
        StarRocksClient c = s.Client;
        Assert.False(c.Server.ListsAllDatabasesInShowBackup);
        await s.SeedAsync("a");
        await s.SeedAsync("b");
        await c.Repositories.CreateAsync(Sim.S3Repo("repo1", "core-25"));
        var started = await c.Backups.StartAsync(c.Backups.Plan(new BackupRequest { Repository = "repo1" }.Add("a").Add("b", "dim")));
        var results = await c.Jobs.WaitAsync(started.Select(r => (JobInfo)r.Job!), Sim.FastWait);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.DoesNotContain(s.Simulator.QueryLog.Entries, e => e.Statement == "SHOW BACKUP");
        Assert.Equal(new[] { "a", "b" }, (await c.Jobs.ListBackupJobsAsync()).Select(j => j.Database).OrderBy(x => x));
    }

    [S3Fact]
    public async Task Many_databases_are_waited_with_one_SHOW_BACKUP_per_poll()
    {
        await using Sim s = await Sim.StartAsync("3.3.9", phaseMs: 40);
        StarRocksClient c = s.Client;
        var req = new BackupRequest { Repository = "repo1" };
        for (int i = 0; i < 6; i++)
        {
            await s.SeedAsync("db" + i);
            req.Add("db" + i, "orders");
        }

        await c.Repositories.CreateAsync(Sim.S3Repo("repo1", "core-many"));
        var started = await c.Backups.StartAsync(c.Backups.Plan(req), new BackupStartOptions { MaxParallelDatabases = 6 });
        Assert.All(started, r => Assert.True(r.Succeeded, r.Error?.Message));
        int mark = s.Simulator.QueryLog.Count;
        var obs = new RecordingObserver();
        var results = await c.Jobs.WaitAsync(started.Select(r => (JobInfo)r.Job!), Sim.FastWait, obs);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var during = s.Simulator.QueryLog.Entries.Skip(mark).Select(e => e.Statement).ToList();
        int polls = obs.Messages.Count(m => m.StartsWith("DBG Waiting ", StringComparison.Ordinal)) + 1;
        Assert.All(during, st => Assert.Equal("SHOW BACKUP", st));
        Assert.Equal(polls, during.Count);
        Assert.Equal(6, (await c.Snapshots.ListAsync("repo1")).Count);
    }

    [S3Fact]
    public async Task Concurrent_submissions_to_one_database_wait_their_turn_and_the_displaced_job_resolves_from_the_snapshot()
    {
        await using Sim s = await Sim.StartAsync("3.3.9", phaseMs: 40);
        StarRocksClient c = s.Client;
        await s.SeedAsync("sales");
        await c.Repositories.CreateAsync(Sim.S3Repo("repo1", "core-conc"));
        var p1 = c.Backups.Plan(new BackupRequest { Repository = "repo1", Label = "first" }.Add("sales", "orders"));
        var p2 = c.Backups.Plan(new BackupRequest { Repository = "repo1", Label = "second" }.Add("sales", "dim"));
        var fast = new BackupStartOptions { BusyWait = Sim.FastWait };
        var obs = new RecordingObserver();
        Task<BackupJob> t1 = c.Backups.StartOneAsync(p1.Databases[0], fast, obs);
        await Task.Delay(20);
        Task<BackupJob> t2 = c.Backups.StartOneAsync(p2.Databases[0], fast, obs);
        BackupJob[] jobs = await Task.WhenAll(t1, t2);
        Assert.Contains(obs.Messages, m => m.Contains("busy", StringComparison.Ordinal));

        var results = await c.Jobs.WaitAsync(jobs, Sim.FastWait);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Contains(results, r => r.ResolvedFromSnapshot); // the first job left SHOW BACKUP when the second took the slot
        Assert.Equal(new[] { "first", "second" }, (await c.Snapshots.ListAsync("repo1")).Select(x => x.Name).OrderBy(x => x));
    }
}
