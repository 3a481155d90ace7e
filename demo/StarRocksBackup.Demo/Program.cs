// The module's daily job on an embedded default: a simulated StarRocks FE (in-process, real MySQL protocol)
// and the local S3 server started by demo/run.sh. Everything after the sample data goes through
// StarRocksBackup.Core, the engine behind the cmdlets: connect → repository → back up every database
// (one BACKUP per database, in parallel) → wait for all → list snapshots → lose a table → restore plan →
// restore → verify. Exit code 0 only when every step did what it should.
using System.Diagnostics;
using MySqlConnector;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Demo;
using StarRocksBackup.Simulator;

string version = "3.3.9";
int phaseMs = 200;
bool verbose = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--version": version = args[++i]; break;
        case "--phase-ms": phaseMs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--verbose": verbose = true; break;
        default:
            Console.Error.WriteLine("usage: demo/run.sh [--version 3.3.9|3.4.5|4.2.0] [--phase-ms 200] [--verbose]");
            return 2;
    }
}

string? endpoint = Environment.GetEnvironmentVariable("S3_ENDPOINT");
string? bucket = Environment.GetEnvironmentVariable("S3_BUCKET");
if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(bucket))
{
    Console.Error.WriteLine("S3_ENDPOINT/S3_BUCKET are not set: run the demo through demo/run.sh, which starts the local S3 server.");
    return 2;
}

var total = Stopwatch.StartNew();
var observer = new ConsoleObserver(verbose);
void Step(string text) => ConsoleObserver.Write(ConsoleColor.Green, $"\n== {text}");
void Fail(string text) => throw new InvalidOperationException(text);

await using StarRocksSimulator sim = await StarRocksSimulator.StartAsync(new SimulatorOptions
{
    Version = version,
    AliveBackends = 1,
    BackupPhaseDuration = TimeSpan.FromMilliseconds(phaseMs),
    RestorePhaseDuration = TimeSpan.FromMilliseconds(phaseMs),
});
Step($"StarRocks {version} FE simulator on {sim.Host}:{sim.Port}; object storage {endpoint} bucket {bucket}");

