using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Core.Tests.Support;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>Backup and restore services against a scripted FE.</summary>
public sealed class ServiceTests
{
    private static readonly string[] SnapshotColumns = { "Snapshot", "Timestamp", "Status" };
    private static readonly string[] DetailColumns = { "Snapshot", "Timestamp", "Database", "Details", "Status" };

    private static string Details(string db, params string[] tables) =>
        "{\"name\":\"l1\",\"database\":\"" + db + "\",\"backup_time\":1733739958842,\"backup_objects\":{" +
        string.Join(",", tables.Select(t => "\"" + t + "\":{\"partitions\":{\"p1\":{\"id\":1,\"version\":2},\"p2\":{\"id\":3,\"version\":4}}}")) + "}}";

    private static Func<string, ResultTable> RestoreFe(string[] existingTables, int aliveBackends, bool dbExists = true) => sql =>
    {
        if (sql.StartsWith("SHOW SNAPSHOT", StringComparison.Ordinal) && sql.Contains("TIMESTAMP", StringComparison.Ordinal))
        {
            return FakeSession.Table(DetailColumns, new string?[] { "l1", "2024-12-10-00-00-00-000", "sales", Details("sales", "t1", "t2"), "OK" });
        }

        if (sql.StartsWith("SHOW SNAPSHOT", StringComparison.Ordinal))
        {
            return FakeSession.Table(SnapshotColumns, new string?[] { "l1", "2024-12-09-00-00-00-000\n2024-12-10-00-00-00-000", "OK" });
        }

        if (sql == "SHOW DATABASES")
        {
            return dbExists ? FakeSession.Table(new[] { "Database" }, new string?[] { "sales" }, new string?[] { "copy" }) : FakeSession.Table(new[] { "Database" });
        }

        if (sql.StartsWith("SHOW FULL TABLES", StringComparison.Ordinal))
        {
            return new ResultTable(new[] { "Tables_in_sales", "Table_type" }, existingTables.Select(t => new string?[] { t, "BASE TABLE" }).ToList());
        }

        if (sql == "SHOW BACKENDS")
        {
            return new ResultTable(new[] { "BackendId", "IP", "Alive" }, Enumerable.Range(0, aliveBackends + 1).Select(i => new string?[] { i.ToString(), "h" + i, i < aliveBackends ? "true" : "false" }).ToList());
        }

        if (sql.StartsWith("SHOW RESTORE FROM", StringComparison.Ordinal))
        {
            return FakeSession.Table(FakeSession.RestoreColumns, new string?[] { "9", "l1", "2024-12-09-00-00-00-000", "copy", "PENDING", "false", "1", "", "2025-01-01 00:00:00", null, null, null, null, "", "", "", "[OK]", "86400" });
        }

        return ResultTable.Empty;
    };

    [Fact]
    public async Task Restore_plan_uses_latest_timestamp_lowers_replication_and_refuses_overwrite()
    {
        var session = new FakeSession(RestoreFe(new[] { "t1" }, aliveBackends: 1));
        var client = FakeSession.Client(session, "3.4.1");
        var req = new RestoreRequest { Repository = "repo", Snapshot = "l1" };
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => client.Restores.PlanAsync(req));
        Assert.Equal(ErrorKind.OverwriteRefused, ex.Kind);
        Assert.Contains("sales.t1", ex.Message);
        Assert.Contains("COMMIT", ex.Message);
        Assert.DoesNotContain(session.Log, s => s.StartsWith("RESTORE", StringComparison.Ordinal));

