using StarRocksBackup.Core.History;
using Xunit;
using static StarRocksBackup.Tests.History.CatalogFixtures;

namespace StarRocksBackup.Tests.History;

/// <summary>"Which snapshot holds partition p of table t as of T" (pure).</summary>
public class PartitionHolderTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);

    // Day 1: full backup of p1, p2. Day 2: p2 changed. Day 3: p1 dropped and re-created (new id 103), p3 new.
    private static List<BackupManifest> Chain() => new()
    {
        Manifest("sales", "full_1", Day1, new[] { P("orders", "p1", 101, 2), P("orders", "p2", 102, 2) },
            new[] { P("orders", "p1", 101, 2), P("orders", "p2", 102, 2) }, BackupManifest.KindFull),
        Manifest("sales", "inc_2", Day1.AddDays(1), new[] { P("orders", "p2", 102, 3) },
            new[] { P("orders", "p1", 101, 2), P("orders", "p2", 102, 3) }),
        Manifest("sales", "inc_3", Day1.AddDays(2), new[] { P("orders", "p1", 103, 2), P("orders", "p3", 104, 2) },
            new[] { P("orders", "p1", 103, 2), P("orders", "p2", 102, 3), P("orders", "p3", 104, 2) }),
    };

    [Theory]
    [InlineData("p2", 0.5, "full_1")]
    [InlineData("p2", 1.0, "inc_2")]
    [InlineData("p2", 5.0, "inc_2")]
    [InlineData("p1", 1.5, "full_1")]
    [InlineData("p1", 2.0, "inc_3")]
    public void The_newest_manifest_finished_by_T_that_lists_the_partition_holds_it(string partition, double days, string label)
    {
        PartitionHolder? h = BackupCatalog.FindHolder(Chain(), "orders", partition, Day1.AddDays(days));
        Assert.Equal(label, h?.Manifest.Label);
    }

    [Fact]
    public void Nothing_holds_a_partition_before_its_first_backup()
    {
        Assert.Null(BackupCatalog.FindHolder(Chain(), "orders", "p3", Day1.AddDays(1)));
        Assert.Null(BackupCatalog.FindHolder(Chain(), "orders", "p1", Day1.AddMinutes(-1)));
        Assert.Null(BackupCatalog.FindHolder(Chain(), "items", "p1", null));
    }

    [Fact]
    public void A_dropped_and_recreated_partition_is_a_different_partition()
    {
        Assert.Equal("full_1", BackupCatalog.FindHolder(Chain(), "orders", 101L, null)!.Manifest.Label);
        Assert.Equal("inc_3", BackupCatalog.FindHolder(Chain(), "orders", 103L, null)!.Manifest.Label);

        // As of day 3 the inventory says p1 is id 103: the old id 101 is not part of the table any more.
        IReadOnlyList<PartitionHolder> now = BackupCatalog.FindHolders(Chain(), "orders", null);
        Assert.Equal(new[] { ("p1", 103L, "inc_3"), ("p2", 102L, "inc_2"), ("p3", 104L, "inc_3") },
            now.Select(h => (h.Partition.Partition, h.Partition.PartitionId, h.Manifest.Label)));

        IReadOnlyList<PartitionHolder> day2 = BackupCatalog.FindHolders(Chain(), "orders", Day1.AddDays(1));
        Assert.Equal(new[] { ("p1", "full_1"), ("p2", "inc_2") }, day2.Select(h => (h.Partition.Partition, h.Manifest.Label)));
    }

    [Fact]
    public void Without_any_inventory_every_copy_ever_held_is_listed()
    {
        List<BackupManifest> chain = Chain();
        chain.ForEach(m => m.Inventory = null);
        Assert.Equal(4, BackupCatalog.FindHolders(chain, "orders", null).Count);
    }

    [Fact]
    public void Object_names_round_trip_with_labels_holding_underscores()
    {
        RecordedJob job = RecordedJob.FromObjectName("sales/2026-11-01-02-00-00-000_sales_full_1.json")!;
        Assert.Equal(("sales", "2026-11-01-02-00-00-000", "sales_full_1"), (job.Database, job.BackupTimestamp, job.Label));
        Assert.Null(RecordedJob.FromObjectName("sales/notatimestamp_x.json"));
        Assert.Null(RecordedJob.FromObjectName("loose.json"));
    }

    [Fact]
    public void Json_round_trip_keeps_every_field_and_ignores_unknown_ones()
    {
        BackupManifest m = Chain()[1];
        string json = System.Text.Encoding.UTF8.GetString(ManifestJson.Serialize(m)).Replace("\"schema\":1,", "\"schema\":1,\"futureField\":{\"x\":1},");
        BackupManifest back = ManifestJson.Parse(json, "test");
        Assert.Equal((m.Label, m.BackupTimestamp, m.Database, m.Kind, m.Cluster, m.CreatedAt, m.FinishedAt),
            (back.Label, back.BackupTimestamp, back.Database, back.Kind, back.Cluster, back.CreatedAt, back.FinishedAt));
        Assert.Equal(m.Partitions.Select(p => p.ToString()), back.Partitions.Select(p => p.ToString()));
        Assert.Equal(3L, back.Partitions[0].RowCount);
    }
}
