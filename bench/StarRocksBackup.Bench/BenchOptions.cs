using System.Globalization;

namespace StarRocksBackup.Bench;

/// <summary>Command-line options of the benchmark; every value is checked, bad input is a clear error.</summary>
public sealed class BenchOptions
{
    public int Databases { get; private set; } = 10;

    public int Tables { get; private set; } = 20;

    public int Partitions { get; private set; } = 20;

    /// <summary>Buckets (tablets) per partition: each tablet is one data file the simulator uploads to S3.</summary>
    public int Buckets { get; private set; } = 1;

    /// <summary>How long each of a backup job's six states lasts in the simulator.</summary>
    public int PhaseMs { get; private set; } = 1000;

    /// <summary>Partitions the naive way really backs up (strided over all of them); 0 = skip it.</summary>
    public int NaiveSample { get; private set; } = 12;

    /// <summary>The naive script's fixed sleep between two SHOW BACKUP FROM db.</summary>
    public int NaivePollMs { get; private set; } = 500;

    /// <summary>Core's BackupStartOptions.MaxParallelDatabases.</summary>
    /// <summary>Core's MaxParallelDatabases; 0 (default) = the number of databases, so every database runs side by side as
    /// the ideal (the longest database's summed job time) assumes. A smaller value runs jobs in batches
    /// (the throttle bounds RUNNING jobs), and wall ÷ ideal then measures the batching, not the waiter.</summary>
    public int Throttle { get; private set; }

    /// <summary>Core's WaitOptions.MinPollInterval (null = Core's default).</summary>
    public int? MinPollMs { get; private set; }

    /// <summary>Core's WaitOptions.MaxPollInterval (null = Core's default).</summary>
    public int? MaxPollMs { get; private set; }

    /// <summary>Which waiter the module way uses: Core's as it is, the proposed poll cap (emulated), or both in turn.</summary>
    public string Waiter { get; private set; } = "core";

    /// <summary>The proposed cap: poll interval ≤ this fraction of the time the jobs have been running.</summary>
    public double PollFraction { get; private set; } = 0.03;

    /// <summary>How many times the module way runs (per waiter): its ratio depends on where a job's end falls in the poll cycle.</summary>
    public int Repeat { get; private set; } = 1;

    /// <summary>StarRocks version the simulator imitates.</summary>
    public string Version { get; private set; } = "3.3.9";

    public bool Help { get; private set; }

    /// <summary>Print the module run's statements with arrival offsets and durations.</summary>
    public bool Trace { get; private set; }

    public int TotalPartitions => Databases * Tables * Partitions;

    public const string Usage = """
        StarRocksBackup.Bench: back up databases × tables × partitions on the FE simulator + the real S3 server,
        once the module's way (Core: one BACKUP per database, one SHOW BACKUP per poll) and once the naive way
        (one BACKUP per partition, sequential, SHOW BACKUP FROM db until it ends), and print wall ÷ ideal and
        the statements each sent. Needs S3_ENDPOINT S3_ACCESS_KEY S3_SECRET_KEY S3_BUCKET (set -a; . /tmp/s3.env; set +a).

          --databases N      databases (default 10)
          --tables N         tables per database (default 20)
          --partitions N     range partitions per table (default 20)
          --buckets N        tablets per partition (default 1)
          --phase-ms N       duration of each of a backup job's 6 states in the simulator (default 1000)
          --naive-sample N   partitions the naive way really backs up, strided over all, then extrapolated
                             linearly to every partition (default 12; 0 = skip the naive way)
          --naive-poll-ms N  the naive script's sleep between polls (default 500, Core's first poll interval)
          --throttle N       Core's MaxParallelDatabases (default: the number of databases)
          --min-poll-ms N    Core's WaitOptions.MinPollInterval (default: Core's, 500)
          --max-poll-ms N    Core's WaitOptions.MaxPollInterval (default: Core's, 15000)
          --trace            print every statement of the module run (offset, duration) to stderr
          --waiter W         core (default): Core's JobService.WaitAsync as it is; proposed: the poll cap recommended
                             for Core (interval ≤ fraction × time the jobs have run), emulated in the bench; both
          --poll-fraction F  the proposed cap's fraction (default 0.03)
          --repeat N         run the module way N times per waiter and summarise its ratios (default 1)
          --version V        StarRocks version the simulator imitates (default 3.3.9; 3.0+ lists every database in SHOW BACKUP)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help" or "-?")
            {
                o.Help = true;
                continue;
            }

            if (name == "--trace")
            {
                o.Trace = true;
                continue;
            }

            if (i + 1 >= args.Count) throw new ArgumentException($"Option '{name}' needs a value.");
            string value = args[++i];
            switch (name)
            {
                case "--databases": o.Databases = Int(name, value, 1, 1000); break;
                case "--tables": o.Tables = Int(name, value, 1, 1000); break;
                case "--partitions": o.Partitions = Int(name, value, 1, 1000); break;
                case "--buckets": o.Buckets = Int(name, value, 1, 64); break;
                case "--phase-ms": o.PhaseMs = Int(name, value, 1, 600_000); break;
                case "--naive-sample": o.NaiveSample = Int(name, value, 0, 1_000_000); break;
                case "--naive-poll-ms": o.NaivePollMs = Int(name, value, 1, 600_000); break;
                case "--throttle": o.Throttle = Int(name, value, 0, 1000); break;
                case "--min-poll-ms": o.MinPollMs = Int(name, value, 1, 600_000); break;
                case "--max-poll-ms": o.MaxPollMs = Int(name, value, 1, 600_000); break;
                case "--version": o.Version = value; break;
                case "--repeat": o.Repeat = Int(name, value, 1, 100); break;
                case "--waiter":
                    o.Waiter = value is "core" or "proposed" or "both" ? value : throw new ArgumentException($"--waiter takes core, proposed or both, not '{value}'.");
                    break;
                case "--poll-fraction":
                    o.PollFraction = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f > 0 && f <= 1
                        ? f
                        : throw new ArgumentException($"--poll-fraction takes a number above 0 and at most 1, not '{value}'.");
                    break;
                default: throw new ArgumentException($"Unknown option '{name}'. Use --help.");
            }
        }

        if (o.MinPollMs.HasValue && o.MaxPollMs.HasValue && o.MaxPollMs < o.MinPollMs)
        {
            throw new ArgumentException("--max-poll-ms must not be below --min-poll-ms.");
        }

        o.NaiveSample = Math.Min(o.NaiveSample, o.TotalPartitions);
        return o;
    }

    private static int Int(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
        {
            throw new ArgumentException($"Option '{name}' needs a whole number from {min} to {max}, not '{value}'.");
        }

        return n;
    }
}
