using StarRocksBackup.Simulator;
using StarRocksBackup.Simulator.Protocol;
using SimBackupJob = StarRocksBackup.Simulator.Fe.BackupJob;

namespace StarRocksBackup.Bench;

/// <summary>Statements a run sent, from the simulator's query log, by kind.</summary>
public sealed record StatementCounts(int Backup, int ShowBackup, int Other, int Errors, IReadOnlyDictionary<string, int> OtherKinds)
{
    public int Total => Backup + ShowBackup + Other;

    /// <summary>Classifies log entries [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static StatementCounts Of(QueryLog log, int from, int to)
    {
        IReadOnlyList<QueryLogEntry> entries = log.Entries;
        int backup = 0, show = 0, other = 0, errors = 0;
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (int i = from; i < Math.Min(to, entries.Count); i++)
        {
            string s = entries[i].Statement.TrimStart();
            if (entries[i].ErrorCode.HasValue) errors++;
            if (s.StartsWith("BACKUP ", StringComparison.OrdinalIgnoreCase))
            {
                backup++;
            }
            else if (s.StartsWith("SHOW BACKUP", StringComparison.OrdinalIgnoreCase))
            {
                show++;
            }
            else
            {
                other++;
                string kind = Kind(s);
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }
        }

        return new StatementCounts(backup, show, other, errors, kinds);
    }

    /// <summary>Counts scaled by <paramref name="factor"/> (linear extrapolation of a sample).</summary>
    public StatementCounts Scale(double factor) => new(
        (int)Math.Round(Backup * factor), (int)Math.Round(ShowBackup * factor), (int)Math.Round(Other * factor), (int)Math.Round(Errors * factor),
        OtherKinds.ToDictionary(k => k.Key, k => (int)Math.Round(k.Value * factor)));

    public string DescribeOther() => OtherKinds.Count == 0 ? "none" : string.Join(", ", OtherKinds.Select(k => $"{k.Value}× {k.Key}"));

    // "SHOW RESTORE FROM `db00`" → "SHOW RESTORE FROM"; "SET character_set_results=NULL" → "SET character_set_results=NULL".
    private static string Kind(string s)
    {
        if (s.StartsWith("SHOW", StringComparison.OrdinalIgnoreCase))
        {
            return string.Join(' ', s.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries).Take(3)).Replace("`", string.Empty, StringComparison.Ordinal);
        }

        return s.Length <= 40 ? s : s[..40] + "…";
    }
}

/// <summary>One backup job as the simulator ran it (epoch milliseconds of the FE clock).</summary>
public sealed record JobTiming(string Database, string Label, string State, long CreateMs, long SnapshotFinishedMs, long UploadFinishedMs, long FinishedMs)
{
    /// <summary>FinishedTime − CreateTime, to the millisecond (SHOW BACKUP shows whole seconds only).</summary>
    public double DurationMs => FinishedMs - CreateMs;

    /// <summary>The time spent in UPLOADING: its phase duration plus the real S3 upload of every tablet file.</summary>
    public double UploadingMs => UploadFinishedMs - SnapshotFinishedMs;

    /// <summary>Reads the database's current job from the simulator's engine (the last one: StarRocks keeps one per database).</summary>
    public static JobTiming Read(StarRocksSimulator sim, string database)
    {
        var job = sim.Engine.Context.Jobs.LastJob(database) as SimBackupJob
                  ?? throw new InvalidOperationException($"The simulator has no backup job for database '{database}'.");
        lock (sim.Engine.Context.Catalog.Gate)
        {
            return new JobTiming(database, job.Label, job.StateName, job.CreateTimeMs, job.SnapshotFinishedTimeMs, job.UploadFinishedTimeMs, job.FinishedTimeMs);
        }
    }
}

/// <summary>What one way of backing everything up cost.</summary>
public sealed class RunResult
{
    public required string Name { get; init; }

    /// <summary>Partitions really backed up in this run.</summary>
    public required int PartitionsRun { get; init; }

    /// <summary>Every partition of the scenario (the extrapolation target).</summary>
    public required int PartitionsTotal { get; init; }

    public required double WallMs { get; init; }

    /// <summary>The ideal from the simulator's job times (see <see cref="Ideal"/>).</summary>
    public required double IdealMs { get; init; }

    /// <summary>The same ideal from the configured phase durations only (6 states × phase per job).</summary>
    public required double ConfiguredIdealMs { get; init; }

    public required StatementCounts Statements { get; init; }

    public required int Polls { get; init; }

    public required IReadOnlyList<JobTiming> Jobs { get; init; }

    /// <summary>Epoch milliseconds (FE clock = real UTC here) when the measured window opened and closed.</summary>
    public required long StartMs { get; init; }

    public required long EndMs { get; init; }

    /// <summary>From the window opening to the last job's CreateTime (planning + submission).</summary>
    public double SubmitLagMs => Jobs.Max(j => j.CreateMs) - StartMs;

    /// <summary>From the last job's FinishedTime to the window closing (how late the poller noticed).</summary>
    public double DetectLagMs => EndMs - Jobs.Max(j => j.FinishedMs);

    /// <summary>The waiter's longest sleep between two polls (the worst case for noticing an end late); 0 when unknown.</summary>
    public double LongestPollGapMs { get; init; }

    /// <summary>A copy under another name (numbered repeats).</summary>
    public RunResult WithName(string name) => new()
    {
        Name = name, PartitionsRun = PartitionsRun, PartitionsTotal = PartitionsTotal, WallMs = WallMs, IdealMs = IdealMs,
        ConfiguredIdealMs = ConfiguredIdealMs, Statements = Statements, Polls = Polls, Jobs = Jobs, StartMs = StartMs, EndMs = EndMs,
        LongestPollGapMs = LongestPollGapMs,
    };

    /// <summary>PartitionsTotal ÷ PartitionsRun: 1 when everything really ran.</summary>
    public double Factor => (double)PartitionsTotal / PartitionsRun;

    public bool Extrapolated => PartitionsRun < PartitionsTotal;

    public double Ratio => WallMs / IdealMs;

    /// <summary>
    /// The ideal of a schedule: each database's jobs run one after another (StarRocks allows one per database),
    /// databases side by side, so the best possible wall time is the longest database's summed job time.
    /// </summary>
    public static double Ideal(IEnumerable<JobTiming> jobs, Func<JobTiming, double> duration) =>
        jobs.GroupBy(j => j.Database).Select(g => g.Sum(duration)).DefaultIfEmpty(0).Max();
}
