using System.Globalization;
using StarRocksBackup.Bench;
using StarRocksBackup.Core.Jobs;

// The benchmark of issue 3 (a harness printing ratios, never a timed unit test). See bench/README.md.

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // numbers in the report read the same everywhere

// Issue 9's benchmark runs no simulator: its verification child runs with the thread pool's defaults, as
// Test-SrSnapshot does in pwsh (with the raised minimum below the pool started up to 23 threads instead of 7; the peak
// memory did not differ beyond run-to-run noise, but the measured process should be the one users run).
if (args.Length > 0 && args[0] == "retention")
{
    return await StarRocksBackup.Bench.Retention.RetentionBench.RunAsync(args); // issue 9: deletion and verification
}

if (args.Length > 0 && args[0] == "retention-verify")
{
    return await StarRocksBackup.Bench.Retention.RetentionBench.VerifyChildAsync(args);
}

// The simulator runs in this process and its BACKUP handler blocks pool threads (a SemaphoreSlim.Wait and a
// synchronous S3 LIST under its submission lock). With the default minimum of one pool thread per core, a few
// concurrent BACKUPs starve the pool and each waits for the pool's slow thread injection (~1-2 s on 2 cores),
// which real StarRocks (a thread per connection) never shows. Enough threads up front keep that artefact out.
ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
ThreadPool.SetMinThreads(Math.Max(minWorkers, 64), Math.Max(minIo, 64));

BenchOptions o;
try
{
    o = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (o.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

S3Env s3;
try
{
    s3 = S3Env.FromEnvironment();
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

string tag = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
var total = System.Diagnostics.Stopwatch.StartNew();
void Step(string what) => Console.Error.WriteLine($"[{total.Elapsed:mm\\:ss}] {what}");
Step($"setting up {o.TotalPartitions:N0} partitions on the simulator …");
await using Scenario scenario = await Scenario.CreateAsync(o, s3);
try
{
    Step("warm-up: one partition through Core …");
    await ModuleWay.WarmUpAsync(scenario, tag);
    WaitOptions wait = ModuleWay.WaitOptionsFor(o);
    Console.WriteLine(Report.Header(o, scenario.Prefix, new WaitDefaults(wait.MinPollInterval.TotalMilliseconds, wait.MaxPollInterval.TotalMilliseconds)));
    Console.WriteLine();

    var modules = new List<RunResult>();
    for (int run = 1; run <= o.Repeat; run++)
    {
        // With --waiter both the two waiters alternate, so drift in the S3 server's speed hits both alike.
        foreach (bool proposed in o.Waiter switch { "core" => new[] { false }, "proposed" => new[] { true }, _ => new[] { false, true } })
        {
            Step($"module way ({(proposed ? "proposed poll cap" : "Core's waiter")}{(o.Repeat > 1 ? $", run {run}/{o.Repeat}" : string.Empty)}): one BACKUP per database …");
            RunResult r = await ModuleWay.RunAsync(scenario, o, $"{tag}{(proposed ? "p" : "c")}{run}", proposed);
            modules.Add(o.Repeat > 1 ? r.WithName($"{r.Name} #{run}") : r);
        }
    }

    RunResult? naive = null;
    if (o.NaiveSample > 0)
    {
        Step($"naive way: {o.NaiveSample} partition(s), one BACKUP each, sequential …");
        naive = await NaiveWay.RunAsync(scenario, o, tag);
    }

    var runs = naive == null ? modules : modules.Append(naive).ToList();
    Console.WriteLine(Report.Table(runs));
    Console.WriteLine(Report.Summary(modules));
    Console.WriteLine(Report.Notes(modules, naive, o));
    int objects = (await scenario.ListObjectsAsync()).Count;
    Console.WriteLine($"objects written to S3 under the run's prefix: {objects:N0} (deleted after the run)");
    return 0;
}
finally
{
    Step($"cleaning up s3://{s3.Bucket}/{scenario.Prefix}/ …");
    int deleted = await scenario.CleanUpAsync();
    Step($"deleted {deleted:N0} object(s)");
}
