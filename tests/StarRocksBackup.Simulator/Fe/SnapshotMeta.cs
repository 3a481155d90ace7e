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

    public TableMeta? FindTable(string name) => Tables.FirstOrDefault(t => t.Name == name);

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static SnapshotMeta Deserialize(byte[] content) =>
        JsonSerializer.Deserialize<SnapshotMeta>(content) ?? throw new InvalidDataException("empty meta");
}
