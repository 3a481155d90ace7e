using System.Globalization;
using System.Text;

namespace StarRocksBackup.Bench;

/// <summary>Prints the results as a plain-text table (also pasted into bench/README.md).</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Header(BenchOptions o, string prefix, WaitDefaults core) => string.Join(Environment.NewLine,
        $"StarRocksBackup.Bench  {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC  ({Environment.ProcessorCount} cores, .NET {Environment.Version})",
        $"scenario : {o.Databases} databases × {o.Tables} tables × {o.Partitions} partitions = {o.TotalPartitions:N0} partitions, " +
        $"{o.Buckets} tablet(s) each; simulator {o.Version}, shared-nothing",
        $"jobs     : each of a backup job's 6 states lasts {o.PhaseMs} ms, then the simulator does the state's work " +
        "(UPLOADING writes every tablet file to the real S3 server)",
        $"module   : Core BackupPlanner/BackupService (throttle {(o.Throttle > 0 ? o.Throttle : o.Databases)}) + JobService.WaitAsync " +
        $"(poll {core.MinMs:0}..{core.MaxMs:0} ms, ×1.5 per quiet poll)",
        $"naive    : BACKUP per partition, sleep {o.NaivePollMs} ms + SHOW BACKUP FROM db until FINISHED, next partition",
        $"S3 prefix: s3://{{bucket}}/{prefix}");

    public static string Table(IReadOnlyList<RunResult> runs)
    {
        var sb = new StringBuilder();
        string[] head = { "way", "partitions", "wall", "ideal", "wall÷ideal", "ideal(cfg)", "BACKUP", "SHOW BACKUP", "other", "total", "polls" };
        var rows = new List<string[]> { head };
        foreach (RunResult r in runs)
        {
            rows.Add(Row(r, r.Extrapolated ? $"{r.PartitionsRun} (sample)" : r.PartitionsRun.ToString("N0", Inv), 1));
            if (r.Extrapolated)
            {
                rows.Add(Row(r, $"{r.PartitionsTotal:N0} (×{r.Factor:0.#})*", r.Factor));
            }
        }

        int[] widths = head.Select((_, i) => rows.Max(row => row[i].Length)).ToArray();
        foreach (string[] row in rows)
        {
            sb.AppendLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }

        if (runs.Any(r => r.Extrapolated))
        {
            sb.AppendLine("* extrapolated linearly from the sample: times and statement counts × (all partitions ÷ sample), not measured.");
        }

        return sb.ToString();
    }

    /// <summary>With repeats: min / median / max of wall÷ideal and polls per waiter.</summary>
    public static string Summary(IReadOnlyList<RunResult> modules)
    {
        var sb = new StringBuilder();
        foreach (var g in modules.GroupBy(m => m.Name.Split(" #")[0]).Where(g => g.Count() > 1))
        {
            double[] ratios = g.Select(m => m.Ratio).Order().ToArray();
            int[] polls = g.Select(m => m.Polls).Order().ToArray();
            sb.AppendLine($"{g.Key}: wall÷ideal min {ratios[0]:0.000} median {Median(ratios):0.000} max {ratios[^1]:0.000} " +
                          $"over {ratios.Length} runs; polls {polls[0]}..{polls[^1]}; runs ≤ 1.05: {ratios.Count(r => r <= 1.05)}/{ratios.Length}");
        }

        return sb.ToString();
    }

    public static string Notes(IReadOnlyList<RunResult> modules, RunResult? naive, BenchOptions o)
    {
        var sb = new StringBuilder();
        sb.AppendLine("ideal    : a job's time is FinishedTime − CreateTime read from the simulator's engine to the millisecond " +
                      "(SHOW BACKUP has whole seconds only); it includes the real S3 upload, which no client can avoid.");
        sb.AppendLine("           module ideal = the longest database's summed job time (one job per database, databases side by side);");
        sb.AppendLine("           naive ideal  = the sum of its job times (it runs them one after another).");
        sb.AppendLine("           ideal(cfg)   = the same from the configured phase durations only (6 × phase per job), a lower bound.");
        foreach (RunResult m in modules)
        {
            sb.AppendLine(
                $"{m.Name}: wall {S(m.WallMs)} = last job created {S(m.SubmitLagMs)} after the start + longest job {S(m.Jobs.Max(j => j.DurationMs))} " +
                $"+ its end noticed {S(m.DetectLagMs)} late (+ spread); longest sleep between polls {S(m.LongestPollGapMs)}.");
            sb.AppendLine(
                $"           job times {S(m.Jobs.Min(j => j.DurationMs))}..{S(m.Jobs.Max(j => j.DurationMs))}, of which UPLOADING " +
                $"{S(m.Jobs.Min(j => j.UploadingMs))}..{S(m.Jobs.Max(j => j.UploadingMs))} (phase {o.PhaseMs} ms + S3 upload); " +
                $"target wall÷ideal ≤ 1.05 {(m.Ratio <= 1.05 ? "met" : "NOT met")} ({m.Ratio:0.000}).");
            sb.AppendLine($"           other statements: {m.Statements.DescribeOther()}");
        }

        if (naive != null)
        {
            RunResult module = modules[0];
            double naiveWall = naive.WallMs * naive.Factor;
            double naiveStatements = naive.Statements.Total * naive.Factor;
            sb.AppendLine(
                $"naive    : per partition {S(naive.WallMs / naive.PartitionsRun)} wall for {S(naive.IdealMs / naive.PartitionsRun)} of job; " +
                $"other statements: {naive.Statements.DescribeOther()}");
            sb.AppendLine(
                $"compare  : naive ÷ {module.Name} = {naiveWall / module.WallMs:N0}× the wall time ({S(naiveWall)} vs {S(module.WallMs)}), " +
                $"{naiveStatements / module.Statements.Total:N0}× the statements ({naiveStatements:N0} vs {module.Statements.Total:N0}){(naive.Extrapolated ? ", naive extrapolated." : ".")}");
        }

        return sb.ToString();
    }

    /// <summary>Milliseconds as "850 ms", "12.3 s", "1 h 02 min".</summary>
    public static string S(double ms)
    {
        if (ms < 1000) return ms.ToString("0", Inv) + " ms";
        if (ms < 120_000) return (ms / 1000).ToString("0.00", Inv) + " s";
        TimeSpan t = TimeSpan.FromMilliseconds(ms);
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes:D2} min" : $"{(int)t.TotalMinutes} min {t.Seconds:D2} s";
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

    private static string[] Row(RunResult r, string partitions, double f) => new[]
    {
        r.Name, partitions, S(r.WallMs * f), S(r.IdealMs * f), r.Ratio.ToString("0.000", Inv), S(r.ConfiguredIdealMs * f),
        N(r.Statements.Backup * f), N(r.Statements.ShowBackup * f), N(r.Statements.Other * f), N(r.Statements.Total * f), N(r.Polls * f),
    };

    private static string N(double v) => Math.Round(v).ToString("N0", Inv);
}

/// <summary>The poll intervals the module run used.</summary>
public sealed record WaitDefaults(double MinMs, double MaxMs);
