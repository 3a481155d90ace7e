using StarRocksBackup.Simulator;
using StarRocksBackup.Simulator.Protocol;
using SimBackupJob = StarRocksBackup.Simulator.Fe.BackupJob;

/// <summary>
/// What the policy scenario prints about one run: the timeline as the server saw it, each database's pipeline for the
/// first and last to submit, the statements, and the server span (what StarRocks itself needs) against the wall.
/// </summary>
internal static class PolicyReport
{
    /// <summary>
    /// More databases than slots: the best any order can do is the larger of the longest job and the jobs' total time
    /// spread over the slots. Prints that bound, and what starting the databases in name order would have taken with the
    /// same job times (a list schedule computed from the measured times). Returns the bound, the ideal of this case.
    /// </summary>
    public static double PrintSlots(StarRocksSimulator sim, IReadOnlyList<string> names, int parallelism, double wall, double longest)
    {
        var times = names.Select(db =>
        {
            var job = (SimBackupJob)sim.Engine.Context.Jobs.LastJob(db)!;
            lock (sim.Engine.Context.Catalog.Gate)
            {
                return (double)(job.FinishedTimeMs - job.CreateTimeMs);
            }
        }).ToList();
        double bound = Math.Max(longest, times.Sum() / parallelism);
        var slots = new double[parallelism];
        foreach (double t in times)
        {
            int free = Array.IndexOf(slots, slots.Min());
            slots[free] += t;
        }

        double nameOrder = slots.Max();
        Console.WriteLine($"slots: {parallelism} for {names.Count} databases; jobs' total {times.Sum() / 1000:F1} s, longest {longest / 1000:F2} s; " +
                          $"bound (max of longest, total / slots) {bound / 1000:F2} s; in name order the same jobs would take {nameOrder / 1000:F2} s " +
                          $"(computed), i.e. {nameOrder / bound:F3} x the bound; this run {wall / 1000:F2} s = {wall / bound:F3} x the bound");
        return bound;
    }

    /// <summary>Prints the report and returns the ideal: the longest database's job time, in milliseconds.</summary>
    public static double Print(StarRocksSimulator sim, IReadOnlyList<string> names, List<QueryLogEntry> entries, long startMs, long endMs, double wall)
    {
        var jobs = names.Select(db =>
        {
            var job = (SimBackupJob)sim.Engine.Context.Jobs.LastJob(db)!;
            lock (sim.Engine.Context.Catalog.Gate)
            {
                return (Db: db, Create: job.CreateTimeMs, Finished: job.FinishedTimeMs);
            }
        }).ToList();
        double ideal = jobs.Max(j => j.Finished - j.Create);
        double lastCreate = jobs.Max(j => j.Create) - startMs;
        double lastFinish = jobs.Max(j => j.Finished);
        var statements = entries.Select(e => e.Statement).ToList();
        string Span(Func<string, bool> which)
        {
            var hits = entries.Where(e => which(e.Statement)).ToList();
            return hits.Count == 0 ? "none" : $"{(hits.Min(e => e.Time.ToUnixTimeMilliseconds()) - startMs) / 1000.0:F2}-{(hits.Max(e => e.Time.ToUnixTimeMilliseconds()) - startMs) / 1000.0:F2} s";
        }

        Console.WriteLine($"timeline from the start: SHOW DATABASES {Span(x => x.StartsWith("SHOW DATABASES", StringComparison.OrdinalIgnoreCase))}, " +
                          $"partitions_meta {Span(x => x.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase))}, " +
                          $"BACKUP {Span(x => x.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase))} (each {entries.Where(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase)).Average(e => e.Duration.TotalMilliseconds):F0} ms on average in the simulator); " +
                          $"{entries.Select(e => e.ConnectionId).Distinct().Count()} connections used");
        // The first poll to reach the server after the last job's end (or after its database's own last poll) is the one
        // that saw it: what follows until the end is the catalog writes.
        QueryLogEntry? noticed = entries.Where(e => e.Statement.StartsWith("SHOW BACKUP", StringComparison.OrdinalIgnoreCase) && e.Time.ToUnixTimeMilliseconds() >= lastFinish)
            .OrderBy(e => e.Time).FirstOrDefault();
        string noticing = noticed is null ? string.Empty
            : $"; the end noticed {(noticed.Time.ToUnixTimeMilliseconds() + noticed.Duration.TotalMilliseconds - lastFinish) / 1000:F2} s after it, the catalog written in the {(endMs - noticed.Time.ToUnixTimeMilliseconds() - noticed.Duration.TotalMilliseconds) / 1000:F2} s after that";
        Console.WriteLine($"wall {wall / 1000:F2} s; ideal (longest job) {ideal / 1000:F2} s; first/last job created after {(jobs.Min(j => j.Create) - startMs) / 1000.0:F2} / {lastCreate / 1000:F2} s; " +
                          $"after the last job finished: {(endMs - lastFinish) / 1000:F2} s (waiter noticing + catalog writes{noticing})");
        // Each database's pipeline as the server saw it (partitions_meta, BACKUP received -> answered, job created), for the
        // first and the last databases to submit: where a database waits between its plan and its BACKUP.
        var pipelines = names.Select(db =>
        {
            QueryLogEntry? pm = entries.LastOrDefault(e => e.Statement.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase) && e.Statement.Contains($"'{db}'", StringComparison.Ordinal));
            QueryLogEntry? bk = entries.FirstOrDefault(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase) && e.Statement.Contains($"`{db}`", StringComparison.Ordinal));
            double At(DateTimeOffset t) => (t.ToUnixTimeMilliseconds() - startMs) / 1000.0;
            return (Db: db, Pm: pm is null ? "-" : $"{At(pm.Time):F2}-{At(pm.Time + pm.Duration):F2}", Sent: bk is null ? double.NaN : At(bk.Time),
                Answered: bk is null ? double.NaN : At(bk.Time + bk.Duration), Created: (jobs.Single(j => j.Db == db).Create - startMs) / 1000.0);
        }).OrderBy(p => p.Sent).ToList();
        foreach (var p in pipelines.Take(3).Concat(pipelines.Skip(Math.Max(3, pipelines.Count - 2))))
        {
            Console.WriteLine($"  {p.Db}: partitions_meta {p.Pm} s, BACKUP sent {p.Sent:F2} s, answered {p.Answered:F2} s, job created {p.Created:F2} s");
        }

        Console.WriteLine($"statements {statements.Count}: BACKUP {statements.Count(s => s.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase))}, " +
                          $"SHOW BACKUP {statements.Count(s => s.StartsWith("SHOW BACKUP", StringComparison.OrdinalIgnoreCase))}, " +
                          $"partitions_meta {statements.Count(s => s.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase))}");
        // StarRocks takes BACKUP submissions one at a time (BackupHandler's seqlock; each lists the repository's snapshots to
        // refuse a used label), so the last of 100 jobs starts well after the first whatever the client does. The span from
        // the first BACKUP reaching the server to the last job's end is what the server needs; the rest of the wall time is
        // the module's (planning before, recording after).
        long firstBackupMs = entries.Where(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase)).Min(e => e.Time.ToUnixTimeMilliseconds());
        double serverSpan = lastFinish - firstBackupMs;
        Console.WriteLine($"server span (first BACKUP received -> last job finished) {serverSpan / 1000:F2} s; the module's share of the wall: {(wall - serverSpan) / 1000:F2} s " +
                          $"(before the first BACKUP {(firstBackupMs - startMs) / 1000.0:F2} s, after the last job {(endMs - lastFinish) / 1000:F2} s); wall / server span = {wall / serverSpan:F3}");
        return ideal;
    }
}
