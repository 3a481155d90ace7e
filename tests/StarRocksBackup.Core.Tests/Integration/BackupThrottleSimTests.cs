using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Simulator.Fe;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Integration;

/// <summary>The backup throttle bounds the jobs RUNNING on the simulated FE (and a failed job frees its slot).</summary>
public sealed class BackupThrottleSimTests
{
    private static readonly string[] Databases = { "db0", "db1", "db2", "db3", "db4" };

    private static async Task<(Sim Sim, BackupPlan Plan)> SetupAsync(string tag)
    {
        Sim s = await Sim.StartAsync("3.3.9", phaseMs: 60);
        var req = new BackupRequest { Repository = "repo1" };
        foreach (string db in Databases)
        {
            await s.SeedAsync(db);
            req.Add(db, "dim");
        }

        await s.Client.Repositories.CreateAsync(Sim.S3Repo("repo1", tag));
        return (s, s.Client.Backups.Plan(req));
    }

    /// <summary>Every database's job as the simulator's engine recorded it (create and finish on the FE clock).</summary>
    private static List<AbstractJob> EngineJobs(Sim s) =>
        Databases.Select(db => s.Simulator.Engine.Context.Jobs.LastJob(db) ?? throw new InvalidOperationException($"no job in {db}")).ToList();

    /// <summary>The most jobs running at one instant: at each job's creation, how many jobs were created and not yet ended.</summary>
    private static int MaxOverlap(IReadOnlyList<AbstractJob> jobs)
    {
        Assert.All(jobs, j => Assert.True(j.IsDone && j.FinishedTimeMs > 0, $"{j.DbName} {j.StateName}"));
        return jobs.Max(at => jobs.Count(j => j.CreateTimeMs <= at.CreateTimeMs && at.CreateTimeMs < j.FinishedTimeMs));
    }

    [S3Fact]
    public async Task Five_databases_with_throttle_two_never_run_more_than_two_jobs_at_once()
    {
        var (s, plan) = await SetupAsync("core-throttle");
        await using (s)
        {
            var obs = new RecordingObserver();
            var results = await s.Client.Backups.StartAsync(plan, new BackupStartOptions { MaxParallelDatabases = 2, RunningJobWait = Sim.FastWait }, obs);

            Assert.All(results, r => Assert.Equal(JobOutcome.Finished, r.WaitResult?.Outcome));
            List<AbstractJob> jobs = EngineJobs(s);
            Assert.Equal(2, MaxOverlap(jobs));
            Assert.All(jobs, j => Assert.Equal("FINISHED", j.StateName));

            // The wire view agrees: BACKUP statements reached the FE one slot at a time (five, one per database).
            var backups = s.Simulator.QueryLog.Entries.Where(e => e.Statement.StartsWith("BACKUP", StringComparison.Ordinal)).ToList();
            Assert.Equal(5, backups.Count);
            Assert.Equal(5, (await s.Client.Snapshots.ListAsync("repo1")).Count);
            Assert.Contains(obs.Messages, m => m.Contains("is queued", StringComparison.Ordinal));
        }
    }

    [S3Fact]
    public async Task A_failing_middle_job_frees_its_slot_and_the_rest_still_complete()
    {
        var (s, plan) = await SetupAsync("core-throttle-fail");
        await using (s)
        {
            s.Simulator.Faults.FailNextJob("db2", "injected upload failure");
            var results = await s.Client.Backups.StartAsync(plan, new BackupStartOptions { MaxParallelDatabases = 2, RunningJobWait = Sim.FastWait });

            DatabaseBackupResult failed = results.Single(r => r.Plan.Database == "db2");
            Assert.True(failed.Succeeded, failed.Error?.Message);
            Assert.True(failed.JobFailed);
            Assert.Equal(JobOutcome.Failed, failed.WaitResult!.Outcome);
            Assert.Contains("injected upload failure", failed.WaitResult.Error!.Message);
            Assert.All(results.Where(r => r.Plan.Database != "db2"), r => Assert.Equal(JobOutcome.Finished, r.WaitResult?.Outcome));

            List<AbstractJob> jobs = EngineJobs(s);
            Assert.True(MaxOverlap(jobs) <= 2);
            Assert.Equal("CANCELLED", jobs[2].StateName);
            Assert.Equal(4, (await s.Client.Snapshots.ListAsync("repo1")).Count);
        }
    }
}
