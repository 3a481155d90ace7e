using System.Text.RegularExpressions;
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

// Policy runs, continued: how the databases are planned and in which order their BACKUPs are sent.
public partial class PolicyRunSimTests
{
    /// <summary>Rows into db3, db1 and db4 of <see cref="StartAsync"/>'s databases: db3 &gt; db1 &gt; db4 &gt; db2 by bytes.</summary>
    private static async Task SizeAsync(Env env)
    {
        foreach ((string db, int rows) in new[] { ("db3", 60), ("db1", 30), ("db4", 10) })
        {
            await env.Sim.ExecAsync($"INSERT INTO {db}.events VALUES " + string.Join(", ", Enumerable.Range(10, rows).Select(i => $"({i}, '2099-06-01')")));
        }
    }

    [S3Fact]
    public async Task With_more_databases_than_slots_the_largest_is_backed_up_first()
    {
        await using Env env = await StartAsync("pol-lpt", "db1", "db2", "db3", "db4");
        // Sizes: db3 > db1 > db4 > db2 (bytes to back up decide, not names).
        await SizeAsync(env);
        var seen = new RecordingObserver();
        PolicyRunResult plan = await env.Runner(Sets + "parallelism: 1\n").RunAsync(whatIf: true, observer: seen);
        int mark = env.Sim.Simulator.QueryLog.Count;
        PolicyRunResult r = await env.Runner(Sets + "parallelism: 1\n").RunAsync();

        Assert.Equal(new[] { "db1", "db2", "db3", "db4" }, plan.Databases.Select(d => d.Database));
        Assert.Contains("VERB Policy (-WhatIf): a run would start 4 database(s) to back up in 1 slot(s), largest first: 'db3' (", seen.All, StringComparison.Ordinal);
        Assert.Matches("'db3' \\([0-9,]+ bytes\\), 'db1' \\([0-9,]+ bytes\\), 'db4' \\([0-9,]+ bytes\\), 'db2' \\([0-9,]+ bytes\\)\\.", seen.All);
        Assert.True(r.Succeeded, r.Headline(env.Repo));
        Assert.Equal(new[] { "db1", "db2", "db3", "db4" }, r.Databases.Select(d => d.Database));   // summaries stay in name order
        List<string> log = env.Sim.Simulator.QueryLog.Entries.Skip(mark).Select(e => e.Statement).ToList();
        List<string> order = log.Where(s => s.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase))
            .Select(s => new[] { "db1", "db2", "db3", "db4" }.Single(db => s.Contains($"`{db}`", StringComparison.Ordinal))).ToList();
        Assert.Equal(new[] { "db3", "db1", "db4", "db2" }, order);
        // Every database planned before the first BACKUP; only the first wave's plan (db3's, one slot) is kept, the others
        // are planned again when their turn comes.
        int Plans(string db) => log.Count(s => s.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase) && s.Contains($"'{db}'", StringComparison.Ordinal));
        Assert.Equal(new[] { 2, 2, 1, 2 }, new[] { "db1", "db2", "db3", "db4" }.Select(Plans));
        int firstBackup = log.FindIndex(s => s.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(4, log.Take(firstBackup).Count(s => s.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase)));
    }

    [S3Fact]
    public async Task With_a_slot_for_every_database_the_biggest_BACKUP_is_sent_first_and_two_at_a_time()
    {
        await using Env env = await StartAsync("pol-send", "db1", "db2", "db3", "db4");
        // Sizes: db3 > db1 > db4 > db2; the policy's default parallelism (4) gives each database a slot.
        await SizeAsync(env);
        var seen = new RecordingObserver();
        await env.Runner(Sets).RunAsync(whatIf: true, observer: seen);
        // A client 300 ms of round trip from its FE: a reply reaches it 300 ms after the statement ran (a BACKUP costs two:
        // the COM_PING that proves the pooled connection alive, then the statement).
        TimeSpan roundTrip = TimeSpan.FromMilliseconds(300);
        env.Sim.Simulator.Faults.SetNetworkRoundTrip(roundTrip);
        int mark = env.Sim.Simulator.QueryLog.Count;
        PolicyRunner runner = env.Runner(Sets);
        runner.WaitForPlanned = TimeSpan.FromSeconds(30);   // each turn waits for its database in planning order: the order is the sizes'
        var sending = new RecordingObserver();
        PolicyRunResult r = await runner.RunAsync(observer: sending);
        env.Sim.Simulator.Faults.SetNetworkRoundTrip(TimeSpan.Zero);

        Assert.True(r.Succeeded, r.Headline(env.Repo));
        Assert.Equal(new[] { "db1", "db2", "db3", "db4" }, r.Databases.Select(d => d.Database));   // summaries stay in name order
        Assert.Matches("VERB Policy \\(-WhatIf\\): a run would have 4 database\\(s\\) to back up, their BACKUPs sent largest first: " +
                       "'db3' \\([0-9,]+ bytes\\), 'db1' \\([0-9,]+ bytes\\), 'db4' \\([0-9,]+ bytes\\), 'db2' \\([0-9,]+ bytes\\)\\.", seen.All);
        // Sent largest first (when the run started each; two statements on their way at once may reach the server in
        // either order).
        var started = sending.Timeline.Select(t => (t.At, Match: Regex.Match(t.Message, "^VERB Starting backup of database '(db[0-9])'")))
            .Where(t => t.Match.Success).Select(t => (t.At, Database: t.Match.Groups[1].Value)).ToList();
        Assert.Equal(new[] { "db3", "db1", "db4", "db2" }, started.Select(s => s.Database));
        List<QueryLogEntry> backups = env.Sim.Simulator.QueryLog.Entries.Skip(mark).Where(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.Time).ToList();
        Assert.Equal(4, backups.Count);
        // Two at the server at once: the second BACKUP was started before the reply to the first could reach the client,
        // so it is there when StarRocks (one submission at a time, BackupHandler's seqlock) is done with the first; no
        // later one reached the server before the reply to the one two before it had reached the client, so at most one
        // statement waits in that lock.
        QueryLogEntry first = backups.Single(e => e.Statement.Contains("`db3`", StringComparison.Ordinal));
        Assert.True(started[1].At < first.Time + first.Duration + roundTrip,
            $"db1's BACKUP was started at {started[1].At:HH:mm:ss.fff}, after the reply to db3's ({first.Time:HH:mm:ss.fff} + {first.Duration.TotalMilliseconds} ms + the round trip)");
        for (int i = 2; i < backups.Count; i++)
        {
            Assert.True(backups[i].Time >= backups[i - 2].Time + backups[i - 2].Duration + roundTrip,
                $"BACKUP {i} arrived at {backups[i].Time:HH:mm:ss.fff}, before the reply to BACKUP {i - 2} ({backups[i - 2].Time:HH:mm:ss.fff} + {backups[i - 2].Duration.TotalMilliseconds} ms + the round trip) reached the client");
        }
    }

    [S3Fact]
    public async Task A_run_cancelled_before_some_BACKUPs_were_sent_removes_their_pending_plans_and_keeps_the_sent_ones()
    {
        await using Env env = await StartAsync("pol-unsent", "db1", "db2", "db3", "db4");
        await SizeAsync(env);   // sent db3, db1 first (two at the server at once), then db4, db2
        // db3's and db1's BACKUPs take 3 s at the server, so db4 and db2 wait for a place, their pending plans written.
        env.Sim.Simulator.Faults.DelayStatements(sql => sql.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase)
            && (sql.Contains("`db3`", StringComparison.Ordinal) || sql.Contains("`db1`", StringComparison.Ordinal)), TimeSpan.FromSeconds(3));
        using var cts = new CancellationTokenSource();
        Task<PolicyRunResult> running = env.Runner(Sets).RunAsync(cancellationToken: cts.Token);
        await WaitUntilAsync(async () => (await env.Catalog.ListPendingAsync()).Count == 4 || running.IsCompleted);
        Assert.False(running.IsCompleted);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        env.Sim.Simulator.Faults.ClearStatementFaults();
        Assert.DoesNotContain(env.Sim.Simulator.QueryLog.Entries, e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase)
            && (e.Statement.Contains("`db4`", StringComparison.Ordinal) || e.Statement.Contains("`db2`", StringComparison.Ordinal)));
        // Never sent: no backup will ever match their plans. Sent (perhaps accepted): kept for the next run to record.
        Assert.Equal(new[] { "db1", "db3" }, (await env.Catalog.ListPendingAsync()).Select(p => p.Database).OrderBy(d => d, StringComparer.Ordinal));
    }

    [S3Fact]
    public async Task A_database_slow_to_plan_holds_the_others_back_only_briefly_and_is_sent_when_ready()
    {
        await using Env env = await StartAsync("pol-slowplan", "db1", "db2", "db3", "db4", "db5");
        // 2 of 5 databases: each read with its own statement, db1 first; db1's takes 3 s.
        env.Sim.Simulator.Faults.DelayStatements(sql => sql.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase) && sql.Contains("'db1'", StringComparison.Ordinal),
            TimeSpan.FromSeconds(3));
        PolicyRunner runner = env.Runner("sets:\n  - name: two\n    databases: ['db1', 'db2']\n");
        runner.WaitForPlanned = TimeSpan.FromMilliseconds(200);
        int mark = env.Sim.Simulator.QueryLog.Count;
        PolicyRunResult r = await runner.RunAsync();

        Assert.True(r.Succeeded, r.Headline(env.Repo));
        List<QueryLogEntry> log = env.Sim.Simulator.QueryLog.Entries.Skip(mark).ToList();
        QueryLogEntry Backup(string db) => log.Single(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase) && e.Statement.Contains($"`{db}`", StringComparison.Ordinal));
        QueryLogEntry slowPlan = log.Single(e => e.Statement.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase) && e.Statement.Contains("'db1'", StringComparison.Ordinal));
        // db2 did not wait for db1's plan; db1 was sent once planned.
        Assert.True(Backup("db2").Time < slowPlan.Time + slowPlan.Duration, "db2's BACKUP waited for db1's plan");
        Assert.True(Backup("db1").Time >= slowPlan.Time + slowPlan.Duration);
        Assert.All(r.Databases, d => Assert.Equal(DatabaseRunOutcome.Succeeded, d.Outcome));
    }

    [S3Fact]
    public async Task The_changes_of_every_database_are_read_with_one_statement_and_match_each_database_read_alone()
    {
        await using Env env = await StartAsync("chg-many", "db1", "db2", "db3");
        Assert.True((await env.Runner(Sets).RunAsync()).Succeeded);
        await env.Sim.ExecAsync("INSERT INTO db2.events VALUES (3, '2099-06-01')");
        await env.Sim.ExecAsync("CREATE DATABASE db4");   // never backed up, no table: no row in the statement's answer
        string[] dbs = { "db1", "db2", "db3", "db4" };
        static string[] Text(DatabaseChanges c) => c.Changes.Select(x => $"{x.Current.Table}.{x.Current.Name}:{x.Reason}").OrderBy(x => x, StringComparer.Ordinal).ToArray();

        int mark = env.Sim.Simulator.QueryLog.Count;
        IReadOnlyList<DatabaseChanges> many = await ChangeDetector.DetectManyAsync(env.Sim.Client, env.Catalog, dbs, dbs.Length);
        List<string> statements = env.Sim.Simulator.QueryLog.Entries.Skip(mark).Select(e => e.Statement).Where(x => x.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.Equal(dbs, many.Select(c => c.Database));
        Assert.Equal(new[] { "DB_NAME IN ('db1', 'db2', 'db3', 'db4')", "DB_NAME = 'db4'" }, statements.Select(x => x.Split(" WHERE ")[1]));   // db4 had no row: read alone
        Assert.Equal(new[] { "events.p2099:Changed" }, Text(many[1]));
        foreach ((string db, DatabaseChanges together) in dbs.Zip(many))
        {
            Assert.Equal(Text(await ChangeDetector.DetectAsync(env.Sim.Client, env.Catalog, db)), Text(together));
        }

        await Assert.ThrowsAsync<StarRocksBackupException>(() => ChangeDetector.DetectManyAsync(env.Sim.Client, env.Catalog, new[] { "db1", "nope" }, 2));
    }

    [Theory]
    [InlineData(1, 1, false)]   // one database: its own statement (an equality the FE narrows)
    [InlineData(2, 4, true)]
    [InlineData(2, 5, false)]
    [InlineData(100, 100, true)]
    [InlineData(100, 201, false)]
    public void The_databases_are_read_together_when_they_are_two_or_more_and_at_least_half_of_the_clusters(int selected, int databases, bool together) =>
        Assert.Equal(together, ChangeReader.ReadTogether(selected, databases));

    [S3Fact]
    public async Task A_run_over_a_few_of_the_clusters_databases_reads_each_with_its_own_statement_and_over_most_with_one()
    {
        await using Env env = await StartAsync("pol-few", "db1", "db2", "db3", "db4", "db5");
        List<string> PartitionStatements(int from) => env.Sim.Simulator.QueryLog.Entries.Skip(from).Select(e => e.Statement)
            .Where(x => x.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase)).Select(x => x.Split(" WHERE ")[1]).OrderBy(x => x, StringComparer.Ordinal).ToList();

        // 2 of 5: StarRocks hands the scanner a DB_NAME equality but not an IN list, so one statement would walk all five.
        int mark = env.Sim.Simulator.QueryLog.Count;
        PolicyRunResult few = await env.Runner("sets:\n  - name: two\n    databases: ['db1', 'db2']\n").RunAsync();
        Assert.True(few.Succeeded, few.Headline(env.Repo));
        Assert.Equal(new[] { "DB_NAME = 'db1'", "DB_NAME = 'db2'" }, PartitionStatements(mark));

        // 3 of 5: one statement.
        mark = env.Sim.Simulator.QueryLog.Count;
        PolicyRunResult most = await env.Runner("sets:\n  - name: three\n    databases: ['db3', 'db4', 'db5']\n").RunAsync();
        Assert.True(most.Succeeded, most.Headline(env.Repo));
        Assert.Equal(new[] { "DB_NAME IN ('db3', 'db4', 'db5')" }, PartitionStatements(mark));
        Assert.All(few.Databases.Concat(most.Databases), d => Assert.Equal((DatabaseRunOutcome.Succeeded, 4), (d.Outcome, d.PartitionCount)));
    }

    [S3Fact]
    public async Task A_plan_grown_old_while_waiting_for_a_slot_is_made_again_and_backs_up_what_the_database_holds_then()
    {
        await using Env env = await StartAsync("pol-stale", "db1", "db2");
        await env.Sim.ExecAsync("INSERT INTO db1.events VALUES " + string.Join(", ", Enumerable.Range(10, 30).Select(i => $"({i}, '2099-06-01')")));
        PolicyRunner first = env.Runner(Sets);
        Assert.True((await first.RunAsync()).Succeeded);

        // db1 changes (bigger: first in line); db2's table dim changes, then dim is dropped while db2 waits for db1's slot
        // (its first plan's BACKUP would name a table that is gone).
        await env.Sim.ExecAsync("INSERT INTO db1.events VALUES " + string.Join(", ", Enumerable.Range(100, 30).Select(i => $"({i}, '2099-07-01')")));
        await env.Sim.ExecAsync("INSERT INTO db2.dim VALUES (2, 'two')");
        env.Sim.Simulator.Faults.StallJob("db1");
        PolicyRunner runner = env.Runner(Sets + "parallelism: 1\n");
        runner.PlanFreshFor = TimeSpan.Zero;   // even the first wave's kept plan counts as old
        int mark = env.Sim.Simulator.QueryLog.Count;
        Task<PolicyRunResult> running = runner.RunAsync();
        await WaitUntilAsync(() => env.Sim.Simulator.QueryLog.Entries.Skip(mark).Any(e => e.Statement.StartsWith("BACKUP", StringComparison.OrdinalIgnoreCase)));
        await env.Sim.ExecAsync("DROP TABLE db2.dim");
        await env.Sim.ExecAsync("INSERT INTO db2.events VALUES (8, '2099-08-01')");
        env.Sim.Simulator.Faults.ResumeJob("db1");
        PolicyRunResult r = await running;

        Assert.True(r.Succeeded, r.Headline(env.Repo));
        DatabaseRunSummary db2 = r.Databases.Single(d => d.Database == "db2");
        Assert.Equal(new[] { "events.p2099:Changed" }, Backed(db2));
        Assert.DoesNotContain("dim", db2.Statement, StringComparison.Ordinal);
        List<string> log = env.Sim.Simulator.QueryLog.Entries.Skip(mark).Select(e => e.Statement).ToList();
        Assert.All(new[] { "db1", "db2" }, db => Assert.Equal(2, log.Count(s => s.Contains("partitions_meta", StringComparison.OrdinalIgnoreCase) && s.Contains($"'{db}'", StringComparison.Ordinal))));
    }
}
