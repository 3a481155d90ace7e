using System.Diagnostics;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Tests.Support;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>The throttle bounds RUNNING backup jobs, not just submissions (scripted FE).</summary>
public sealed class BackupThrottleTests
{
    private static WaitOptions Fast => new()
    {
        MinPollInterval = TimeSpan.FromMilliseconds(5),
        MaxPollInterval = TimeSpan.FromMilliseconds(30),
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// A scripted FE with one job slot per database. A job runs for a few SHOW BACKUP polls after its BACKUP, then
    /// turns FINISHED (or CANCELLED for <see cref="FailDb"/>). Jobs only advance once <see cref="HoldUntil"/> jobs have
    /// run at once (or after 3 s), so the test proves concurrency without timing luck.
    /// </summary>
    private sealed class ScriptedFe
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, (long Id, string Label, string State, int PollsLeft)> _jobs = new(StringComparer.Ordinal);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _nextId = 100;

        public BackupPlan? Plan { get; set; }

        public string? FailDb { get; init; }

        public int HoldUntil { get; init; } = 2;

        public int Running { get; private set; }

        public int MaxRunning { get; private set; }

        public List<string> Submitted { get; } = new();

        public ResultTable Handle(string sql)
        {
            lock (_gate)
            {
                if (sql.StartsWith("BACKUP", StringComparison.Ordinal))
                {
                    DatabaseBackup db = Plan!.Databases.Single(d => d.Sql == sql);
                    Assert.False(_jobs.TryGetValue(db.Database, out var old) && old.State == "UPLOADING", "BACKUP sent to a busy database");
                    _jobs[db.Database] = (_nextId++, db.Label, "UPLOADING", 3);
                    Submitted.Add(db.Database);
                    Running++;
                    MaxRunning = Math.Max(MaxRunning, Running);
                    return ResultTable.Empty;
                }

                if (sql.StartsWith("SHOW BACKUP FROM", StringComparison.Ordinal))
                {
                    string db = sql.Substring(sql.IndexOf('`') + 1).TrimEnd('`');
                    return _jobs.TryGetValue(db, out var j)
                        ? FakeSession.Table(FakeSession.BackupColumns, Row(db, j))
                        : FakeSession.Table(FakeSession.BackupColumns);
                }

                if (sql == "SHOW BACKUP")
                {
                    bool advance = MaxRunning >= HoldUntil || _clock.Elapsed > TimeSpan.FromSeconds(3);
                    foreach (string db in _jobs.Keys.ToList())
                    {
                        var j = _jobs[db];
                        if (advance && j.State == "UPLOADING" && --j.PollsLeft == 0)
                        {
                            j.State = db == FailDb ? "CANCELLED" : "FINISHED";
                            Running--;
                        }

                        _jobs[db] = j;
                    }

                    return FakeSession.Table(FakeSession.BackupColumns, _jobs.Select(kv => Row(kv.Key, kv.Value)).ToArray());
                }

                return sql.StartsWith("SHOW RESTORE", StringComparison.Ordinal) ? FakeSession.Table(FakeSession.RestoreColumns) : ResultTable.Empty;
            }
        }

        private static string?[] Row(string db, (long Id, string Label, string State, int PollsLeft) j) =>
            j.State == "CANCELLED"
                ? FakeSession.BackupRow(j.Id, j.Label, db, "CANCELLED", status: "[COMMON_ERROR, msg: upload failed]")
                : FakeSession.BackupRow(j.Id, j.Label, db, j.State);
    }

