using System;
using System.Collections.Generic;
using System.Text.Json;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Parsing
{
    /// <summary>Reads the <c>Details</c> JSON of a detailed SHOW SNAPSHOT (the <c>__info_</c> file, facts §5.3).</summary>
    internal static class SnapshotInfoJson
    {
        internal sealed class Result
        {
            public string? Database { get; set; }

            public DateTime? BackupTimeUtc { get; set; }

            public IReadOnlyList<SnapshotTable> Tables { get; set; } = Array.Empty<SnapshotTable>();

            public IReadOnlyList<string> Views { get; set; } = Array.Empty<string>();

            public IReadOnlyList<string> MaterializedViews { get; set; } = Array.Empty<string>();

            public IReadOnlyList<string> Functions { get; set; } = Array.Empty<string>();

            public IReadOnlyList<string> ExternalCatalogs { get; set; } = Array.Empty<string>();
        }

        // The 3.4+ object lists: the key names are not verified against a real server (facts §5.3 and §10); these are the
        // simulator's. Unknown keys are ignored, so a snapshot whose keys differ shows its tables and no other kind.
        private static IReadOnlyList<string> Names(JsonElement root, string key)
        {
            if (!root.TryGetProperty(key, out JsonElement a) || a.ValueKind != JsonValueKind.Array)
            {
                return Array.Empty<string>();
            }

            var list = new List<string>();
            foreach (JsonElement e in a.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.String)
                {
                    list.Add(e.GetString()!);
                }
            }

            return list;
        }

        public static Result Parse(string? json)
        {
            var result = new Result();
            if (string.IsNullOrWhiteSpace(json))
            {
                return result;
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(json!);
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return result;
                }

                if (root.TryGetProperty("database", out JsonElement db) && db.ValueKind == JsonValueKind.String)
                {
                    result.Database = db.GetString();
                }

                if (root.TryGetProperty("backup_time", out JsonElement bt) && bt.ValueKind == JsonValueKind.Number && bt.TryGetInt64(out long ms))
                {
                    result.BackupTimeUtc = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(ms);
                }

                var tables = new List<SnapshotTable>();
                if (root.TryGetProperty("backup_objects", out JsonElement objs) && objs.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty t in objs.EnumerateObject())
                    {
                        var parts = new List<SnapshotPartition>();
                        if (t.Value.ValueKind == JsonValueKind.Object
                            && t.Value.TryGetProperty("partitions", out JsonElement ps) && ps.ValueKind == JsonValueKind.Object)
                        {
                            foreach (JsonProperty p in ps.EnumerateObject())
                            {
                                parts.Add(new SnapshotPartition(p.Name, Long(p.Value, "id"), Long(p.Value, "version")));
                            }
                        }

                        tables.Add(new SnapshotTable(t.Name, parts));
                    }
                }

                result.Tables = tables;
                result.Views = Names(root, "backup_views");
                result.MaterializedViews = Names(root, "backup_materialized_views");
                result.Functions = Names(root, "backup_functions");
                result.ExternalCatalogs = Names(root, "backup_external_catalogs");
            }
            catch (JsonException)
            {
                // Keep what was read; the raw JSON stays available on SnapshotDetail.DetailsJson.
            }

            return result;
        }

        private static long? Long(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l)
                ? l
                : (long?)null;
    }
}
