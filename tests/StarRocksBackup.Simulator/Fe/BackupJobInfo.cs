using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// The __info_&lt;timestamp&gt; job-info JSON (StarRocks' BackupJobInfo, facts §5.3): which tables, partitions,
/// indexes and tablets a snapshot holds, with the file names (md5-suffixed) of each tablet.
/// </summary>
public sealed class BackupJobInfo
{
    // FeMetaVersion / StarRocksFEMetaVersion values written by 3.x (the facts file does not record them).
    public const int CurrentMetaVersion = 92;
    public const int CurrentStarRocksMetaVersion = 4;

    public required string Name { get; init; }

    public required string Database { get; init; }

    public required long DbId { get; init; }

    public required long BackupTimeMs { get; init; }

    public string BackupResult { get; init; } = "succeed";

    public int MetaVersion { get; init; } = CurrentMetaVersion;

    public int StarRocksMetaVersion { get; init; } = CurrentStarRocksMetaVersion;

    public List<TableInfo> Tables { get; init; } = new();

    // v3.4+ (BackupJobInfo.fromCatalog/toJson at tags 3.4.4 and main): a logical view is an entry of backup_objects with an
    // empty "partitions" object; an async MV is an OlapTable and is listed like a table (the simulator keeps no MV data, so
    // its one partition, named after the MV, has no indexes). Functions and external catalogs are not in the info file:
    // StarRocks keeps them only in the __meta file (BackupMeta "functions" / "catalogs"); the simulator's SnapshotMeta too.
    public List<string> Views { get; init; } = new();

    public List<string> MaterializedViews { get; init; } = new();

    /// <summary>Catalog ids of the views and MVs, written as their "id".</summary>
    public Dictionary<string, long> ObjectIds { get; init; } = new();

    /// <summary>Function signatures, e.g. "my_udf(INT)" (in memory only; not written to the info file).</summary>
    public List<string> Functions { get; init; } = new();

    /// <summary>External catalog names (in memory only; not written to the info file).</summary>
    public List<string> Catalogs { get; init; } = new();

    /// <summary>A snapshot of external catalogs (dbId -1) rather than of a database.</summary>
    public bool IsCatalogSnapshot => DbId == -1;

    /// <summary>Adds the views and MVs to backup_objects the way StarRocks lists them.</summary>
    private void AddViewEntries(JsonObject objects, bool verbose)
    {
        foreach (string v in Views)
        {
            var entry = new JsonObject();
            if (verbose) entry["id"] = ObjectIds.GetValueOrDefault(v);
            entry["partitions"] = new JsonObject();
            objects[v] = entry;
        }

        foreach (string mv in MaterializedViews)
        {
            long id = ObjectIds.GetValueOrDefault(mv);
            var part = verbose ? new JsonObject { ["id"] = id + 1, ["version"] = 1, ["version_hash"] = 0, ["indexes"] = new JsonObject() } : new JsonObject();
            var entry = new JsonObject();
            if (verbose) entry["id"] = id;
            entry["partitions"] = new JsonObject { [mv] = part };
            objects[mv] = entry;
        }
    }

    // v4.2
    public long? ClusterId { get; init; }

    public long? FinishTimeMs { get; init; }

    public string? Ttl { get; init; }

    public long? ExpireTimeMs { get; init; }

    public sealed record TabletInfo(long Id, List<string> Files);

    public sealed record IndexInfo(string Name, long Id, int SchemaHash, List<TabletInfo> Tablets);

    public sealed record PartitionInfo(string Name, long Id, long Version, List<IndexInfo> Indexes);

    public sealed record TableInfo(string Name, long Id, List<PartitionInfo> Partitions);

    public TableInfo? FindTable(string name) => Tables.FirstOrDefault(t => t.Name == name);

    public string ToJson()
    {
        var objects = new JsonObject();
        foreach (TableInfo t in Tables)
        {
            var parts = new JsonObject();
            foreach (PartitionInfo p in t.Partitions)
            {
                var idx = new JsonObject();
                foreach (IndexInfo i in p.Indexes)
                {
                    var tablets = new JsonObject();
                    foreach (TabletInfo tab in i.Tablets) tablets[tab.Id.ToString(CultureInfo.InvariantCulture)] = new JsonArray(tab.Files.Select(f => (JsonNode)f).ToArray());
                    idx[i.Name] = new JsonObject
                    {
                        ["id"] = i.Id,
                        ["schema_hash"] = i.SchemaHash,
                        ["tablets"] = tablets,
                        ["tablets_order"] = new JsonArray(i.Tablets.Select(x => (JsonNode)x.Id.ToString(CultureInfo.InvariantCulture)).ToArray()),
                    };
                }

                parts[p.Name] = new JsonObject { ["id"] = p.Id, ["version"] = p.Version, ["version_hash"] = 0, ["indexes"] = idx };
            }

            objects[t.Name] = new JsonObject { ["id"] = t.Id, ["partitions"] = parts };
        }

        AddViewEntries(objects, verbose: true);
        var root = new JsonObject
        {
            ["name"] = Name,
            ["database"] = Database,
            ["id"] = DbId,
            ["backup_time"] = BackupTimeMs,
            ["backup_objects"] = objects,
            ["backup_result"] = BackupResult,
            ["meta_version"] = MetaVersion,
            ["starrocks_meta_version"] = StarRocksMetaVersion,
        };
        if (ClusterId is not null) root["cluster_id"] = ClusterId;
        if (FinishTimeMs is not null) root["finish_time"] = FinishTimeMs;
        if (Ttl is not null) root["ttl"] = Ttl;
        if (ExpireTimeMs is not null) root["expire_time"] = ExpireTimeMs;
        return root.ToJsonString();
    }

