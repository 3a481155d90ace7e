using StarRocksBackup.Core;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Policy;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests.Storage;
using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Tests.History;

/// <summary>Policy runs end to end: the FE simulator over TCP, the catalog on the real S3 server.</summary>
public partial class PolicyRunSimTests
{
    private sealed class Env : IAsyncDisposable
    {
        public required Sim Sim { get; init; }
        public required S3ObjectStore Store { get; init; }
        public required BackupCatalog Catalog { get; init; }
        public required string Repo { get; init; }

        public PolicyRunner Runner(string yaml) =>
            new(Sim.Client, Catalog, PolicyLoader.Parse($"repository: {Repo}\n" + yaml, "test.yaml")) { Wait = Sim.FastWait };

        public async ValueTask DisposeAsync()
        {
            Store.Dispose();
            await Sim.DisposeAsync();
        }
    }

    private static async Task<Env> StartAsync(string tag, params string[] databases)
    {
        Sim sim = await Sim.StartAsync();
        RepositorySpec spec = Sim.S3Repo("repo_" + tag.Replace("-", "_"), tag);
        await sim.Client.Repositories.CreateAsync(spec);
        foreach (string db in databases)
        {
            await sim.ExecAsync($"CREATE DATABASE {db}");
            await sim.ExecAsync($"CREATE TABLE {db}.events (id BIGINT, dt DATE) DUPLICATE KEY(id) PARTITION BY RANGE(dt) (" +
                                "PARTITION p2024 VALUES LESS THAN (\"2025-01-01\"), PARTITION p2099 VALUES LESS THAN (\"2100-01-01\"), PARTITION p2199 VALUES LESS THAN (\"2200-01-01\")) " +
                                "DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
            await sim.ExecAsync($"CREATE TABLE {db}.dim (k INT, name VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
            await sim.ExecAsync($"INSERT INTO {db}.events VALUES (1, '2024-05-01'), (2, '2099-05-01')");
            await sim.ExecAsync($"INSERT INTO {db}.dim VALUES (1, 'one')");
        }

        S3Settings s3 = TestEnvironment.RequireS3();
        var store = S3TestStore.Create(s3);
        var catalog = new BackupCatalog(new RepositoryStorage(store, S3Location.Parse(spec.Location), spec.Name));
        return new Env { Sim = sim, Store = store, Catalog = catalog, Repo = spec.Name };
    }

    private const string Sets = "sets:\n  - name: all\n    databases: ['db*']\n    lateDataDays: 30\n";

    private static IEnumerable<string> Backed(DatabaseRunSummary s) =>
        s.Changes.Where(c => c.NeedsBackup).Select(c => $"{c.Current.Table}.{c.Current.Name}:{c.Reason}").OrderBy(x => x, StringComparer.Ordinal);

    [S3Fact]
    public async Task Exactly_the_changed_partitions_are_backed_up_then_nothing_and_late_data_is_ignored()
    {
        await using Env env = await StartAsync("pol-basic", "db1", "db2");
        PolicyRunResult first = await env.Runner(Sets).RunAsync();
        Assert.True(first.Succeeded);
        Assert.All(first.Databases, d => Assert.Equal((DatabaseRunOutcome.Succeeded, "full"), (d.Outcome, d.Kind)));
        Assert.Equal(4, first.Databases[0].PartitionCount);

        // Insert into db1's p2099 only (and late data into p2024: older than 30 days, already backed up).
        await env.Sim.ExecAsync("INSERT INTO db1.events VALUES (3, '2099-06-01'), (4, '2024-06-01')");
        PolicyRunResult second = await env.Runner(Sets).RunAsync();
        Assert.True(second.Succeeded);
        DatabaseRunSummary db1 = second.Databases.Single(d => d.Database == "db1");
        Assert.Equal((DatabaseRunOutcome.Succeeded, "incremental"), (db1.Outcome, db1.Kind));
        Assert.Equal(new[] { "events.p2099:Changed" }, Backed(db1));
        Assert.Equal("p2024", Assert.Single(db1.Changes, c => c.Reason == PartitionChangeReason.LateDataIgnored).Current.Name);
        Assert.Matches(@"PARTITION \(`?p2099`?\)", db1.Statement);
        Assert.DoesNotContain("p2024", db1.Statement);
        Assert.Equal(DatabaseRunOutcome.NothingChanged, second.Databases.Single(d => d.Database == "db2").Outcome);

        // The catalog answers which snapshot holds what.
        IReadOnlyList<BackupManifest> m = await env.Catalog.ListAsync("db1");
        Assert.Equal(2, m.Count);
        Assert.Equal(db1.Label, BackupCatalog.FindHolder(m, "events", "p2099")!.Manifest.Label);
        Assert.Equal(first.Databases[0].Label, BackupCatalog.FindHolder(m, "events", "p2024")!.Manifest.Label);
        Assert.Equal(first.Databases[0].Label, BackupCatalog.FindHolder(m, "events", "p2099", m[0].FinishedAt)!.Manifest.Label);

        // Nothing changed since: a success with no backup (late data still reported, never backed up).
        int backupsBefore = env.Sim.Simulator.QueryLog.Entries.Count(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase));
        PolicyRunResult third = await env.Runner(Sets).RunAsync();
        Assert.True(third.Succeeded);
        Assert.Equal(DatabaseRunOutcome.NothingChanged, third.Databases.Single(d => d.Database == "db2").Outcome);
        Assert.Equal(DatabaseRunOutcome.NothingChanged, third.Databases.Single(d => d.Database == "db1").Outcome);
        Assert.Equal(backupsBefore, env.Sim.Simulator.QueryLog.Entries.Count(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase)));

        // includeLateData: the old partition is backed up after all.
        PolicyRunResult late = await env.Runner(Sets + "    includeLateData: true\n").RunAsync();
        Assert.Equal(new[] { "events.p2024:Changed" }, Backed(late.Databases.Single(d => d.Database == "db1")));
    }

