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

    private static readonly string[] PartitionTitles =
    {
        "PartitionId", "PartitionName", "VisibleVersion", "VisibleVersionTime", "VisibleVersionHash", "State", "PartitionKey", "Range",
        "DistributionKey", "Buckets", "ReplicationNum", "StorageMedium", "CooldownTime", "LastConsistencyCheckTime", "DataSize", "IsInMemory", "RowCount",
    };

    private static readonly string[] CloudPartitionTitles =
    {
        "PartitionId", "PartitionName", "CompactVersion", "VisibleVersion", "NextVersion", "State", "PartitionKey", "Range", "DistributionKey",
        "Buckets", "DataSize", "RowCount", "EnableDataCache", "AsyncWrite", "AvgCS", "P50CS", "MaxCS",
    };

    /// <summary>SHOW PARTITIONS (PartitionsProcDir titles; the cloud-native list in shared-data mode).</summary>
    public QueryResult ShowPartitions(ClientSession session, ShowPartitionsStmt s)
    {
        lock (_ctx.Catalog.Gate)
        {
            OlapTable t = _catalog.ResolveTable(session, s.Table);
            var inv = CultureInfo.InvariantCulture;
            string dist = t.DistributionColumns.Count == 0 ? "ALL KEY" : string.Join(", ", t.DistributionColumns);
            var rows = new List<object?[]>();
            foreach (Partition p in SortedPartitions(t))
            {
                if (_ctx.SharedData)
                {
                    rows.Add(new object?[]
                    {
                        p.Id.ToString(inv), p.Name, "0", p.VisibleVersion.ToString(inv), (p.VisibleVersion + 1).ToString(inv), "NORMAL",
                        t.PartitionColumn ?? string.Empty, RangeText(t, p), dist, t.Buckets.ToString(inv), FormatSize(p.DataSize),
                        p.RowCount.ToString(inv), "true", "false", "0.00", "0.00", "0.00",
                    });
                    continue;
                }

                rows.Add(new object?[]
                {
                    p.Id.ToString(inv), p.Name, p.VisibleVersion.ToString(inv), _ctx.FormatTime(p.VisibleVersionTimeMs), "0", "NORMAL",
                    t.PartitionColumn ?? string.Empty, RangeText(t, p), dist, t.Buckets.ToString(inv), t.ReplicationNum.ToString(inv), "HDD",
                    "9999-12-31 23:59:59", null, FormatSize(p.DataSize), "false", p.RowCount.ToString(inv),
                });
            }

            return ResultSetResult.Strings(_ctx.SharedData ? CloudPartitionTitles : PartitionTitles, rows);
        }
    }

    private static IEnumerable<Partition> SortedPartitions(OlapTable t)
    {
        if (t.PartitionColumn is null) return t.Partitions;
        SqlType type = t.FindColumn(t.PartitionColumn)!.Type;
        return t.Partitions.OrderBy(p => p.Lower, Comparer<string?>.Create((a, b) => ValueCodec.Compare(type, a, b)));
    }

    /// <summary>Range.toString of PartitionKey: "[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )".</summary>
    private static string RangeText(OlapTable t, Partition p)
    {
        if (t.PartitionColumn is null) return string.Empty;
        SqlType type = t.FindColumn(t.PartitionColumn)!.Type;
        string typeName = type.Name is "VARCHAR" or "CHAR" ? "VARCHAR" : type.Name;
        string Key(string v) => $"types: [{typeName}]; keys: [{v}]; ";
        return $"[{Key(p.Lower ?? MinValue(type))}..{Key(p.Upper ?? MaxValue(type))})";
    }

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