    /// <summary>Parses an info file; tolerates missing meta versions and tablets_order (then ids sorted numerically).</summary>
    public static BackupJobInfo Parse(string json)
    {
        JsonObject root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("empty job info");
        var tables = new List<TableInfo>();
        var views = new List<string>();
        var mvs = new List<string>();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        if (root["backup_objects"] is JsonObject objs)
        {
            foreach ((string tname, JsonNode? tnode) in objs)
            {
                if (tnode?["partitions"] is JsonObject { Count: 0 })
                {
                    views.Add(tname); // a logical view: no partitions
                    ids[tname] = Long(tnode, "id");
                    continue;
                }

                if (tnode?["partitions"] is JsonObject mp && mp.All(kv => kv.Value?["indexes"] is JsonObject { Count: 0 }))
                {
                    mvs.Add(tname); // the simulator's data-less MV
                    ids[tname] = Long(tnode, "id");
                    continue;
                }

                var parts = new List<PartitionInfo>();
                if (tnode?["partitions"] is JsonObject pobj)
                {
                    foreach ((string pname, JsonNode? pnode) in pobj)
                    {
                        var indexes = new List<IndexInfo>();
                        if (pnode?["indexes"] is JsonObject iobj)
                        {
                            foreach ((string iname, JsonNode? inode) in iobj)
                            {
                                var tablets = new List<TabletInfo>();
                                JsonObject tabObj = inode?["tablets"] as JsonObject ?? new JsonObject();
                                IEnumerable<string> order = inode?["tablets_order"] is JsonArray ord
                                    ? ord.Select(o => o!.GetValue<string>())
                                    : tabObj.Select(kv => kv.Key).OrderBy(k => long.Parse(k, CultureInfo.InvariantCulture));
                                foreach (string tid in order)
                                {
                                    var files = (tabObj[tid] as JsonArray ?? new JsonArray()).Select(f => f!.GetValue<string>()).ToList();
                                    tablets.Add(new TabletInfo(long.Parse(tid, CultureInfo.InvariantCulture), files));
                                }

                                indexes.Add(new IndexInfo(iname, Long(inode, "id"), (int)Long(inode, "schema_hash"), tablets));
                            }
                        }

                        parts.Add(new PartitionInfo(pname, Long(pnode, "id"), Long(pnode, "version"), indexes));
                    }
                }

                tables.Add(new TableInfo(tname, Long(tnode, "id"), parts));
            }
        }

        return new BackupJobInfo
        {
            Name = root["name"]?.GetValue<string>() ?? string.Empty,
            Database = root["database"]?.GetValue<string>() ?? string.Empty,
            DbId = Long(root, "id"),
            BackupTimeMs = Long(root, "backup_time"),
            BackupResult = root["backup_result"]?.GetValue<string>() ?? string.Empty,
            MetaVersion = root["meta_version"] is null ? CurrentMetaVersion : (int)Long(root, "meta_version"),
            StarRocksMetaVersion = root["starrocks_meta_version"] is null ? CurrentStarRocksMetaVersion : (int)Long(root, "starrocks_meta_version"),
            Tables = tables,
            Views = views,
            MaterializedViews = mvs,
            ObjectIds = ids,
            ClusterId = root["cluster_id"] is null ? null : Long(root, "cluster_id"),
            FinishTimeMs = root["finish_time"] is null ? null : Long(root, "finish_time"),
            Ttl = root["ttl"]?.GetValue<string>(),
            ExpireTimeMs = root["expire_time"] is null ? null : Long(root, "expire_time"),
        };
    }

    /// <summary>The Details cell of SHOW SNAPSHOT's detailed form: pretty JSON, indent 1 (facts §2.3).</summary>
    public string ToDetailsJson()
    {
        var objects = new JsonObject();
        foreach (TableInfo t in Tables)
        {
            var parts = new JsonObject();
            foreach (PartitionInfo p in t.Partitions) parts[p.Name] = new JsonObject();
            objects[t.Name] = new JsonObject { ["partitions"] = parts };
        }

        AddViewEntries(objects, verbose: false);
        var root = new JsonObject
        {
            ["name"] = Name,
            ["database"] = Database,
            ["backup_time"] = BackupTimeMs,
            ["backup_objects"] = objects,
            ["meta_version"] = MetaVersion,
            ["starrocks_meta_version"] = StarRocksMetaVersion,
            ["backup_result"] = BackupResult,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1 });
    }

    private static long Long(JsonNode? node, string key)
    {
        JsonNode? v = node?[key];
        if (v is null) return 0;
        return v.GetValueKind() == JsonValueKind.String ? long.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture) : v.GetValue<long>();
    }
}
