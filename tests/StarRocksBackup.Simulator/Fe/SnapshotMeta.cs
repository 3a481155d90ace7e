using System.Text.Json;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// The __meta.&lt;md5&gt; file. StarRocks writes BackupMeta with <c>Text.writeString</c> of its GSON JSON: a 4-byte
/// big-endian length, then <c>{"tblNameMap": {name: {"clazz": "OlapTable"|"MaterializedView"|"View", "id", "name",
/// "type"}}, "functions": [{"clazz": "ScalarFunction"|…, "name": {"db", "fn"}, "argTypes", "retType"}], "catalogs":
/// [{"id", "name", "comment", "config"}]}</c> (docs/starrocks-columns.md). The simulator writes that envelope, so a
/// reader of real snapshots reads the simulator's too, and keeps what its own restore needs (schemas, partitions,
/// ranges, view definitions) under an extra <c>"simulator"</c> key that GSON would ignore.
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

    public byte[] Serialize()
    {
        var tables = new System.Text.Json.Nodes.JsonObject();
        foreach (TableMeta t in Tables)
        {
            tables[t.Name] = new System.Text.Json.Nodes.JsonObject { ["clazz"] = "OlapTable", ["id"] = t.Id, ["name"] = t.Name, ["type"] = "OLAP" };
        }

        foreach (ViewMeta v in Views)
        {
            // An async MV is an OlapTable in the info file but a MaterializedView here (its one entry in tblNameMap).
            tables[v.Name] = new System.Text.Json.Nodes.JsonObject
            {
                ["clazz"] = v.IsMaterialized ? "MaterializedView" : "View", ["id"] = v.Id, ["name"] = v.Name, ["type"] = v.IsMaterialized ? "MATERIALIZED_VIEW" : "VIEW",
            };
        }

        var functions = new System.Text.Json.Nodes.JsonArray();
        foreach (FunctionMeta f in Functions)
        {
            var args = new System.Text.Json.Nodes.JsonArray();
            foreach (string a in f.ArgTypes) args.Add(new System.Text.Json.Nodes.JsonObject { ["clazz"] = "ScalarType", ["type"] = a });
            functions.Add(new System.Text.Json.Nodes.JsonObject
            {
                ["clazz"] = f.Kind.ToUpperInvariant() switch { "AGGREGATE" => "AggregateFunction", "TABLE" => "TableFunction", _ => "ScalarFunction" },
                ["name"] = new System.Text.Json.Nodes.JsonObject { ["fn"] = f.Name },
                ["argTypes"] = args,
                ["retType"] = new System.Text.Json.Nodes.JsonObject { ["clazz"] = "ScalarType", ["type"] = f.ReturnType },
            });
        }

        var catalogs = new System.Text.Json.Nodes.JsonArray();
        long catalogId = 1;
        foreach (CatalogMeta c in Catalogs)
        {
            var config = new System.Text.Json.Nodes.JsonObject { ["type"] = c.Type };
            foreach (KeyValuePair<string, string> kv in c.Properties) config[kv.Key] = kv.Value;
            catalogs.Add(new System.Text.Json.Nodes.JsonObject { ["id"] = catalogId++, ["name"] = c.Name, ["comment"] = c.Comment, ["config"] = config });
        }

        var root = new System.Text.Json.Nodes.JsonObject
        {
            ["tblNameMap"] = tables, ["functions"] = functions, ["catalogs"] = catalogs,
            ["simulator"] = JsonSerializer.SerializeToNode(this),
        };
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(root);
        var framed = new byte[json.Length + 4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(framed, json.Length);
        json.CopyTo(framed, 4);
        return framed;
    }

    public static SnapshotMeta Deserialize(byte[] content)
    {
        // Text.writeString framing (4-byte big-endian length), or a bare JSON object from older simulator snapshots.
        ReadOnlySpan<byte> json = content;
        if (content.Length >= 4 && content[0] != (byte)'{' && System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(content) == content.Length - 4)
        {
            json = content.AsSpan(4);
        }

        using JsonDocument doc = JsonDocument.Parse(json.ToArray());
        JsonElement body = doc.RootElement.TryGetProperty("simulator", out JsonElement sim) ? sim : doc.RootElement;
        return body.Deserialize<SnapshotMeta>() ?? throw new InvalidDataException("empty meta");
    }
}
