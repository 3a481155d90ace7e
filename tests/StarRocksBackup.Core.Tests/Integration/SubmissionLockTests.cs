using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Integration;

/// <summary>
/// StarRocks takes one BACKUP/RESTORE submission at a time (BackupHandler's seqlock, held while the submission lists the
/// repository) and refuses a statement that waited 10 s for it: "Another backup or restore job is being submitted. Please
/// wait and try again". Nothing was done then, so the module sends the statement again after a back-off, whatever the
/// caller asked about busy databases; only when the lock stays taken does the refusal surface. The simulator's lock wait
/// is shortened to 200 ms and another submission is made to hold the lock (over TCP, real S3).
/// </summary>
public sealed class SubmissionLockTests
{
    private static Task<Sim> StartAsync(int retries = 5, int delayMs = 300) => Sim.StartAsync("3.3.9", phaseMs: 30,
        simulator: o => o.SubmissionLockWait = TimeSpan.FromMilliseconds(200),
        client: o => { o.MaxSubmissionRetries = retries; o.SubmissionRetryDelay = TimeSpan.FromMilliseconds(delayMs); });

    private static int Sent(Sim s, string verb) => s.Simulator.QueryLog.Entries.Count(e => e.Statement.StartsWith(verb, StringComparison.OrdinalIgnoreCase));

    [S3Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_BACKUP_refused_while_another_submission_holds_the_lock_is_sent_again_and_starts(bool failIfBusy)
    {
        await using Sim s = await StartAsync();
        await s.SeedAsync("sales");
        await s.Client.Repositories.CreateAsync(Sim.S3Repo("repo1", "core-seqlock"));
        BackupPlan plan = s.Client.Backups.Plan(new BackupRequest { Repository = "repo1" }.Add("sales"));
        var obs = new RecordingObserver();

        s.Simulator.Faults.HoldSubmissionLock(TimeSpan.FromMilliseconds(700));
        BackupJob job = await s.Client.Backups.StartOneAsync(plan.Databases[0], new BackupStartOptions { FailIfBusy = failIfBusy }, obs);

        // Refused at least once (the lock was held 700 ms, each try waits 200 ms for it), then accepted: -FailIfBusy
        // does not take StarRocks' submission lock for a busy database.
        Assert.True(Sent(s, "BACKUP") >= 2, $"BACKUP sent {Sent(s, "BACKUP")} time(s)");
        Assert.Contains(obs.Messages, m => m.StartsWith("VERB StarRocks was taking another BACKUP or RESTORE", StringComparison.Ordinal) && m.Contains("being submitted", StringComparison.Ordinal));
        Assert.True((await s.Client.Jobs.WaitOneAsync(job, Sim.FastWait)).IsFinished);
        Assert.Single(await s.Client.Snapshots.ListAsync("repo1"));
    }

    [S3Fact]
    public async Task A_RESTORE_refused_while_another_submission_holds_the_lock_is_sent_again_and_starts()
    {
        await using Sim s = await StartAsync();
        await s.SeedAsync("sales");
        await s.Client.Repositories.CreateAsync(Sim.S3Repo("repo1", "core-seqlock-restore"));
        BackupPlan plan = s.Client.Backups.Plan(new BackupRequest { Repository = "repo1" }.Add("sales"));
        BackupJob backup = await s.Client.Backups.StartOneAsync(plan.Databases[0]);
        await s.Client.Jobs.WaitOneAsync(backup, Sim.FastWait);

        var req = new RestoreRequest { Repository = "repo1", Snapshot = backup.Label, TargetDatabase = "sales_copy" };
        req.Tables.Add(new RestoreTableRequest("dim"));
        RestorePlan rplan = await s.Client.Restores.PlanAsync(req);
        s.Simulator.Faults.HoldSubmissionLock(TimeSpan.FromMilliseconds(700));
        RestoreJob job = await s.Client.Restores.StartAsync(rplan);

        Assert.True(Sent(s, "RESTORE") >= 2, $"RESTORE sent {Sent(s, "RESTORE")} time(s)");
        Assert.True((await s.Client.Jobs.WaitOneAsync(job, Sim.FastWait)).IsFinished);
        Assert.Equal(new[] { "1|one" }, await s.RowsAsync("SELECT * FROM sales_copy.dim"));
    }

    [S3Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_the_lock_stays_taken_the_refusal_surfaces_after_the_retries_and_is_not_retried_again_as_a_busy_database(bool failIfBusy)
    {
        await using Sim s = await StartAsync(retries: 2, delayMs: 20);
        await s.SeedAsync("sales");
        await s.Client.Repositories.CreateAsync(Sim.S3Repo("repo1", "core-seqlock-held"));
        BackupPlan plan = s.Client.Backups.Plan(new BackupRequest { Repository = "repo1" }.Add("sales"));

        s.Simulator.Faults.HoldSubmissionLock(TimeSpan.FromSeconds(20));
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => s.Client.Backups.StartOneAsync(plan.Databases[0], new BackupStartOptions { FailIfBusy = failIfBusy }));

        Assert.Equal(ErrorKind.JobInProgress, ex.Kind);
        Assert.Contains("Another backup or restore job is being submitted", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, Sent(s, "BACKUP"));   // the first try and two retries; the busy-database loop does not start over
        Assert.Empty(await s.Client.Snapshots.ListAsync("repo1"));
    }
}
