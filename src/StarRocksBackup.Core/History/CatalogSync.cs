using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.History
{
    /// <summary>
    /// Brings the catalog up to date with the repository: every snapshot job (<c>__ss_&lt;label&gt;/__info_&lt;ts&gt;.&lt;md5&gt;</c>) without
    /// a manifest gets one. When a run left its plan in <see cref="BackupCatalog.PendingFolder"/> (it was stopped between the
    /// backup and the catalog write) the plan's partitions, versions and inventory are used; otherwise they come from the
    /// <c>__info_</c> file (source <c>sync</c>). Manifests are created with a conditional write, so nothing is recorded twice,
    /// even by two syncs at once.
    /// </summary>
    public sealed class CatalogSync
    {
        /// <summary>A pending plan with no snapshot older than this is dropped (its BACKUP never produced one).</summary>
        public static readonly TimeSpan PendingExpiry = TimeSpan.FromDays(3);

        private readonly BackupCatalog _catalog;
        private readonly IOperationObserver _observer;

        /// <summary>Sync for <paramref name="catalog"/>.</summary>
        public CatalogSync(BackupCatalog catalog, IOperationObserver? observer = null)
        {
            _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
            _observer = observer ?? NullObserver.Instance;
        }

        /// <summary>How many snapshot folders a sync reads at once.</summary>
        public const int ParallelFolders = 8;

        /// <summary>
        /// Records every finished snapshot job of the repository (of <paramref name="database"/> when given) that has no
        /// manifest. Returns what was recorded. With <paramref name="quick"/> (what a policy run does before planning) a
        /// snapshot folder whose label is recorded already and has no pending plan is not opened: a policy label is used
        /// once, so only a second job under a label the module recorded (taken outside it) is left for a full sync.
        /// </summary>
        public async Task<CatalogSyncResult> SyncAsync(string? database = null, DateTimeOffset? now = null, CancellationToken cancellationToken = default, bool quick = false)
        {
            RepositoryStorage storage = _catalog.Storage;
            Task<IReadOnlyCollection<RecordedJob>> recordedTask = _catalog.ListRecordedAsync(cancellationToken);
            Task<IReadOnlyList<BackupManifest>> pendingTask = _catalog.ListPendingAsync(cancellationToken);
            ObjectListing folders = await storage.Store.ListAsync(storage.Root.Bucket, storage.Root.Prefix + RepositoryStorage.SnapshotFolderPrefix, "/", cancellationToken).ConfigureAwait(false);
            IReadOnlyCollection<RecordedJob> recordedJobs = await recordedTask.ConfigureAwait(false);
            var recorded = new HashSet<string>(recordedJobs.Select(j => j.BackupTimestamp + "_" + j.Label), StringComparer.Ordinal);
            var recordedLabels = new HashSet<string>(recordedJobs.Select(j => j.Label), StringComparer.Ordinal);
            IReadOnlyList<BackupManifest> pending = await pendingTask.ConfigureAwait(false);
            var pendingLabels = new HashSet<string>(pending.Select(p => p.Label), StringComparer.Ordinal);

            var result = new CatalogSyncResult();
            var seenLabels = new HashSet<string>(StringComparer.Ordinal);
            var toOpen = new List<(string Folder, string Label)>();
            foreach (string folder in folders.CommonPrefixes)
            {
                string label = folder.Substring(storage.Root.Prefix.Length + RepositoryStorage.SnapshotFolderPrefix.Length).TrimEnd('/');
                seenLabels.Add(label);
                if (quick && recordedLabels.Contains(label) && !pendingLabels.Contains(label))
                {
                    result.AlreadyRecorded++;
                    continue;
                }

                toOpen.Add((folder, label));
            }

            using (var gate = new SemaphoreSlim(ParallelFolders))
            {
                await Task.WhenAll(toOpen.Select(async f =>
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await SyncFolderAsync(storage, f.Folder, f.Label, recorded, pending, database, result, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                })).ConfigureAwait(false);
            }

            // Folders were read in parallel: report what was recorded in the catalog's own order (oldest first).
            List<BackupManifest> ordered = BackupCatalog.Order(result.Recorded).ToList();
            result.Recorded.Clear();
            result.Recorded.AddRange(ordered);

            DateTimeOffset clock = now ?? DateTimeOffset.UtcNow;
            foreach (BackupManifest draft in pending.Where(p => !seenLabels.Contains(p.Label) && clock - p.CreatedAt > PendingExpiry))
            {
                _observer.Verbose($"Catalog sync: dropping the plan of {draft.Database}/{draft.Label}; no snapshot appeared since {draft.CreatedAt:u}.");
                await _catalog.DeletePendingAsync(draft.Database, draft.Label, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }

        private async Task SyncFolderAsync(RepositoryStorage storage, string folder, string label, HashSet<string> recorded, IReadOnlyList<BackupManifest> pending,
            string? database, CatalogSyncResult result, CancellationToken cancellationToken)
        {
            ObjectListing infos = await storage.Store.ListAsync(storage.Root.Bucket, folder + "__info_", null, cancellationToken).ConfigureAwait(false);
            foreach (ObjectInfo info in infos.Objects)
            {
                string name = info.Key.Substring(folder.Length);
                string? ts = InfoFile.TimestampOf(name);
                if (ts is null)
                {
                    if (!name.EndsWith(".part", StringComparison.Ordinal))
                    {
                        result.Skip($"{label}: '{name}' is not a valid job-info file name");
                    }

                    continue;
                }

                if (recorded.Contains(ts + "_" + label))
                {
                    result.CountAlreadyRecorded();
                    continue;
                }

                BackupManifest? manifest = await BuildAsync(storage, label, ts, info, pending, database, result, cancellationToken).ConfigureAwait(false);
                if (manifest is null)
                {
                    continue;
                }

                if (await _catalog.RecordAsync(manifest, cancellationToken).ConfigureAwait(false))
                {
                    result.Record(manifest);
                    _observer.Verbose($"Catalog sync: recorded {manifest}.");
                }
                else
                {
                    result.CountAlreadyRecorded();
                }
            }
        }

        /// <summary>
        /// Records the finished backup job <paramref name="label"/> of <paramref name="database"/> that the module saw end
        /// (Wait-SrJob, a policy run): from the plan its run left in the pending folder when there is one, otherwise from
        /// the snapshot's <c>__info_</c> file. Returns the manifests written (none when it was recorded already).
        /// </summary>
        /// <remarks>
        /// <paramref name="plan"/> is the run's own pending plan when the caller still holds it (a policy run): it is used
        /// as it is, without reading it back or opening the <c>__info_</c> file, and the conditional write alone keeps a
        /// job from being recorded twice — one listing and one write per job.
        /// </remarks>
        public async Task<IReadOnlyList<BackupManifest>> RecordJobAsync(string database, string label, string cluster, CancellationToken cancellationToken = default,
            BackupManifest? plan = null)
        {
            RepositoryStorage storage = _catalog.Storage;
            S3Location folder = storage.SnapshotFolder(label);
            Task<BackupManifest?> pendingTask = plan != null ? Task.FromResult<BackupManifest?>(plan) : _catalog.GetPendingAsync(database, label, cancellationToken);
            ObjectListing infos = await storage.Store.ListAsync(folder.Bucket, folder.Prefix + "__info_", null, cancellationToken).ConfigureAwait(false);
            BackupManifest? draft = await pendingTask.ConfigureAwait(false);
            IReadOnlyList<BackupManifest> pending = draft is null ? Array.Empty<BackupManifest>() : new[] { draft };
            var result = new CatalogSyncResult();
            foreach (ObjectInfo info in infos.Objects)
            {
                string? ts = InfoFile.TimestampOf(info.Key.Substring(folder.Prefix.Length));
                if (ts is null || (plan is null && await _catalog.IsRecordedAsync(database, ts, label, cancellationToken).ConfigureAwait(false)))
                {
                    continue;
                }

                BackupManifest? manifest = plan != null
                    ? FromPlan(plan, database, label, ts, info)
                    : await BuildAsync(storage, label, ts, info, pending, database, result, cancellationToken, BackupManifest.SourceModule).ConfigureAwait(false);
                if (manifest is null)
                {
                    continue;
                }

                if (string.IsNullOrEmpty(manifest.Cluster))
                {
                    manifest.Cluster = cluster;
                }

                if (await _catalog.RecordAsync(manifest, cancellationToken).ConfigureAwait(false))
                {
                    result.Record(manifest);
                }
            }

            if (infos.Objects.Count == 0)
            {
                throw new StarRocksBackupException(ErrorKind.SnapshotNotFound,
                    $"Backup '{label}' of database '{database}' finished, but {folder} holds no job-info file: the catalog cannot record it.");
            }

            return result.Recorded;
        }

        /// <summary>The manifest of a job the caller saw finish, from the plan its run wrote before the BACKUP.</summary>
        private BackupManifest FromPlan(BackupManifest plan, string database, string label, string ts, ObjectInfo infoObject)
        {
            if (!string.Equals(plan.Database, database, StringComparison.Ordinal) || !string.Equals(plan.Label, label, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The plan is for {plan.Database}/{plan.Label}, not {database}/{label}.", nameof(plan));
            }

            return CompleteDraft(plan, ts, infoObject.LastModified ?? DateTimeOffset.UtcNow, null);
        }

        /// <summary>
        /// A run's plan made the manifest of the job it submitted: the plan has the versions captured before the BACKUP
        /// statement (never the newer ones a load committed during the job may have produced).
        /// </summary>
        private static BackupManifest CompleteDraft(BackupManifest draft, string ts, DateTimeOffset finished, DateTimeOffset? created)
        {
            draft.BackupTimestamp = ts;
            draft.FinishedAt = finished;
            draft.CreatedAt = created ?? draft.CreatedAt;
            draft.Source = BackupManifest.SourceModule;
            return draft;
        }

        private async Task<BackupManifest?> BuildAsync(RepositoryStorage storage, string label, string ts, ObjectInfo infoObject,
            IReadOnlyList<BackupManifest> pending, string? database, CatalogSyncResult result, CancellationToken cancellationToken, string source = BackupManifest.SourceSync)
        {
            InfoFile info;
            try
            {
                byte[] bytes = await storage.Store.GetAsync(storage.Root.Bucket, infoObject.Key, cancellationToken).ConfigureAwait(false);
                info = InfoFile.Parse(bytes, $"s3://{storage.Root.Bucket}/{infoObject.Key}");
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.InvalidConfiguration)
            {
                result.Skip($"{label}@{ts}: {ex.Message}");
                _observer.Warning("Catalog sync: " + ex.Message);
                return null;
            }

            if (database != null && !string.Equals(info.Database, database, StringComparison.Ordinal))
            {
                return null;
            }

            if (info.Result != null && !string.Equals(info.Result, "succeed", StringComparison.OrdinalIgnoreCase))
            {
                result.Skip($"{label}@{ts}: backup_result is '{info.Result}'");
                return null;
            }

            DateTimeOffset finished = info.FinishTime ?? infoObject.LastModified ?? info.BackupTime ?? DateTimeOffset.UtcNow;
            BackupManifest? draft = pending.FirstOrDefault(p => p.Label == label && p.Database == info.Database);
            if (draft != null)
            {
                // The run that planned this backup stopped before recording it.
                _observer.Verbose($"Catalog sync: {info.Database}/{label}@{ts} finished but was not recorded; using the plan its run left.");
                return CompleteDraft(draft, ts, finished, info.BackupTime);
            }

            return new BackupManifest
            {
                Label = label,
                BackupTimestamp = ts,
                Repository = storage.RepositoryName,
                Database = info.Database,
                Source = source,
                Kind = BackupManifest.KindUnknown,
                Cluster = info.ClusterId ?? string.Empty,
                CreatedAt = info.BackupTime ?? finished,
                FinishedAt = finished,
                Partitions = info.Partitions,
                Inventory = null,
            };
        }
    }

    /// <summary>What <see cref="CatalogSync.SyncAsync"/> did.</summary>
    public sealed class CatalogSyncResult
    {
        private readonly object _gate = new object();
        private int _alreadyRecorded;

        /// <summary>The manifests written by this sync.</summary>
        public List<BackupManifest> Recorded { get; } = new List<BackupManifest>();

        /// <summary>Snapshot jobs that already had a manifest.</summary>
        public int AlreadyRecorded
        {
            get => Volatile.Read(ref _alreadyRecorded);
            set => Volatile.Write(ref _alreadyRecorded, value);
        }

        /// <summary>Jobs that could not be recorded, with the reason.</summary>
        public List<string> Skipped { get; } = new List<string>();

        internal void Record(BackupManifest manifest)
        {
            lock (_gate)
            {
                Recorded.Add(manifest);
            }
        }

        internal void Skip(string reason)
        {
            lock (_gate)
            {
                Skipped.Add(reason);
            }
        }

        internal void CountAlreadyRecorded() => Interlocked.Increment(ref _alreadyRecorded);
    }
}
