using StarRocksBackup.Simulator.Storage;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>A column of an OLAP table.</summary>
public sealed record Column(string Name, SqlType Type, bool Nullable, bool IsKey, string? Default)
{
    /// <summary>A text form used for schema comparison and in "column: ... is different" messages.</summary>
    public string Describe() => $"{Name} {Type}{(Nullable ? " NULL" : " NOT NULL")}{(IsKey ? " KEY" : string.Empty)}";
}

/// <summary>A tablet: a hash bucket of one partition; it holds its rows (cells in canonical text, null = NULL).</summary>
public sealed class Tablet
{
    public Tablet(long id) => Id = id;

    public long Id { get; }

    public List<string?[]> Rows { get; } = new();
}

/// <summary>A (physical) partition. Range bounds are canonical values; null lower = MIN, null upper = MAXVALUE.</summary>
public sealed class Partition
{
    public Partition(long id, string name, string? lower, string? upper)
    {
        Id = id;
        Name = name;
        Lower = lower;
        Upper = upper;
    }

    public long Id { get; set; }

    /// <summary>Settable: renaming an unpartitioned table renames its single partition (OlapTable.setName).</summary>
    public string Name { get; set; }

    public string? Lower { get; }

    public string? Upper { get; }

    /// <summary>StarRocks starts a partition at visible version 1 and adds one per committed load.</summary>
    public long VisibleVersion { get; set; } = 1;

    public long VisibleVersionTimeMs { get; set; }

    public List<Tablet> Tablets { get; } = new();

    public long RowCount
    {
        get
        {
            long n = 0;
            foreach (Tablet t in Tablets) n += t.Rows.Count;
            return n;
        }
    }

    /// <summary>Bytes of the rows in the simulator's tablet file format (our stand-in for segment size).</summary>
    public long DataSize
    {
        get
        {
            long n = 0;
            foreach (Tablet t in Tablets)
            {
                foreach (string?[] r in t.Rows) n += TabletDataFormat.RowBytes(r);
            }

            return n;
        }
    }

    // Texts a partitions_meta / SHOW PARTITIONS answer repeats for every partition, cached with the value they were
    // made from (an FE answers these from memory; a 100,000-partition answer should not format them every time).
    private (long Value, string Text) _idText, _versionText, _nextVersionText;
    private (long Value, TimeZoneInfo Zone, string? Text)? _timeText;
    private (string TypeName, string Text)? _rangeText;

    public string IdText => Cached(ref _idText, Id);

    public string VisibleVersionText => Cached(ref _versionText, VisibleVersion);

    public string NextVersionText => Cached(ref _nextVersionText, VisibleVersion + 1);

    /// <summary>The visible version time as <paramref name="format"/> renders it in <paramref name="zone"/> (null for an unset time).</summary>
    public string? VisibleVersionTimeText(TimeZoneInfo zone, Func<long, string?> format)
    {
        if (_timeText is not { } c || c.Value != VisibleVersionTimeMs || !ReferenceEquals(c.Zone, zone))
        {
            c = (VisibleVersionTimeMs, zone, format(VisibleVersionTimeMs));
            _timeText = c;
        }

        return c.Text;
    }

    /// <summary>The cached Range.toString of the partition's keys for a partition column of <paramref name="typeName"/>, or null.</summary>
    public string? CachedRangeText(string typeName) =>
        _rangeText is { } c && string.Equals(c.TypeName, typeName, StringComparison.Ordinal) ? c.Text : null;

    public string CacheRangeText(string typeName, string text)
    {
        _rangeText = (typeName, text);
        return text;
    }

    private static string Cached(ref (long Value, string Text) slot, long value)
    {
        if (slot.Text is null || slot.Value != value) slot = (value, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return slot.Text;
    }
}

/// <summary>An OLAP table (shared-nothing) with one base index.</summary>
public sealed class OlapTable
{
    public required long Id { get; set; }

    public required string Name { get; set; }

    public required List<Column> Columns { get; init; }

    public required string KeyType { get; init; }

    public required List<string> KeyColumns { get; init; }

    /// <summary>Range partition column, or null for an unpartitioned table (one partition named like the table).</summary>
    public string? PartitionColumn { get; init; }

    public List<Partition> Partitions { get; } = new();

    public required List<string> DistributionColumns { get; init; }

    public required int Buckets { get; init; }

    public required int ReplicationNum { get; init; }

    public required long IndexId { get; set; }

    public required int SchemaHash { get; init; }

    public long CreateTimeMs { get; init; }

    /// <summary>NORMAL, or RESTORE while a restore job owns the table (facts §3.2).</summary>
    public string State { get; set; } = "NORMAL";

    public Dictionary<string, string> Properties { get; init; } = new();

    public Column? FindColumn(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public Partition? FindPartition(string name) => Partitions.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public int ColumnIndex(string name) => Columns.FindIndex(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A database: tables by name (case-sensitive, lower_case_table_names = 0), kept in creation order.</summary>
public sealed class Database
{
    public Database(long id, string name)
    {
        Id = id;
        Name = name;
    }

    public long Id { get; }

    public string Name { get; }

    public List<OlapTable> Tables { get; } = new();

    /// <summary>Logical views and asynchronous materialized views (they share the table namespace).</summary>
    public List<ViewDef> Views { get; } = new();

    public List<FunctionDef> Functions { get; } = new();

    public OlapTable? FindTable(string name) => Tables.FirstOrDefault(t => t.Name == name);

    public ViewDef? FindView(string name) => Views.FirstOrDefault(v => v.Name == name);

    /// <summary>True when a table, view or MV already uses the name.</summary>
    public bool NameTaken(string name) => FindTable(name) is not null || FindView(name) is not null;

    /// <summary>BACKUP matches table names case-insensitively (facts §1.8).</summary>
    public OlapTable? FindTableIgnoreCase(string name) =>
        FindTable(name) ?? Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A logical view or an asynchronous materialized view: its name, its query text and what it reads.</summary>
public sealed class ViewDef
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The query after AS, as written (SHOW CREATE VIEW and the snapshot meta carry it).</summary>
    public required string Definition { get; init; }

    public required bool IsMaterialized { get; init; }

    /// <summary>Tables (or views) the query reads, as [db.]name.</summary>
    public required List<string> BaseTables { get; init; }

    /// <summary>REFRESH clause of an MV as written (e.g. "ASYNC", "MANUAL"); null for views.</summary>
    public string? Refresh { get; init; }

    /// <summary>false when a base table is missing (StarRocks marks such an MV inactive).</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>Why an MV is inactive (SHOW MATERIALIZED VIEWS inactive_reason).</summary>
    public string InactiveReason { get; set; } = string.Empty;

    public Dictionary<string, string> Properties { get; init; } = new();
}

/// <summary>A user-defined function of a database (Java UDF definition; the jar itself is not simulated).</summary>
public sealed class FunctionDef
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required List<string> ArgTypes { get; init; }

    public required string ReturnType { get; init; }

    /// <summary>SCALAR, AGGREGATE or TABLE.</summary>
    public string Kind { get; init; } = "SCALAR";

    public Dictionary<string, string> Properties { get; init; } = new();

    /// <summary>name(type, type): how SHOW FUNCTIONS and DROP FUNCTION name a function.</summary>
    public string Signature => $"{Name}({string.Join(", ", ArgTypes)})";
}

/// <summary>An external catalog definition (JDBC, Hive, ...): name, type, properties; no data.</summary>
public sealed class ExternalCatalogDef
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required string Type { get; init; }

    public string Comment { get; init; } = string.Empty;

    public Dictionary<string, string> Properties { get; init; } = new();
}