    [S3Fact]
    public async Task A_load_committing_during_the_backup_is_picked_up_by_the_next_run()
    {
        await using Env env = await StartAsync("pol-during", "db1");
        await env.Runner(Sets).RunAsync();
        await env.Sim.ExecAsync("INSERT INTO db1.events VALUES (5, '2099-07-01')");

        env.Sim.Simulator.Faults.StallJob("db1");
        Task<PolicyRunResult> running = env.Runner(Sets).RunAsync();
        await WaitUntilAsync(() => env.Sim.Simulator.QueryLog.Entries.Any(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase) && e.Statement.Contains("p2099")));
        await env.Sim.ExecAsync("INSERT INTO db1.events VALUES (6, '2099-08-01')");   // commits while the job runs
        env.Sim.Simulator.Faults.ResumeJob("db1");
        PolicyRunResult during = await running;
        Assert.Equal(new[] { "events.p2099:Changed" }, Backed(during.Databases[0]));

        PolicyRunResult next = await env.Runner(Sets).RunAsync();
        Assert.Equal(new[] { "events.p2099:Changed" }, Backed(next.Databases[0]));
        Assert.Equal(DatabaseRunOutcome.Succeeded, next.Databases[0].Outcome);
    }

    [S3Fact]
    public async Task A_failing_database_does_not_stop_the_others_and_fails_the_run()
    {
        await using Env env = await StartAsync("pol-fail", "db1", "db2", "db3");
        env.Sim.Simulator.Faults.FailNextJob("db2", "disk full");
        PolicyRunResult r = await env.Runner(Sets + "parallelism: 2\n").RunAsync();
        Assert.False(r.Succeeded);
        DatabaseRunSummary bad = r.Databases.Single(d => d.Database == "db2");
        Assert.Equal(DatabaseRunOutcome.Failed, bad.Outcome);
        Assert.Contains("disk full", bad.Error);
        Assert.All(r.Databases.Where(d => d.Database != "db2"), d => Assert.Equal(DatabaseRunOutcome.Succeeded, d.Outcome));
        Assert.Contains("FAILED", r.Headline(env.Repo));
        Assert.Contains("db2", r.Headline(env.Repo));
        Assert.Empty(await env.Catalog.ListAsync("db2"));
        Assert.Empty(await env.Catalog.ListPendingAsync());

        // The next run backs db2 up (never backed up) and leaves the others alone.
        PolicyRunResult again = await env.Runner(Sets).RunAsync();
        Assert.True(again.Succeeded);
        Assert.Equal(DatabaseRunOutcome.Succeeded, again.Databases.Single(d => d.Database == "db2").Outcome);
        Assert.Equal(2, again.Databases.Count(d => d.Outcome == DatabaseRunOutcome.NothingChanged));
    }

    [S3Theory]
    [InlineData(2)]   // more databases than slots: each planned alone
    [InlineData(3)]   // a slot each: planned together, and the one statement naming db2 fails too
    public async Task A_database_whose_changes_cannot_be_read_fails_alone_and_the_others_are_backed_up(int parallelism)
    {
        await using Env env = await StartAsync("pol-planfail-" + parallelism, "db1", "db2", "db3");
        env.Sim.Simulator.Faults.FailStatements(
            sql => sql.Contains("db2", StringComparison.Ordinal) && sql.Contains("PARTITION", StringComparison.OrdinalIgnoreCase), "Access denied; you need the SELECT privilege");
        int mark = env.Sim.Simulator.QueryLog.Count;
        PolicyRunResult r = await env.Runner(Sets + $"parallelism: {parallelism}\n").RunAsync();
        List<string> log = env.Sim.Simulator.QueryLog.Entries.Skip(mark).Select(e => e.Statement).ToList();
        if (parallelism == 3)
        {
            // The statement for all three was refused; each database was then read alone.
            Assert.Contains(log, x => x.Contains("DB_NAME IN ('db1', 'db2', 'db3')", StringComparison.Ordinal));
            Assert.All(new[] { "db1", "db2", "db3" }, db => Assert.Contains(log, x => x.Contains($"DB_NAME = '{db}'", StringComparison.Ordinal)));
        }

        Assert.False(r.Succeeded);
        Assert.Equal(new[] { "db1", "db2", "db3" }, r.Databases.Select(d => d.Database));
        DatabaseRunSummary bad = r.Databases[1];
        Assert.Equal(DatabaseRunOutcome.Failed, bad.Outcome);
        Assert.Contains("could not be detected", bad.Error);
        Assert.Contains("SELECT privilege", bad.Error);
        Assert.Empty(bad.Label);
        Assert.All(new[] { r.Databases[0], r.Databases[2] }, d => Assert.Equal(DatabaseRunOutcome.Succeeded, d.Outcome));
        Assert.DoesNotContain(env.Sim.Simulator.QueryLog.Entries, e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase) && e.Statement.Contains("db2", StringComparison.Ordinal));
        Assert.Empty(await env.Catalog.ListPendingAsync());

        env.Sim.Simulator.Faults.ClearStatementFaults();
        PolicyRunResult again = await env.Runner(Sets).RunAsync();
        Assert.True(again.Succeeded);
        Assert.Equal(DatabaseRunOutcome.Succeeded, again.Databases[1].Outcome);
        Assert.Equal(DatabaseRunOutcome.NothingChanged, again.Databases[0].Outcome);
    }

    [Theory]
    [InlineData("2.5.22", 500, 0.03)]
    [InlineData("3.3.9", 200, 0.01)]
    [InlineData("4.2.0", 200, 0.01)]
    public async Task A_run_polls_more_often_where_one_SHOW_BACKUP_covers_every_database(string version, int minPollMs, double fraction)
    {
        await using Sim sim = await Sim.StartAsync(version);
        // The catalog is never touched here: choosing the wait sends nothing to storage.
        using var store = new S3ObjectStore(new ObjectStoreOptions { Endpoint = "http://127.0.0.1:9", Region = "us-east-1", AccessKey = "k", SecretKey = new Secret("s") });
        var catalog = new BackupCatalog(new RepositoryStorage(store, S3Location.Parse("s3://unused/x"), "r"));
        var runner = new PolicyRunner(sim.Client, catalog, PolicyLoader.Parse("repository: r\ntimeoutMinutes: 90\n" + Sets, "test.yaml"));
        WaitOptions wait = runner.WaitFor();
        Assert.Equal(TimeSpan.FromMilliseconds(minPollMs), wait.MinPollInterval);
        Assert.Equal(fraction, wait.MaxPollFraction);
        Assert.Equal(TimeSpan.FromMinutes(90), wait.Timeout);

        runner.Wait = new WaitOptions { MinPollInterval = TimeSpan.FromMilliseconds(20), MaxPollFraction = 0.5 };
        Assert.Equal(TimeSpan.FromMilliseconds(20), runner.WaitFor().MinPollInterval);
        Assert.Equal(0.5, runner.WaitFor().MaxPollFraction);
    }

    [S3Fact]
    public async Task A_run_stopped_between_backup_and_catalog_write_is_recorded_by_the_next_and_nothing_is_backed_up_twice()
    {
        await using Env env = await StartAsync("pol-crash", "db1");
        await env.Runner(Sets).RunAsync();
        await env.Sim.ExecAsync("INSERT INTO db1.events VALUES (7, '2099-09-01')");

        // The run is cancelled after its BACKUP was accepted, while it waits: no manifest is written.
        env.Sim.Simulator.Faults.StallJob("db1");
        using var cts = new CancellationTokenSource();
        Task<PolicyRunResult> running = env.Runner(Sets).RunAsync(cancellationToken: cts.Token);
        await WaitUntilAsync(() => env.Sim.Simulator.QueryLog.Entries.Any(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase) && e.Statement.Contains("p2099")));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        env.Sim.Simulator.Faults.ResumeJob("db1");
        await WaitUntilAsync(async () => (await env.Sim.Client.Jobs.GetBackupJobAsync("db1"))!.IsDone);
        Assert.Single(await env.Catalog.ListAsync("db1"));
        Assert.Single(await env.Catalog.ListPendingAsync());

        int backups = env.Sim.Simulator.QueryLog.Entries.Count(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase));
        PolicyRunResult next = await env.Runner(Sets).RunAsync();
        BackupManifest recovered = Assert.Single(next.Recovered);
        Assert.Equal(("module", "incremental"), (recovered.Source, recovered.Kind));
        Assert.Equal("p2099", Assert.Single(recovered.Partitions).Partition);
        Assert.Equal(DatabaseRunOutcome.NothingChanged, next.Databases[0].Outcome);
        Assert.Equal(backups, env.Sim.Simulator.QueryLog.Entries.Count(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(2, (await env.Catalog.ListAsync("db1")).Count);
        Assert.Empty(await env.Catalog.ListPendingAsync());
    }

    [S3Fact]
    public async Task A_run_cancelled_while_its_databases_are_planned_together_stops_without_sending_anything()
    {
        await using Env env = await StartAsync("pol-plancancel", "db1", "db2", "db3");
        env.Sim.Simulator.Faults.DelayStatements(sql => sql.Contains("DB_NAME IN", StringComparison.Ordinal), TimeSpan.FromSeconds(3));
        using var cts = new CancellationTokenSource();
        Task<PolicyRunResult> running = env.Runner(Sets).RunAsync(cancellationToken: cts.Token);
        await WaitUntilAsync(() => env.Sim.Simulator.QueryLog.Entries.Any(e => e.Statement.Contains("DB_NAME IN", StringComparison.Ordinal)) || running.IsCompleted);
        cts.Cancel();

        // The sender, waiting for the first database planned, stops too: the run ends (no hang) and sent nothing.
        Assert.Same(running, await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(30))));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.DoesNotContain(env.Sim.Simulator.QueryLog.Entries, e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(await env.Catalog.ListPendingAsync());

        env.Sim.Simulator.Faults.ClearStatementFaults();
        PolicyRunResult next = await env.Runner(Sets).RunAsync();
        Assert.True(next.Succeeded, next.Headline(env.Repo));
        Assert.All(next.Databases, d => Assert.Equal(DatabaseRunOutcome.Succeeded, d.Outcome));
    }

    [S3Fact]
    public async Task A_run_cancelled_while_databases_wait_for_a_slot_stops_and_the_next_run_records_the_started_backup()
    {
        await using Env env = await StartAsync("pol-slotcancel", "db1", "db2", "db3");
        await env.Sim.ExecAsync("INSERT INTO db2.events VALUES " + string.Join(", ", Enumerable.Range(10, 30).Select(i => $"({i}, '2099-06-01')")));
        env.Sim.Simulator.Faults.StallJob("db2");
        using var cts = new CancellationTokenSource();
        Task<PolicyRunResult> running = env.Runner(Sets + "parallelism: 1\n").RunAsync(cancellationToken: cts.Token);
        await WaitUntilAsync(() => env.Sim.Simulator.QueryLog.Entries.Any(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase) && e.Statement.Contains("`db2`")));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        // Only the largest database (db2) was started; the two waiting for its slot never sent a BACKUP.
        Assert.Equal(1, env.Sim.Simulator.QueryLog.Entries.Count(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase)));
        env.Sim.Simulator.Faults.ResumeJob("db2");
        await WaitUntilAsync(async () => (await env.Sim.Client.Jobs.GetBackupJobAsync("db2"))!.IsDone);
        PolicyRunResult next = await env.Runner(Sets).RunAsync();
        Assert.True(next.Succeeded, next.Headline(env.Repo));
        Assert.Equal("db2", Assert.Single(next.Recovered).Database);
        Assert.Equal(new[] { DatabaseRunOutcome.Succeeded, DatabaseRunOutcome.NothingChanged, DatabaseRunOutcome.Succeeded }, next.Databases.Select(d => d.Outcome));
        Assert.Empty(await env.Catalog.ListPendingAsync());
    }

    [S3Fact]
    public async Task Two_concurrent_runs_on_one_repository_leave_a_consistent_catalog()
    {
        await using Env env = await StartAsync("pol-conc", "db1", "db2");
        PolicyRunResult[] runs = await Task.WhenAll(env.Runner(Sets).RunAsync(), env.Runner(Sets).RunAsync());

        // StarRocks runs one job per database: the two runs' jobs of a database run one after the other (or the second
        // finds nothing changed). Every finished snapshot has exactly one whole manifest and no plan is left pending.
        IReadOnlyList<BackupManifest> all = await env.Catalog.ListAsync(strict: true);
        int succeeded = runs.Sum(r => r.Databases.Count(d => d.Outcome == DatabaseRunOutcome.Succeeded));
        Assert.Equal(succeeded, all.Count);
        Assert.Equal(all.Count, all.Select(m => m.Label).Distinct().Count());
        Assert.Empty(await env.Catalog.ListPendingAsync());
        CatalogSyncResult sync = await new CatalogSync(env.Catalog).SyncAsync();
        Assert.Empty(sync.Recorded);
        foreach (string db in new[] { "db1", "db2" })
        {
            Assert.NotNull(BackupCatalog.FindHolder(all.Where(m => m.Database == db), "events", "p2099"));
        }

        PolicyRunResult after = await env.Runner(Sets).RunAsync();
        Assert.All(after.Databases, d => Assert.Equal(DatabaseRunOutcome.NothingChanged, d.Outcome));
    }

    [S3Fact]
    public async Task The_databases_cost_one_partitions_meta_statement_together_and_no_busy_check_and_each_is_recorded_as_its_job_ends()
    {
        await using Env env = await StartAsync("pol-pipe", "db1", "db2", "db3");
        env.Sim.Simulator.Faults.StallJob("db3");
        int mark = env.Sim.Simulator.QueryLog.Count;
        Task<PolicyRunResult> running = env.Runner(Sets).RunAsync();

        // db1 and db2 are in the catalog while db3's job still runs: each database is recorded the moment its job ends.
        await WaitUntilAsync(async () => (await env.Catalog.ListAsync("db1")).Count == 1 && (await env.Catalog.ListAsync("db2")).Count == 1);
        Assert.False(running.IsCompleted);
        Assert.Empty(await env.Catalog.ListAsync("db3"));
        env.Sim.Simulator.Faults.ResumeJob("db3");
        PolicyRunResult r = await running;
        Assert.True(r.Succeeded);
        Assert.Single(await env.Catalog.ListAsync("db3"));
        Assert.Empty(await env.Catalog.ListPendingAsync());

        List<string> log = env.Sim.Simulator.QueryLog.Entries.Skip(mark).Select(e => e.Statement).ToList();
        Assert.Equal("DB_NAME IN ('db1', 'db2', 'db3')", Assert.Single(log, s => s.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase)).Split(" WHERE ")[1]);
        foreach (string db in new[] { "db1", "db2", "db3" })
        {
            int backup = log.FindIndex(s => s.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase) && s.Contains($"`{db}`", StringComparison.Ordinal));
            Assert.True(backup >= 0, $"no BACKUP of {db}");
            Assert.DoesNotContain(log.Take(backup), s => s.StartsWith("SHOW BACKUP FROM", StringComparison.OrdinalIgnoreCase) && s.Contains($"`{db}`", StringComparison.Ordinal));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition) => await WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(20);
        }
    }
}
