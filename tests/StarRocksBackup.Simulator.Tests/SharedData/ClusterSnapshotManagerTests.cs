// The automated cluster snapshot daemon against the real S3 server: folder layout (ARCHITECTURE.md
// contract), retention, purge, restart recovery and the DR faults.
using StarRocksBackup.Simulator.Fe.SharedData;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Tests;
using Xunit;
using State = StarRocksBackup.Simulator.Fe.SharedData.ClusterSnapshotJobState;

namespace StarRocksBackup.Simulator.Tests.SharedData;

public sealed class ClusterSnapshotManagerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static async Task<SharedDataFe> StartAsync(SharedDataOptions options, bool on = true)
    {
        var fe = new SharedDataFe(options);
        fe.Start();
        if (on)
        {
            Assert.Same(OkResult.Empty, fe.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON"));
        }

        await Task.Yield();
        return fe;
    }

    private static List<State> StatesOf(ClusterSnapshotManager m, long jobId) =>
        m.Transitions.Where(t => t.JobId == jobId).Select(t => t.State).ToList();

    [S3Fact]
    public async Task A_snapshot_goes_through_every_state_and_writes_the_contract_folder()
    {
        using var bucket = new SnapshotBucket("cs-layout");
        await using SharedDataFe fe = await StartAsync(bucket.Options());
        ClusterSnapshotManager m = fe.ClusterSnapshots;

        await m.WaitForJobAsync(j => j.State == State.FINISHED, Timeout);
        await QuiesceAsync(m);
        ClusterSnapshotJobInfo job = m.GetJobs().Single(j => j.State == State.FINISHED);
        Assert.Equal(new[] { State.INITIALIZING, State.SNAPSHOTING, State.UPLOADING, State.FINISHED }, StatesOf(m, job.JobId));
        Assert.StartsWith("automated_cluster_snapshot_", job.SnapshotName);
        Assert.Equal(job.CreatedTimeMs.ToString(System.Globalization.CultureInfo.InvariantCulture), job.SnapshotName["automated_cluster_snapshot_".Length..]);
        Assert.NotNull(job.FinishedTimeMs);
        Assert.True(job.FinishedTimeMs >= job.CreatedTimeMs);

        IReadOnlyDictionary<string, List<string>> folders = await bucket.FoldersAsync();
        List<string> files = folders[job.SnapshotName];
        Assert.Equal(SnapshotBucket.CompleteFolder(job.FeJournalId, job.StarMgrJournalId), files);

        string version = await bucket.ReadAsync($"{bucket.ServiceId}/meta/image/{job.SnapshotName}/VERSION");
        Assert.Matches(@"(?m)^clusterId=\d+$", version);
        Assert.Matches(@"(?m)^token=[0-9a-f-]{36}$", version);
        Assert.Contains("runMode=shared_data", version);
        string role = await bucket.ReadAsync($"{bucket.ServiceId}/meta/image/{job.SnapshotName}/ROLE");
        Assert.Contains("role=FOLLOWER", role);
        Assert.Contains("hostType=IP", role);
        Assert.Matches(@"(?m)^name=\S+$", role);

        // ImageWriter.saveChecksum: v2/checksum.N is the decimal CRC32 of v2/image.N, nothing else (no newline).
        string folder = $"{bucket.ServiceId}/meta/image/{job.SnapshotName}/";
        string checksum = await bucket.ReadAsync($"{folder}v2/checksum.{job.FeJournalId}");
        string v2Image = await bucket.ReadAsync($"{folder}v2/image.{job.FeJournalId}");
        Assert.Matches(@"^\d+$", checksum);
        Assert.Equal(BitwiseCrc32(System.Text.Encoding.UTF8.GetBytes(v2Image)), long.Parse(checksum, System.Globalization.CultureInfo.InvariantCulture));

        // information_schema agrees with the folder.
        var snaps = (ResultSetResult)fe.TryExecute("SELECT * FROM information_schema.cluster_snapshots")!;
        object?[] row = Assert.Single(snaps.Rows);
        ClusterSnapshotJobInfo current = m.GetJobs().Single(j => j.SnapshotName == (string)row[0]!);
        Assert.Equal("AUTOMATED", row[1]);
        Assert.Equal(current.CreatedTimeMs / 1000, row[2]);
        Assert.Equal(current.FeJournalId, row[3]);
        Assert.Equal(current.StarMgrJournalId, row[4]);
        Assert.Equal(string.Empty, row[5]);
        Assert.Equal("builtin_storage_volume", row[6]);
        Assert.Equal($"{bucket.Location}/{bucket.ServiceId}/meta/image/{current.SnapshotName}", row[7]);
    }

    [S3Fact]
    public async Task Only_the_newest_snapshot_is_kept_and_journal_ids_rise()
    {
        using var bucket = new SnapshotBucket("cs-retain");
        await using SharedDataFe fe = await StartAsync(bucket.Options(intervalMs: 100, phaseMs: 5));
        ClusterSnapshotManager m = fe.ClusterSnapshots;

        await WaitForFinishedCountAsync(m, 3);
        m.PauseScheduling();
        (IReadOnlyList<ClusterSnapshotJobInfo> jobs, IReadOnlyDictionary<string, List<string>> folders) = await QuietPictureAsync(m, bucket);

        Assert.True(jobs.Zip(jobs.Skip(1)).All(p => p.Second.FeJournalId > p.First.FeJournalId), "FE journal ids must rise from snapshot to snapshot");
        ClusterSnapshotJobInfo newest = Assert.Single(jobs, j => j.State == State.FINISHED);
        Assert.Equal(newest, jobs[^1]);
        Assert.All(jobs.Take(jobs.Count - 1), j => Assert.Equal(State.DELETED, j.State));
        Assert.Equal(new[] { State.INITIALIZING, State.SNAPSHOTING, State.UPLOADING, State.FINISHED, State.EXPIRED, State.DELETED }, StatesOf(m, jobs[0].JobId));
        Assert.Equal(new[] { newest.SnapshotName }, folders.Keys);
        Assert.Equal(SnapshotBucket.CompleteFolder(newest.FeJournalId, newest.StarMgrJournalId), folders[newest.SnapshotName]);
    }

    [S3Fact]
    public async Task Off_purges_snapshots_and_stops_new_jobs_and_on_again_resumes()
    {
        using var bucket = new SnapshotBucket("cs-off");
        await using SharedDataFe fe = await StartAsync(bucket.Options(intervalMs: 150, phaseMs: 5));
        ClusterSnapshotManager m = fe.ClusterSnapshots;
        ClusterSnapshotJobInfo finished = await m.WaitForJobAsync(j => j.State == State.FINISHED, Timeout);

        // A job in flight when OFF arrives runs on and leaves its folder (as in StarRocks): reach a quiet moment first.
        m.PauseScheduling();
        await WaitUntilAsync(() => m.IsIdle && m.GetJobs().All(j => j.State != State.EXPIRED));
        Assert.Same(OkResult.Empty, fe.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF"));

        Assert.Empty(await bucket.FoldersAsync());
        Assert.Empty(((ResultSetResult)fe.TryExecute("SELECT * FROM information_schema.cluster_snapshots")!).Rows);
        Assert.All(m.GetJobs(), j => Assert.Equal(State.DELETED, j.State));
        int jobsAtOff = m.GetJobs().Count;
        m.ResumeScheduling();
        await Task.Delay(500);
        Assert.Equal(jobsAtOff, m.GetJobs().Count);

        Assert.Same(OkResult.Empty, fe.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON"));
        ClusterSnapshotJobInfo again = await m.WaitForJobAsync(j => j.JobId > finished.JobId && j.CreatedTimeMs > finished.CreatedTimeMs && j.State == State.FINISHED && m.GetJobs().Count > jobsAtOff, Timeout);
        Assert.Contains(again.SnapshotName, (await bucket.FoldersAsync()).Keys);
    }

    [S3Fact]
    public async Task Version_3_4_has_no_UPLOADING_state()
    {
        using var bucket = new SnapshotBucket("cs-34");
        await using SharedDataFe fe = await StartAsync(bucket.Options(version: "3.4.2"));
        await fe.ClusterSnapshots.WaitForJobAsync(j => j.State == State.FINISHED, Timeout);
        await QuiesceAsync(fe.ClusterSnapshots);
        ClusterSnapshotJobInfo job = fe.ClusterSnapshots.GetJobs().Single(j => j.State == State.FINISHED);
        Assert.Equal(new[] { State.INITIALIZING, State.SNAPSHOTING, State.FINISHED }, StatesOf(fe.ClusterSnapshots, job.JobId));
        Assert.DoesNotContain(fe.ClusterSnapshots.Transitions, t => t.State == State.UPLOADING);
        Assert.Contains(job.SnapshotName, (await bucket.FoldersAsync()).Keys);
    }

    [S3Fact]
    public async Task Jobs_table_shows_null_finished_time_while_running_and_epoch_seconds()
    {
        using var bucket = new SnapshotBucket("cs-jobs");
        await using SharedDataFe fe = await StartAsync(bucket.Options(intervalMs: 50, phaseMs: 300));
        ClusterSnapshotJobInfo running = await fe.ClusterSnapshots.WaitForJobAsync(j => j.State == State.SNAPSHOTING, Timeout);
        var rows = (ResultSetResult)fe.TryExecute($"SELECT * FROM information_schema.cluster_snapshot_jobs WHERE JOB_ID = {running.JobId}")!;
        object?[] row = Assert.Single(rows.Rows);
        Assert.Equal(running.SnapshotName, row[0]);
        Assert.Equal(running.CreatedTimeMs / 1000, row[2]);
        Assert.Null(row[3]);
        Assert.Contains((string)row[4]!, new[] { "SNAPSHOTING", "UPLOADING" });
        Assert.Equal(string.Empty, row[5]);
        Assert.Equal(string.Empty, row[6]);
        Assert.Empty(((ResultSetResult)fe.TryExecute("SELECT * FROM information_schema.cluster_snapshots")!).Rows);
    }

    [S3Fact]
    public async Task Failed_job_is_ERROR_with_message_and_keeps_the_older_snapshot()
    {
        using var bucket = new SnapshotBucket("cs-fail");
        await using SharedDataFe fe = await StartAsync(bucket.Options(intervalMs: 100, phaseMs: 5));
        ClusterSnapshotManager m = fe.ClusterSnapshots;
        await m.WaitForJobAsync(j => j.State == State.FINISHED, Timeout);
        m.FailNextSnapshot("checkpoint failed for FE image: disk full");

        ClusterSnapshotJobInfo failed = await m.WaitForJobAsync(j => j.State == State.ERROR, Timeout);
        Assert.Equal("checkpoint failed for FE image: disk full", failed.ErrorMessage);
        Assert.Null(failed.FinishedTimeMs);
        var row = ((ResultSetResult)fe.TryExecute("SELECT STATE, ERROR_MESSAGE, FINISHED_TIME FROM information_schema.cluster_snapshot_jobs WHERE STATE = 'ERROR'")!).Rows.Single();
        Assert.Equal(new object?[] { "ERROR", "checkpoint failed for FE image: disk full", null }, row);

        // An ERROR job purges nothing: the last good snapshot expires only once a newer job has FINISHED.
        ClusterSnapshotJobInfo next = await m.WaitForJobAsync(j => j.JobId > failed.JobId && j.State is State.FINISHED or State.EXPIRED or State.DELETED, Timeout);
        await QuiesceAsync(m);
        List<(long JobId, State State)> t = m.Transitions.ToList();
        long priorGood = t.Where(x => x.State == State.FINISHED && x.JobId < failed.JobId).Max(x => x.JobId);
        int errorAt = t.IndexOf((failed.JobId, State.ERROR));
        int nextFinishedAt = t.FindIndex(x => x.JobId > failed.JobId && x.State == State.FINISHED);
        int priorExpiredAt = t.IndexOf((priorGood, State.EXPIRED));
        Assert.True(errorAt >= 0 && nextFinishedAt > errorAt && priorExpiredAt > nextFinishedAt, $"error@{errorAt} nextFinished@{nextFinishedAt} priorExpired@{priorExpiredAt}");
        Assert.True(next.JobId > failed.JobId);
    }

    [S3Fact]
    public async Task Upload_failure_is_reported_with_StarRocks_prefix()
    {
        using var bucket = new SnapshotBucket("cs-upload");
        SharedDataOptions baseOptions = bucket.Options(intervalMs: 50, phaseMs: 5);
        var options = new SharedDataOptions
        {
            IsSharedData = true,
            ServiceId = baseOptions.ServiceId,
            BuiltinStorageVolume = bucket.Volume(secretKey: "definitely-wrong"),
            ClusterSnapshotInterval = baseOptions.ClusterSnapshotInterval,
            SchedulerTick = baseOptions.SchedulerTick,
        };
        await using SharedDataFe fe = await StartAsync(options);
        ClusterSnapshotJobInfo failed = await fe.ClusterSnapshots.WaitForJobAsync(j => j.State == State.ERROR, Timeout);
        Assert.StartsWith("upload image failed, err msg: ", failed.ErrorMessage);
        Assert.DoesNotContain(bucket.S3.SecretKey, failed.ErrorMessage);
        Assert.Empty(await bucket.FoldersAsync());
    }

    [S3Fact]
    public async Task Crash_mid_snapshot_leaves_newer_incomplete_folder_next_to_older_complete_one_and_restart_recovers()
    {
        using var bucket = new SnapshotBucket("cs-crash");
        await using SharedDataFe fe = await StartAsync(bucket.Options(intervalMs: 100, phaseMs: 5));
        ClusterSnapshotManager m = fe.ClusterSnapshots;
        ClusterSnapshotJobInfo good = await m.WaitForJobAsync(j => j.State == State.FINISHED, Timeout);
        await WaitUntilAsync(() => m.GetJobs().Count(j => j.State == State.FINISHED) == 1 && m.GetJobs().All(j => j.State is State.FINISHED or State.DELETED));
        good = m.GetJobs().Single(j => j.State == State.FINISHED);
        m.CrashDuringNextSnapshot();
        await WaitUntilAsync(() => m.IsCrashed);

        ClusterSnapshotJobInfo dead = m.GetJobs().Last();
        Assert.Equal(State.UPLOADING, dead.State);
        IReadOnlyDictionary<string, List<string>> folders = await bucket.FoldersAsync();
        Assert.Equal(new[] { good.SnapshotName, dead.SnapshotName }.OrderBy(x => x, StringComparer.Ordinal), folders.Keys.OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(SnapshotBucket.CompleteFolder(good.FeJournalId, good.StarMgrJournalId), folders[good.SnapshotName]);
        Assert.Equal(new[] { "ROLE", "VERSION", $"v2/checksum.{dead.FeJournalId}" }, folders[dead.SnapshotName]);
        Assert.True(string.CompareOrdinal(good.SnapshotName, dead.SnapshotName) < 0, "the older folder sorts first");

        // FE restart: the interrupted job becomes ERROR, its folder goes, the good one stays, snapshots resume.
        await fe.StopAsync();
        fe.Start();
        ClusterSnapshotJobInfo aborted = await m.WaitForJobAsync(j => j.JobId == dead.JobId && j.State == State.ERROR, Timeout);
        Assert.Equal("Snapshot job has been failed because of FE restart or leader change", aborted.ErrorMessage);
        await WaitUntilAsync(async () => !(await bucket.FoldersAsync()).ContainsKey(dead.SnapshotName));
        Assert.True(m.IsAutomatedSnapshotOn, "the setting survives the restart");
        await m.WaitForJobAsync(j => j.JobId > dead.JobId && j.State == State.FINISHED, Timeout);
    }

    [S3Fact]
    public async Task Crash_after_upload_leaves_two_complete_folders_and_restart_drops_the_unfinished_one()
    {
        using var bucket = new SnapshotBucket("cs-crash2");
        await using SharedDataFe fe = await StartAsync(bucket.Options(intervalMs: 150, phaseMs: 5));
        ClusterSnapshotManager m = fe.ClusterSnapshots;
        await m.WaitForJobAsync(j => j.State == State.FINISHED, Timeout);
        m.CrashDuringNextSnapshot(ClusterSnapshotCrashPoint.AfterUpload);
        await WaitUntilAsync(() => m.IsCrashed);

        ClusterSnapshotJobInfo good = m.GetJobs().Last(j => j.State == State.FINISHED);
        ClusterSnapshotJobInfo dead = m.GetJobs().Last();
        Assert.Equal(State.UPLOADING, dead.State);
        IReadOnlyDictionary<string, List<string>> folders = await bucket.FoldersAsync();
        Assert.Equal(2, folders.Count);
        Assert.Equal(SnapshotBucket.CompleteFolder(good.FeJournalId, good.StarMgrJournalId), folders[good.SnapshotName]);
        Assert.Equal(SnapshotBucket.CompleteFolder(dead.FeJournalId, dead.StarMgrJournalId), folders[dead.SnapshotName]);
        Assert.True(dead.FeJournalId > good.FeJournalId);

        await fe.StopAsync();
        fe.Start();
        await m.WaitForJobAsync(j => j.JobId == dead.JobId && j.State == State.ERROR, Timeout);
        await WaitUntilAsync(async () => !(await bucket.FoldersAsync()).ContainsKey(dead.SnapshotName));
        Assert.Contains(good.SnapshotName, (await bucket.FoldersAsync()).Keys);
    }

    [S3Fact]
    public async Task Restart_keeps_setting_and_finished_snapshot()
    {
        using var bucket = new SnapshotBucket("cs-restart");
        await using SharedDataFe fe = await StartAsync(bucket.Options(intervalMs: 100, phaseMs: 5));
        ClusterSnapshotManager m = fe.ClusterSnapshots;
        await m.WaitForJobAsync(j => j.State == State.FINISHED, Timeout);
        await fe.StopAsync();
        ClusterSnapshotJobInfo kept = m.GetJobs().Last(j => j.State == State.FINISHED);
        Assert.Contains(kept.SnapshotName, (await bucket.FoldersAsync()).Keys);
        fe.Start();
        Assert.True(m.IsAutomatedSnapshotOn);
        ClusterSnapshotJobInfo next = await m.WaitForJobAsync(j => j.JobId > kept.JobId && j.State == State.FINISHED, Timeout);
        Assert.Equal(State.DELETED, (await m.WaitForJobAsync(j => j.JobId == kept.JobId && j.State == State.DELETED, Timeout)).State);
        Assert.True(next.FeJournalId > kept.FeJournalId);
    }

    [S3Fact]
    public async Task Location_with_trailing_slash_shows_double_slash_in_path_like_StarRocks_but_writes_clean_keys()
    {
        using var bucket = new SnapshotBucket("cs-slash");
        await using SharedDataFe fe = await StartAsync(bucket.Options(builtinLocation: bucket.Location + "/"));
        await fe.ClusterSnapshots.WaitForJobAsync(j => j.State == State.FINISHED, Timeout);
        await QuiesceAsync(fe.ClusterSnapshots);
        ClusterSnapshotJobInfo job = fe.ClusterSnapshots.GetJobs().Single(j => j.State == State.FINISHED);
        var row = ((ResultSetResult)fe.TryExecute("SELECT STORAGE_PATH FROM information_schema.cluster_snapshots")!).Rows.Single();
        Assert.StartsWith($"{bucket.Location}//{bucket.ServiceId}/meta/image/", (string)row[0]!);
        Assert.Contains(job.SnapshotName, (await bucket.FoldersAsync()).Keys);
    }

    private static async Task<List<ClusterSnapshotJobInfo>> WaitForFinishedCountAsync(ClusterSnapshotManager m, int count)
    {
        await WaitUntilAsync(() => m.Transitions.Count(t => t.State == State.FINISHED) >= count);
        HashSet<long> finishedIds = m.Transitions.Where(t => t.State == State.FINISHED).Select(t => t.JobId).ToHashSet();
        return m.GetJobs().Where(j => finishedIds.Contains(j.JobId)).OrderBy(j => j.JobId).ToList();
    }

    /// <summary>Jobs and folders read while no job runs or purges (re-read until both reads agree).</summary>
    private static async Task<(IReadOnlyList<ClusterSnapshotJobInfo> Jobs, IReadOnlyDictionary<string, List<string>> Folders)> QuietPictureAsync(ClusterSnapshotManager m, SnapshotBucket bucket)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            IReadOnlyList<ClusterSnapshotJobInfo> before = m.GetJobs();
            bool quiet = before.All(j => j.State is State.FINISHED or State.DELETED or State.ERROR) && before.Count(j => j.State == State.FINISHED) == 1;
            if (quiet)
            {
                IReadOnlyDictionary<string, List<string>> folders = await bucket.FoldersAsync();
                if (before.SequenceEqual(m.GetJobs()))
                {
                    return (before, folders);
                }
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException("no quiet moment between snapshot jobs");
            await Task.Delay(2);
        }
    }

    /// <summary>Stops new jobs and waits until none runs or purges: the bucket then holds a stable picture.</summary>
    private static Task QuiesceAsync(ClusterSnapshotManager m)
    {
        m.PauseScheduling();
        return WaitUntilAsync(() => m.IsIdle && m.GetJobs().All(j => j.State != State.EXPIRED));
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(5);
        }
    }

    // java.util.zip.CRC32 computed bit by bit (no table), independently of the simulator's table-driven copy.
    private static long BitwiseCrc32(byte[] data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    [Fact]
    public void The_test_crc_matches_the_published_check_value() =>
        Assert.Equal(0xCBF43926L, BitwiseCrc32(System.Text.Encoding.ASCII.GetBytes("123456789")));
}
