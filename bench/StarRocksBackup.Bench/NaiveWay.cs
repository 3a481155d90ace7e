using System.Diagnostics;
using MySqlConnector;

namespace StarRocksBackup.Bench;

/// <summary>
/// The naive way, as a hand-written script does it: for each partition, one BACKUP, then sleep and
/// <c>SHOW BACKUP FROM db</c> until the job is FINISHED, then the next partition. Over thousands of partitions this
/// takes hours, so it runs on a strided sample and the result is extrapolated linearly (every job costs the same
/// fixed phases; the per-partition upload is the same size everywhere in this scenario).
/// </summary>
public static class NaiveWay
{
    /// <summary><paramref name="count"/> partitions spread evenly over the whole list (every database, table and partition position).</summary>
    public static IReadOnlyList<PartitionRef> Sample(IReadOnlyList<PartitionRef> all, int count)
    {
        if (count >= all.Count) return all;
        double stride = (double)all.Count / count;
        return Enumerable.Range(0, count).Select(i => all[(int)(i * stride)]).ToList();
    }

    public static async Task<RunResult> RunAsync(Scenario s, BenchOptions o, string labelTag)
    {
        IReadOnlyList<PartitionRef> sample = Sample(s.Partitions, o.NaiveSample);
        // Connecting and creating the run's repository are not part of the measured window.
        string repository = await s.NewRepositoryAsync("naive_" + labelTag);
        await using MySqlConnection c = await s.OpenDriverAsync();
        var jobs = new List<JobTiming>();
        int logStart = s.Sim.QueryLog.Count;
        long startMs = s.Sim.Engine.Context.Clock.NowMs;
        Stopwatch wall = Stopwatch.StartNew();
        foreach (PartitionRef p in sample)
        {
            string label = $"naive_{p.Database}_{p.Table}_{p.Partition}_{labelTag}";
            await Scenario.ExecAsync(c, $"BACKUP SNAPSHOT `{p.Database}`.`{label}` TO `{repository}` ON (`{p.Table}` PARTITION (`{p.Partition}`))");
            while (true)
            {
                await Task.Delay(o.NaivePollMs);
                (string? jobLabel, string? state, string? status) = await ShowBackupAsync(c, p.Database);
                if (jobLabel != label) throw new InvalidOperationException($"SHOW BACKUP FROM {p.Database} shows '{jobLabel}', expected '{label}'.");
                if (state == "FINISHED") break;
                if (state == "CANCELLED") throw new InvalidOperationException($"Backup '{label}' was CANCELLED: {status}");
            }

            jobs.Add(JobTiming.Read(s.Sim, p.Database));
        }

        wall.Stop();
        long endMs = s.Sim.Engine.Context.Clock.NowMs;
        int logEnd = s.Sim.QueryLog.Count;
        StatementCounts statements = StatementCounts.Of(s.Sim.QueryLog, logStart, logEnd);
        return new RunResult
        {
            Name = "naive (per partition)",
            PartitionsRun = sample.Count,
            PartitionsTotal = s.Partitions.Count,
            WallMs = wall.Elapsed.TotalMilliseconds,
            // Its own best: the jobs run one after another, so nothing beats their summed time.
            IdealMs = jobs.Sum(j => j.DurationMs),
            ConfiguredIdealMs = jobs.Count * 6.0 * o.PhaseMs,
            Statements = statements,
            Polls = statements.ShowBackup,
            Jobs = jobs,
            StartMs = startMs,
            EndMs = endMs,
        };
    }

    private static async Task<(string? Label, string? State, string? Status)> ShowBackupAsync(MySqlConnection c, string db)
    {
        await using var cmd = new MySqlCommand($"SHOW BACKUP FROM `{db}`", c);
        await using var r = (MySqlDataReader)await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return (null, null, null);
        return (r["SnapshotName"] as string, r["State"] as string, r["Status"] as string);
    }
}
