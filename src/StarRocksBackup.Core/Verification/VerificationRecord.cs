using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.Verification
{
    /// <summary>
    /// One verification (catalog contract): <c>&lt;module folder&gt;/verifications/&lt;label&gt;/&lt;backup_timestamp&gt;/&lt;utc&gt;.json</c>,
    /// written by Test-SrSnapshot (kind <c>storage</c>) and Test-SrBackup (kind <c>restore-drill</c>); retention's
    /// "keep the newest verified" reads them.
    /// </summary>
    public sealed class VerificationRecord
    {
        /// <summary>The folder below the module folder.</summary>
        public const string Folder = "verifications/";

        /// <summary>Kind of a storage verification.</summary>
        public const string StorageKind = "storage";

        /// <summary>Kind of a restore drill.</summary>
        public const string RestoreDrillKind = "restore-drill";

        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

        /// <summary>Schema (1).</summary>
        public int Schema { get; set; } = 1;

        /// <summary>The label.</summary>
        public string Label { get; set; } = string.Empty;

        /// <summary>The backup timestamp.</summary>
        public string BackupTimestamp { get; set; } = string.Empty;

        /// <summary>The source database.</summary>
        public string Database { get; set; } = string.Empty;

        /// <summary><c>storage</c> or <c>restore-drill</c>.</summary>
        public string Kind { get; set; } = StorageKind;

        /// <summary>The verdict.</summary>
        public bool Passed { get; set; }

        /// <summary>When (ISO-8601 UTC).</summary>
        public string At { get; set; } = string.Empty;

        /// <summary>Number of findings.</summary>
        public int Findings { get; set; }

        /// <summary>A short summary.</summary>
        public string Detail { get; set; } = string.Empty;

        /// <summary><see cref="At"/> parsed (UTC); MinValue when unreadable.</summary>
        [JsonIgnore]
        public DateTime AtUtc =>
            DateTime.TryParse(At, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t) ? t : DateTime.MinValue;

        /// <summary>Writes the record under a name made of its time (never overwriting another).</summary>
        public async Task<string> WriteAsync(RepositoryStorage storage, DateTime nowUtc, CancellationToken cancellationToken)
        {
            storage.SnapshotFolder(Label);
            if (Model.SnapshotTimestamp.TryParse(BackupTimestamp) is null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"'{BackupTimestamp}' is not a backup timestamp.");
            }

            At = nowUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            string name = nowUtc.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture);
            S3Location folder = storage.ModuleFolder.Child($"{Folder}{Label}/{BackupTimestamp}/");
            string key = folder.Prefix + name + ".json";
            if (await storage.Store.ExistsAsync(folder.Bucket, key, cancellationToken).ConfigureAwait(false))
            {
                key = folder.Prefix + name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".json";
            }

            await storage.Store.PutAsync(folder.Bucket, key, JsonSerializer.SerializeToUtf8Bytes(this, s_json), cancellationToken).ConfigureAwait(false);
            return key;
        }

        /// <summary>Every record in the repository; unreadable ones go to <paramref name="problems"/>.</summary>
        public static async Task<IReadOnlyList<VerificationRecord>> ListAsync(RepositoryStorage storage, ICollection<string>? problems, CancellationToken cancellationToken)
        {
            S3Location folder = storage.ModuleFolder.Child(Folder);
            ObjectListing l = await storage.Store.ListAsync(folder.Bucket, folder.Prefix, null, cancellationToken).ConfigureAwait(false);
            var result = new List<VerificationRecord>();
            foreach (ObjectInfo o in l.Objects)
            {
                if (!o.Key.EndsWith(".json", StringComparison.Ordinal))
                {
                    continue;
                }

                try
                {
                    VerificationRecord? r = JsonSerializer.Deserialize<VerificationRecord>(await storage.Store.GetAsync(folder.Bucket, o.Key, cancellationToken).ConfigureAwait(false), s_json);
                    if (r is null || r.Label.Length == 0)
                    {
                        throw new JsonException("no label");
                    }

                    result.Add(r);
                }
                catch (JsonException ex)
                {
                    problems?.Add($"The verification record {o.Key} cannot be read: {ex.Message}");
                }
            }

            return result;
        }

        /// <inheritdoc />
        public override string ToString() => $"{Kind} {Label}@{BackupTimestamp}: {(Passed ? "passed" : "failed")} at {At}";
    }
}
