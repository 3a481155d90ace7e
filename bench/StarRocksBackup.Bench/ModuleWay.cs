using System.Diagnostics;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Bench;

/// <summary>
/// The module's way, as <c>Get-SrPartition | Start-SrBackup -Wait</c> does it: every partition is a target, Core's
/// BackupPlanner groups them into one BACKUP per database, BackupService submits the databases in parallel up to the
/// throttle, and JobService.WaitAsync waits for all jobs with one SHOW BACKUP per poll.
/// </summary>
public static class ModuleWay
{
    public static async Task<RunResult> RunAsync(Scenario s, BenchOptions o, string labelTag, bool proposedWaiter)
    {
        // Connecting and creating the run's repository are not part of the measured window.
        string repository = await s.NewRepositoryAsync("bench_" + labelTag);
        using StarRocksClient client = await s.ConnectCoreAsync();
        var request = new BackupRequest
        {
            Repository = repository,
            LabelTemplate = "{database}_" + labelTag,
        };
        foreach (PartitionRef p in s.Partitions) request.Add(p.Database, p.Table, p.Partition);

        WaitOptions wait = WaitOptionsFor(o);
        int logStart = s.Sim.QueryLog.Count;
        long startMs = s.Sim.Engine.Context.Clock.NowMs;
        Stopwatch wall = Stopwatch.StartNew();
        BackupPlan plan = client.Backups.Plan(request);
        IReadOnlyList<DatabaseBackupResult> started = await client.Backups.StartAsync(plan, new BackupStartOptions { MaxParallelDatabases = o.Throttle > 0 ? o.Throttle : o.Databases });
        int logAfterSubmit = s.Sim.QueryLog.Count;
        DatabaseBackupResult? notStarted = started.FirstOrDefault(r => !r.Succeeded);
        if (notStarted != null) throw new InvalidOperationException($"Backup of '{notStarted.Plan.Database}' was not started: {notStarted.Error?.Message}", notStarted.Error);

        if (proposedWaiter)
        {
            await ProposedWaiter.WaitAsync(client, started.Select(r => r.Job!).ToList(), wait.MinPollInterval, wait.MaxPollInterval, o.PollFraction, wait.Timeout!.Value);
        }
        else
        {
            IReadOnlyList<JobWaitResult> results = await client.Jobs.WaitAsync(started.Select(r => (JobInfo)r.Job!), wait);
            JobWaitResult? failed = results.FirstOrDefault(r => !r.Succeeded);
            if (failed != null) throw new InvalidOperationException($"A backup job did not finish: {failed}", failed.Error);
        }

        wall.Stop();
        long endMs = s.Sim.Engine.Context.Clock.NowMs;
        int logEnd = s.Sim.QueryLog.Count;

        if (plan.Databases.Count != s.DatabaseNames.Count()) throw new InvalidOperationException($"The planner made {plan.Databases.Count} BACKUP statements for {s.DatabaseNames.Count()} databases.");

        if (o.Trace)
        {
            foreach (var e in s.Sim.QueryLog.Entries.Skip(logStart).Take(logEnd - logStart))
            {
                Console.Error.WriteLine($"  +{e.Time.ToUnixTimeMilliseconds() - startMs,7} ms  {e.Duration.TotalMilliseconds,7:0} ms  #{e.ConnectionId,-3} {Trim(e.Statement)}");
            }
        }

        List<JobTiming> jobs = s.DatabaseNames.Select(db => JobTiming.Read(s.Sim, db)).ToList();
        CheckFinished(jobs, plan);
        return new RunResult
        {
            Name = proposedWaiter ? FormattableString.Invariant($"module, proposed cap {o.PollFraction:0.##%}") : "module (Core)",
            PartitionsRun = s.Partitions.Count,
            PartitionsTotal = s.Partitions.Count,
            WallMs = wall.Elapsed.TotalMilliseconds,
            IdealMs = RunResult.Ideal(jobs, j => j.DurationMs),
            ConfiguredIdealMs = RunResult.Ideal(jobs, _ => 6.0 * o.PhaseMs),
            Statements = StatementCounts.Of(s.Sim.QueryLog, logStart, logEnd),
            // The waiter's polls: every SHOW BACKUP after submission (submission's own look-ups are counted apart).
            Polls = StatementCounts.Of(s.Sim.QueryLog, logAfterSubmit, logEnd).ShowBackup,
            Jobs = jobs,
            LongestPollGapMs = LongestGap(s, logAfterSubmit, logEnd),
            StartMs = startMs,
            EndMs = endMs,
        };
    }

    /// <summary>
    /// Backs up one partition through Core before anything is measured, so JIT compilation and the first S3
    /// connections of Core, the driver and the simulator do not land in the first measured run.
    /// </summary>
    public static async Task WarmUpAsync(Scenario s, string labelTag)
    {
        string repository = await s.NewRepositoryAsync("warmup_" + labelTag);
        using StarRocksClient client = await s.ConnectCoreAsync();
        PartitionRef p = s.Partitions[0];
        var request = new BackupRequest { Repository = repository, Label = "warmup_" + labelTag };
        request.Add(p.Database, p.Table, p.Partition);
        IReadOnlyList<DatabaseBackupResult> started = await client.Backups.StartAsync(client.Backups.Plan(request));
        if (!started[0].Succeeded) throw new InvalidOperationException("The warm-up backup was not started: " + started[0].Error?.Message, started[0].Error);
        await client.Jobs.WaitOneAsync(started[0].Job!, new WaitOptions { Timeout = TimeSpan.FromMinutes(5), MaxPollInterval = TimeSpan.FromSeconds(1) });
    }

    /// <summary>Core's defaults, with --min-poll-ms / --max-poll-ms applied (a max below Core's min raises nothing: it lowers the min too).</summary>
    public static WaitOptions WaitOptionsFor(BenchOptions o)
    {
        var wait = new WaitOptions { Timeout = TimeSpan.FromMinutes(30) };
        if (o.MinPollMs.HasValue) wait.MinPollInterval = TimeSpan.FromMilliseconds(o.MinPollMs.Value);
        if (o.MaxPollMs.HasValue) wait.MaxPollInterval = TimeSpan.FromMilliseconds(o.MaxPollMs.Value);
        if (wait.MaxPollInterval < wait.MinPollInterval) wait.MinPollInterval = wait.MaxPollInterval;
        return wait;
    }

    private static double LongestGap(Scenario s, int from, int to)
    {
        DateTimeOffset[] polls = s.Sim.QueryLog.Entries.Skip(from).Take(to - from)
            .Where(e => e.Statement.StartsWith("SHOW BACKUP", StringComparison.OrdinalIgnoreCase)).Select(e => e.Time).ToArray();
        return polls.Zip(polls.Skip(1), (a, b) => (b - a).TotalMilliseconds).DefaultIfEmpty(0).Max();
    }

    private static string Trim(string sql) => sql.Length <= 110 ? sql : sql[..110] + "…";

    private static void CheckFinished(List<JobTiming> jobs, BackupPlan plan)
    {
        foreach (JobTiming j in jobs)
        {
            string expected = plan.Databases.Single(d => d.Database == j.Database).Label;
            if (j.State != "FINISHED" || j.Label != expected)
            {
                throw new InvalidOperationException($"Database '{j.Database}': the simulator's job is '{j.Label}' {j.State}, expected '{expected}' FINISHED.");
            }
        }
    }
}
