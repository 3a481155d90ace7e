using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>What to search for with <see cref="ClusterSnapshotFinder"/>.</summary>
    public sealed class ClusterSnapshotSearch
    {
        /// <summary>Creates a search of <paramref name="location"/> (the storage volume's location, e.g. <c>s3://bucket/prefix</c>).</summary>
        public ClusterSnapshotSearch(S3Location location)
        {
            Location = location ?? throw new ArgumentNullException(nameof(location));
        }

        /// <summary>The storage volume's location. A location that already ends with the service id is accepted too.</summary>
        public S3Location Location { get; }

        /// <summary>The cluster's service id; null to discover the <c>&lt;service id&gt;/meta/image/</c> folders under the location.</summary>
        public string? ServiceId { get; init; }

        /// <summary>Download each complete v2 FE image and compare its CRC32 with <c>v2/checksum.N</c> (slow for big images).</summary>
        public bool VerifyChecksum { get; init; }

        /// <summary>
        /// Rows of <c>information_schema.cluster_snapshot_jobs</c> from the live cluster, to cross-check (null when the
        /// cluster is not reachable).
        /// </summary>
        public IReadOnlyList<ClusterSnapshotJob>? Jobs { get; init; }
    }

    /// <summary>The outcome of a search: every folder with its verdict, the selected snapshot and why.</summary>
    public sealed class ClusterSnapshotSearchResult
    {
        internal ClusterSnapshotSearchResult(S3Location location, string? serviceId, IReadOnlyList<ClusterSnapshotCandidate> candidates,
            ClusterSnapshotCandidate? selected, string why, bool crossChecked)
        {
            Location = location;
            ServiceId = serviceId;
            Candidates = candidates;
            Selected = selected;
            Why = why;
            CrossChecked = crossChecked;
        }

        /// <summary>The storage volume location searched (a pasted cluster, meta or snapshot path is walked back to it).</summary>
        public S3Location Location { get; }

        /// <summary>The service id searched (given or discovered), or null when none was found.</summary>
        public string? ServiceId { get; }

        /// <summary>Every folder (and stray object) found under <c>meta/image/</c>, oldest first, junk last.</summary>
        public IReadOnlyList<ClusterSnapshotCandidate> Candidates { get; }

        /// <summary>The snapshot to restore, or null when none is restorable.</summary>
        public ClusterSnapshotCandidate? Selected { get; }

        /// <summary>Why <see cref="Selected"/> was chosen, or why nothing was.</summary>
        public string Why { get; }

        /// <summary>True when live <c>cluster_snapshot_jobs</c> rows were used.</summary>
        public bool CrossChecked { get; }
    }

    /// <summary>
    /// Finds the restorable automated cluster snapshot straight from object storage — no running cluster needed.
    /// See <see cref="SnapshotFolderInspector"/> for what "complete" means and <see cref="SnapshotSelector"/> for the choice.
    /// </summary>
    public sealed class ClusterSnapshotFinder
    {
        // Listings of meta/image/ when folders vanish while they are read (see ScanAsync).
        private const int MaxListings = 2;

        private readonly IObjectStore _store;

        /// <summary>Creates a finder reading through <paramref name="store"/>.</summary>
        public ClusterSnapshotFinder(IObjectStore store)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
        }

        /// <summary>Lists, inspects and chooses. Throws InvalidArgument when several clusters share the location and no service id was given.</summary>
        public async Task<ClusterSnapshotSearchResult> FindAsync(ClusterSnapshotSearch search, IOperationObserver observer, CancellationToken cancellationToken)
        {
            if (search is null)
            {
                throw new ArgumentNullException(nameof(search));
            }

            observer ??= NullObserver.Instance;
            (S3Location root, string? serviceId) = await ResolveServiceAsync(search, observer, cancellationToken).ConfigureAwait(false);
            if (serviceId is null)
            {
                return new ClusterSnapshotSearchResult(root, null, Array.Empty<ClusterSnapshotCandidate>(), null,
                    $"No <service id>/meta/image/ folder exists under {root}: this is not the location of a shared-data cluster's storage volume, or nothing was ever written there.",
                    search.Jobs is not null);
            }

            S3Location imageDir = root.Child(serviceId + "/meta/image/");
            List<ClusterSnapshotCandidate>? candidates = null;
            for (int listing = 1; candidates is null; listing++)
            {
                candidates = await ScanAsync(imageDir, serviceId, search.VerifyChecksum, listing == MaxListings, observer, cancellationToken).ConfigureAwait(false);
            }

            IReadOnlyDictionary<string, ClusterSnapshotJob>? jobs = search.Jobs?
                .GroupBy(j => j.SnapshotName, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(j => j.JobId).First(), StringComparer.Ordinal);
            (ClusterSnapshotCandidate? selected, string why) = SnapshotSelector.Select(candidates, jobs, imageDir.ToString());
            if (selected is not null)
            {
                observer.Verbose($"Selected {selected.SnapshotPath}");
            }

            List<ClusterSnapshotCandidate> ordered = candidates
                .OrderBy(c => c.Verdict == ClusterSnapshotVerdict.Ignored ? 1 : 0)
                .ThenBy(c => c.CreatedAt ?? DateTimeOffset.MaxValue)
                .ThenBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            return new ClusterSnapshotSearchResult(root, serviceId, ordered, selected, why, jobs is not null);
        }

        /// <summary>
        /// Lists <paramref name="imageDir"/> and inspects every folder. StarRocks deletes the previous automated snapshot as
        /// soon as a newer one is FINISHED, so a folder can vanish between the listing and its reads: then the folder is
        /// listed again (null is returned) unless this is the last listing, in which case the vanished folder is left out
        /// with a warning. A folder the listing never saw is only found by listing again, hence the second listing.
        /// </summary>
        private async Task<List<ClusterSnapshotCandidate>?> ScanAsync(S3Location imageDir, string serviceId, bool verify, bool lastListing,
            IOperationObserver observer, CancellationToken cancellationToken)
        {
            observer.Verbose($"Listing cluster snapshot folders in {imageDir}");
            ObjectListing listing = await _store.ListAsync(imageDir.Bucket, imageDir.Prefix, "/", cancellationToken).ConfigureAwait(false);

            var candidates = new List<ClusterSnapshotCandidate>();
            foreach (string folderPrefix in listing.CommonPrefixes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string name = folderPrefix.Substring(imageDir.Prefix.Length).TrimEnd('/');
                var candidate = new ClusterSnapshotCandidate(name, serviceId, imageDir.Child(name + "/"));
                string? nameProblem = SnapshotFolderInspector.CheckName(name, out DateTimeOffset? createdAt);
                candidate.CreatedAt = createdAt;
                if (nameProblem is not null)
                {
                    Ignore(candidate, $"Ignored: {nameProblem}.");
                }
                else if (await InspectAsync(candidate, verify, observer, cancellationToken).ConfigureAwait(false) is string gone)
                {
                    if (!lastListing)
                    {
                        observer.Verbose($"{name} vanished while it was read ({gone}): a newer cluster snapshot replaced it; listing {imageDir} again");
                        return null;
                    }

                    observer.Warning($"Left out {candidate.Folder}: it vanished while it was read ({gone}). StarRocks deletes the previous "
                        + "automated cluster snapshot once a newer one is FINISHED; search again when no snapshot is being taken.");
                    continue;
                }

                candidates.Add(candidate);
            }

            foreach (ObjectInfo stray in listing.Objects.Where(o => o.Key.Length > imageDir.Prefix.Length))
            {
                string name = stray.Key.Substring(imageDir.Prefix.Length);
                var candidate = new ClusterSnapshotCandidate(name, serviceId, imageDir.Child(name));
                Ignore(candidate, "Ignored: a stray object, not a snapshot folder.");
                candidate.ObjectCount = 1;
                candidate.TotalBytes = stray.Size;
                candidates.Add(candidate);
            }

            return candidates;
        }

        private async Task<(S3Location Root, string? ServiceId)> ResolveServiceAsync(ClusterSnapshotSearch search, IOperationObserver observer, CancellationToken ct)
        {
            S3Location location = TrimToVolumeOrCluster(search.Location);
            if (!string.IsNullOrWhiteSpace(search.ServiceId))
            {
                string id = search.ServiceId!.Trim().Trim('/');
                if (id.Contains("/"))
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The service id '{id}' contains '/'; give only the folder name above meta/.");
                }

                // "…/<id>/" together with the same id: the location already names the cluster's folder.
                return (location.LastSegment == id ? location.Parent : location, id);
            }

            // A location that already ends with the service id (…/<id>/) holds meta/image/ itself.
            if (location.Prefix.Length > 0 && await HasImageFolderAsync(location, ct).ConfigureAwait(false))
            {
                observer.Verbose($"{location} is itself a cluster's folder (service id {location.LastSegment})");
                return (location.Parent, location.LastSegment);
            }

            observer.Verbose($"Discovering service ids under {location}");
            ObjectListing top = await _store.ListAsync(location.Bucket, location.Prefix, "/", ct).ConfigureAwait(false);
            var found = new List<string>();
            foreach (string folder in top.CommonPrefixes)
            {
                string id = folder.Substring(location.Prefix.Length).TrimEnd('/');
                if (id.Length > 0 && await HasImageFolderAsync(location.Child(id + "/"), ct).ConfigureAwait(false))
                {
                    found.Add(id);
                }
            }

            if (found.Count > 1)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"Several clusters keep metadata under {location}: {string.Join(", ", found.OrderBy(f => f, StringComparer.Ordinal))}. Pass the service id of the cluster to restore.");
            }

            if (found.Count == 1)
            {
                observer.Verbose($"Found service id {found[0]}");
            }

            return (location, found.Count == 1 ? found[0] : null);
        }

        // People paste what they have: STORAGE_PATH (…/<id>/meta/image/<snapshot>), a cluster_snapshot_path, or a path
        // ending in /meta (which StarRocks also accepts). Walk those back to the cluster's folder.
        private static S3Location TrimToVolumeOrCluster(S3Location location)
        {
            S3Location current = location;
            if (current.LastSegment.StartsWith(SnapshotFolderInspector.NamePrefix, StringComparison.Ordinal))
            {
                current = current.Parent;
            }

            if (current.LastSegment == "image" && current.Parent.LastSegment == "meta")
            {
                current = current.Parent;
            }

            return current.LastSegment == "meta" ? current.Parent : current;
        }

        private async Task<bool> HasImageFolderAsync(S3Location clusterRoot, CancellationToken ct)
        {
            S3Location image = clusterRoot.Child("meta/image/");
            ObjectListing listing = await _store.ListAsync(image.Bucket, image.Prefix, "/", ct).ConfigureAwait(false);
            return listing.CommonPrefixes.Count > 0 || listing.Objects.Count > 0;
        }

        /// <summary>Inspects one folder; returns why it vanished meanwhile (see <see cref="ScanAsync"/>), or null.</summary>
        private async Task<string?> InspectAsync(ClusterSnapshotCandidate candidate, bool verify, IOperationObserver observer, CancellationToken ct)
        {
            ObjectListing files = await _store.ListAsync(candidate.Folder.Bucket, candidate.Folder.Prefix, null, ct).ConfigureAwait(false);
            if (files.Objects.Count == 0)
            {
                // Object storage has no folders: a prefix the first listing returned holds no object any more.
                return "its folder is empty now";
            }

            (string? checksumKey, string? imageKey, long imageSize) = SnapshotFolderInspector.Inspect(candidate, files.Objects);
            var problems = candidate.Problems.ToList();
            if (checksumKey is not null)
            {
                // ImageLoader.checkCheckSum: Long.parseLong(Files.readString(checksum.N)) — no trimming, an optional sign,
                // digits only. Anything else makes StarRocks fail to load the image, so it is a problem here too.
                (bool checksumGone, byte[]? bytes) = await ReadUnlessGoneAsync(candidate.Folder.Bucket, checksumKey, () => _store.GetAsync(candidate.Folder.Bucket, checksumKey, ct), ct)
                    .ConfigureAwait(false);
                if (checksumGone)
                {
                    return $"{checksumKey.Substring(candidate.Folder.Prefix.Length)} was deleted";
                }

                string text = Encoding.UTF8.GetString(bytes!);
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long expected))
                {
                    problems.Add($"{checksumKey.Substring(candidate.Folder.Prefix.Length)} does not hold a CRC32 number StarRocks can read "
                        + "(ImageLoader parses it with Long.parseLong, without trimming)");
                }
                else if (verify && imageKey is not null)
                {
                    observer.Verbose($"Verifying the CRC32 of {candidate.Name}'s FE image ({imageSize} bytes)");
                    (bool imageGone, long actual) = await ReadUnlessGoneAsync(candidate.Folder.Bucket, imageKey, () => Crc32Async(candidate.Folder.Bucket, imageKey, ct), ct)
                        .ConfigureAwait(false);
                    if (imageGone)
                    {
                        return $"{imageKey.Substring(candidate.Folder.Prefix.Length)} was deleted";
                    }

                    if (actual != expected)
                    {
                        problems.Add($"the FE image's CRC32 is {actual} but its checksum file says {expected}: the image is damaged");
                    }
                    else
                    {
                        candidate.ChecksumVerified = true;
                    }
                }
            }

            candidate.Problems = problems;
            candidate.IsComplete = problems.Count == 0;
            observer.Debug($"{candidate.Name}: {candidate.ObjectCount} objects, {candidate.TotalBytes} bytes, "
                + (candidate.IsComplete ? "complete" : "incomplete: " + string.Join("; ", problems)));
            return null;
        }

        /// <summary>
        /// Runs <paramref name="read"/> of <paramref name="key"/>; when it fails and the object no longer exists, returns
        /// Gone = true instead of the failure (a 404, or a read cut off by the deletion). Other failures propagate.
        /// </summary>
        private async Task<(bool Gone, T Value)> ReadUnlessGoneAsync<T>(string bucket, string key, Func<Task<T>> read, CancellationToken ct)
        {
            try
            {
                return (false, await read().ConfigureAwait(false));
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError)
            {
                bool exists;
                try
                {
                    exists = await _store.ExistsAsync(bucket, key, ct).ConfigureAwait(false);
                }
                catch (StarRocksBackupException)
                {
                    exists = true; // the storage itself is failing: report the original error
                }

                if (exists)
                {
                    throw;
                }

                return (true, default!);
            }
        }

        private async Task<long> Crc32Async(string bucket, string key, CancellationToken ct)
        {
            var crc = new Crc32();
            var buffer = new byte[81920];
            using Stream stream = await _store.OpenReadAsync(bucket, key, ct).ConfigureAwait(false);
            int read;
            while ((read = await stream.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false)) > 0)
            {
                crc.Append(buffer, 0, read);
            }

            return crc.Value;
        }

        private static void Ignore(ClusterSnapshotCandidate candidate, string why)
        {
            candidate.Verdict = ClusterSnapshotVerdict.Ignored;
            candidate.Why = why;
            candidate.Problems = new[] { why };
        }
    }
}