        req.AllowOverwrite = true;
        RestorePlan plan = await client.Restores.PlanAsync(req);
        Assert.Equal("2024-12-10-00-00-00-000", plan.Timestamp);
        Assert.True(plan.TimestampIsLatest);
        Assert.Equal(1, plan.ReplicationNum);
        Assert.True(plan.Tables.Single(t => t.SourceTable == "t1").Overwrite);
        Assert.False(plan.Tables.Single(t => t.SourceTable == "t2").Overwrite);
        Assert.Equal("RESTORE SNAPSHOT `l1` FROM `repo` DATABASE `sales` PROPERTIES ('backup_timestamp' = '2024-12-10-00-00-00-000', 'replication_num' = '1')", plan.Sql);
        Assert.Contains("OVERWRITE existing table", plan.Describe());
    }

    [Fact]
    public async Task Restore_plan_with_rename_into_another_database_on_33()
    {
        var session = new FakeSession(RestoreFe(Array.Empty<string>(), aliveBackends: 5));
        var client = FakeSession.Client(session, "3.3.9");
        var req = new RestoreRequest { Repository = "repo", Snapshot = "l1", Timestamp = "2024-12-09-00-00-00-000", TargetDatabase = "copy", ReplicationNum = 7 };
        req.Tables.Add(new RestoreTableRequest("t1", "t1_old", new[] { "p2" }));
        var obs = new RecordingObserver();
        RestorePlan plan = await client.Restores.PlanAsync(req, obs);
        Assert.Equal("RESTORE SNAPSHOT `copy`.`l1` FROM `repo` ON (`t1` PARTITION (`p2`) AS `t1_old`) PROPERTIES ('backup_timestamp' = '2024-12-09-00-00-00-000', 'replication_num' = '7')", plan.Sql);
        Assert.Contains(plan.Warnings, w => w.Contains("higher than the 5 alive", StringComparison.Ordinal));
        Assert.Contains(obs.Warnings, w => w.Contains("higher than", StringComparison.Ordinal));
        var job = await client.Restores.StartAsync(plan);
        Assert.Equal(9, job.JobId);
        Assert.Equal("repo", job.Repository);
    }

    [Fact]
    public async Task Restore_plan_checks_timestamp_table_and_partition_against_the_snapshot()
    {
        var client = FakeSession.Client(new FakeSession(RestoreFe(Array.Empty<string>(), 3)), "3.4.1");
        var bad = new RestoreRequest { Repository = "repo", Snapshot = "l1", Timestamp = "2020-01-01-00-00-00-000" };
        Assert.Equal(ErrorKind.SnapshotNotFound, (await Assert.ThrowsAsync<StarRocksBackupException>(() => client.Restores.PlanAsync(bad))).Kind);
        var noTable = new RestoreRequest { Repository = "repo", Snapshot = "l1" };
        noTable.Tables.Add(new RestoreTableRequest("nope"));
        Assert.Equal(ErrorKind.TableNotFound, (await Assert.ThrowsAsync<StarRocksBackupException>(() => client.Restores.PlanAsync(noTable))).Kind);
        var noPart = new RestoreRequest { Repository = "repo", Snapshot = "l1" };
        noPart.Tables.Add(new RestoreTableRequest("t1", null, new[] { "p9" }));
        Assert.Equal(ErrorKind.PartitionNotFound, (await Assert.ThrowsAsync<StarRocksBackupException>(() => client.Restores.PlanAsync(noPart))).Kind);
        var missing = new FakeSession(sql => sql.StartsWith("SHOW SNAPSHOT", StringComparison.Ordinal) ? FakeSession.Table(SnapshotColumns) : ResultTable.Empty);
        Assert.Equal(ErrorKind.SnapshotNotFound, (await Assert.ThrowsAsync<StarRocksBackupException>(() => FakeSession.Client(missing).Restores.PlanAsync(new RestoreRequest { Repository = "repo", Snapshot = "zz" }))).Kind);
    }

    [Fact]
    public async Task Backup_waits_for_a_busy_database_then_submits()
    {
        int polls = 0;
        bool submitted = false;
        var session = new FakeSession(sql =>
        {
            if (sql.StartsWith("SHOW BACKUP", StringComparison.Ordinal))
            {
                if (submitted)
                {
                    return FakeSession.Table(FakeSession.BackupColumns, FakeSession.BackupRow(2, "a_20250101_000000", "a", "PENDING"));
                }

                // The database's slot holds someone else's job, which finishes after a few polls.
                return FakeSession.Table(FakeSession.BackupColumns, FakeSession.BackupRow(1, "nightly", "a", Interlocked.Increment(ref polls) < 4 ? "UPLOADING" : "FINISHED"));
            }

            if (sql.StartsWith("SHOW RESTORE", StringComparison.Ordinal)) return FakeSession.Table(FakeSession.RestoreColumns);
            if (sql.StartsWith("BACKUP", StringComparison.Ordinal)) submitted = true;
            return ResultTable.Empty;
        });
        var client = FakeSession.Client(session);
        BackupPlan plan = client.Backups.Plan(new BackupRequest { Repository = "repo", LabelTimeUtc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) }.Add("a"));
        var fast = new WaitOptions { MinPollInterval = TimeSpan.FromMilliseconds(5), MaxPollInterval = TimeSpan.FromMilliseconds(10) };
        var obs = new RecordingObserver();
        var results = await client.Backups.StartAsync(plan, new BackupStartOptions { BusyWait = fast }, obs);
        Assert.True(results.Single().Succeeded, results.Single().Error?.Message);
        Assert.Equal(2, results[0].Job!.JobId);
        Assert.Equal("repo", results[0].Job!.Repository);
        Assert.True(polls >= 4);
        Assert.Contains(obs.Messages, m => m.Contains("is busy", StringComparison.Ordinal));

        // FailIfBusy: JobInProgress from the server is returned as this database's error, nothing waited.
        var busy = new FakeSession(sql => sql.StartsWith("BACKUP", StringComparison.Ordinal)
            ? throw new StarRocksBackupException(ErrorKind.JobInProgress, "Can only run one backup or restore job of a database at same time")
            : ResultTable.Empty);
        var r2 = await FakeSession.Client(busy).Backups.StartAsync(plan, new BackupStartOptions { FailIfBusy = true });
        Assert.Equal(ErrorKind.JobInProgress, r2.Single().Error!.Kind);
        Assert.Equal(0, busy.Count("SHOW BACKUP"));
    }

    [Fact]
    public async Task Backup_whose_outcome_is_unknown_is_found_by_requery_not_resent()
    {
        int backups = 0;
        var session = new FakeSession(sql =>
        {
            if (sql.StartsWith("BACKUP", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref backups);
                throw new StarRocksBackupException(ErrorKind.ConnectionFailed, "dropped") { OutcomeUnknown = true };
            }

            if (sql.StartsWith("SHOW BACKUP", StringComparison.Ordinal) && backups > 0)
            {
                return FakeSession.Table(FakeSession.BackupColumns, FakeSession.BackupRow(5, "a_20250101_000000", "a", "SNAPSHOTING"));
            }

            return sql.StartsWith("SHOW BACKUP", StringComparison.Ordinal) ? FakeSession.Table(FakeSession.BackupColumns)
                : sql.StartsWith("SHOW RESTORE", StringComparison.Ordinal) ? FakeSession.Table(FakeSession.RestoreColumns) : ResultTable.Empty;
        });
        var client = FakeSession.Client(session);
        BackupPlan plan = client.Backups.Plan(new BackupRequest { Repository = "repo", LabelTimeUtc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) }.Add("a"));
        var job = await client.Backups.StartOneAsync(plan.Databases[0]);
        Assert.Equal(5, job.JobId);
        Assert.Equal(1, backups);
    }

    [Fact]
    public async Task Databases_run_in_parallel_up_to_the_throttle()
    {
        int inFlight = 0, maxInFlight = 0;
        var session = new FakeSession(sql =>
        {
            if (sql.StartsWith("BACKUP", StringComparison.Ordinal))
            {
                int n = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxInFlight, n);
                // Hold each BACKUP until three are in flight (or 3 s): proves concurrency without timing luck; a broken
                // throttle would let more than three in.
                SpinWait.SpinUntil(() => Volatile.Read(ref maxInFlight) >= 3, TimeSpan.FromSeconds(3));
                Interlocked.Decrement(ref inFlight);
                return ResultTable.Empty;
            }

            if (sql.StartsWith("SHOW BACKUP FROM", StringComparison.Ordinal))
            {
                string db = sql.Substring(sql.IndexOf('`') + 1).TrimEnd('`');
                return FakeSession.Table(FakeSession.BackupColumns, FakeSession.BackupRow(1, db + "_20250101_000000", db, "PENDING"));
            }

            return ResultTable.Empty;
        });
        var client = FakeSession.Client(session);
        var req = new BackupRequest { Repository = "repo", LabelTimeUtc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        for (int i = 0; i < 8; i++) req.Add("db" + i);
        var results = await client.Backups.StartAsync(client.Backups.Plan(req), new BackupStartOptions { MaxParallelDatabases = 3, FailIfBusy = true });
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(3, maxInFlight);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public async Task Partitions_fall_back_to_SHOW_PARTITIONS_when_partitions_meta_is_missing()
    {
        var session = new FakeSession(sql =>
        {
            if (sql.Contains(" FROM information_schema.partitions_meta", StringComparison.Ordinal))
            {
                throw Connection.ServerErrorTranslator.Translate(5502, "42602", "Getting analyzing error. Detail message: Unknown table 'information_schema.partitions_meta'.", sql, null);
            }

            if (sql == "SHOW FULL TABLES FROM `d`") return new ResultTable(new[] { "Tables_in_d", "Table_type" }, new[] { new string?[] { "t", "BASE TABLE" } });
            if (sql == "SHOW PARTITIONS FROM `d`.`t`")
            {
                return FakeSession.Table(new[] { "PartitionId", "PartitionName", "VisibleVersion", "VisibleVersionTime", "Buckets", "ReplicationNum", "DataSize", "RowCount" },
                    new string?[] { "11", "p1", "4", "2025-01-01 00:00:00", "2", "1", "1.5KB", "10" });
            }

            return ResultTable.Empty;
        });
        var obs = new RecordingObserver();
        var parts = await FakeSession.Client(session, "2.5.10").Catalog.ListPartitionsAsync("d", observer: obs);
        var p = Assert.Single(parts);
        Assert.Equal(("d", "t", "p1", 4L, 10L, 1536L), (p.Database, p.Table, p.Name, p.VisibleVersion!.Value, p.RowCount!.Value, p.DataSizeBytes!.Value));
        Assert.Contains(obs.Messages, m => m.Contains("using SHOW PARTITIONS", StringComparison.Ordinal));
    }
}
