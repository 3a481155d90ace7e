using System.Text.Json;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// The __meta.&lt;md5&gt; file: the backed-up tables' schemas. Real StarRocks writes a Java binary (DataOutput)
/// serialisation of BackupMeta; the simulator writes its own JSON so a restore (on any simulator
/// instance) can recreate tables, partitions and ranges.
/// </summary>
public sealed class SnapshotMeta
{
    public List<TableMeta> Tables { get; set; } = new();

    public sealed class ColumnMeta
    {
        public string Name { get; set; } = string.Empty;

        public string Type { get; set; } = string.Empty;

        public int? Length { get; set; }

        public int? Precision { get; set; }

        public int? Scale { get; set; }

        public bool Nullable { get; set; }

        public bool IsKey { get; set; }

        public string? Default { get; set; }

        public Column ToColumn() => new(Name, new SqlType(Type, Length, Precision, Scale), Nullable, IsKey, Default);

        public static ColumnMeta From(Column c) => new()
        {
            Name = c.Name, Type = c.Type.Name, Length = c.Type.Length, Precision = c.Type.Precision, Scale = c.Type.Scale,
            Nullable = c.Nullable, IsKey = c.IsKey, Default = c.Default,
        };
    }

    public sealed class PartitionMeta
    {
        public string Name { get; set; } = string.Empty;

        public long Id { get; set; }

        public string? Lower { get; set; }

        public string? Upper { get; set; }
    }

    public sealed class TableMeta
    {
        public string Name { get; set; } = string.Empty;

        public long Id { get; set; }

        public string KeyType { get; set; } = "DUPLICATE";

        public List<string> KeyColumns { get; set; } = new();

        public List<ColumnMeta> Columns { get; set; } = new();

        public string? PartitionColumn { get; set; }

        public List<PartitionMeta> Partitions { get; set; } = new();

        public List<string> DistributionColumns { get; set; } = new();

        public int Buckets { get; set; }

        public int ReplicationNum { get; set; }

        public long IndexId { get; set; }

        public int SchemaHash { get; set; }

        public Dictionary<string, string> Properties { get; set; } = new();

        public static TableMeta From(OlapTable t, IEnumerable<Partition> partitions) => new()
        {
            Name = t.Name, Id = t.Id, KeyType = t.KeyType, KeyColumns = t.KeyColumns.ToList(),
            Columns = t.Columns.Select(ColumnMeta.From).ToList(), PartitionColumn = t.PartitionColumn,
            Partitions = partitions.Select(p => new PartitionMeta { Name = p.Name, Id = p.Id, Lower = p.Lower, Upper = p.Upper }).ToList(),
            DistributionColumns = t.DistributionColumns.ToList(), Buckets = t.Buckets, ReplicationNum = t.ReplicationNum,
            IndexId = t.IndexId, SchemaHash = t.SchemaHash, Properties = new Dictionary<string, string>(t.Properties),
        };
    }

    /// <summary>Views and asynchronous MVs (definitions), 3.4+.</summary>
    public List<ViewMeta> Views { get; set; } = new();

    /// <summary>User-defined functions, 3.4+.</summary>
    public List<FunctionMeta> Functions { get; set; } = new();

    /// <summary>External catalog definitions (catalog snapshots), 3.4+.</summary>
    public List<CatalogMeta> Catalogs { get; set; } = new();

    public sealed class ViewMeta
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string Definition { get; set; } = string.Empty;

        public bool IsMaterialized { get; set; }

        public string? Refresh { get; set; }

        public List<string> BaseTables { get; set; } = new();

        public Dictionary<string, string> Properties { get; set; } = new();

        public static ViewMeta From(ViewDef v) => new()
        {
            Id = v.Id, Name = v.Name, Definition = v.Definition, IsMaterialized = v.IsMaterialized, Refresh = v.Refresh,
            BaseTables = v.BaseTables.ToList(), Properties = new Dictionary<string, string>(v.Properties),
        };
    }

    public sealed class FunctionMeta
    {
        public string Name { get; set; } = string.Empty;

        public List<string> ArgTypes { get; set; } = new();

        public string ReturnType { get; set; } = string.Empty;

        public string Kind { get; set; } = "SCALAR";

        public Dictionary<string, string> Properties { get; set; } = new();

        public string Signature => $"{Name}({string.Join(", ", ArgTypes)})";

        public static FunctionMeta From(FunctionDef f) => new()
        {
            Name = f.Name, ArgTypes = f.ArgTypes.ToList(), ReturnType = f.ReturnType, Kind = f.Kind, Properties = new Dictionary<string, string>(f.Properties),
        };
    }

    public sealed class CatalogMeta
    {
        public string Name { get; set; } = string.Empty;

        public string Type { get; set; } = string.Empty;

        public string Comment { get; set; } = string.Empty;

        public Dictionary<string, string> Properties { get; set; } = new();

        public static CatalogMeta From(ExternalCatalogDef c) => new()
        {
            Name = c.Name, Type = c.Type, Comment = c.Comment, Properties = new Dictionary<string, string>(c.Properties),
        };
    }

    public TableMeta? FindTable(string name) => Tables.FirstOrDefault(t => t.Name == name);

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static SnapshotMeta Deserialize(byte[] content) =>
        JsonSerializer.Deserialize<SnapshotMeta>(content) ?? throw new InvalidDataException("empty meta");
}
