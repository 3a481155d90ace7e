using StarRocksBackup.Core.Swap;
using StarRocksBackup.Core.Tests.Support;
using Xunit;

namespace StarRocksBackup.Core.Tests.Swap;

/// <summary>Switch a live table with a replacement against the FE simulator (no S3 needed).</summary>
public sealed class TableSwapSimTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 9, 30, 0, TimeSpan.Zero);

    private static async Task<Sim> SeededAsync()
    {
        Sim s = await Sim.StartAsync();
        await s.SeedAsync("sales");
        await s.ExecAsync("CREATE TABLE sales.orders_new (id BIGINT, dt DATE, note VARCHAR(64)) DUPLICATE KEY(id) " +
                          "PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN (\"2024-02-01\")) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        await s.ExecAsync("INSERT INTO sales.orders_new VALUES (9, '2024-01-09', 'restored')");
        return s;
    }

    [Fact]
    public async Task Swap_ReplacesTheLiveTable_AndKeepsTheOldDataUnderADatedName()
    {
        await using Sim s = await SeededAsync();
        var obs = new RecordingObserver();
        TableSwapPlan plan = await s.Client.TableSwaps.PlanAsync(new TableSwapRequest { Database = "sales", Table = "orders", With = "orders_new", Now = At }, obs);
        Assert.Equal(new[]
        {
            "ALTER TABLE `sales`.`orders` SWAP WITH `orders_new`",
            "ALTER TABLE `sales`.`orders_new` RENAME `orders__replaced_20261205T093000Z`",
        }, plan.Statements);
        Assert.Contains("SQL: ALTER TABLE `sales`.`orders` SWAP WITH `orders_new`", plan.Describe());

        TableSwapResult r = await s.Client.TableSwaps.ExecuteAsync(plan, obs);
        Assert.False(r.ReplacedDropped);
        Assert.Equal(new[] { "9|restored" }, await s.RowsAsync("SELECT id, note FROM sales.orders ORDER BY id"));
        Assert.Equal(new[] { "1", "2", "3" }, await s.RowsAsync("SELECT id FROM sales.orders__replaced_20261205T093000Z ORDER BY id"));
        Assert.Equal(new[] { "dim", "orders", "orders__replaced_20261205T093000Z" }, (await s.Client.Catalog.ListTablesAsync("sales")).Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public async Task DefaultName_StaysUnique_WhenTheDatedNameIsTaken()
    {
        await using Sim s = await SeededAsync();
        await s.ExecAsync("CREATE TABLE sales.orders__replaced_20261205T093000Z (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        TableSwapPlan plan = await s.Client.TableSwaps.PlanAsync(new TableSwapRequest { Database = "sales", Table = "orders", With = "orders_new", Now = At });
        Assert.Equal("orders__replaced_20261205T093000Z_2", plan.ReplacedName);
    }

    [Fact]
    public async Task DropReplaced_DropsTheOldDataAfterTheSwap()
    {
        await using Sim s = await SeededAsync();
        TableSwapPlan plan = await s.Client.TableSwaps.PlanAsync(new TableSwapRequest { Database = "sales", Table = "orders", With = "orders_new", ReplacedName = "old_orders", DropReplaced = true });
        Assert.Equal("DROP TABLE `sales`.`old_orders`", plan.Statements[2]);
        TableSwapResult r = await s.Client.TableSwaps.ExecuteAsync(plan);
        Assert.True(r.ReplacedDropped);
        Assert.Equal(new[] { "dim", "orders" }, (await s.Client.Catalog.ListTablesAsync("sales")).Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public async Task SchemaMismatch_ListsTheDifferences_AndChangesNothing()
    {
        await using Sim s = await SeededAsync();
        await s.ExecAsync("CREATE TABLE sales.orders_bad (id INT, dt DATE) DUPLICATE KEY(id) PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN (\"2024-02-01\")) " +
                          "DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() =>
            s.Client.TableSwaps.PlanAsync(new TableSwapRequest { Database = "sales", Table = "orders", With = "orders_bad" }));
        Assert.Equal(ErrorKind.SchemaMismatch, ex.Kind);
        Assert.Equal(new[]
        {
            "column 'note' is in 'orders' but not in 'orders_bad'",
            "column 'id': type bigint(20) in 'orders', int(11) in 'orders_bad'",
        }, ex.Differences);
        Assert.Contains("column 'id': type bigint(20) in 'orders', int(11) in 'orders_bad'", ex.Message);
        Assert.Equal(3, (await s.RowsAsync("SELECT id FROM sales.orders")).Count);
    }

    [Fact]
    public async Task Refusals_BeforeAnythingChanges()
    {
        await using Sim s = await SeededAsync();
        async Task<ErrorKind> Kind(TableSwapRequest r) => (await Assert.ThrowsAsync<StarRocksBackupException>(() => s.Client.TableSwaps.PlanAsync(r))).Kind;
        Assert.Equal(ErrorKind.TableNotFound, await Kind(new TableSwapRequest { Database = "sales", Table = "orders", With = "nosuch" }));
        Assert.Equal(ErrorKind.TableNotFound, await Kind(new TableSwapRequest { Database = "sales", Table = "nosuch", With = "orders" }));
        Assert.Equal(ErrorKind.DatabaseNotFound, await Kind(new TableSwapRequest { Database = "nodb", Table = "orders", With = "orders_new" }));
        Assert.Equal(ErrorKind.InvalidArgument, await Kind(new TableSwapRequest { Database = "sales", Table = "orders", With = "orders" }));
        Assert.Equal(ErrorKind.InvalidArgument, await Kind(new TableSwapRequest { Database = "sales", Table = "orders", With = "orders_new", ReplacedName = "dim" }));
        Assert.Equal(3, (await s.RowsAsync("SELECT id FROM sales.orders")).Count);
    }
}
