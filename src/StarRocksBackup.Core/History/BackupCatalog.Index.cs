using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.History
{
    /// <summary>The derived per-database index change detection reads (<see cref="CatalogDigest"/>).</summary>
    public sealed partial class BackupCatalog
    {
        /// <summary>
        /// <c>&lt;module folder&gt;/catalog/index/&lt;database&gt;.json</c>: derived data only — each database's
        /// <see cref="CatalogDigest"/>, extended by whoever records a manifest and rewritten by whoever reads manifests it does not
        /// cover. Deleting it loses nothing.
        /// </summary>
        public S3Location IndexFolder => _storage.ModuleFolder.Child("catalog/index/");

        /// <summary>
        /// The digest change detection compares with: the index object plus every manifest it does not cover (one listing,
        /// one read of the index, one read per manifest recorded since), rebuilt from all manifests when the index is missing,
        /// unreadable or covers a manifest that is gone. When it had to read manifests it writes the index back (best
        /// effort: a failed write is reported at Debug and costs only speed).
        /// </summary>
        public async Task<CatalogDigest> DigestAsync(string database, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= _observer;
            string prefix = ManifestFolder.KeyFor(CheckSegment(database, "database") + "/");
            string indexKey = IndexKey(database);
            Task<byte[]?> indexTask = TryGetAsync(IndexFolder.Bucket, indexKey, cancellationToken);
            ObjectListing listing = await _storage.Store.ListAsync(ManifestFolder.Bucket, prefix, null, cancellationToken).ConfigureAwait(false);
            var keys = listing.Objects.Where(o => o.Key.EndsWith(".json", StringComparison.Ordinal))
                .ToDictionary(o => o.Key.Substring(ManifestFolder.Prefix.Length), o => o.Key, StringComparer.Ordinal);
            CatalogDigest? digest = ParseIndex(await indexTask.ConfigureAwait(false), database);
            if (digest != null && digest.Covers.Any(c => !keys.ContainsKey(c)))
            {
                observer.Debug($"Catalog: the index of '{database}' covers a manifest that is gone; rebuilding it from the manifests.");
                digest = null;
            }

            digest ??= new CatalogDigest(database);
            List<KeyValuePair<string, string>> missing = keys.Where(kv => !digest.Covers.Contains(kv.Key)).ToList();
            if (missing.Count == 0)
            {
                return digest;
            }

            foreach ((string key, BackupManifest manifest) in await ReadKeyedAsync(missing.Select(kv => kv.Value), strict: false, cancellationToken).ConfigureAwait(false))
            {
                digest.Add(manifest, key.Substring(ManifestFolder.Prefix.Length));
            }

            await WriteIndexAsync(digest, observer, "the next run reads the manifests again", cancellationToken).ConfigureAwait(false);
            return digest;
        }

        /// <summary>
        /// Adds a manifest just recorded to its database's index (best effort), so the next plan — usually a new process,
        /// the next night — reads the index alone instead of parsing the manifest it does not cover (a manifest of 100,000
        /// partitions is 11-22 MB: 0.2-0.4 s of a fresh process's plan). The writer has the manifest in memory already.
        /// Always safe: an index claims only what it covers, and a reader lists the manifests anyway, so a missing or
        /// damaged index is simply started again from this manifest, and a race with another writer (the last index
        /// written wins) can only leave a manifest uncovered, which the next reader finds by its listing and reads.
        /// </summary>
        private async Task ExtendIndexAsync(BackupManifest manifest, string objectName, Task<byte[]?> indexRead, CancellationToken cancellationToken)
        {
            CatalogDigest digest = ParseIndex(await indexRead.ConfigureAwait(false), manifest.Database) ?? new CatalogDigest(manifest.Database);
            if (digest.Covers.Contains(objectName))
            {
                return;
            }

            digest.Add(manifest, objectName);
            await WriteIndexAsync(digest, _observer, "the next plan reads the new manifest itself", cancellationToken).ConfigureAwait(false);
        }

        private string IndexKey(string database) => IndexFolder.KeyFor(database + ".json");

        /// <summary>The index object's digest; null when there is none or it cannot be read (it is then built again).</summary>
        private static CatalogDigest? ParseIndex(byte[]? bytes, string database) => bytes is null ? null : CatalogDigest.TryParse(bytes, database);

        /// <summary>Writes a database's index, best effort: a failed write costs only speed (<paramref name="consequence"/>).</summary>
        private async Task WriteIndexAsync(CatalogDigest digest, IOperationObserver observer, string consequence, CancellationToken cancellationToken)
        {
            try
            {
                await _storage.Store.PutAsync(IndexFolder.Bucket, IndexKey(digest.Database), digest.Serialize(), cancellationToken).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError)
            {
                observer.Debug($"Catalog: the index of '{digest.Database}' could not be written ({ex.Message}); {consequence}.");
            }
        }

        /// <summary>Waits for a task whose result is no longer needed, so its failure is never left unobserved.</summary>
        internal static async Task ObserveAsync(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Not needed any more: the caller's own outcome is what counts.
            }
        }

        private async Task<byte[]?> TryGetAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            try
            {
                return await _storage.Store.GetAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError)
            {
                return null;   // missing (or unreadable): rebuilt from the manifests
            }
        }
    }
}
