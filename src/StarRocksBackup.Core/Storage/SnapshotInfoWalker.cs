using System;
using System.Globalization;
using System.Text.Json;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// Walks the data files an <c>__info_</c> job-info JSON lists (facts §5.3) without building
    /// <see cref="SnapshotInfoFile"/>'s model: one callback per file with its tablet folder, in the order of the JSON.
    /// The document is parsed over the caller's bytes (no copy; System.Text.Json keeps ~12 bytes of index per token), and
    /// nothing per file is kept, so a verification of N files holds the info file's bytes and not N parsed names.
    /// </summary>
    internal static class SnapshotInfoWalker
    {
        /// <summary>
        /// Calls <paramref name="onFile"/>(tablet folder relative to the snapshot folder, file name) for every data file
        /// and returns the source database's name. Throws <see cref="StarRocksBackupException"/> (InvalidConfiguration)
        /// on what <see cref="SnapshotInfoFile.Parse"/> refuses: no <c>backup_objects</c>, a file name with a <c>/</c>,
        /// a tablet id that is not a number, JSON that does not parse.
        /// </summary>
        public static string Walk(ReadOnlyMemory<byte> content, Action<string, string> onFile)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(content);
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("backup_objects", out JsonElement objects) || objects.ValueKind != JsonValueKind.Object)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, "The snapshot info file has no backup_objects.");
                }

                string database = SnapshotInfoFile.Str(root, "database") ?? string.Empty;
                string db = "__ss_content/__db_" + Id(SnapshotInfoFile.Long(root, "id") ?? 0) + "/";
                foreach (JsonProperty table in objects.EnumerateObject())
                {
                    if (table.Value.ValueKind != JsonValueKind.Object || !table.Value.TryGetProperty("partitions", out JsonElement ps) || ps.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    string tbl = db + "__tbl_" + Id(SnapshotInfoFile.Long(table.Value, "id") ?? 0) + "/";
                    foreach (JsonProperty p in ps.EnumerateObject())
                    {
                        bool hasSub = false;
                        if (p.Value.TryGetProperty("subPartitions", out JsonElement subs) && subs.ValueKind == JsonValueKind.Object)
                        {
                            foreach (JsonProperty sub in subs.EnumerateObject())
                            {
                                hasSub = true;
                                long physical = SnapshotInfoFile.Long(sub.Value, "id") ?? long.Parse(sub.Name, CultureInfo.InvariantCulture);
                                Indexes(tbl + "__part_" + Id(physical) + "/", sub.Value, onFile);
                            }
                        }

                        if (!hasSub)
                        {
                            Indexes(tbl + "__part_" + Id(SnapshotInfoFile.Long(p.Value, "id") ?? 0) + "/", p.Value, onFile);
                        }
                    }
                }

                return database;
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is OverflowException || ex is InvalidOperationException)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, "The snapshot info file is not valid job-info JSON: " + ex.Message, ex);
            }
        }

        private static void Indexes(string partitionFolder, JsonElement partition, Action<string, string> onFile)
        {
            if (!partition.TryGetProperty("indexes", out JsonElement indexes) || indexes.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (JsonProperty index in indexes.EnumerateObject())
            {
                if (!index.Value.TryGetProperty("tablets", out JsonElement ts) || ts.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                string idx = partitionFolder + "__idx_" + Id(SnapshotInfoFile.Long(index.Value, "id") ?? 0) + "/";
                foreach (JsonProperty tablet in ts.EnumerateObject())
                {
                    string folder = idx + "__" + Id(long.Parse(tablet.Name, NumberStyles.None, CultureInfo.InvariantCulture)) + "/";
                    if (tablet.Value.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (JsonElement f in tablet.Value.EnumerateArray())
                    {
                        string name = f.GetString() ?? string.Empty;
                        if (name.Length == 0 || name.IndexOf('/') >= 0 || name == "." || name == "..")
                        {
                            throw new FormatException($"tablet {tablet.Name} lists the file name '{name}'");
                        }

                        onFile(folder, name);
                    }
                }
            }
        }

        private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
