using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Integration;

/// <summary>Failures while waiting: CANCELLED jobs, FE restart, dropped connections, cancellation, stalls.</summary>
public sealed class FaultTests
{
    private static async Task<(Sim Sim, BackupJob Job)> StartBackupAsync(int phaseMs, string tag, string db = "sales")
    {
        Sim s = await Sim.StartAsync("3.3.9", phaseMs: phaseMs);
        await s.SeedAsync(db);
        await s.Client.Repositories.CreateAsync(Sim.S3Repo("repo1", tag));
        var plan = s.Client.Backups.Plan(new BackupRequest { Repository = "repo1" }.Add(db));
        BackupJob job = await s.Client.Backups.StartOneAsync(plan.Databases[0]);
        return (s, job);
    }

    [S3Fact]
    public async Task A_cancelled_job_is_a_JobFailed_result_with_TaskErrMsg_and_Status()
    {
        var (s, job) = await StartBackupAsync(150, "core-fail");
        await using (s)
        {
            s.Simulator.Faults.FailJob("sales", "[12345: upload failed]");
            JobWaitResult r = (await s.Client.Jobs.WaitAsync(new JobInfo[] { job }, Sim.FastWait)).Single();
            Assert.Equal(JobOutcome.Failed, r.Outcome);
            Assert.Equal(ErrorKind.JobFailed, r.Error!.Kind);
            Assert.Contains("[12345: upload failed]", r.Error.Message);
            Assert.Contains("COMMON_ERROR", r.Error.Message);
            Assert.Equal("12345", r.Job.TaskErrors.Single().TaskId);
            Assert.False(r.Job.Status.IsOk);
            var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => s.Client.Jobs.WaitOneAsync(job, Sim.FastWait));
            Assert.Equal(ErrorKind.JobFailed, ex.Kind);
        }
    }

    [S3Fact]
    public async Task FE_restart_during_a_wait_resumes_and_loses_nothing()
    {
        var (s, job) = await StartBackupAsync(120, "core-restart");
        await using (s)
        {
            var obs = new RecordingObserver();
            Task<IReadOnlyList<JobWaitResult>> wait = s.Client.Jobs.WaitAsync(new JobInfo[] { job }, Sim.FastWait, obs);
            await Task.Delay(150);
            await s.Simulator.RestartAsync(TimeSpan.FromMilliseconds(800));
            JobWaitResult r = (await wait).Single();
            Assert.True(r.Succeeded, r.Error?.Message);
            Assert.Equal(job.JobId, r.Job.JobId);
            Assert.True((await s.Client.Snapshots.GetAsync("repo1", job.Label))!.IsOk);
        }
    }

    [S3Fact]
    public async Task Dropped_connections_during_a_wait_are_survived()
    {
        var (s, job) = await StartBackupAsync(100, "core-drop");
        await using (s)
        {
            Task<IReadOnlyList<JobWaitResult>> wait = s.Client.Jobs.WaitAsync(new JobInfo[] { job }, Sim.FastWait);
            for (int i = 0; i < 5; i++)
            {
                await Task.Delay(60);
                s.Simulator.Faults.DropAllConnections();
            }

            JobWaitResult r = (await wait).Single();
            Assert.True(r.Succeeded, r.Error?.Message);
        }
    }

    [S3Fact]
    public async Task Cancelling_a_wait_stops_waiting_and_leaves_the_job_running()
    {
        var (s, job) = await StartBackupAsync(50, "core-cancel");
        await using (s)
        {
            s.Simulator.Faults.StallJob("sales");
            var obs = new RecordingObserver();
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => s.Client.Jobs.WaitAsync(new JobInfo[] { job }, Sim.FastWait, obs, cts.Token));
            Assert.Contains(obs.Warnings, w => w.Contains(job.Label, StringComparison.Ordinal));
            BackupJob? now = await s.Client.Jobs.GetBackupJobAsync("sales");
            Assert.False(now!.IsDone);
            Assert.DoesNotContain(s.Simulator.QueryLog.Entries, e => e.Statement.StartsWith("CANCEL", StringComparison.Ordinal));
            s.Simulator.Faults.ResumeJob("sales");
            Assert.True((await s.Client.Jobs.WaitAsync(new JobInfo[] { job }, Sim.FastWait)).Single().Succeeded);
        }
    }

    [S3Fact]
    public async Task A_stalled_job_is_reported_and_can_then_be_stopped_explicitly()
    {
        var (s, job) = await StartBackupAsync(50, "core-stall");
        await using (s)
        {
            s.Simulator.Faults.StallJob("sales");
            WaitOptions o = Sim.FastWait;
            o.StallTimeout = TimeSpan.FromMilliseconds(400);
            JobWaitResult r = (await s.Client.Jobs.WaitAsync(new JobInfo[] { job }, o)).Single();
            Assert.Equal(JobOutcome.Stalled, r.Outcome);
            Assert.Equal(ErrorKind.JobStalled, r.Error!.Kind);

            await s.Client.Jobs.CancelAsync(r.Job);
            JobWaitResult after = (await s.Client.Jobs.WaitAsync(new JobInfo[] { job }, Sim.FastWait)).Single();
            Assert.Equal(JobOutcome.Failed, after.Outcome);
            var none = await Assert.ThrowsAsync<StarRocksBackupException>(() => s.Client.Jobs.CancelAsync(JobKind.Backup, "sales"));
            Assert.True(none.Kind == ErrorKind.JobNotFound, none.Message);
        }
    }

    [S3Fact]
    public async Task Overall_timeout_is_a_Timeout_result_and_the_job_keeps_running()
    {
        var (s, job) = await StartBackupAsync(50, "core-timeout");
        await using (s)
        {
            s.Simulator.Faults.StallJob("sales");
            WaitOptions o = Sim.FastWait;
            o.Timeout = TimeSpan.FromMilliseconds(300);
            JobWaitResult r = (await s.Client.Jobs.WaitAsync(new JobInfo[] { job }, o)).Single();
            Assert.Equal(JobOutcome.TimedOut, r.Outcome);
            Assert.Equal(ErrorKind.Timeout, r.Error!.Kind);
            Assert.False((await s.Client.Jobs.GetBackupJobAsync("sales"))!.IsDone);
        }
    }
}
