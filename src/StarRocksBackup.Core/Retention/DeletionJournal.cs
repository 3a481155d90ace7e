using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.Retention
{
    /// <summary>
    /// The deletion journal (catalog contract): <c>&lt;module folder&gt;/deletions/&lt;label&gt;.json</c>, written before a
    /// snapshot's objects are deleted and removed when they are all gone. A journal that is still there means an
    /// earlier deletion was interrupted; the next deletion of that label finishes it first.
    /// </summary>
    public sealed class DeletionJournal
    {
        /// <summary>The folder below the module folder.</summary>
        public const string Folder = "deletions/";

        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        /// <summary>Schema version (1).</summary>
        public int Schema { get; set; } = 1;

        /// <summary>The repository.</summary>
        public string Repository { get; set; } = string.Empty;

        /// <summary>The label.</summary>
        public string Label { get; set; } = string.Empty;

        /// <summary>True when the whole label folder goes; false when only <see cref="Timestamps"/> go.</summary>
        public bool WholeLabel { get; set; }

        /// <summary>The timestamps being removed (empty for a whole label).</summary>
        public List<string> Timestamps { get; set; } = new List<string>();

        /// <summary>When the deletion started (UTC, ISO-8601).</summary>
        public string StartedAt { get; set; } = string.Empty;

        /// <summary>Objects planned when the journal was written.</summary>
        public long Objects { get; set; }

        /// <summary>Bytes planned when the journal was written.</summary>
        public long Bytes { get; set; }

        /// <summary>The journal's key for <paramref name="label"/>.</summary>
        public static string KeyFor(RepositoryStorage storage, string label)
        {
            storage.SnapshotFolder(label); // validates the label
            return storage.ModuleFolder.Prefix + Folder + label + ".json";
        }

        /// <summary>Serialises to JSON.</summary>
        public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, s_json);

        /// <summary>Parses a journal; InvalidConfiguration when it is not one.</summary>
        public static DeletionJournal Parse(byte[] content, string key)
        {
            try
            {
                DeletionJournal? j = JsonSerializer.Deserialize<DeletionJournal>(content, s_json);
                if (j is null || string.IsNullOrEmpty(j.Label))
                {
                    throw new JsonException("no label");
                }

                j.Timestamps ??= new List<string>();
                return j;
            }
            catch (JsonException ex)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"The deletion journal {key} cannot be read: {ex.Message}", ex);
            }
        }

        /// <summary>Reads the journal of <paramref name="label"/>, or null when there is none.</summary>
        public static async Task<DeletionJournal?> ReadAsync(RepositoryStorage storage, string label, CancellationToken cancellationToken)
        {
            string key = KeyFor(storage, label);
            string bucket = storage.Location.Bucket;
            ObjectListing l = await storage.Store.ListAsync(bucket, key, null, cancellationToken).ConfigureAwait(false);
            foreach (ObjectInfo o in l.Objects)
            {
                if (o.Key == key)
                {
                    return Parse(await storage.Store.GetAsync(bucket, key, cancellationToken).ConfigureAwait(false), key);
                }
            }

            return null;
        }

        /// <summary>Every journal in the repository's module folder (interrupted deletions).</summary>
        public static async Task<IReadOnlyList<DeletionJournal>> ListAsync(RepositoryStorage storage, CancellationToken cancellationToken)
        {
            S3Location folder = storage.ModuleFolder.Child(Folder);
            ObjectListing l = await storage.Store.ListAsync(folder.Bucket, folder.Prefix, "/", cancellationToken).ConfigureAwait(false);
            var result = new List<DeletionJournal>();
            foreach (ObjectInfo o in l.Objects)
            {
                if (o.Key.EndsWith(".json", StringComparison.Ordinal))
                {
                    result.Add(Parse(await storage.Store.GetAsync(folder.Bucket, o.Key, cancellationToken).ConfigureAwait(false), o.Key));
                }
            }

            return result;
        }

        /// <inheritdoc />
        public override string ToString() =>
            WholeLabel ? $"deletion of {Repository}/{Label} (started {StartedAt})" : $"deletion of {Repository}/{Label}@{string.Join(",", Timestamps)} (started {StartedAt})";
    }
}
