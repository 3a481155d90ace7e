using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// The FE's metadata: databases, tables, partitions, tablets and their rows, plus the id generator.
/// Every read or write of catalog state happens under <see cref="Gate"/> (one lock, like a global db lock;
/// object-storage I/O never runs while holding it).
/// </summary>
public sealed class Catalog
{
    private long _nextId = 10000;

    public object Gate { get; } = new();

    public List<Database> Databases { get; } = new();

    /// <summary>External catalogs (CREATE EXTERNAL CATALOG); default_catalog is implicit.</summary>
    public List<ExternalCatalogDef> ExternalCatalogs { get; } = new();

    /// <summary>StarRocks-style numeric ids shared by databases, tables, indexes, partitions, tablets and jobs.</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    public Database? FindDb(string name) => Databases.FirstOrDefault(d => d.Name == name);

    public Database? FindDb(long id) => Databases.FirstOrDefault(d => d.Id == id);

    public Database CreateDatabase(string name)
    {
        var db = new Database(NextId(), name);
        Databases.Add(db);
        return db;
    }

    /// <summary>Builds a table from its definition (validates columns, keys, partitions, distribution).</summary>
    public OlapTable BuildTable(CreateTableStmt stmt, int defaultReplicationNum, long nowMs)
    {
        var columns = new List<Column>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        List<string> keyCols = stmt.KeyColumns.Count > 0 ? stmt.KeyColumns.ToList() : new List<string> { stmt.Columns[0].Name };
        foreach (string k in keyCols)
        {
            if (!stmt.Columns.Any(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase))) throw FeException.Analysis(Messages.KeyColumnMissing(k));
        }

        foreach (ColumnSpec c in stmt.Columns)
        {
            if (!names.Add(c.Name)) throw FeException.Analysis(Messages.DuplicateColumn(c.Name));
            bool isKey = keyCols.Contains(c.Name, StringComparer.OrdinalIgnoreCase);
            string? def = null;
            if (c.Default == ColumnSpec.CurrentTimestamp)
            {
                if (c.Type.Name != "DATETIME") throw FeException.Analysis(Messages.DefaultNowType(c.Type.ToString()));
                def = c.Default;
            }
            else if (c.Default is not null)
            {
                if (!ValueCodec.TryCanonical(c.Type, c.Default, out string cd)) throw FeException.Analysis(Messages.BadValue(c.Default, c.Type.ToString()));
                def = cd;
            }

            // PRIMARY KEY columns are NOT NULL in StarRocks.
            columns.Add(new Column(c.Name, c.Type, c.Nullable && !(isKey && stmt.KeyType == "PRIMARY"), isKey, def));
        }

        List<string> dist = stmt.DistributionColumns.ToList();
        foreach (string d in dist)
        {
            if (!names.Contains(d)) throw FeException.Analysis(Messages.UnknownColumn(d));
        }

        int replication = defaultReplicationNum;
        string? rn = stmt.Properties.Get("replication_num") ?? stmt.Properties.Get("default.replication_num");
        if (rn is not null && (!int.TryParse(rn, out replication) || replication <= 0))
        {
            throw FeException.Analysis(Messages.BadReplicationNum());
        }

        var table = new OlapTable
        {
            Id = NextId(),
            Name = stmt.Table.Name,
            Columns = columns,
            KeyType = stmt.KeyType,
            KeyColumns = keyCols,
            PartitionColumn = stmt.PartitionColumn,
            DistributionColumns = dist,
            Buckets = stmt.Buckets > 0 ? stmt.Buckets : 1,
            ReplicationNum = replication,
            IndexId = NextId(),
            SchemaHash = (int)(ValueCodec.StableHash(columns.Select(c => c.Describe())) & 0x7fffffff),
            CreateTimeMs = nowMs,
            Properties = stmt.Properties.Items.ToDictionary(kv => kv.Key, kv => kv.Value),
        };

        if (stmt.PartitionColumn is null)
        {
            AddPartition(table, table.Name, null, null, nowMs);
            return table;
        }

        Column pcol = table.FindColumn(stmt.PartitionColumn) ?? throw FeException.Analysis(Messages.UnknownPartitionColumn(stmt.PartitionColumn));
        string? previousUpper = null;
        foreach (RangePartitionSpec spec in stmt.Partitions)
        {
            if (table.FindPartition(spec.Name) is not null) throw FeException.Analysis(Messages.DuplicatePartition(spec.Name));
            string? lower = spec.IsFixed ? Canon(pcol, spec.Lower!) : previousUpper;
            string? upper = spec.Upper is null ? null : Canon(pcol, spec.Upper);
            if (lower is not null && upper is not null && ValueCodec.Compare(pcol.Type, lower, upper) >= 0)
            {
                throw FeException.Analysis(Messages.InvalidRange(lower, upper));
            }

            if (table.Partitions.Any(p => Overlaps(pcol.Type, p.Lower, p.Upper, lower, upper))) throw FeException.Analysis(Messages.RangeOverlap(spec.Name));
            AddPartition(table, spec.Name, lower, upper, nowMs);
            previousUpper = upper;
        }

        return table;
    }

    private static string Canon(Column col, string value) =>
        ValueCodec.TryCanonical(col.Type, value, out string c) ? c : throw FeException.Analysis(Messages.BadValue(value, col.Type.ToString()));

    /// <summary>Adds a partition with fresh ids and <see cref="OlapTable.Buckets"/> empty tablets.</summary>
    public Partition AddPartition(OlapTable table, string name, string? lower, string? upper, long nowMs)
    {
        var p = new Partition(NextId(), name, lower, upper) { VisibleVersionTimeMs = nowMs };
        for (int i = 0; i < table.Buckets; i++) p.Tablets.Add(new Tablet(NextId()));
        table.Partitions.Add(p);
        return p;
    }

    /// <summary>Two half-open ranges [l1,u1) and [l2,u2) intersect (null lower = MIN, null upper = MAX).</summary>
    public static bool Overlaps(SqlType type, string? l1, string? u1, string? l2, string? u2)
    {
        bool aBelowB = u1 is not null && (l2 is null ? false : ValueCodec.Compare(type, u1, l2) <= 0);
        bool bBelowA = u2 is not null && (l1 is null ? false : ValueCodec.Compare(type, u2, l1) <= 0);
        return !aBelowB && !bBelowA;
    }

    /// <summary>The range partition holding <paramref name="value"/>, or null (StarRocks then filters the row).</summary>
    public static Partition? Route(OlapTable table, string?[] row)
    {
        if (table.PartitionColumn is null) return table.Partitions.FirstOrDefault();
        int idx = table.ColumnIndex(table.PartitionColumn);
        string? v = row[idx];
        SqlType type = table.Columns[idx].Type;
        return table.Partitions.FirstOrDefault(p =>
            (p.Lower is null || (v is not null && ValueCodec.Compare(type, v, p.Lower) >= 0)) &&
            (p.Upper is null || ValueCodec.Compare(type, v, p.Upper) < 0));
    }

    /// <summary>The tablet of a partition a row hashes to (by the distribution columns; all columns if none).</summary>
    public static Tablet TabletFor(OlapTable table, Partition partition, string?[] row)
    {
        IEnumerable<string?> keys = table.DistributionColumns.Count == 0
            ? row
            : table.DistributionColumns.Select(c => row[table.ColumnIndex(c)]);
        uint h = ValueCodec.StableHash(keys);
        return partition.Tablets[(int)(h % (uint)partition.Tablets.Count)];
    }
}
