using System.Diagnostics;
using System.Globalization;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Policy;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Simulator;

// The benchmark of issue 8 (see bench/README.md, "Incremental backups"): prints times, ratios and round trips.
//   plan:   change detection over tables x partitions in one database (default 500 x 200 = 100,000), against a catalog
//           whose last manifest holds every partition; target <= 1 s and one partitions_meta query per database.
//   policy: a policy run over N databases (default 100): wall / ideal, ideal = the longest database's job time
//           (FinishedTime - CreateTime read from the simulator's engine); target <= 1.02.
//           --sizes mixed: databases of different sizes (the last by name the biggest), uploads at a rate that makes the
//           biggest job last --big-job-s longer; with --parallelism below --databases it shows the slots' order.
//           --rtt-ms N: every reply of the simulator waits N ms (a client far from its FE); --send-ahead N: BACKUP statements
//           the run keeps at the server at once (default: the module's).
if (args.Length == 6 && args[0] == "--child-plan")
{
    return await FreshProcessPlan.RunChildAsync(args);   // see FreshProcessPlan: one plan in a new process
}

ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
ThreadPool.SetMinThreads(Math.Max(minWorkers, 128), Math.Max(minIo, 128));
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var opt = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--scenario"] = "both", ["--tables"] = "500", ["--partitions"] = "200", ["--changed"] = "50", ["--repeat"] = "5", ["--after-backup"] = "3", ["--fresh-process"] = "3", ["--fresh-pwsh"] = "0", ["--pwsh-cases"] = "", ["--pwsh"] = "pwsh",
    ["--databases"] = "100", ["--phase-ms"] = "1000", ["--parallelism"] = "0", ["--sizes"] = "equal", ["--big-job-s"] = "20", ["--rtt-ms"] = "0", ["--send-ahead"] = "0",
};
for (int i = 0; i < args.Length; i++)
{
    if (args[i] is "--help" or "-h")
    {
        Console.WriteLine("options: " + string.Join(" ", opt.Select(kv => $"{kv.Key} {kv.Value}")) + "   (--parallelism 0 = number of databases)");
        return 0;
    }

    if (!opt.ContainsKey(args[i]) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"unknown option or missing value: {args[i]} (see --help)");
        return 2;
    }

    opt[args[i]] = args[++i];
}

int Int(string k) => int.Parse(opt[k], CultureInfo.InvariantCulture);
string? Env(string n) => Environment.GetEnvironmentVariable(n) is { Length: > 0 } v ? v : null;
if (Env("S3_ENDPOINT") is null || Env("S3_ACCESS_KEY") is null || Env("S3_SECRET_KEY") is null || Env("S3_BUCKET") is null)
{
    Console.Error.WriteLine("S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET must be set (tests/tools/s3-server.sh start).");
    return 2;
}

var bench = new BenchSetup(Env("S3_ENDPOINT")!, Env("S3_ACCESS_KEY")!, Env("S3_SECRET_KEY")!, Env("S3_BUCKET")!, Env("S3_REGION") ?? "us-east-1");
int exit = 0;

if (opt["--scenario"] is "plan" or "both")
{
    exit |= await PlanScenario(Int("--tables"), Int("--partitions"), Int("--changed"), Int("--repeat"), Int("--after-backup"), Int("--fresh-process"), Int("--fresh-pwsh"));
}

if (opt["--scenario"] is "policy" or "both")
{
    exit |= await PolicyScenario(Int("--databases"), Int("--phase-ms"), Int("--parallelism"), opt["--sizes"], Int("--big-job-s"));
}

await bench.CleanUpAsync();

return exit;

