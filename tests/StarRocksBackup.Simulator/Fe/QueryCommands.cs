using System.Globalization;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>SHOW DATABASES / TABLES / PARTITIONS and SELECT (verification queries, information_schema.partitions_meta).</summary>
public sealed partial class QueryCommands
{
    private static readonly string[] VirtualDatabases = { "_statistics_", "information_schema" };
    private readonly FeContext _ctx;
    private readonly CatalogCommands _catalog;

    public QueryCommands(FeContext ctx, CatalogCommands catalog)
    {
        _ctx = ctx;
        _catalog = catalog;
    }

    public static bool IsVirtualDatabase(string name) => VirtualDatabases.Contains(name, StringComparer.OrdinalIgnoreCase);

    public QueryResult ShowDatabases(ShowDatabasesStmt s)
    {
        lock (_ctx.Catalog.Gate)
        {
            var names = VirtualDatabases.Concat(_ctx.Catalog.Databases.Select(d => d.Name)).OrderBy(n => n, StringComparer.Ordinal)
                .Where(n => s.Like is null || SqlFilter.Like(n, s.Like, ignoreCase: false))
                .Where(n => SqlFilter.Matches(s.Where, col => col.Equals("Database", StringComparison.OrdinalIgnoreCase) ? (n, new SqlType("VARCHAR")) : null));
            return ResultSetResult.Strings(new[] { "Database" }, names.Select(n => new object?[] { n }));
        }
    }

    public QueryResult ShowTables(ClientSession session, ShowTablesStmt s)
    {
        lock (_ctx.Catalog.Gate)
        {
            string name = s.Database ?? session.Database ?? throw FeException.Analysis(Messages.NoDatabaseSelected());
            string[] cols = s.Full ? new[] { "Tables_in_" + name, "Table_type" } : new[] { "Tables_in_" + name };
            if (IsVirtualDatabase(name)) return ResultSetResult.Strings(cols, Array.Empty<object?[]>());
            Database db = _catalog.ResolveDb(session, name);
            // SHOW FULL TABLES adds Table_type: Table.getMysqlType() is VIEW for views and materialized views, BASE TABLE otherwise.
            var names = db.Tables.Select(t => (t.Name, Type: "BASE TABLE")).Concat(db.Views.Select(v => (v.Name, Type: "VIEW")))
                .OrderBy(n => n.Name, StringComparer.Ordinal);
            return ResultSetResult.Strings(cols, names.Select(n => s.Full ? new object?[] { n.Name, n.Type } : new object?[] { n.Name }));
        }
    }

