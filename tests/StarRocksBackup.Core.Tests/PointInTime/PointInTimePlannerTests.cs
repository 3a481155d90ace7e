using StarRocksBackup.Core.History;
using StarRocksBackup.Core.PointInTime;
using StarRocksBackup.Core.Sql;
using Xunit;
using static StarRocksBackup.Tests.History.CatalogFixtures;

namespace StarRocksBackup.Core.Tests.PointInTime;

/// <summary>The RESTORE chain for a point in time, from manifests alone (pure).</summary>
public sealed class PointInTimePlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddDays(1);
    private static readonly DateTimeOffset T2 = T0.AddDays(2);
    private static readonly SqlDialect V33 = new(new ServerInfo(new Version(3, 3, 9), "3.3.9", RunMode.SharedNothing));
    private static readonly SqlDialect V34 = new(new ServerInfo(new Version(3, 4, 1), "3.4.1", RunMode.SharedNothing));

    // orders: p1 (id 11), p2 (id 12), p3 (id 13); dim: single partition (id 21).
    private static ManifestPartition[] All(long v1 = 2, long v2 = 2, long v3 = 2, long vd = 2) =>
        new[] { P("orders", "p1", 11, v1), P("orders", "p2", 12, v2), P("orders", "p3", 13, v3), P("dim", "dim", 21, vd, tableId: 20) };

    private static List<BackupManifest> Chain() => new()
    {
        Manifest("shop", "full_0", T0, All(), All(), BackupManifest.KindFull),
        Manifest("shop", "inc_1", T1, new[] { P("orders", "p2", 12, 3), P("orders", "p3", 13, 3) }, All(2, 3, 3)),
        Manifest("shop", "inc_2", T2, new[] { P("orders", "p1", 11, 4), P("dim", "dim", 21, 3, tableId: 20) }, All(4, 3, 3, 3)),
    };

    private static PointInTimeRequest Req(DateTimeOffset asOf, string? target = null) =>
        new() { Repository = "repo", Database = "shop", AsOf = asOf, TargetDatabase = target };

    [Fact]
    public void EachPoint_TakesEveryPartitionFromTheNewestSnapshotThatHeldItThen()
    {
        PointInTimePlan p0 = PointInTimePlanner.Plan(Chain(), Req(T0.AddMinutes(5)), V33, 1);
        Assert.Equal(new[] { "full_0" }, p0.Steps.Select(s => s.Snapshot));
        // The full snapshot holds everything of both tables: no PARTITION clause, scratch names with the AsOf stamp.
        Assert.Equal("RESTORE SNAPSHOT `shop`.`full_0` FROM `repo` ON (`dim` AS `dim__asof_20261201T020500Z`, `orders` AS `orders__asof_20261201T020500Z`) " +
                     "PROPERTIES ('backup_timestamp' = '2026-12-01-02-00-00-000', 'replication_num' = '1')", p0.Steps[0].Sql);

        PointInTimePlan p1 = PointInTimePlanner.Plan(Chain(), Req(T1), V33, 1);
        Assert.Equal(new[] { "full_0", "inc_1" }, p1.Steps.Select(s => s.Snapshot));
        Assert.Contains("ON (`dim` AS `dim__asof_20261202T020000Z`, `orders` PARTITION (`p1`) AS `orders__asof_20261202T020000Z`)", p1.Steps[0].Sql);
        Assert.Contains("FROM `repo` ON (`orders` AS `orders__asof_20261202T020000Z`)", p1.Steps[1].Sql);
        Assert.Equal(new[] { ("p1", "full_0"), ("p2", "inc_1"), ("p3", "inc_1") },
            p1.Tables.Single(t => t.Table == "orders").Partitions.Select(x => (x.Partition, x.Snapshot)));

        PointInTimePlan p2 = PointInTimePlanner.Plan(Chain(), Req(T2.AddHours(1)), V33, 1);
        Assert.Equal(new[] { "inc_1", "inc_2" }, p2.Steps.Select(s => s.Snapshot));
        Assert.Equal(new[] { ("p1", "inc_2"), ("p2", "inc_1"), ("p3", "inc_1") },
            p2.Tables.Single(t => t.Table == "orders").Partitions.Select(x => (x.Partition, x.Snapshot)));
        Assert.Equal("inc_2", p2.InventorySnapshot);
        Assert.Contains("step 2/2: snapshot 'inc_2'", p2.Describe());
    }

    [Fact]
    public void DroppedPartitions_AreLeftOut_AndANewIdReplacesAnOldOne()
    {
        var chain = Chain();
        // After T2: p3 dropped, p2 dropped and re-created (new id 15), inventory says so.
        var inv = new[] { P("orders", "p1", 11, 4), P("orders", "p2", 15, 2), P("dim", "dim", 21, 3, tableId: 20) };
        chain.Add(Manifest("shop", "inc_3", T2.AddDays(1), new[] { P("orders", "p2", 15, 2) }, inv));
        PointInTimePlan p = PointInTimePlanner.Plan(chain, Req(T2.AddDays(2), "shop_drill"), V34, null);
        var orders = p.Tables.Single(t => t.Table == "orders");
        Assert.Equal(new[] { ("p1", 11L, "inc_2"), ("p2", 15L, "inc_3") }, orders.Partitions.Select(x => (x.Partition, x.PartitionId, x.Snapshot)));
        Assert.Equal("orders", orders.TargetTable); // another database: the names are kept
        Assert.Equal(new[] { "inc_2", "inc_3" }, p.Steps.Select(s => s.Snapshot));
        Assert.Equal("RESTORE SNAPSHOT `inc_2` FROM `repo` DATABASE `shop` AS `shop_drill` ON (`dim`, `orders`) " +
                     "PROPERTIES ('backup_timestamp' = '2026-12-03-02-00-00-000')", p.Steps[0].Sql);
    }

    [Fact]
    public void Selections_RestrictTablesAndPartitions()
    {
        var req = Req(T2);
        req.Tables.Add(new PointInTimeSelection("orders", new[] { "p2", "p1" }));
        PointInTimePlan p = PointInTimePlanner.Plan(Chain(), req, V33, 1);
        Assert.Equal(new[] { "orders" }, p.Tables.Select(t => t.Table));
        Assert.Equal(new[] { "inc_1", "inc_2" }, p.Steps.Select(s => s.Snapshot));
        Assert.Contains("ON (`orders` PARTITION (`p2`) AS", p.Steps[0].Sql);
        Assert.Contains("ON (`orders` AS", p.Steps[1].Sql); // inc_2 holds only p1 of orders

        var missingTable = Req(T2);
        missingTable.Tables.Add(new PointInTimeSelection("nosuch"));
        Assert.Equal(ErrorKind.TableNotFound, Assert.Throws<StarRocksBackupException>(() => PointInTimePlanner.Plan(Chain(), missingTable, V33, 1)).Kind);
        var missingPartition = Req(T2);
        missingPartition.Tables.Add(new PointInTimeSelection("orders", new[] { "p9" }));
        var ex = Assert.Throws<StarRocksBackupException>(() => PointInTimePlanner.Plan(Chain(), missingPartition, V33, 1));
        Assert.Equal(ErrorKind.PartitionNotFound, ex.Kind);
        Assert.Contains("p1, p2, p3", ex.Message);
    }

    [Fact]
    public void Refusals_NothingBeforeTheFirstBackup_UnbackedPartitions_AndRestoringOverLiveTables()
    {
        var early = Assert.Throws<StarRocksBackupException>(() => PointInTimePlanner.Plan(Chain(), Req(T0.AddSeconds(-1)), V33, 1));
        Assert.Equal(ErrorKind.SnapshotNotFound, early.Kind);
        Assert.Contains("the earliest finished 2026-12-01 02:00:00Z", early.Message);

        var chain = Chain();
        chain.Add(Manifest("shop", "inc_3", T2.AddDays(1), new[] { P("orders", "p1", 11, 5) }, All(5, 3, 3, 3).Append(P("orders", "p4", 14, 2))));
        var lost = Assert.Throws<StarRocksBackupException>(() => PointInTimePlanner.Plan(chain, Req(T2.AddDays(1)), V33, 1));
        Assert.Equal(ErrorKind.SnapshotNotFound, lost.Kind);
        Assert.Contains("orders.p4 (id 14)", lost.Message);

        var live = Req(T2);
        live.TableSuffix = string.Empty;
        Assert.Equal(ErrorKind.OverwriteRefused, Assert.Throws<StarRocksBackupException>(() => PointInTimePlanner.Plan(Chain(), live, V33, 1)).Kind);
    }

    [Fact]
    public void WithoutInventories_EveryHeldPartitionCounts_AndAWarningSaysSo()
    {
        var synced = Chain().Select(m => { m.Inventory = null; m.Source = BackupManifest.SourceSync; return m; }).ToList();
        PointInTimePlan p = PointInTimePlanner.Plan(synced, Req(T2), V33, 1);
        Assert.Null(p.InventorySnapshot);
        Assert.Single(p.Warnings);
        Assert.Equal(3, p.Tables.Single(t => t.Table == "orders").Partitions.Count);
    }
}
