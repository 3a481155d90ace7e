using System;
using System.Collections.Generic;
using System.Text.Json;

namespace StarRocksBackup.Core.History
{
    /// <summary>
    /// What a snapshot's <c>__info_&lt;timestamp&gt;.&lt;md5&gt;</c> job-info JSON says (facts §5.3): database, create time, the 4.2
    /// finish time and cluster id, and every table and partition with its id and version.
    /// </summary>
    internal sealed class InfoFile
    {
        public string Label { get; private set; } = string.Empty;

        public string Database { get; private set; } = string.Empty;

        public DateTimeOffset? BackupTime { get; private set; }

        public DateTimeOffset? FinishTime { get; private set; }

        public string? ClusterId { get; private set; }

        public string? Result { get; private set; }

        public List<ManifestPartition> Partitions { get; } = new List<ManifestPartition>();

        /// <summary>The timestamp in <c>__info_&lt;ts&gt;.&lt;md5&gt;</c>, or null when the name is not one (or its md5 suffix is bad).</summary>
        public static string? TimestampOf(string objectName)
        {
            const string Prefix = "__info_";
            if (!objectName.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return null;
            }

            int dot = objectName.LastIndexOf('.');
            if (dot <= Prefix.Length || objectName.Length - dot - 1 != 32)
            {
                return null;
            }

            for (int i = dot + 1; i < objectName.Length; i++)
            {
                char c = objectName[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                {
                    return null;
                }
            }

            string ts = objectName.Substring(Prefix.Length, dot - Prefix.Length);
            return Model.SnapshotTimestamp.TryParse(ts) is null ? null : ts;
        }

        /// <exception cref="StarRocksBackupException">InvalidConfiguration when the file is not the job-info JSON.</exception>
        public static InfoFile Parse(byte[] utf8, string origin)
        {
            var info = new InfoFile();
            try
            {
                using JsonDocument doc = JsonDocument.Parse(utf8);
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"{origin} is not a job-info object.");
                }

                info.Label = Str(root, "name") ?? string.Empty;
                info.Database = Str(root, "database") ?? string.Empty;
                info.Result = Str(root, "backup_result");
                info.BackupTime = Ms(root, "backup_time");
                info.FinishTime = Ms(root, "finish_time");
                info.ClusterId = root.TryGetProperty("cluster_id", out JsonElement cid) && cid.ValueKind != JsonValueKind.Null ? cid.ToString() : null;
                if (root.TryGetProperty("backup_objects", out JsonElement objs) && objs.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty t in objs.EnumerateObject())
                    {
                        if (t.Value.ValueKind != JsonValueKind.Object || !t.Value.TryGetProperty("partitions", out JsonElement ps) || ps.ValueKind != JsonValueKind.Object)
                        {
                            continue;
                        }

                        long tableId = Long(t.Value, "id") ?? 0;
                        foreach (JsonProperty p in ps.EnumerateObject())
                        {
                            info.Partitions.Add(new ManifestPartition
                            {
                                Table = t.Name,
                                TableId = tableId,
                                Partition = p.Name,
                                PartitionId = Long(p.Value, "id") ?? 0,
                                VisibleVersion = Long(p.Value, "version") ?? 0,
                            });
                        }
                    }
                }
            }
            catch (JsonException ex)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"{origin} is not valid JSON: {ex.Message}", ex);
            }

            if (info.Database.Length == 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"{origin} names no database.");
            }

            return info;
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static long? Long(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : (long?)null;

        private static DateTimeOffset? Ms(JsonElement e, string name) =>
            Long(e, name) is long ms && ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
    }
}
