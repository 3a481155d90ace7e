using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Parsing
{
    /// <summary>
    /// Reads the <c>Details</c> JSON of a detailed SHOW SNAPSHOT (the <c>__info_</c> file, facts §5.3). What StarRocks records
    /// there (BackupJobInfo.fromCatalog/toJson, tags 3.4.4 and main): tables and asynchronous materialized views alike in
    /// <c>backup_objects</c> with their partitions (an MV is an OlapTable: the two cannot be told apart here), logical views
    /// in <c>backup_objects</c> with an empty <c>partitions</c> object, and no functions or external catalogs at all —
    /// those are only in the snapshot's <c>__meta</c> file (BackupMeta <c>functions</c> / <c>catalogs</c>).
    /// </summary>
    internal static class SnapshotInfoJson
    {
        internal sealed class Result
        {
            public string? Database { get; set; }

            public DateTime? BackupTimeUtc { get; set; }

            public IReadOnlyList<SnapshotTable> Tables { get; set; } = Array.Empty<SnapshotTable>();

            public IReadOnlyList<string> Views { get; set; } = Array.Empty<string>();

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
                var views = new List<string>();
                if (root.TryGetProperty("backup_objects", out JsonElement objs) && objs.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty t in objs.EnumerateObject())
                    {
                        var parts = new List<SnapshotPartition>();
                        if (t.Value.ValueKind == JsonValueKind.Object
                            && t.Value.TryGetProperty("partitions", out JsonElement ps) && ps.ValueKind == JsonValueKind.Object)
                        {
                            if (!ps.EnumerateObject().Any())
                            {
                                // A logical view (3.4+): BackupJobInfo lists it in backup_objects with no partitions.
                                views.Add(t.Name);
                                continue;
                            }

                            foreach (JsonProperty p in ps.EnumerateObject())
                            {
                                parts.Add(new SnapshotPartition(p.Name, Long(p.Value, "id"), Long(p.Value, "version")));
                            }
                        }

                        tables.Add(new SnapshotTable(t.Name, parts));
                    }
                }

                result.Tables = tables;
                result.Views = views;
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