// Sample data, as a DBA's own SQL would create it (not part of the module).
var expectedRows = new Dictionary<string, long>();
await using (var setup = new MySqlConnection(sim.ConnectionString()))
{
    await setup.OpenAsync();
    foreach (string db in new[] { "sales", "crm", "web" })
    {
        await Exec(setup, $"CREATE DATABASE {db}");
        await Exec(setup, $"CREATE TABLE {db}.events (id BIGINT, day DATE, note VARCHAR(64)) DUPLICATE KEY(id) " +
            "PARTITION BY RANGE(day) (PARTITION p202609 VALUES LESS THAN (\"2026-10-01\"), PARTITION p202610 VALUES LESS THAN (\"2026-11-01\"), " +
            "PARTITION p202611 VALUES LESS THAN (\"2026-12-01\")) DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES (\"replication_num\" = \"1\")");
        await Exec(setup, $"CREATE TABLE {db}.customers (id BIGINT, name VARCHAR(64)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        for (int m = 9; m <= 11; m++)
        {
            var values = Enumerable.Range(1, 20).Select(n => $"({m * 100 + n}, '2026-{m:00}-{(n % 28) + 1:00}', '{db} event {n}')");
            await Exec(setup, $"INSERT INTO {db}.events VALUES {string.Join(", ", values)}");
        }

        await Exec(setup, $"INSERT INTO {db}.customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");
        expectedRows[$"{db}.events"] = 60;
        expectedRows[$"{db}.customers"] = 3;
    }
}

Console.WriteLine("  3 databases (sales, crm, web), each with a partitioned table and a plain one");

// From here on: the module's engine.
Step("Connect-SrServer");
using StarRocksClient client = await StarRocksClient.ConnectAsync(new ConnectionOptions { Host = sim.Host, Port = sim.Port, User = "root" }, observer);
Console.WriteLine($"  {client.Server}");

Step("New-SrRepository (secret key masked everywhere)");
string prefix = $"demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..40];
var spec = RepositorySpec.S3("demo_repo", $"s3://{bucket}/{prefix}",
    Environment.GetEnvironmentVariable("S3_ACCESS_KEY"), new Secret(Environment.GetEnvironmentVariable("S3_SECRET_KEY")),
    endpoint, Environment.GetEnvironmentVariable("S3_REGION") ?? "us-east-1");
Console.WriteLine($"  {client.Repositories.DescribeCreate(spec)}");
Repository repo = await client.Repositories.CreateAsync(spec, observer);
Console.WriteLine($"  created {repo.Name} at {repo.Location}");

Step("Start-SrBackup: every database, one BACKUP per database, in parallel");
var request = new BackupRequest { Repository = repo.Name };
foreach (Database db in await client.Catalog.ListDatabasesAsync(observer))
{
    // Every user database; information_schema and _statistics_ are the FE's own (Get-SrDatabase hides them too).
    if (!db.IsSystem) request.Add(db.Name);
}

BackupPlan plan = client.Backups.Plan(request);
Console.WriteLine("  " + plan.Describe().Replace(Environment.NewLine, Environment.NewLine + "  ", StringComparison.Ordinal));
int sentBefore = sim.QueryLog.Count;
var started = await client.Backups.StartAsync(plan, new BackupStartOptions { MaxParallelDatabases = 3 }, observer);
foreach (DatabaseBackupResult r in started.Where(r => !r.Succeeded)) Fail($"backup of {r.Plan.Database} did not start: {r.Error?.Message}");

Step("Wait-SrJob: all jobs at once, one SHOW BACKUP per poll");
var wait = new WaitOptions { MinPollInterval = TimeSpan.FromMilliseconds(100), MaxPollInterval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(5) };
var results = await client.Jobs.WaitAsync(started.Select(r => (JobInfo)r.Job!), wait, observer);
foreach (JobWaitResult r in results)
{
    Console.WriteLine($"  {r.Job.Database,-6} {r.Job.Label,-28} {r.Outcome}");
    if (!r.Succeeded) Fail($"backup of {r.Job.Database} failed: {r.Error?.Message}");
}

int showBackups = sim.QueryLog.Entries.Skip(sentBefore).Count(e => e.Statement.StartsWith("SHOW BACKUP", StringComparison.OrdinalIgnoreCase));
Console.WriteLine($"  {results.Count} jobs finished; {showBackups} SHOW BACKUP statements in all");

Step("Get-SrSnapshot");
foreach (Snapshot s in await client.Snapshots.ListAsync(repo.Name, observer: observer))
{
    Console.WriteLine($"  {s.Name,-28} {string.Join(", ", s.Timestamps.Select(t => t.Text))}");
}

Step("Disaster: DROP TABLE sales.events");
await using (var dba = new MySqlConnection(sim.ConnectionString()))
{
    await dba.OpenAsync();
    await Exec(dba, "DROP TABLE sales.events");
}

string salesLabel = started.Single(r => r.Plan.Database == "sales").Plan.Label;
Step($"Restore-SrSnapshot -WhatIf: the preflight plan for {salesLabel}");
var restoreRequest = new RestoreRequest { Repository = repo.Name, Snapshot = salesLabel, SourceDatabase = "sales", TargetDatabase = "sales" };
restoreRequest.Tables.Add(new RestoreTableRequest("events"));
RestorePlan restorePlan = await client.Restores.PlanAsync(restoreRequest, observer);
Console.WriteLine("  " + restorePlan.Describe().Replace("\n", "\n  ", StringComparison.Ordinal));

Step("Restore-SrSnapshot -Confirm:$false | Wait-SrJob");
RestoreJob restore = await client.Restores.StartAsync(restorePlan, observer);
JobInfo restored = await client.Jobs.WaitOneAsync(restore, wait, observer);
Console.WriteLine($"  {restored}");

Step("Overwrite guard: restoring crm.customers over the live table without consent");
var guarded = new RestoreRequest { Repository = repo.Name, Snapshot = started.Single(r => r.Plan.Database == "crm").Plan.Label, SourceDatabase = "crm", TargetDatabase = "crm" };
guarded.Tables.Add(new RestoreTableRequest("customers"));
try
{
    await client.Restores.PlanAsync(guarded, observer);
    Fail("an overwrite without consent was planned");
}
catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.OverwriteRefused)
{
    Console.WriteLine($"  refused, as it should be: {ex.Message}");
}

Step("Verify rows");
await using (var check = new MySqlConnection(sim.ConnectionString()))
{
    await check.OpenAsync();
    foreach ((string table, long rows) in expectedRows)
    {
        long actual = Convert.ToInt64(await new MySqlCommand($"SELECT COUNT(*) FROM {table}", check).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"  {table,-16} {actual,4} rows {(actual == rows ? "ok" : $"EXPECTED {rows}")}");
        if (actual != rows) Fail($"{table} has {actual} rows, expected {rows}");
    }
}

Step($"Done in {total.Elapsed.TotalSeconds:F1} s; the FE received {sim.QueryLog.Count} statements. Snapshots are in s3://{bucket}/{prefix}/");
return 0;

static async Task Exec(MySqlConnection connection, string sql)
{
    await using var command = new MySqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}