async Task<int> PlanScenario(int tables, int partitions, int changed, int repeat, int afterBackup, int freshProcess, int freshPwsh)
{
    Console.WriteLine($"== plan: 1 database, {tables} tables x {partitions} partitions = {tables * partitions:N0} partitions, {changed} changed ==");
    var (sim, client) = await bench.StartAsync(50);
    await using var _ = sim;
    using var __ = client;
    using var store = new S3ObjectStore(bench.StoreOptions);
    var setup = Stopwatch.StartNew();
    await BenchSetup.ExecAsync(client, "CREATE DATABASE bench_plan");
    string parts = string.Join(", ", Enumerable.Range(0, partitions).Select(p => $"PARTITION p{p} VALUES LESS THAN (\"{p + 1}\")"));
    for (int t = 0; t < tables; t++)
    {
        await BenchSetup.ExecAsync(client, $"CREATE TABLE bench_plan.t{t} (k INT, v INT) DUPLICATE KEY(k) PARTITION BY RANGE(k) ({parts}) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
    }

    BackupCatalog catalog = await bench.RepositoryAsync(client, store, "plan_repo");
    IReadOnlyList<Partition> all = await client.Catalog.ListPartitionsAsync("bench_plan");
    var entries = all.Select(ChangeDetector.ToManifest).ToList();
    var now = DateTimeOffset.UtcNow;
    await catalog.RecordAsync(new BackupManifest
    {
        Label = "bench_plan_full", BackupTimestamp = now.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss-fff"), Database = "bench_plan",
        Kind = BackupManifest.KindFull, CreatedAt = now, FinishedAt = now, Partitions = entries, Inventory = entries,
    });
    var rnd = new Random(8);
    async Task TouchAsync()
    {
        var touched = new HashSet<(int, int)>();
        while (touched.Count < changed)
        {
            touched.Add((rnd.Next(tables), rnd.Next(partitions)));
        }

        foreach ((int t, int p) in touched)
        {
            await BenchSetup.ExecAsync(client, $"INSERT INTO bench_plan.t{t} VALUES ({p}, 1)");
        }
    }

    await TouchAsync();

    Console.WriteLine($"setup {setup.Elapsed.TotalSeconds:F1} s (not measured); manifest of {entries.Count:N0} partitions (+ inventory) in the catalog");
    var policy = PolicyLoader.Parse("repository: plan_repo\nsets:\n  - databases: [bench_plan]\n", "bench.yaml");
    var rows = new List<(double Total, double Cpu, string Load, string Gc, string PartsAlloc, double Sql, double Server, double Digest, double Compare, int Statements, int PartitionsMeta, int Found)>();
    // Collections by generation, the GC's pause time and the bytes allocated during one plan (the whole process: the
    // simulator's answer included).
    (int, int, int, TimeSpan, long) GcMark() => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
    string GcSince((int G0, int G1, int G2, TimeSpan Pause, long Bytes) m) =>
        $"GC {GC.CollectionCount(0) - m.G0}/{GC.CollectionCount(1) - m.G1}/{GC.CollectionCount(2) - m.G2} (gen0/1/2), paused {(GC.GetTotalPauseDuration() - m.Pause).TotalMilliseconds:F0} ms, allocated {(GC.GetTotalAllocatedBytes() - m.Bytes) / 1048576.0:F0} MB";
    var proc = Process.GetCurrentProcess();

    // Run 1 is cold: the process's first plan (JIT of every path, the first S3 request, the connection pool's first
    // connection) and the catalog's digest does not exist yet, so it is built from the 22 MB manifest and written.
    // Runs 2.. are what a nightly run pays once the digest exists, except that JIT is paid once per process (the
    // cold run shows that). Every run uses a fresh PolicyRunner; nothing is carried between runs but the digest object
    // in storage (derived data a real second run also reads) and the process's JIT.
    for (int r = 0; r < repeat + 1; r++)
    {
        string load = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        var runner = new PolicyRunner(client, catalog, policy);
        int before = sim.QueryLog.Count;
        proc.Refresh();
        TimeSpan cpu0 = proc.TotalProcessorTime;
        var gc0 = GcMark();
        var sw = Stopwatch.StartNew();
        IReadOnlyList<DatabasePolicyPlan> plan = await runner.PlanAsync();
        double total = sw.Elapsed.TotalMilliseconds;
        string gc = GcSince(gc0);
        proc.Refresh();
        double cpu = (proc.TotalProcessorTime - cpu0).TotalMilliseconds;
        var statements = sim.QueryLog.Entries.Skip(before).Select(e => e.Statement).ToList();

        // The same work in parts, one after the other (in the plan the digest is read while the query runs).
        int mark = sim.QueryLog.Count;
        long bytes0 = GC.GetTotalAllocatedBytes();
        sw.Restart();
        IReadOnlyList<Partition> current = await client.Catalog.ListPartitionsAsync("bench_plan", null, includeTemporary: false);
        double sql = sw.Elapsed.TotalMilliseconds;
        long bytes1 = GC.GetTotalAllocatedBytes();
        double server = sim.QueryLog.Entries.Skip(mark).Where(e => e.Statement.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase)).Sum(e => e.Duration.TotalMilliseconds);
        sw.Restart();
        CatalogDigest digest = await catalog.DigestAsync("bench_plan");
        double read = sw.Elapsed.TotalMilliseconds;
        long bytes2 = GC.GetTotalAllocatedBytes();
        sw.Restart();
        DatabaseChanges changes = ChangeDetector.Detect("bench_plan", current, digest);
        double compare = sw.Elapsed.TotalMilliseconds;
        string partsAlloc = $"allocated by the parts: query+parse {(bytes1 - bytes0) / 1048576.0:F0} MB, digest {(bytes2 - bytes1) / 1048576.0:F0} MB, compare {(GC.GetTotalAllocatedBytes() - bytes2) / 1048576.0:F1} MB";
        rows.Add((total, cpu, load, gc, partsAlloc, sql, server, read, compare, statements.Count, statements.Count(s => s.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase)), plan[0].ToBackUp.Count));
        if (changes.ToBackUp.Count() != changed || plan[0].ToBackUp.Count != changed)
        {
            Console.Error.WriteLine($"detection found {plan[0].ToBackUp.Count} changed partitions, expected {changed}");
            return 1;
        }
    }

    Console.WriteLine("parts, measured again one after the other: query+parse = ListPartitionsAsync (of which the simulator computing and encoding its answer), " +
                      "digest = BackupCatalog.DigestAsync (list + read the index object; run 1 builds it from the manifest and writes it), compare = ChangeDetector.Detect");
    foreach (var (x, i) in rows.Select((x, i) => (x, i)))
    {
        Console.WriteLine($"run {i + 1}{(i == 0 ? " (cold)" : string.Empty)}: plan {x.Total:F0} ms, process CPU {x.Cpu:F0} ms, load {x.Load}, {x.Gc}  (parts: query+parse {x.Sql:F0} ms of which the simulator {x.Server:F0} ms, digest {x.Digest:F0} ms, compare {x.Compare:F0} ms; {x.PartsAlloc}); " +
                          $"statements {x.Statements} (partitions_meta {x.PartitionsMeta}); changed found {x.Found}");
    }

    // The nightly case: the previous run backed up what changed and recorded its manifest (its partitions, and an
    // inventory of all 100,000), then new loads came. The plan finds the manifest its digest does not cover, reads it
    // (~11 MB), extends the digest and writes it back, then compares. Measured per round with a fresh runner.
    int recorded = 0;
    async Task BackedUpThenLoadedAsync()
    {
        DatabasePolicyPlan last = (await new PolicyRunner(client, catalog, policy).PlanAsync())[0];
        var done = DateTimeOffset.UtcNow.AddSeconds(++recorded);
        await catalog.RecordAsync(new BackupManifest
        {
            Label = $"bench_plan_incr{recorded}", BackupTimestamp = done.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss-fff"), Database = "bench_plan",
            Kind = BackupManifest.KindIncremental, CreatedAt = done, FinishedAt = done,
            Partitions = last.ToBackUp.Select(c => ChangeDetector.ToManifest(c.Current)).ToList(),
            Inventory = last.Changes.Partitions.Select(ChangeDetector.ToManifest).ToList(),
        });
        await TouchAsync();
    }

    var nightly = new List<(double Total, double Cpu, string Load, int Found)>();
    for (int round = 0; round < afterBackup; round++)
    {
        await BackedUpThenLoadedAsync();
        string load = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        proc.Refresh();
        TimeSpan cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        IReadOnlyList<DatabasePolicyPlan> plan = await new PolicyRunner(client, catalog, policy).PlanAsync();
        double total = sw.Elapsed.TotalMilliseconds;
        proc.Refresh();
        nightly.Add((total, (proc.TotalProcessorTime - cpu0).TotalMilliseconds, load, plan[0].ToBackUp.Count));
        if (plan[0].ToBackUp.Count != changed)
        {
            Console.Error.WriteLine($"after a recorded backup, detection found {plan[0].ToBackUp.Count} changed partitions, expected {changed}");
            return 1;
        }
    }

    foreach (var (x, i) in nightly.Select((x, i) => (x, i)))
    {
        Console.WriteLine($"after backup {i + 1} (one new manifest of {changed} partitions + an inventory of {all.Count:N0} to read, the digest rewritten): plan {x.Total:F0} ms, process CPU {x.Cpu:F0} ms, load {x.Load}; changed found {x.Found}");
    }

    // The same nightly case in a new process each time (FreshProcessPlan): what a scheduled pwsh run pays, JIT included.
    var fresh = new List<(double Connect, double Plan, string Load)>();
    for (int round = 0; round < freshProcess; round++)
    {
        await BackedUpThenLoadedAsync();
        string load = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        (double connect, double planMs, int found) = await FreshProcessPlan.RunAsync(client.Options.Host, client.Options.Port, bench.LocationOf("plan_repo"), "plan_repo", "bench_plan");
        Console.WriteLine($"fresh process {round + 1} (a new process; one new manifest to read, the digest rewritten): connect + open {connect:F0} ms, plan {planMs:F0} ms, load {load}; changed found {found}");
        if (found != changed)
        {
            Console.Error.WriteLine($"in a fresh process, detection found {found} changed partitions, expected {changed}");
            return 1;
        }

        fresh.Add((connect, planMs, load));
    }

    // The same again in a new pwsh importing the assembled module, per case (portable, ReadyToRun …), rounds interleaved.
    var pwsh = await FreshPwshPlan.RunCasesAsync(freshPwsh, opt["--pwsh-cases"], opt["--pwsh"], BackedUpThenLoadedAsync, client.Options.Port, bench.Endpoint, bench.Region, changed);
    if (pwsh is null)
    {
        return 1;
    }

    var warm = rows.Skip(1).Select(x => x.Total).OrderBy(x => x).ToList();
    double median = warm.Count == 0 ? rows[0].Total : warm[warm.Count / 2];
    Console.WriteLine($"RESULT plan: cold first run {rows[0].Total / 1000:F2} s; after it median {median / 1000:F2} s over {warm.Count} runs (min {warm.FirstOrDefault() / 1000:F2}, max {warm.LastOrDefault() / 1000:F2}) " +
                      $"over {all.Count:N0} partitions (target <= 1 s: {(median <= 1000 ? "met" : "NOT met")}); partitions_meta queries per database: {rows[0].PartitionsMeta} (target 1); " +
                      $"exactly the {changed} changed partitions found in every run");
    if (nightly.Count > 0)
    {
        var n = nightly.Select(x => x.Total).OrderBy(x => x).ToList();
        Console.WriteLine($"RESULT plan after a recorded backup (digest extended by one manifest and rewritten): median {n[n.Count / 2] / 1000:F2} s over {n.Count} runs (min {n[0] / 1000:F2}, max {n[^1] / 1000:F2})");
    }

    if (fresh.Count > 0)
    {
        var f = fresh.Select(x => x.Plan).OrderBy(x => x).ToList();
        Console.WriteLine($"RESULT plan in a fresh process after a recorded backup (the nightly run, JIT included; connect + open not counted): median {f[f.Count / 2] / 1000:F2} s over {f.Count} runs (min {f[0] / 1000:F2}, max {f[^1] / 1000:F2})");
    }

    foreach (string line in pwsh)
    {
        Console.WriteLine(line);
    }

    return 0;
}

