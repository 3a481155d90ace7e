using System.Collections.Concurrent;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Tests.Support;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>The waiting logic against a scripted FE (no network).</summary>
public sealed class JobWaiterTests
{
    private static readonly WaitOptions Fast = new() { MinPollInterval = TimeSpan.FromMilliseconds(5), MaxPollInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>db → (label, state sequence index): each SHOW BACKUP advances every job one state.</summary>
    private sealed class ScriptedFe
    {
        public ConcurrentDictionary<string, (long Id, string Label, string[] States, int At, string TaskErr, string Status)> Jobs { get; } = new();

        public ConcurrentDictionary<string, string> Snapshots { get; } = new();

        public Func<string, Exception?>? Fault { get; set; }

        public ResultTable Handle(string sql)
        {
            if (Fault?.Invoke(sql) is { } ex)
            {
                throw ex;
            }

            if (sql.StartsWith("SHOW BACKUP", StringComparison.Ordinal))
            {
                var rows = new List<string?[]>();
                foreach (var (db, j) in Jobs.ToArray())
                {
                    if (sql != "SHOW BACKUP" && !sql.EndsWith("`" + db + "`", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    string state = j.States[Math.Min(j.At, j.States.Length - 1)];
                    rows.Add(FakeSession.BackupRow(j.Id, j.Label, db, state, state == "CANCELLED" ? j.TaskErr : "", state == "CANCELLED" ? j.Status : "[OK]", "[1: " + j.At + "/10]"));
                    Jobs[db] = j with { At = j.At + 1 };
                }

                return new ResultTable(FakeSession.BackupColumns, rows);
            }

            if (sql.StartsWith("SHOW SNAPSHOT", StringComparison.Ordinal))
            {
                var rows = Snapshots.Where(s => sql.Contains("'" + s.Key + "'", StringComparison.Ordinal))
                    .Select(s => new string?[] { s.Key, s.Value, "OK" }).ToList();
                return new ResultTable(new[] { "Snapshot", "Timestamp", "Status" }, rows);
            }

            return ResultTable.Empty;
        }
    }

    private static BackupJob Job(string db, string label, long id, string repo = "repo") =>
        new() { Database = db, Label = label, JobId = id, Repository = repo, StateName = "PENDING", State = BackupJobState.Pending };

    [Fact]
    public async Task Many_jobs_are_polled_with_one_SHOW_BACKUP_per_poll_on_30()
    {
        var fe = new ScriptedFe();
        string[] states = { "PENDING", "SNAPSHOTING", "UPLOAD_SNAPSHOT", "UPLOADING", "SAVE_META", "UPLOAD_INFO", "FINISHED" };
        for (int i = 0; i < 10; i++)
        {
            fe.Jobs[$"db{i}"] = (i + 1, $"l{i}", states.Skip(i % 3).ToArray(), 0, "", "[OK]");
        }

        var session = new FakeSession(fe.Handle);
        var client = FakeSession.Client(session, "3.3.9");
        var obs = new RecordingObserver();
        var results = await client.Jobs.WaitAsync(Enumerable.Range(0, 10).Select(i => (JobInfo)Job($"db{i}", $"l{i}", i + 1)), Fast, obs);
        Assert.All(results, r => Assert.Equal(JobOutcome.Finished, r.Outcome));
        Assert.Equal(10, results.Count);
        // 7 states: at most 7 polls of one statement each, never a per-database SHOW BACKUP.
        Assert.Equal(7, session.Count("SHOW BACKUP"));
        Assert.Equal(0, session.Log.Count(s => s.StartsWith("SHOW BACKUP FROM", StringComparison.Ordinal)));
        Assert.Contains(obs.ProgressReports, p => p.Completed);
        Assert.Contains(obs.Messages, m => m.Contains("SNAPSHOTING -> UPLOAD_SNAPSHOT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JobEnded_is_called_for_each_job_as_it_ends_before_the_others_do()
    {
        var fe = new ScriptedFe();
        fe.Jobs["quick"] = (1, "lq", new[] { "PENDING", "FINISHED" }, 0, "", "[OK]");
        fe.Jobs["slow"] = (2, "ls", new[] { "PENDING", "UPLOADING", "UPLOADING", "UPLOADING", "UPLOADING", "FINISHED" }, 0, "", "[OK]");
        fe.Jobs["bad"] = (3, "lb", new[] { "PENDING", "UPLOADING", "CANCELLED" }, 0, "[1: disk full]", "[COMMON_ERROR, msg: disk full]");
        var session = new FakeSession(fe.Handle);
        var ended = new ConcurrentQueue<(string Database, JobOutcome Outcome, int PollsSoFar)>();
        var options = new WaitOptions
        {
            MinPollInterval = Fast.MinPollInterval, MaxPollInterval = Fast.MaxPollInterval, Timeout = Fast.Timeout,
            JobEnded = r => ended.Enqueue((r.Job.Database, r.Outcome, session.Count("SHOW BACKUP"))),
        };

        var results = await FakeSession.Client(session).Jobs.WaitAsync(new JobInfo[] { Job("quick", "lq", 1), Job("slow", "ls", 2), Job("bad", "lb", 3) }, options);

        Assert.Equal(new[] { ("quick", JobOutcome.Finished), ("bad", JobOutcome.Failed), ("slow", JobOutcome.Finished) }, ended.Select(e => (e.Database, e.Outcome)));
        int polls = session.Count("SHOW BACKUP");
        Assert.True(ended.First().PollsSoFar < polls, $"the quick job was reported after poll {ended.First().PollsSoFar} of {polls}");
        Assert.Equal(results.Select(r => r.Outcome).OrderBy(o => o), ended.Select(e => e.Outcome).OrderBy(o => o));
    }

    [Fact]
    public async Task A_failing_JobEnded_callback_does_not_stop_the_wait()
    {
        var fe = new ScriptedFe();
        fe.Jobs["a"] = (1, "la", new[] { "PENDING", "FINISHED" }, 0, "", "[OK]");
        fe.Jobs["b"] = (2, "lb", new[] { "PENDING", "UPLOADING", "FINISHED" }, 0, "", "[OK]");
        var obs = new RecordingObserver();
        var options = new WaitOptions { MinPollInterval = Fast.MinPollInterval, MaxPollInterval = Fast.MaxPollInterval, Timeout = Fast.Timeout, JobEnded = _ => throw new InvalidOperationException("boom") };
        var results = await FakeSession.Client(new FakeSession(fe.Handle)).Jobs.WaitAsync(new JobInfo[] { Job("a", "la", 1), Job("b", "lb", 2) }, options, obs);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(2, obs.Messages.Count(m => m.Contains("JobEnded callback", StringComparison.Ordinal) && m.Contains("boom", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task On_25_each_database_is_polled_with_FROM()
    {
        var fe = new ScriptedFe();
        fe.Jobs["a"] = (1, "la", new[] { "PENDING", "FINISHED" }, 0, "", "[OK]");
        fe.Jobs["b"] = (2, "lb", new[] { "PENDING", "FINISHED" }, 0, "", "[OK]");
        var session = new FakeSession(fe.Handle);
        var results = await FakeSession.Client(session, "2.5.10").Jobs.WaitAsync(new JobInfo[] { Job("a", "la", 1), Job("b", "lb", 2) }, Fast);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(0, session.Log.Count(s => s == "SHOW BACKUP"));
        Assert.True(session.Count("SHOW BACKUP FROM `a`") >= 1);
    }

    [Fact]
    public async Task Cancelled_job_is_a_failure_carrying_status_and_TaskErrMsg()
    {
        var fe = new ScriptedFe();
        fe.Jobs["a"] = (1, "la", new[] { "PENDING", "UPLOADING", "CANCELLED" }, 0, "[12345: upload failed]", "[COMMON_ERROR, msg: upload failed]");
        var r = (await FakeSession.Client(new FakeSession(fe.Handle)).Jobs.WaitAsync(new JobInfo[] { Job("a", "la", 1) }, Fast)).Single();
        Assert.Equal(JobOutcome.Failed, r.Outcome);
        Assert.Equal(ErrorKind.JobFailed, r.Error!.Kind);
        Assert.Contains("[12345: upload failed]", r.Error.Message);
        Assert.Contains("COMMON_ERROR", r.Error.Message);
        Assert.Same(r.Job, r.Error.Job);
    }

    [Fact]
    public async Task A_job_displaced_by_another_is_resolved_through_SHOW_SNAPSHOT()
    {
        var fe = new ScriptedFe();
        fe.Jobs["a"] = (99, "other_label", new[] { "UPLOADING" }, 0, "", "[OK]");
        fe.Snapshots["la"] = "2025-01-01-00-00-00-123";
        var session = new FakeSession(fe.Handle);
        var r = (await FakeSession.Client(session).Jobs.WaitAsync(new JobInfo[] { Job("a", "la", 1), Job("a2", "lost", 2) }, Fast));
        Assert.Equal(JobOutcome.Finished, r[0].Outcome);
        Assert.True(r[0].ResolvedFromSnapshot);
        Assert.Equal(JobOutcome.Failed, r[1].Outcome); // no row and no snapshot: did not complete
        Assert.Contains("SHOW SNAPSHOT ON `repo` WHERE SNAPSHOT = 'la'", session.Log);
    }

    [Fact]
    public async Task A_job_without_progress_is_reported_stalled_or_warned()
    {
        var fe = new ScriptedFe();
        fe.Jobs["a"] = (1, "la", new[] { "UPLOADING" }, 0, "", "[OK]");
        fe.Jobs["a"] = fe.Jobs["a"] with { At = 0 };
        // Progress text changes each poll because "At" grows; freeze it by using a handler wrapper.
        var frozen = new FakeSession(sql => sql.StartsWith("SHOW BACKUP", StringComparison.Ordinal)
            ? FakeSession.Table(FakeSession.BackupColumns, FakeSession.BackupRow(1, "la", "a", "UPLOADING", progress: "[1: 3/10]"))
            : ResultTable.Empty);
        var options = new WaitOptions { MinPollInterval = TimeSpan.FromMilliseconds(5), MaxPollInterval = TimeSpan.FromMilliseconds(10), StallTimeout = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(10) };
        var r = (await FakeSession.Client(frozen).Jobs.WaitAsync(new JobInfo[] { Job("a", "la", 1) }, options)).Single();
        Assert.Equal(JobOutcome.Stalled, r.Outcome);
        Assert.Equal(ErrorKind.JobStalled, r.Error!.Kind);

        options.StallIsError = false;
        options.Timeout = TimeSpan.FromMilliseconds(1200);
        var obs = new RecordingObserver();
        r = (await FakeSession.Client(frozen).Jobs.WaitAsync(new JobInfo[] { Job("a", "la", 1) }, options, obs)).Single();
        Assert.Equal(JobOutcome.TimedOut, r.Outcome);
        Assert.Equal(ErrorKind.Timeout, r.Error!.Kind);
        Assert.Single(obs.Warnings, w => w.Contains("no progress", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_stops_waiting_without_cancelling_the_job()
    {
        var session = new FakeSession(sql => sql.StartsWith("SHOW BACKUP", StringComparison.Ordinal)
            ? FakeSession.Table(FakeSession.BackupColumns, FakeSession.BackupRow(1, "la", "a", "UPLOADING"))
            : ResultTable.Empty);
        var obs = new RecordingObserver();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            FakeSession.Client(session).Jobs.WaitAsync(new JobInfo[] { Job("a", "la", 1) }, Fast, obs, cts.Token));
        Assert.DoesNotContain(session.Log, s => s.StartsWith("CANCEL", StringComparison.Ordinal));
        Assert.Contains(obs.Warnings, w => w.Contains("keeps running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connection_failures_during_a_wait_are_survived()
    {
        var fe = new ScriptedFe();
        fe.Jobs["a"] = (1, "la", new[] { "PENDING", "UPLOADING", "UPLOADING", "FINISHED" }, 0, "", "[OK]");
        int calls = 0;
        fe.Fault = sql => Interlocked.Increment(ref calls) is 2 or 3
            ? new StarRocksBackupException(ErrorKind.ConnectionFailed, "FE restarting")
            : null;
        var obs = new RecordingObserver();
        var r = (await FakeSession.Client(new FakeSession(fe.Handle)).Jobs.WaitAsync(new JobInfo[] { Job("a", "la", 1) }, Fast, obs)).Single();
        Assert.True(r.Succeeded);
        Assert.Contains(obs.Warnings, w => w.Contains("Lost the connection", StringComparison.Ordinal));
    }

    [Fact]
    public void Poll_interval_backs_off_when_nothing_changes_and_resets_on_change()
    {
        var o = new WaitOptions { MinPollInterval = TimeSpan.FromMilliseconds(10), MaxPollInterval = TimeSpan.FromMilliseconds(80) };
        var seen = new List<double>();
        TimeSpan t = o.MinPollInterval;
        for (int i = 0; i < 8; i++)
        {
            seen.Add(t.TotalMilliseconds);
            t = JobWaiter.NextInterval(t, changed: false, o);
        }

        Assert.Equal(new[] { 10, 15, 22.5, 33.75, 50.625, 75.9375, 80, 80 }, seen);
        Assert.Equal(o.MinPollInterval, JobWaiter.NextInterval(t, changed: true, o));
    }

    [Fact]
    public void Poll_interval_is_capped_at_a_fraction_of_the_jobs_age_but_never_below_the_minimum()
    {
        var o = new WaitOptions { MinPollInterval = TimeSpan.FromMilliseconds(500), MaxPollInterval = TimeSpan.FromSeconds(15) };
        // A one-minute-old job: 3 % of 60 s = 1.8 s, however long the quiet stretch has grown the interval.
        Assert.Equal(TimeSpan.FromSeconds(1.8), JobWaiter.NextInterval(TimeSpan.FromSeconds(10), changed: false, o, TimeSpan.FromMinutes(1)));
        // A young job: the cap would be below the minimum, so the minimum wins.
        Assert.Equal(o.MinPollInterval, JobWaiter.NextInterval(TimeSpan.FromSeconds(10), changed: false, o, TimeSpan.FromSeconds(5)));
        // An hour-old job: the maximum takes over again.
        Assert.Equal(o.MaxPollInterval, JobWaiter.NextInterval(TimeSpan.FromSeconds(12), changed: false, o, TimeSpan.FromHours(1)));
        // Still 1.5x growth below the cap.
        Assert.Equal(TimeSpan.FromSeconds(1.5), JobWaiter.NextInterval(TimeSpan.FromSeconds(1), changed: false, o, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_quiet_young_job_is_polled_at_a_fraction_of_its_age_not_at_the_grown_interval()
    {
        int polls = 0;
        var session = new FakeSession(sql =>
        {
            int n = Interlocked.Increment(ref polls);
            return FakeSession.Table(FakeSession.BackupColumns, FakeSession.BackupRow(1, "la", "a", n <= 10 ? "UPLOADING" : "FINISHED"));
        });
        var options = new WaitOptions { MinPollInterval = TimeSpan.FromMilliseconds(10), MaxPollInterval = TimeSpan.FromSeconds(15), Timeout = TimeSpan.FromSeconds(30) };
        var obs = new RecordingObserver();
        var r = (await FakeSession.Client(session).Jobs.WaitAsync(new JobInfo[] { Job("a", "la", 1) }, options, obs)).Single();
        Assert.True(r.Succeeded);
        var waits = obs.Messages.Where(m => m.StartsWith("DBG Waiting ", StringComparison.Ordinal)).Select(m => int.Parse(m.Split(' ')[2])).ToList();
        // Without the cap the 10th wait would be 10 ms x 1.5^9 = 384 ms; 3 % of a sub-second age keeps it at the minimum.
        Assert.All(waits, w => Assert.True(w <= 30, $"waited {w} ms"));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void MaxPollFraction_outside_0_to_1_is_refused(double fraction)
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => new WaitOptions { MaxPollFraction = fraction }.Validate());
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public async Task Quiet_waits_back_off_between_polls_and_reset_after_a_change()
    {
        int polls = 0;
        // UPLOADING for 8 polls, then one change (SAVE_META) for 3 polls, then FINISHED: deterministic in poll count.
        var session = new FakeSession(sql =>
        {
            int n = Interlocked.Increment(ref polls);
            string state = n <= 8 ? "UPLOADING" : n <= 11 ? "SAVE_META" : "FINISHED";
            return FakeSession.Table(FakeSession.BackupColumns, FakeSession.BackupRow(1, "la", "a", state));
        });
        // No age cap here: this test is about the back-off shape (the cap has its own test).
        var options = new WaitOptions { MinPollInterval = TimeSpan.FromMilliseconds(10), MaxPollInterval = TimeSpan.FromMilliseconds(80), Timeout = TimeSpan.FromSeconds(30), MaxPollFraction = null };
        var obs = new RecordingObserver();
        var r = (await FakeSession.Client(session).Jobs.WaitAsync(new JobInfo[] { Job("a", "la", 1) }, options, obs)).Single();
        Assert.True(r.Succeeded);
        var waits = obs.Messages.Where(m => m.StartsWith("DBG Waiting ", StringComparison.Ordinal)).Select(m => int.Parse(m.Split(' ')[2])).ToList();
        Assert.Equal(new[] { 10, 15, 23, 34, 51, 76, 80, 80, 10, 15, 23 }, waits);
    }
}
