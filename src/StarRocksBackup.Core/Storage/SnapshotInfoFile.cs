using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// A snapshot's <c>__info_&lt;timestamp&gt;.&lt;md5&gt;</c> job-info JSON as StarRocks writes it (facts §5.3), read for the
    /// work done on the objects directly: which partitions the backup holds and which data file sits under which
    /// tablet folder (<c>__ss_content/__db_&lt;dbId&gt;/__tbl_&lt;tableId&gt;/__part_&lt;partitionId&gt;/__idx_&lt;indexId&gt;/__&lt;tabletId&gt;/</c>).
    /// </summary>
    public sealed class SnapshotInfoFile
    {
        private SnapshotInfoFile()
        {
        }

        /// <summary>The label (<c>name</c>).</summary>
        public string Label { get; private set; } = string.Empty;

        /// <summary>The source database (<c>database</c>).</summary>
        public string Database { get; private set; } = string.Empty;

        /// <summary>The source database id (<c>id</c>).</summary>
        public long DatabaseId { get; private set; }

        /// <summary><c>backup_time</c> (job create time) as UTC, when present.</summary>
        public DateTime? BackupTimeUtc { get; private set; }

        /// <summary><c>finish_time</c> (4.2) as UTC, when present.</summary>
        public DateTime? FinishTimeUtc { get; private set; }

        /// <summary>Every partition the backup holds, with the files of its tablets.</summary>
        public IReadOnlyList<SnapshotInfoPartition> Partitions { get; private set; } = Array.Empty<SnapshotInfoPartition>();

        /// <summary>
        /// Each data file's key relative to the snapshot folder (<c>__ss_content/__db_…/…/&lt;file&gt;.&lt;md5&gt;</c>), in the
        /// order of the JSON.
        /// </summary>
        public IEnumerable<string> DataFiles()
        {
            foreach (SnapshotInfoPartition p in Partitions)
            {
                foreach (SnapshotInfoTablet t in p.Tablets)
                {
                    string folder = $"__ss_content/__db_{DatabaseId.ToString(CultureInfo.InvariantCulture)}/__tbl_{p.TableId.ToString(CultureInfo.InvariantCulture)}/__part_{p.PhysicalPartitionId.ToString(CultureInfo.InvariantCulture)}/__idx_{t.IndexId.ToString(CultureInfo.InvariantCulture)}/__{t.TabletId.ToString(CultureInfo.InvariantCulture)}/";
                    foreach (string f in t.Files)
                    {
                        yield return folder + f;
                    }
                }
            }
        }

        /// <summary>Parses the JSON; throws <see cref="StarRocksBackupException"/> (InvalidConfiguration) when it is not job info.</summary>
        public static SnapshotInfoFile Parse(byte[] content)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(content);
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("backup_objects", out JsonElement objects) || objects.ValueKind != JsonValueKind.Object)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, "The snapshot info file has no backup_objects.");
                }

                var info = new SnapshotInfoFile
                {
                    Label = Str(root, "name") ?? string.Empty,
                    Database = Str(root, "database") ?? string.Empty,
                    DatabaseId = Long(root, "id") ?? 0,
                    BackupTimeUtc = Epoch(Long(root, "backup_time")),
                    FinishTimeUtc = Epoch(Long(root, "finish_time")),
                };
                var partitions = new List<SnapshotInfoPartition>();
                foreach (JsonProperty table in objects.EnumerateObject())
                {
                    long tableId = Long(table.Value, "id") ?? 0;
                    if (table.Value.ValueKind != JsonValueKind.Object || !table.Value.TryGetProperty("partitions", out JsonElement ps) || ps.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    foreach (JsonProperty p in ps.EnumerateObject())
                    {
                        long partitionId = Long(p.Value, "id") ?? 0;
                        long? version = Long(p.Value, "version");
                        bool hasSub = false;
                        if (p.Value.TryGetProperty("subPartitions", out JsonElement subs) && subs.ValueKind == JsonValueKind.Object)
                        {
                            foreach (JsonProperty sub in subs.EnumerateObject())
                            {
                                hasSub = true;
                                long physical = Long(sub.Value, "id") ?? long.Parse(sub.Name, CultureInfo.InvariantCulture);
                                partitions.Add(new SnapshotInfoPartition(table.Name, tableId, p.Name, partitionId, physical, Long(sub.Value, "version") ?? version, Tablets(sub.Value)));
                            }
                        }

                        if (!hasSub)
                        {
                            partitions.Add(new SnapshotInfoPartition(table.Name, tableId, p.Name, partitionId, partitionId, version, Tablets(p.Value)));
                        }
                    }
                }

                info.Partitions = partitions;
                return info;
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is OverflowException || ex is InvalidOperationException)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, "The snapshot info file is not valid job-info JSON: " + ex.Message, ex);
            }
        }

        private static List<SnapshotInfoTablet> Tablets(JsonElement partition)
        {
            var tablets = new List<SnapshotInfoTablet>();
            if (!partition.TryGetProperty("indexes", out JsonElement indexes) || indexes.ValueKind != JsonValueKind.Object)
            {
                return tablets;
            }

            foreach (JsonProperty index in indexes.EnumerateObject())
            {
                long indexId = Long(index.Value, "id") ?? 0;
                if (!index.Value.TryGetProperty("tablets", out JsonElement ts) || ts.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (JsonProperty tablet in ts.EnumerateObject())
                {
                    var files = new List<string>();
                    if (tablet.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (JsonElement f in tablet.Value.EnumerateArray())
                        {
                            string name = f.GetString() ?? string.Empty;
                            if (name.Length == 0 || name.IndexOf('/') >= 0 || name == "." || name == "..")
                            {
                                throw new FormatException($"tablet {tablet.Name} lists the file name '{name}'");
                            }

                            files.Add(name);
                        }
                    }

                    tablets.Add(new SnapshotInfoTablet(indexId, long.Parse(tablet.Name, NumberStyles.None, CultureInfo.InvariantCulture), files));
                }
            }

            return tablets;
        }

        internal static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        internal static long? Long(JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out JsonElement v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l))
            {
                return l;
            }

            return v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) ? s : null;
        }

        private static DateTime? Epoch(long? ms) =>
            ms is long v && v > 0 ? new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(v) : null;
    }

    /// <summary>One (physical) partition in a snapshot's info file.</summary>
    public sealed class SnapshotInfoPartition
    {
        /// <summary>Creates an entry.</summary>
        public SnapshotInfoPartition(string table, long tableId, string partition, long partitionId, long physicalPartitionId, long? version, IReadOnlyList<SnapshotInfoTablet> tablets)
        {
            Table = table;
            TableId = tableId;
            Partition = partition;
            PartitionId = partitionId;
            PhysicalPartitionId = physicalPartitionId;
            Version = version;
            Tablets = tablets;
        }

        /// <summary>Table name.</summary>
        public string Table { get; }

        /// <summary>Table id.</summary>
        public long TableId { get; }

        /// <summary>Partition name.</summary>
        public string Partition { get; }

        /// <summary>Partition id (the identity the backup catalog uses).</summary>
        public long PartitionId { get; }

        /// <summary>The physical partition id of the <c>__part_</c> folder (equal to <see cref="PartitionId"/> without sub-partitions).</summary>
        public long PhysicalPartitionId { get; }

        /// <summary>Visible version at backup time.</summary>
        public long? Version { get; }

        /// <summary>Tablets with their files.</summary>
        public IReadOnlyList<SnapshotInfoTablet> Tablets { get; }
    }

    /// <summary>One tablet in a snapshot's info file.</summary>
    public sealed class SnapshotInfoTablet
    {
        /// <summary>Creates an entry.</summary>
        public SnapshotInfoTablet(long indexId, long tabletId, IReadOnlyList<string> files)
        {
            IndexId = indexId;
            TabletId = tabletId;
            Files = files;
        }

        /// <summary>The index (materialized index) id.</summary>
        public long IndexId { get; }

        /// <summary>The tablet id.</summary>
        public long TabletId { get; }

        /// <summary>File names, each ending in <c>.&lt;md5&gt;</c>.</summary>
        public IReadOnlyList<string> Files { get; }
    }
}