async Task<int> PolicyScenario(int databases, int phaseMs, int parallelism, string sizes, int bigJobSeconds)
{
    if (parallelism <= 0)
    {
        parallelism = databases;
    }

    bool mixed = sizes == "mixed";
    Console.WriteLine($"== policy: {databases} databases (1 table x 2 partitions each, {(mixed ? "mixed sizes, the last by name the biggest" : "equal sizes")}), parallelism {parallelism}, phase {phaseMs} ms ==");
    var (sim, client) = await bench.StartAsync(phaseMs, Int("--rtt-ms"));
    if (Int("--rtt-ms") > 0)
    {
        Console.WriteLine($"network: every reply waits {Int("--rtt-ms")} ms (a client {Int("--rtt-ms")} ms of round trip from its FE)");
    }

    await using var _ = sim;
    using var __ = client;
    using var store = new S3ObjectStore(bench.StoreOptions);
    var names = Enumerable.Range(0, databases).Select(i => $"bench_pol_{i:D3}").ToList();
    // Mixed: 2-98 rows spread over the databases, the last by name 10 times the largest of the others (a name-order
    // scheduler starts it last).
    int Rows(int i) => !mixed ? 2 : i == databases - 1 ? 980 : 2 + (i * 7919 % 97);
    for (int i = 0; i < names.Count; i++)
    {
        string db = names[i];
        await BenchSetup.ExecAsync(client, $"CREATE DATABASE {db}");
        await BenchSetup.ExecAsync(client, $"CREATE TABLE {db}.t (k INT, v INT) DUPLICATE KEY(k) PARTITION BY RANGE(k) (PARTITION p0 VALUES LESS THAN (\"10\"), PARTITION p1 VALUES LESS THAN (\"20\")) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        await BenchSetup.ExecAsync(client, $"INSERT INTO {db}.t VALUES " + string.Join(", ", Enumerable.Range(0, Rows(i)).Select(r => $"({(r % 2 == 0 ? 1 : 11)}, {r})")));
    }

    if (mixed)
    {
        long biggest = (await client.Catalog.ListPartitionsAsync(names[^1])).Sum(p => p.DataSizeBytes ?? 0);
        sim.Engine.Context.Options.BackupUploadBytesPerSecond = Math.Max(1, biggest / Math.Max(1, bigJobSeconds));
        Console.WriteLine($"upload rate {sim.Engine.Context.Options.BackupUploadBytesPerSecond:N0} B/s: the biggest database ({biggest:N0} bytes) uploads for {bigJobSeconds} s, the others for 0.1-{bigJobSeconds / 10.0:F1} s");
    }

    BackupCatalog catalog = await bench.RepositoryAsync(client, store, "policy_repo");
    // The floor first (its own, equally empty repository, so both runs' submissions list a repository of the same size):
    // what a client that only sends the BACKUPs and notices their end instantly gets from this server for the same jobs.
    // (Only where every database has a slot: the floor runs every job at once.)
    (double floorWall, double floorIdeal, double floorLastCreated) = (double.NaN, double.NaN, double.NaN);
    if (parallelism >= databases)
    {
        await bench.RepositoryAsync(client, store, "floor_repo");
        (floorWall, floorIdeal, floorLastCreated) = await PolicyFloor.RunAsync(sim, names, "floor_repo");
        Console.WriteLine($"floor (every BACKUP sent at once, nothing else done, each end noticed instantly): wall {floorWall / 1000:F2} s, longest job {floorIdeal / 1000:F2} s, " +
                          $"last job created after {floorLastCreated / 1000:F2} s; floor / longest job = {floorWall / floorIdeal:F3} (the best ratio any client can reach here)");
    }

    var policy = PolicyLoader.Parse($"repository: policy_repo\nparallelism: {parallelism}\nsets:\n  - databases: ['bench_pol_*']\n", "bench.yaml");
    var runner = new PolicyRunner(client, catalog, policy);
    if (Int("--send-ahead") > 0)
    {
        runner.SendAhead = Int("--send-ahead");
    }

    Console.WriteLine($"BACKUP statements at the server at once (with a slot per database): {runner.SendAhead}");

    // Once-per-process costs (JIT, the AWS SDK's first request, the connection pool's first connections) are paid before
    // the clock starts and printed: the ratio is about what the run adds per database, which a long-lived process or a
    // second run also pays.
    var warm = Stopwatch.StartNew();
    await catalog.ListAsync();
    await runner.PlanAsync();
    // The write path too (the SDK's first PUT, the manifest serializer): a pending plan written and removed.
    var probe = new BackupManifest { Database = "warmup", Label = "warmup_probe", Repository = "policy_repo", CreatedAt = DateTimeOffset.UtcNow };
    await catalog.WritePendingAsync(probe);
    await catalog.DeletePendingAsync(probe.Database, probe.Label);
    Console.WriteLine($"warm-up (not in the wall time): {warm.Elapsed.TotalSeconds:F2} s (first S3 GET, LIST and PUT, JIT, one plan of every database)");
    int before = sim.QueryLog.Count;
    long startMs = sim.Engine.Context.Clock.NowMs;
    var sw = Stopwatch.StartNew();
    PolicyRunResult result = await runner.RunAsync();
    double wall = sw.Elapsed.TotalMilliseconds;
    long endMs = sim.Engine.Context.Clock.NowMs;
    if (!result.Succeeded || result.Databases.Count(d => d.Outcome == DatabaseRunOutcome.Succeeded) != databases)
    {
        Console.Error.WriteLine("the policy run did not back up every database: " + result.Headline("policy_repo"));
        return 1;
    }

    double ideal = PolicyReport.Print(sim, names, sim.QueryLog.Entries.Skip(before).ToList(), startMs, endMs, wall);
    if (parallelism < databases)
    {
        ideal = PolicyReport.PrintSlots(sim, names, parallelism, wall, ideal);
    }

    int manifests = (await catalog.ListAsync()).Count;
    Console.WriteLine($"catalog: {manifests} manifest(s)");
    Console.WriteLine($"RESULT policy: wall / ideal = {wall / ideal:F3} over {databases} databases (target <= 1.02: {(wall / ideal <= 1.02 ? "met" : "NOT met")})" +
                      (double.IsNaN(floorWall) ? " (ideal: the slots' bound)" : $"; the floor's own ratio {floorWall / floorIdeal:F3}; module wall / floor wall = {wall / floorWall:F3}"));

    // A second run with nothing changed: every database NothingChanged, no BACKUP.
    sw.Restart();
    int before2 = sim.QueryLog.Count;
    PolicyRunResult again = await runner.RunAsync();
    Console.WriteLine($"RESULT policy, nothing changed: {again.Databases.Count(d => d.Outcome == DatabaseRunOutcome.NothingChanged)}/{databases} NothingChanged in {sw.Elapsed.TotalSeconds:F2} s, " +
                      $"{sim.QueryLog.Entries.Skip(before2).Count(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase))} BACKUP statements");
    return 0;
}