    private static (StarRocksClient Client, BackupPlan Plan) Setup(ScriptedFe fe, int databases)
    {
        var client = FakeSession.Client(new FakeSession(fe.Handle));
        var req = new BackupRequest { Repository = "repo", LabelTimeUtc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        for (int i = 0; i < databases; i++) req.Add("db" + i);
        BackupPlan plan = client.Backups.Plan(req);
        fe.Plan = plan;
        return (client, plan);
    }

    [Fact]
    public async Task BeforeSubmit_runs_before_each_BACKUP_and_a_failure_there_fails_only_that_database()
    {
        var fe = new ScriptedFe();
        var (client, plan) = Setup(fe, 3);
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var options = new BackupStartOptions
        {
            MaxParallelDatabases = 3,
            RunningJobWait = Fast,
            BeforeSubmit = (db, ct) =>
            {
                order.Enqueue("before " + db.Database + " submitted=" + fe.Submitted.Contains(db.Database));
                return db.Database == "db1"
                    ? Task.FromException(new StarRocksBackupException(ErrorKind.ObjectStorageError, "catalog write failed"))
                    : Task.CompletedTask;
            },
        };

        var results = await client.Backups.StartAsync(plan, options);

        Assert.Equal(3, order.Count);
        Assert.All(order, o => Assert.EndsWith("submitted=False", o));
        Assert.Equal(new[] { "db0", "db2" }, fe.Submitted.Distinct().OrderBy(d => d));
        DatabaseBackupResult failed = results.Single(r => r.Plan.Database == "db1");
        Assert.Null(failed.Job);
        Assert.Equal(ErrorKind.ObjectStorageError, failed.Error!.Kind);
        Assert.All(results.Where(r => r.Plan.Database != "db1"), r => Assert.True(r.Succeeded, r.Error?.Message));
    }

    [Fact]
    public async Task Never_more_than_the_throttle_run_at_once_and_every_database_completes()
    {
        var fe = new ScriptedFe();
        var (client, plan) = Setup(fe, 6);
        var obs = new RecordingObserver();
        var results = await client.Backups.StartAsync(plan, new BackupStartOptions { MaxParallelDatabases = 2, RunningJobWait = Fast }, obs);

        Assert.Equal(2, fe.MaxRunning);
        Assert.Equal(0, fe.Running);
        Assert.Equal(plan.Databases.Select(d => d.Database), results.Select(r => r.Plan.Database));
        Assert.All(results, r =>
        {
            Assert.True(r.Succeeded, r.Error?.Message);
            Assert.NotNull(r.WaitResult);
            Assert.Equal(JobOutcome.Finished, r.WaitResult!.Outcome);
            Assert.False(r.JobFailed);
        });
        Assert.Equal(6, fe.Submitted.Distinct().Count());
        Assert.Contains(obs.Messages, m => m.StartsWith("VERB Database 'db", StringComparison.Ordinal) && m.Contains("is queued"));
        var overall = obs.ProgressReports.Where(p => p.Activity.StartsWith("Backing up 6 databases", StringComparison.Ordinal)).ToList();
        Assert.Contains(overall, p => p.Status.Contains("2 running") && p.Status.Contains("queued"));
        Assert.True(overall[^1].Completed);
        Assert.Equal(100, overall[^1].PercentComplete);
    }

    [Fact]
    public async Task A_failed_job_frees_its_slot_and_is_reported_while_the_others_complete()
    {
        var fe = new ScriptedFe { FailDb = "db2" };
        var (client, plan) = Setup(fe, 5);
        var results = await client.Backups.StartAsync(plan, new BackupStartOptions { MaxParallelDatabases = 2, RunningJobWait = Fast });

        Assert.True(fe.MaxRunning <= 2);
        Assert.Equal(5, fe.Submitted.Count);
        DatabaseBackupResult failed = results.Single(r => r.Plan.Database == "db2");
        Assert.True(failed.JobFailed);
        Assert.Equal(JobOutcome.Failed, failed.WaitResult!.Outcome);
        Assert.Equal(ErrorKind.JobFailed, failed.WaitResult.Error!.Kind);
        Assert.Contains("upload failed", failed.WaitResult.Error.Message);
        Assert.All(results.Where(r => r.Plan.Database != "db2"), r => Assert.Equal(JobOutcome.Finished, r.WaitResult!.Outcome));
    }

    [Fact]
    public async Task A_plan_that_fits_in_the_throttle_is_submitted_at_once_without_waiting()
    {
        var fe = new ScriptedFe { HoldUntil = int.MaxValue };
        var (client, plan) = Setup(fe, 3);
        var obs = new RecordingObserver();
        var results = await client.Backups.StartAsync(plan, new BackupStartOptions { MaxParallelDatabases = 3, RunningJobWait = Fast }, obs);

        Assert.Equal(3, fe.Running);
        Assert.All(results, r => Assert.Null(r.WaitResult));
        Assert.Equal("UPLOADING", results[0].Job!.StateName);
        Assert.DoesNotContain(obs.ProgressReports, p => p.Activity.StartsWith("Backing up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_ThrottleRunningJobs_the_throttle_only_bounds_submissions()
    {
        var fe = new ScriptedFe { HoldUntil = int.MaxValue };
        var (client, plan) = Setup(fe, 5);
        var results = await client.Backups.StartAsync(plan, new BackupStartOptions { MaxParallelDatabases = 2, ThrottleRunningJobs = false });

        Assert.Equal(5, fe.Running);
        Assert.All(results, r => Assert.Null(r.WaitResult));
    }

    [Fact]
    public async Task Cancelling_stops_waiting_and_queued_databases_are_never_submitted()
    {
        var fe = new ScriptedFe { HoldUntil = int.MaxValue };
        var (client, plan) = Setup(fe, 4);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.Backups.StartAsync(plan, new BackupStartOptions { MaxParallelDatabases = 2, RunningJobWait = Fast }, null, cts.Token));
        Assert.Equal(2, fe.Submitted.Count);
    }
}