    /// <summary>SHOW PARTITIONS: PartitionsProcDir titles of the simulated release (ShowColumns), the cloud-native list in shared-data mode.</summary>
    public QueryResult ShowPartitions(ClientSession session, ShowPartitionsStmt s)
    {
        lock (_ctx.Catalog.Gate)
        {
            OlapTable t = _catalog.ResolveTable(session, s.Table);
            var inv = CultureInfo.InvariantCulture;
            string dist = t.DistributionColumns.Count == 0 ? "ALL KEY" : string.Join(", ", t.DistributionColumns);
            string[] titles = ShowColumns.Partitions(_ctx.Version, _ctx.SharedData);
            var rows = new List<object?[]>();
            foreach (Partition p in SortedPartitions(t))
            {
                var v = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["PartitionId"] = p.Id.ToString(inv), ["PartitionName"] = p.Name, ["CompactVersion"] = "0", ["VisibleVersion"] = p.VisibleVersion.ToString(inv),
                    ["VisibleVersionTime"] = _ctx.FormatTime(p.VisibleVersionTimeMs), ["VisibleVersionHash"] = "0", ["NextVersion"] = (p.VisibleVersion + 1).ToString(inv),
                    ["State"] = "NORMAL", ["PartitionKey"] = t.PartitionColumn ?? string.Empty, ["Range"] = RangeText(t, p), ["List"] = RangeText(t, p),
                    ["DistributionKey"] = dist, ["Buckets"] = t.Buckets.ToString(inv), ["ReplicationNum"] = t.ReplicationNum.ToString(inv), ["StorageMedium"] = "HDD",
                    ["CooldownTime"] = "9999-12-31 23:59:59", ["LastConsistencyCheckTime"] = null, ["DataSize"] = FormatSize(p.DataSize),
                    ["StorageSize"] = p.DataSize.ToString(inv), ["IsInMemory"] = "false", ["RowCount"] = p.RowCount.ToString(inv),
                    ["DataVersion"] = p.VisibleVersion.ToString(inv), ["VersionEpoch"] = "0", ["VersionTxnType"] = "TXN_NORMAL", ["TabletBalanced"] = "true",
                    ["EnableDataCache"] = "true", ["AsyncWrite"] = "false", ["AvgCS"] = "0.00", ["P50CS"] = "0.00", ["MaxCS"] = "0.00", ["MetaSwitchVersion"] = "0",
                    ["EnableStorageCache"] = "true", ["StorageCacheTtlSecond"] = "0", ["AllowAsyncWriteBack"] = "false",
                };
                rows.Add(titles.Select(c => v[c]).ToArray());
            }

            return ResultSetResult.Strings(titles, rows);
        }
    }

    /// <summary>A table's partitions in range order (each bound parsed once, not on every comparison).</summary>
    private static IEnumerable<Partition> SortedPartitions(OlapTable t)
    {
        if (t.PartitionColumn is null) return t.Partitions;
        SqlType type = t.FindColumn(t.PartitionColumn)!.Type;
        return t.Partitions.OrderBy(p => ValueCodec.Key(type, p.Lower));
    }

    /// <summary>Range.toString of PartitionKey: "[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )".</summary>
    private static string RangeText(OlapTable t, Partition p)
    {
        if (t.PartitionColumn is null) return string.Empty;
        SqlType type = t.FindColumn(t.PartitionColumn)!.Type;
        return RangeText(type, p);
    }

    /// <summary><see cref="RangeText(OlapTable, Partition)"/> for a partition column of <paramref name="type"/> (cached on the partition).</summary>
    private static string RangeText(SqlType type, Partition p)
    {
        string typeName = RangeTypeName(type);
        if (p.CachedRangeText(typeName) is { } cached) return cached;
        string Key(string v) => $"types: [{typeName}]; keys: [{v}]; ";
        return p.CacheRangeText(typeName, $"[{Key(p.Lower ?? MinValue(type))}..{Key(p.Upper ?? MaxValue(type))})");
    }

    private static string RangeTypeName(SqlType type) => type.Name is "VARCHAR" or "CHAR" ? "VARCHAR" : type.Name;

    private static string MinValue(SqlType type) => type.Name switch
    {
        "TINYINT" => "-128",
        "SMALLINT" => "-32768",
        "INT" => "-2147483648",
        "BIGINT" => "-9223372036854775808",
        "DATE" => "0000-01-01",
        "DATETIME" => "0000-01-01 00:00:00",
        _ => string.Empty,
    };

    private static string MaxValue(SqlType type) => type.Name switch
    {
        "TINYINT" => "127",
        "SMALLINT" => "32767",
        "INT" => "2147483647",
        "BIGINT" => "9223372036854775807",
        "DATE" => "9999-12-31",
        "DATETIME" => "9999-12-31 23:59:59",
        _ => "MAXVALUE",
    };

    /// <summary>Human-readable size, ByteSizeValue style (exact StarRocks format unverified: facts §10).</summary>
    public static string FormatSize(long bytes)
    {
        string[] units = { "B", "KB", "MB", "GB", "TB" };
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }

        return u == 0 ? $"{bytes}B" : v.ToString("0.000", CultureInfo.InvariantCulture) + units[u];
    }
}
