using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.Verification
{
    /// <summary>One label folder of a repository, as Test-SrRepository sees it.</summary>
    public sealed class RepositorySnapshotUsage
    {
        /// <summary>The label.</summary>
        public string Label { get; internal set; } = string.Empty;

        /// <summary>Timestamps with a valid, parseable info file.</summary>
        public IReadOnlyList<string> Timestamps { get; internal set; } = Array.Empty<string>();

        /// <summary>Objects in the folder.</summary>
        public int Objects { get; internal set; }

        /// <summary>Bytes in the folder.</summary>
        public long Bytes { get; internal set; }

        /// <summary>True when no valid info file exists (an orphan folder).</summary>
        public bool IsOrphan => Timestamps.Count == 0;
    }

    /// <summary>The result of checking a repository.</summary>
    public sealed class RepositoryCheckResult
    {
        /// <summary>The repository.</summary>
        public string Repository { get; internal set; } = string.Empty;

        /// <summary>The location.</summary>
        public string Location { get; internal set; } = string.Empty;

        /// <summary>True when SHOW REPOSITORIES reports no error for it.</summary>
        public bool ServerOk { get; internal set; }

        /// <summary>The server's ErrMsg, when any.</summary>
        public string? ServerError { get; internal set; }

        /// <summary>True when a probe object could be written, listed, read back and deleted.</summary>
        public bool StorageOk { get; internal set; }

        /// <summary>What failed with the storage, when anything did.</summary>
        public string? StorageError { get; internal set; }

        /// <summary>Every label folder.</summary>
        public IReadOnlyList<RepositorySnapshotUsage> Snapshots { get; internal set; } = Array.Empty<RepositorySnapshotUsage>();

        /// <summary>Label folders without a valid info file.</summary>
        public IReadOnlyList<string> OrphanFolders => Snapshots.Where(s => s.IsOrphan).Select(s => s.Label).ToList();

        /// <summary>Leftover <c>.part</c> objects.</summary>
        public IReadOnlyList<string> PartObjects { get; internal set; } = Array.Empty<string>();

        /// <summary>Catalog manifests whose snapshot is gone.</summary>
        public IReadOnlyList<string> OrphanManifests { get; internal set; } = Array.Empty<string>();

        /// <summary>Interrupted deletions (journals).</summary>
        public IReadOnlyList<string> PendingDeletions { get; internal set; } = Array.Empty<string>();

        /// <summary>Unreadable module files (manifests, records, journals).</summary>
        public IReadOnlyList<string> Problems { get; internal set; } = Array.Empty<string>();

        /// <summary>Objects under the repository root.</summary>
        public long TotalObjects { get; internal set; }

        /// <summary>Bytes under the repository root.</summary>
        public long TotalBytes { get; internal set; }

        /// <summary>True when the server and the storage work and nothing is orphaned or pending.</summary>
        public bool Passed => ServerOk && StorageOk && OrphanFolders.Count == 0 && PartObjects.Count == 0 && OrphanManifests.Count == 0
            && PendingDeletions.Count == 0 && Problems.Count == 0;
    }

    /// <summary>Checks a repository through StarRocks (SHOW REPOSITORIES' ErrMsg) and directly in its storage.</summary>
    public static class RepositoryChecker
    {
        /// <summary>Checks <paramref name="access"/>'s repository.</summary>
        public static async Task<RepositoryCheckResult> CheckAsync(RepositoryAccess access, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            observer ??= NullObserver.Instance;
            RepositoryStorage storage = access.Storage;
            string bucket = storage.Location.Bucket;
            var result = new RepositoryCheckResult
            {
                Repository = access.Repository.Name,
                Location = Sql.SqlRedactor.RedactUriPasswords(access.Repository.Location),
                ServerOk = string.IsNullOrEmpty(access.Repository.ErrorMessage),
                ServerError = string.IsNullOrEmpty(access.Repository.ErrorMessage) ? null : access.Repository.ErrorMessage,
            };

            string probe = storage.ModuleFolder.Prefix + "probe/" + Guid.NewGuid().ToString("N");
            string step = "put";
            try
            {
                byte[] content = System.Text.Encoding.UTF8.GetBytes("StarRocksBackup probe " + DateTime.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
                await storage.Store.PutAsync(bucket, probe, content, cancellationToken).ConfigureAwait(false);
                step = "list";
                ObjectListing l = await storage.Store.ListAsync(bucket, probe, null, cancellationToken).ConfigureAwait(false);
                if (!l.Objects.Any(o => o.Key == probe))
                {
                    throw new StarRocksBackupException(ErrorKind.ObjectStorageError, $"the probe object {probe} was written but is not listed");
                }

                step = "get";
                byte[] back = await storage.Store.GetAsync(bucket, probe, cancellationToken).ConfigureAwait(false);
                if (!back.SequenceEqual(content))
                {
                    throw new StarRocksBackupException(ErrorKind.ObjectStorageError, $"the probe object {probe} reads back different content");
                }

                step = "delete";
                await storage.Store.DeleteAsync(bucket, probe, cancellationToken).ConfigureAwait(false);
                result.StorageOk = true;
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError)
            {
                result.StorageError = $"{step}: {ex.Message}";
                observer.Warning($"Repository '{result.Repository}': the storage probe failed at {step}: {ex.Message}");
            }

            ObjectListing all;
            try
            {
                all = await storage.Store.ListAsync(bucket, storage.Root.Prefix, null, cancellationToken).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError)
            {
                result.StorageOk = false;
                result.StorageError ??= "list: " + ex.Message;
                return result;
            }

            result.TotalObjects = all.Objects.Count;
            result.TotalBytes = all.Objects.Sum(o => o.Size);
            result.PartObjects = all.Objects.Where(o => o.Key.EndsWith(".part", StringComparison.Ordinal)).Select(o => o.Key).ToList();
            var problems = new List<string>();
            var usages = new List<RepositorySnapshotUsage>();
            var valid = new HashSet<string>(StringComparer.Ordinal);
            foreach (SnapshotFolderListing folder in SnapshotFolderListing.GroupByLabel(storage, all.Objects))
            {
                var timestamps = new List<string>();
                foreach (InfoObject info in folder.ValidInfoFiles)
                {
                    try
                    {
                        byte[] content = await storage.Store.GetAsync(bucket, info.Object.Key, cancellationToken).ConfigureAwait(false);
                        if (SnapshotVerifier.Md5Hex(content) == info.Md5)
                        {
                            SnapshotInfoFile.Parse(content);
                            timestamps.Add(info.Timestamp!);
                            valid.Add(folder.Label + "\n" + info.Timestamp);
                        }
                    }
                    catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.InvalidConfiguration)
                    {
                        observer.Verbose($"{info.Object.Key}: {ex.Message}");
                    }
                }

                usages.Add(new RepositorySnapshotUsage { Label = folder.Label, Timestamps = timestamps, Objects = folder.Objects.Count, Bytes = folder.Bytes });
            }

            result.Snapshots = usages;
            IReadOnlyList<ManifestRecord> manifests = await ManifestRecord.ListAsync(storage, problems, cancellationToken).ConfigureAwait(false);
            result.OrphanManifests = manifests.Where(m => !valid.Contains(m.Label + "\n" + m.BackupTimestamp)).Select(m => m.Key).ToList();
            try
            {
                result.PendingDeletions = (await DeletionJournal.ListAsync(storage, cancellationToken).ConfigureAwait(false)).Select(j => j.ToString()).ToList();
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.InvalidConfiguration)
            {
                problems.Add(ex.Message);
            }

            result.Problems = problems;
            return result;
        }
    }
}
