using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.PointInTime;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Swap;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests;
using StarRocksBackup.Tests.Storage;
using Xunit;

namespace StarRocksBackup.Core.Tests.PointInTime;

/// <summary>
/// Acceptance: three incremental points (loads into different partitions between backups, only the changed partitions
/// backed up, manifests recorded in the repository's catalog), each rebuilt exactly by a point-in-time restore, and the
/// rebuilt table swapped into place. Simulator + the real S3 server.
/// </summary>
public sealed class PointInTimeEndToEndTests
{
    private const string Db = "shop";

    // orders: p1 = January, p2 = February, p3 = March 2024; dim: unpartitioned.
    private static readonly (string Name, string From, string To)[] Ranges =
    {
        ("p1", "2024-01-01", "2024-02-01"), ("p2", "2024-02-01", "2024-03-01"), ("p3", "2024-03-01", "2024-04-01"),
    };

    private sealed class Point
    {
        public DateTimeOffset FinishedAt { get; init; }

        public Dictionary<string, string[]> Orders { get; init; } = new();

        public string[] Dim { get; init; } = Array.Empty<string>();
    }

    [S3Fact]
    public async Task Three_incremental_points_are_rebuilt_exactly_and_the_swap_replaces_the_live_table()
    {
        var obs = new RecordingObserver();
        await using Sim s = await Sim.StartAsync("3.3.9", aliveBackends: 1);
        StarRocksClient c = s.Client;
        S3Settings s3 = TestEnvironment.RequireS3();
        var spec = Sim.S3Repo("repo", "pitr-e2e");
        await c.Repositories.CreateAsync(spec);
        using S3ObjectStore store = S3TestStore.Create(s3);
        var catalog = new BackupCatalog(await RepositoryStorage.OpenAsync(store, S3Location.Parse(spec.Location), "repo", default), obs);

        await s.ExecAsync($"CREATE DATABASE {Db}");
        await s.ExecAsync($"CREATE TABLE {Db}.orders (id BIGINT, dt DATE, note VARCHAR(32)) DUPLICATE KEY(id) PARTITION BY RANGE(dt) (" +
                          string.Join(", ", Ranges.Select(r => $"PARTITION {r.Name} VALUES [(\"{r.From}\"), (\"{r.To}\"))")) +
                          ") DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        await s.ExecAsync($"CREATE TABLE {Db}.dim (k INT, name VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");

        // Point 0: a full backup.
        await s.ExecAsync($"INSERT INTO {Db}.orders VALUES (1, '2024-01-05', 'a'), (2, '2024-01-20', 'b'), (3, '2024-02-03', 'c')");
        await s.ExecAsync($"INSERT INTO {Db}.dim VALUES (1, 'one')");
        var points = new List<Point> { await BackupAsync(s, catalog, "shop_full_0", BackupManifest.KindFull, ("orders", null), ("dim", null)) };

        // Point 1: loads into p2 and p3 only; only they are backed up.
        await s.ExecAsync($"INSERT INTO {Db}.orders VALUES (4, '2024-02-10', 'd'), (5, '2024-03-01', 'e')");
        points.Add(await BackupAsync(s, catalog, "shop_inc_1", BackupManifest.KindIncremental, ("orders", new[] { "p2", "p3" })));

        // Point 2: loads into p1 and dim; only they are backed up.
        await s.ExecAsync($"INSERT INTO {Db}.orders VALUES (6, '2024-01-30', 'f')");
        await s.ExecAsync($"INSERT INTO {Db}.dim VALUES (2, 'two')");
        points.Add(await BackupAsync(s, catalog, "shop_inc_2", BackupManifest.KindIncremental, ("orders", new[] { "p1" }), ("dim", null)));

        // Live data moves on after the last backup: a rebuild must not see it.
        await s.ExecAsync($"INSERT INTO {Db}.orders VALUES (7, '2024-03-15', 'late')");
        Assert.Equal(3, (await catalog.ListAsync(Db)).Count);

        for (int k = 0; k < points.Count; k++)
        {
            var request = new PointInTimeRequest { Repository = "repo", Database = Db, AsOf = points[k].FinishedAt.AddMilliseconds(1) };
            PointInTimePlan plan = await c.PointInTime.PlanAsync(request, S3TestStore.Options(s3), obs);
            Assert.Equal(k == 0 ? 1 : 2, plan.Steps.Count); // point 0: the full; later points: the snapshots still holding newest copies
            IReadOnlyList<RestoreJob> jobs = await c.PointInTime.ExecuteAsync(plan, Sim.FastWait, obs);
            Assert.All(jobs, j => Assert.Equal(RestoreJobState.Finished, j.State));
            string orders = plan.Tables.Single(t => t.Table == "orders").TargetTable;
            string dim = plan.Tables.Single(t => t.Table == "dim").TargetTable;
            Assert.StartsWith("orders__asof_", orders);
            foreach ((string name, string from, string to) in Ranges)
            {
                Assert.Equal(points[k].Orders[name], await s.RowsAsync($"SELECT id, dt, note FROM {Db}.{orders} WHERE dt >= '{from}' AND dt < '{to}' ORDER BY id"));
            }

            Assert.Equal(points[k].Dim, await s.RowsAsync($"SELECT k, name FROM {Db}.{dim} ORDER BY k"));
            var counts = (await c.Catalog.ListPartitionsAsync(Db, orders)).ToDictionary(p => p.Name, p => p.RowCount);
            Assert.Equal(Ranges.ToDictionary(r => r.Name, r => (long?)points[k].Orders[r.Name].Length), counts);
            Assert.Equal(plan.Tables.Single(t => t.Table == "orders").ExpectedRows, counts.Values.Sum());
        }

        // The plan for point 1 reads p1 from the full backup and p2, p3 from the first incremental.
        var p1Plan = await c.PointInTime.PlanAsync(new PointInTimeRequest { Repository = "repo", Database = Db, AsOf = points[1].FinishedAt, TargetDatabase = "shop_drill" }, S3TestStore.Options(s3));
        Assert.Equal(new[] { ("p1", "shop_full_0"), ("p2", "shop_inc_1"), ("p3", "shop_inc_1") },
            p1Plan.Tables.Single(t => t.Table == "orders").Partitions.Select(p => (p.Partition, p.Snapshot)));

        // A second rebuild of the same point into the same names is refused: existing tables are never restored over.
        var again = await Assert.ThrowsAsync<StarRocksBackupException>(() =>
            c.PointInTime.PlanAsync(new PointInTimeRequest { Repository = "repo", Database = Db, AsOf = points[1].FinishedAt.AddMilliseconds(1) }, S3TestStore.Options(s3)));
        Assert.Equal(ErrorKind.OverwriteRefused, again.Kind);

        // Swap point 1 into place: the live table holds exactly point 1; the replaced live data is kept.
        string scratch = "orders" + PointInTimePlanner.DefaultSuffix(points[1].FinishedAt.AddMilliseconds(1));
        IReadOnlyList<string> liveBefore = await s.RowsAsync($"SELECT id FROM {Db}.orders ORDER BY id");
        TableSwapPlan swap = await c.TableSwaps.PlanAsync(new TableSwapRequest { Database = Db, Table = "orders", With = scratch });
        await c.TableSwaps.ExecuteAsync(swap);
        Assert.Equal(points[1].Orders.Values.SelectMany(x => x).Select(r => r.Split('|')[0]).OrderBy(long.Parse), await s.RowsAsync($"SELECT id FROM {Db}.orders ORDER BY id"));
        Assert.Equal(liveBefore, await s.RowsAsync($"SELECT id FROM {Db}.{swap.ReplacedName} ORDER BY id"));
    }

    /// <summary>Backs up the given tables (null partitions = whole table), waits, and records the manifest with the inventory.</summary>
    private static async Task<Point> BackupAsync(Sim s, BackupCatalog catalog, string label, string kind, params (string Table, string[]? Partitions)[] targets)
    {
        StarRocksClient c = s.Client;
        IReadOnlyList<Partition> inventory = await c.Catalog.ListPartitionsAsync(Db, null, includeTemporary: false);
        var request = new BackupRequest { Repository = "repo", Label = label };
        foreach ((string table, string[]? parts) in targets) request.Add(Db, table, parts ?? Array.Empty<string>());
        DateTimeOffset created = DateTimeOffset.UtcNow;
        BackupJob job = await c.Backups.StartOneAsync(c.Backups.Plan(request).Databases[0]);
        await c.Jobs.WaitOneAsync(job, Sim.FastWait);
        DateTimeOffset finished = DateTimeOffset.UtcNow;
        string ts = (await c.Snapshots.GetAsync("repo", label))!.Latest!.Text;
        ManifestPartition M(Partition p) => new() { Table = p.Table, Partition = p.Name, PartitionId = p.PartitionId ?? 0, VisibleVersion = p.VisibleVersion ?? 0, RowCount = p.RowCount };
        var held = inventory.Where(p => targets.Any(t => t.Table == p.Table && (t.Partitions == null || t.Partitions.Contains(p.Name)))).Select(M).ToList();
        Assert.True(await catalog.RecordAsync(new BackupManifest
        {
            Label = label, BackupTimestamp = ts, Database = Db, Kind = kind, Cluster = "simulator", CreatedAt = created, FinishedAt = finished,
            Partitions = held, Inventory = inventory.Select(M).ToList(),
        }));

        var orders = new Dictionary<string, string[]>();
        foreach ((string name, string from, string to) in Ranges)
        {
            orders[name] = (await s.RowsAsync($"SELECT id, dt, note FROM {Db}.orders WHERE dt >= '{from}' AND dt < '{to}' ORDER BY id")).ToArray();
        }

        return new Point { FinishedAt = finished, Orders = orders, Dim = (await s.RowsAsync($"SELECT k, name FROM {Db}.dim ORDER BY k")).ToArray() };
    }
}
