using StarRocksBackup.Core.Swap;
using Xunit;

namespace StarRocksBackup.Core.Tests.Swap;

/// <summary>SHOW CREATE TABLE parsing and the schema comparison a swap relies on (pure).</summary>
public sealed class TableSchemaTests
{
    private const string Orders =
        "CREATE TABLE `orders` (\n" +
        "  `id` bigint(20) NOT NULL COMMENT \"order id\",\n" +
        "  `dt` date NULL COMMENT \"\",\n" +
        "  `amount` decimal(10, 2) SUM NULL DEFAULT \"0\" COMMENT \"\",\n" +
        "  `tags` array<varchar(10)> NULL COMMENT \"\",\n" +
        "  INDEX idx_dt (`dt`) USING BITMAP COMMENT 'x'\n" +
        ") ENGINE=OLAP \n" +
        "AGGREGATE KEY(`id`, `dt`)\n" +
        "COMMENT \"OLAP\"\n" +
        "PARTITION BY RANGE(`dt`)\n" +
        "(PARTITION p1 VALUES [(\"0000-01-01\"), (\"2024-02-01\")),\n" +
        "PARTITION p2 VALUES [(\"2024-02-01\"), (\"2024-03-01\")))\n" +
        "DISTRIBUTED BY HASH(`id`) BUCKETS 3 \n" +
        "PROPERTIES (\n\"replication_num\" = \"1\"\n);";

    [Fact]
    public void Parse_ReadsColumnsKeysPartitioningDistribution()
    {
        TableSchema s = TableSchema.Parse(Orders);
        Assert.Equal(new[] { "id", "dt", "amount", "tags" }, s.Columns.Select(c => c.Name));
        Assert.Equal(new[] { "bigint(20)", "date", "decimal(10,2)", "array<varchar(10)>" }, s.Columns.Select(c => c.Type));
        Assert.Equal(new[] { false, true, true, true }, s.Columns.Select(c => c.Nullable));
        Assert.Equal("SUM DEFAULT \"0\"", s.Columns[2].Attributes);
        Assert.Equal("AGGREGATE KEY(`id`,`dt`)", s.Key);
        Assert.Equal("PARTITION BY RANGE(`dt`)", s.PartitionBy);
        Assert.Equal("DISTRIBUTED BY HASH(`id`)", s.DistributedBy);
        Assert.Equal(3, s.Buckets);
        Assert.Single(s.Indexes);
    }

    [Fact]
    public void Compare_IgnoresPartitionListsCommentsBucketsAndSpacing()
    {
        string other = Orders.Replace("`orders`", "`orders_asof`").Replace("COMMENT \"order id\"", "COMMENT \"\"")
            .Replace(",\nPARTITION p2 VALUES [(\"2024-02-01\"), (\"2024-03-01\"))", string.Empty)
            .Replace("BUCKETS 3", "BUCKETS 5").Replace("decimal(10, 2)", "decimal(10,2)");
        Assert.Empty(TableSchema.Parse(Orders).Compare(TableSchema.Parse(other), "orders", "orders_asof"));
    }

    [Fact]
    public void Compare_ListsEveryDifference()
    {
        string other = Orders.Replace("`dt` date NULL", "`dt` datetime NOT NULL").Replace("  `tags` array<varchar(10)> NULL COMMENT \"\",\n", "  `extra` int(11) NULL COMMENT \"\",\n")
            .Replace("AGGREGATE KEY(`id`, `dt`)", "DUPLICATE KEY(`id`)").Replace("PARTITION BY RANGE(`dt`)", "PARTITION BY RANGE(`id`)")
            .Replace("HASH(`id`)", "HASH(`dt`)");
        IReadOnlyList<string> d = TableSchema.Parse(Orders).Compare(TableSchema.Parse(other), "t", "t2");
        Assert.Equal(new[]
        {
            "column 'tags' is in 't' but not in 't2'",
            "column 'extra' is in 't2' but not in 't'",
            "column 'dt': type date in 't', datetime in 't2'",
            "column 'dt': NULL in 't', NOT NULL in 't2'",
            "key: AGGREGATE KEY(`id`,`dt`) in 't', DUPLICATE KEY(`id`) in 't2'",
            "partitioning: PARTITION BY RANGE(`dt`) in 't', PARTITION BY RANGE(`id`) in 't2'",
            "distribution: DISTRIBUTED BY HASH(`id`) in 't', DISTRIBUTED BY HASH(`dt`) in 't2'",
        }, d);
    }

    [Fact]
    public void Compare_ColumnOrderMatters()
    {
        string a = "CREATE TABLE `a` (\n  `x` int(11) NULL,\n  `y` int(11) NULL\n) ENGINE=OLAP \nDUPLICATE KEY(`x`)\nDISTRIBUTED BY RANDOM BUCKETS 1 \nPROPERTIES (\n);";
        string b = a.Replace("  `x` int(11) NULL,\n  `y` int(11) NULL", "  `y` int(11) NULL,\n  `x` int(11) NULL");
        Assert.Equal(new[] { "column order: (x, y) in 'a', (y, x) in 'b'" }, TableSchema.Parse(a).Compare(TableSchema.Parse(b), "a", "b"));
    }

    [Fact]
    public void Parse_RefusesAView()
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => TableSchema.Parse("CREATE VIEW `v` AS SELECT 1"));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }
}
