using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.Parsing
{
    /// <summary>What a snapshot's <c>__meta</c> file says it holds, by kind (names only; catalog settings are never read out).</summary>
    public sealed class SnapshotMetaContents
    {
        /// <summary>Tables (<c>OlapTable</c> entries of <c>tblNameMap</c>).</summary>
        public IReadOnlyList<string> Tables { get; init; } = Array.Empty<string>();

        /// <summary>Logical views (<c>View</c>).</summary>
        public IReadOnlyList<string> Views { get; init; } = Array.Empty<string>();

        /// <summary>Asynchronous materialized views (<c>MaterializedView</c>).</summary>
        public IReadOnlyList<string> MaterializedViews { get; init; } = Array.Empty<string>();

        /// <summary>Functions, as <c>name(argument types)</c>.</summary>
        public IReadOnlyList<string> Functions { get; init; } = Array.Empty<string>();

        /// <summary>External catalogs, with their type when the definition names one (<c>hive_cat (hive)</c>).</summary>
        public IReadOnlyList<string> ExternalCatalogs { get; init; } = Array.Empty<string>();
    }

    /// <summary>
    /// Reads a snapshot's <c>__meta</c> file: StarRocks' BackupMeta written with <c>Text.writeString</c> — a 4-byte big-endian
    /// length, then GSON JSON <c>{"tblNameMap": {name: {"clazz": "OlapTable"|"MaterializedView"|"View", …}}, "functions":
    /// [{"clazz", "name": {"db", "fn"}, "argTypes", …}], "catalogs": [{"id", "name", "comment", "config"}]}</c>
    /// (docs/starrocks-columns.md, read from StarRocks 3.4.4 and main). Functions and external catalogs are recorded only
    /// here, and only here is a materialized view told apart from a table.
    /// </summary>
    public static class SnapshotMetaFile
    {
        /// <summary>Parses the file's bytes (framed as StarRocks writes it, or a bare JSON object).</summary>
        /// <exception cref="StarRocksBackupException">InvalidConfiguration: not BackupMeta JSON.</exception>
        public static SnapshotMetaContents Parse(byte[] content, string origin)
        {
            if (content is null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            ReadOnlyMemory<byte> json = content;
            if (content.Length >= 4 && content[0] != (byte)'{')
            {
                int length = BinaryPrimitives.ReadInt32BigEndian(content);
                if (length != content.Length - 4)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidConfiguration,
                        $"The snapshot meta file {origin} is not BackupMeta JSON (its 4-byte length says {length}, the file holds {content.Length - 4} bytes after it).");
                }

                json = content.AsMemory(4);
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(json);
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"The snapshot meta file {origin} is not a JSON object.");
                }

                var tables = new List<string>();
                var views = new List<string>();
                var mvs = new List<string>();
                if (root.TryGetProperty("tblNameMap", out JsonElement map) && map.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty entry in map.EnumerateObject())
                    {
                        string clazz = Text(entry.Value, "clazz");
                        string type = Text(entry.Value, "type");
                        string name = Text(entry.Value, "name") is { Length: > 0 } n ? n : entry.Name;
                        if (clazz == "MaterializedView" || type == "MATERIALIZED_VIEW")
                        {
                            mvs.Add(name);
                        }
                        else if (clazz == "View" || type == "VIEW")
                        {
                            views.Add(name);
                        }
                        else
                        {
                            tables.Add(name);
                        }
                    }
                }

                var functions = new List<string>();
                if (root.TryGetProperty("functions", out JsonElement fns) && fns.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement f in fns.EnumerateArray())
                    {
                        string name = f.TryGetProperty("name", out JsonElement fn) && fn.ValueKind == JsonValueKind.Object ? Text(fn, "fn") : Text(f, "name");
                        IEnumerable<string> args = f.TryGetProperty("argTypes", out JsonElement a) && a.ValueKind == JsonValueKind.Array
                            ? a.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Object ? Text(x, "type") : x.ToString())
                            : Enumerable.Empty<string>();
                        functions.Add($"{name}({string.Join(", ", args)})");
                    }
                }

                var catalogs = new List<string>();
                if (root.TryGetProperty("catalogs", out JsonElement cats) && cats.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement c in cats.EnumerateArray())
                    {
                        // Only the name and the type: a catalog's config can hold credentials.
                        string type = c.TryGetProperty("config", out JsonElement config) && config.ValueKind == JsonValueKind.Object ? Text(config, "type") : string.Empty;
                        catalogs.Add(type.Length > 0 ? $"{Text(c, "name")} ({type})" : Text(c, "name"));
                    }
                }

                return new SnapshotMetaContents
                {
                    Tables = Sorted(tables), Views = Sorted(views), MaterializedViews = Sorted(mvs), Functions = Sorted(functions), ExternalCatalogs = Sorted(catalogs),
                };
            }
            catch (JsonException ex)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"The snapshot meta file {origin} is not valid JSON: {ex.Message}", ex);
            }
        }

        /// <summary>
        /// Reads the <c>__meta.&lt;md5&gt;</c> file of snapshot <paramref name="label"/> (shared by the label's timestamps); null when
        /// the folder has none.
        /// </summary>
        public static async Task<SnapshotMetaContents?> ReadAsync(RepositoryStorage storage, string label, CancellationToken cancellationToken = default)
        {
            if (storage is null)
            {
                throw new ArgumentNullException(nameof(storage));
            }

            S3Location folder = storage.SnapshotFolder(label);
            ObjectListing listing = await storage.Store.ListAsync(folder.Bucket, folder.Prefix + SnapshotFolderListing.MetaPrefix, "/", cancellationToken).ConfigureAwait(false);
            ObjectInfo? meta = listing.Objects.Where(o => !o.Key.EndsWith(".part", StringComparison.Ordinal)).OrderBy(o => o.Key, StringComparer.Ordinal).FirstOrDefault();
            if (meta is null)
            {
                return null;
            }

            byte[] content = await storage.Store.GetAsync(folder.Bucket, meta.Key, cancellationToken).ConfigureAwait(false);
            return Parse(content, $"s3://{folder.Bucket}/{meta.Key}");
        }

        private static string Text(JsonElement e, string property) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : string.Empty;

        private static IReadOnlyList<string> Sorted(List<string> names) => names.Where(n => n.Length > 0).OrderBy(n => n, StringComparer.Ordinal).ToList();
    }
}
