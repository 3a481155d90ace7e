using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.Retention
{
    /// <summary>
    /// A backup-catalog manifest (catalog contract, schema 1) as retention and the restore drill read it:
    /// <c>&lt;module folder&gt;/catalog/manifests/&lt;database&gt;/&lt;backup_timestamp&gt;_&lt;label&gt;.json</c>. Read straight from
    /// the JSON (unknown fields ignored), so this reader does not depend on the code that writes manifests.
    /// </summary>
    public sealed class ManifestRecord
    {
        /// <summary>The folder below the module folder.</summary>
        public const string Folder = "catalog/manifests/";

        /// <summary>The manifest's key.</summary>
        public string Key { get; private set; } = string.Empty;

        /// <summary>The label.</summary>
        public string Label { get; private set; } = string.Empty;

        /// <summary>The backup timestamp.</summary>
        public string BackupTimestamp { get; private set; } = string.Empty;

        /// <summary>The database.</summary>
        public string Database { get; private set; } = string.Empty;

        /// <summary><c>full</c>, <c>incremental</c> or <c>unknown</c>.</summary>
        public string Kind { get; private set; } = "unknown";

        /// <summary>When the backup finished (UTC), when recorded.</summary>
        public DateTime? FinishedAtUtc { get; private set; }

        /// <summary>The partitions this backup holds.</summary>
        public IReadOnlyList<ManifestPartition> Partitions { get; private set; } = Array.Empty<ManifestPartition>();

        /// <summary>Every partition that existed when the backup was planned, or null (manifests rebuilt by sync).</summary>
        public IReadOnlyList<ManifestPartition>? Inventory { get; private set; }

        /// <summary>Parses one manifest; InvalidConfiguration when it is not one.</summary>
        public static ManifestRecord Parse(byte[] content, string key)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(content);
                JsonElement root = doc.RootElement;
                var m = new ManifestRecord
                {
                    Key = key,
                    Label = Str(root, "label") ?? throw new JsonException("no label"),
                    BackupTimestamp = Str(root, "backupTimestamp") ?? throw new JsonException("no backupTimestamp"),
                    Database = Str(root, "database") ?? throw new JsonException("no database"),
                    Kind = Str(root, "kind") ?? "unknown",
                    Partitions = Parts(root, "partitions") ?? new List<ManifestPartition>(),
                    Inventory = Parts(root, "inventory"),
                };
                if (Str(root, "finishedAt") is string f
                    && DateTime.TryParse(f, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime at))
                {
                    m.FinishedAtUtc = DateTime.SpecifyKind(at, DateTimeKind.Utc);
                }

                return m;
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is FormatException)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"The catalog manifest {key} cannot be read: {ex.Message}", ex);
            }
        }

        /// <summary>
        /// Every manifest of the repository. Unreadable ones are reported through <paramref name="problems"/> and left out.
        /// </summary>
        public static async Task<IReadOnlyList<ManifestRecord>> ListAsync(RepositoryStorage storage, ICollection<string>? problems, CancellationToken cancellationToken)
        {
            S3Location folder = storage.ModuleFolder.Child(Folder);
            ObjectListing l = await storage.Store.ListAsync(folder.Bucket, folder.Prefix, null, cancellationToken).ConfigureAwait(false);
            var result = new List<ManifestRecord>();
            foreach (ObjectInfo o in l.Objects)
            {
                if (!o.Key.EndsWith(".json", StringComparison.Ordinal))
                {
                    continue;
                }

                try
                {
                    result.Add(Parse(await storage.Store.GetAsync(folder.Bucket, o.Key, cancellationToken).ConfigureAwait(false), o.Key));
                }
                catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.InvalidConfiguration)
                {
                    problems?.Add(ex.Message);
                }
            }

            return result;
        }

        private static List<ManifestPartition>? Parts(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out JsonElement a) || a.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var list = new List<ManifestPartition>();
            foreach (JsonElement e in a.EnumerateArray())
            {
                list.Add(new ManifestPartition(
                    Str(e, "table") ?? throw new JsonException($"a {name} entry has no table"),
                    Str(e, "partition") ?? string.Empty,
                    Long(e, "partitionId") ?? throw new JsonException($"a {name} entry has no partitionId"),
                    Long(e, "visibleVersion"),
                    Long(e, "rowCount")));
            }

            return list;
        }

        private static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static long? Long(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : null;
    }

    /// <summary>A partition entry of a manifest.</summary>
    public sealed class ManifestPartition
    {
        /// <summary>Creates an entry.</summary>
        public ManifestPartition(string table, string partition, long partitionId, long? visibleVersion, long? rowCount)
        {
            Table = table;
            Partition = partition;
            PartitionId = partitionId;
            VisibleVersion = visibleVersion;
            RowCount = rowCount;
        }

        /// <summary>Table.</summary>
        public string Table { get; }

        /// <summary>Partition name.</summary>
        public string Partition { get; }

        /// <summary>Partition id.</summary>
        public long PartitionId { get; }

        /// <summary>Visible version backed up.</summary>
        public long? VisibleVersion { get; }

        /// <summary>Rows, when recorded.</summary>
        public long? RowCount { get; }
    }
}
