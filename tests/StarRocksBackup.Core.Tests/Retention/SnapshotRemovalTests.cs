using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Core.Verification;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Retention;

/// <summary>Remove-SrSnapshot's Core on the simulator and the real S3 server, 3.3 (storage) and 4.2 (DROP SNAPSHOT).</summary>
public sealed class SnapshotRemovalTests
{
    [S3Theory]
    [InlineData("3.3.9", SnapshotRemovalMethods.Storage)]
    [InlineData("4.2.0", SnapshotRemovalMethods.DropSnapshot)]
    public async Task Removed_snapshot_is_gone_and_nothing_else_is_touched(string version, string method)
    {
        await using RepoFixture f = await RepoFixture.StartAsync(version, "rm");
        await f.Sim.SeedAsync("sales");
        await f.BackupAsync("sales", "snap");
        await f.BackupAsync("sales", "snap_keep");
        // Look-alikes: another label sharing the prefix, another repository whose root shares the prefix.
        await f.PutAsync("__starrocks_repository_repo1/__ss_snap2/__info_2024-01-01-00-00-00-000.0cc175b9c0f1b6a831c399e269772661", "a");
        await f.PutAsync("__starrocks_repository_repo12/__ss_snap/__info_2024-01-01-00-00-00-000.0cc175b9c0f1b6a831c399e269772661", "a");
        await f.PutAsync("__starrocks_repository_repo1/__ss_snap_other.txt", "b");
        List<ObjectInfo> before = await f.ListAsync(f.Location.Prefix);
        string folder = f.Storage.SnapshotFolder("snap").Prefix;
        int own = before.Count(o => o.Key.StartsWith(folder, StringComparison.Ordinal));
        Assert.True(own > 4);

        var remover = new SnapshotRemover(f.Client, f.Storage);
        SnapshotRemovalPlan plan = await remover.PlanAsync("snap", null, force: false, null, default);
        Assert.Equal(method, plan.Method);
        Assert.Equal(own, plan.Storage!.ObjectCount);
        Assert.Contains($"{own} object(s)", plan.Describe());
        SnapshotRemovalResult result = await remover.RemoveAsync(plan, null, default);
        Assert.Equal(method, result.Method);
        Assert.Equal(own, result.ObjectsDeleted);

        Assert.DoesNotContain(await f.Client.Snapshots.ListAsync("repo1"), s => s.Name == "snap");
        List<ObjectInfo> after = await f.ListAsync(f.Location.Prefix);
        Assert.DoesNotContain(after, o => o.Key.StartsWith(folder, StringComparison.Ordinal));
        Assert.Equal(before.Where(o => !o.Key.StartsWith(folder, StringComparison.Ordinal)).Select(o => o.Key).OrderBy(k => k, StringComparer.Ordinal),
                     after.Select(o => o.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Empty(await DeletionJournal.ListAsync(f.Storage, default));

        // The other snapshot still verifies and restores.
        Snapshot keep = (await f.Client.Snapshots.GetAsync("repo1", "snap_keep"))!;
        SnapshotVerificationResult check = await new SnapshotVerifier(f.Storage).VerifyAsync("snap_keep", keep.Latest!.Text, null, default);
        Assert.True(check.Passed, string.Join("\n", check.Findings));
    }

    [S3Theory]
    [InlineData("3.3.9")]
    [InlineData("4.2.0")]
    public async Task Cancelled_deletion_leaves_a_journal_and_the_next_run_finishes_it(string version)
    {
        await using RepoFixture f = await RepoFixture.StartAsync(version, "rm-cancel");
        await f.Sim.SeedAsync("sales");
        string ts = await f.BackupAsync("sales", "snap");
        var remover = new SnapshotRemover(f.Client, f.Storage);
        remover.Deletion.StepSize = 1;
        SnapshotDeletionPlan plan = await remover.Deletion.PlanAsync("snap", null, default);
        using var cts = new CancellationTokenSource();
        var observer = new CancelAfterObserver(cts, progressReports: 3);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => remover.Deletion.ExecuteAsync(plan, observer, cts.Token));

        // Interrupted: the info file went first, so the snapshot no longer looks restorable; data is left; the journal says so.
        Snapshot? shown = await f.Client.Snapshots.GetAsync("repo1", "snap");
        Assert.True(shown is null || shown.Timestamps.Count == 0, shown?.ToString());
        string folder = f.Storage.SnapshotFolder("snap").Prefix;
        Assert.NotEmpty(await f.ListAsync(folder));
        DeletionJournal journal = Assert.Single(await DeletionJournal.ListAsync(f.Storage, default));
        Assert.True(journal.WholeLabel);

        // The next run (even on 4.2) finishes it in storage.
        var next = new SnapshotRemover(f.Client, f.Storage);
        SnapshotRemovalPlan resume = await next.PlanAsync("snap", null, false, null, default);
        Assert.Equal(SnapshotRemovalMethods.Storage, resume.Method);
        Assert.True(resume.Storage!.ResumesJournal);
        Assert.Contains("Finish the interrupted deletion", resume.Describe());
        SnapshotRemovalResult done = await next.RemoveAsync(resume, null, default);
        Assert.True(done.Resumed);
        Assert.Empty(await f.ListAsync(folder));
        Assert.Empty(await DeletionJournal.ListAsync(f.Storage, default));
        _ = ts;
    }

    [S3Fact]
    public async Task Removing_one_timestamp_of_a_label_keeps_the_data_the_other_timestamp_needs()
    {
        await using RepoFixture f = await RepoFixture.StartAsync("3.3.9", "rm-partial");
        await f.Sim.SeedAsync("sales");
        string ts1 = await f.BackupAsync("sales", "snap");
        await f.Sim.ExecAsync("INSERT INTO sales.orders VALUES (4, '2024-02-09', 'new')");
        await f.BackupAsync("sales", "snap_b");
        await f.CopyIntoLabelAsync("snap_b", "snap");
        Snapshot two = (await f.Client.Snapshots.GetAsync("repo1", "snap"))!;
        Assert.Equal(2, two.Timestamps.Count);
        string ts2 = two.Timestamps.Single(t => t.Text != ts1).Text;

        var remover = new SnapshotRemover(f.Client, f.Storage);
        SnapshotRemovalPlan plan = await remover.PlanAsync("snap", new[] { ts1 }, false, null, default);
        Assert.Equal(SnapshotRemovalMethods.Storage, plan.Method);
        Assert.False(plan.Storage!.WholeLabel);
        Assert.Empty(plan.Storage.MetaKeys);
        Assert.True(plan.Storage.SharedObjectsKept > 0, "the unchanged partitions' files are shared");
        Assert.NotEmpty(plan.Storage.DataKeys); // the p2 files only ts1 references
        await remover.RemoveAsync(plan, null, default);

        Snapshot left = (await f.Client.Snapshots.GetAsync("repo1", "snap"))!;
        Assert.Equal(new[] { ts2 }, left.Timestamps.Select(t => t.Text));
        SnapshotVerificationResult check = await new SnapshotVerifier(f.Storage).VerifyAsync("snap", ts2, null, default);
        Assert.True(check.Passed, string.Join("\n", check.Findings));
        SnapshotFolderListing listing = await SnapshotFolderListing.ListAsync(f.Storage, "snap", default);
        Assert.Equal(check.FilesListed, listing.DataFiles.Count); // nothing unreferenced left behind
    }

    [S3Fact]
    public async Task Removal_is_refused_while_a_backup_job_uses_the_label()
    {
        await using RepoFixture f = await RepoFixture.StartAsync("3.3.9", "rm-busy");
        await f.Sim.SeedAsync("sales");
        await f.Sim.SeedAsync("crm");
        await f.BackupAsync("sales", "snap");
        f.Sim.Simulator.Faults.StallJob("crm");
        var plan = f.Client.Backups.Plan(new Backup.BackupRequest { Repository = "repo1", Label = "snap_running" }.Add("crm"));
        await f.Client.Backups.StartAsync(plan);
        await f.PutAsync("__starrocks_repository_repo1/__ss_snap_running/__ss_content/x.part", "x");
        var remover = new SnapshotRemover(f.Client, f.Storage);
        SnapshotRemovalPlan p = await remover.PlanAsync("snap_running", null, false, null, default);
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => remover.RemoveAsync(p, null, default));
        Assert.Equal(ErrorKind.JobInProgress, ex.Kind);
        Assert.Contains("snap_running", ex.Message);
        Assert.NotEmpty(await f.ListAsync(f.Storage.SnapshotFolder("snap_running").Prefix));
        f.Sim.Simulator.Faults.ResumeJob("crm");
    }
}

internal sealed class CancelAfterObserver : IOperationObserver
{
    private readonly CancellationTokenSource _cts;
    private int _left;

    public CancelAfterObserver(CancellationTokenSource cts, int progressReports)
    {
        _cts = cts;
        _left = progressReports;
    }

    public void Verbose(string message) { }

    public void Debug(string message) { }

    public void Warning(string message) { }

    public void Progress(OperationProgress progress)
    {
        if (Interlocked.Decrement(ref _left) == 0) _cts.Cancel();
    }
}
