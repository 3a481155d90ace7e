using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.Retention
{
    /// <summary>
    /// Deletes a snapshot (a whole label, or some timestamps of it) in object storage, for servers without DROP
    /// SNAPSHOT (before 4.2). Crash-safe by order: journal → <c>__info_</c> files → <c>__meta</c> → data → journal.
    /// Every key comes from a listing of the label folder with its trailing <c>/</c> and is checked against it before
    /// deletion, so another label (<c>__ss_label2</c>) or repository (<c>__starrocks_repository_r2</c>) is never touched.
    /// </summary>
    /// <remarks>
    /// The data under <c>__ss_content</c> belongs to the label, not to a timestamp (facts §5.4): removing one timestamp
    /// of several removes its <c>__info_</c> file and only the data no remaining timestamp's <c>__info_</c> lists. When a
    /// remaining info file cannot be read, nothing is deleted: which data it needs cannot be known.
    /// </remarks>
    public sealed class SnapshotDeletionService
    {
        private readonly RepositoryStorage _storage;
        private readonly int _parallel;

        /// <summary>Creates the service over <paramref name="storage"/>, with at most <paramref name="maxParallelRequests"/> delete requests at once.</summary>
        public SnapshotDeletionService(RepositoryStorage storage, int maxParallelRequests = ObjectStoreLimits.DefaultParallelRequests)
        {
            _storage = storage ?? throw new ArgumentNullException(nameof(storage));
            _parallel = Math.Max(1, maxParallelRequests);
        }

        /// <summary>Keys per deletion step (progress and cancellation points); lowered by tests.</summary>
        internal int StepSize { get; set; } = 10 * ObjectStoreLimits.MaxKeysPerDeleteRequest;

        /// <summary>
        /// Plans the deletion of <paramref name="timestamps"/> of <paramref name="label"/> (null or empty: the whole
        /// label). A journal left by an interrupted deletion is merged in, so the plan finishes it.
        /// </summary>
        /// <exception cref="StarRocksBackupException">SnapshotNotFound, InvalidConfiguration (a remaining info file is unreadable), ObjectStorageError.</exception>
        public async Task<SnapshotDeletionPlan> PlanAsync(string label, IReadOnlyCollection<string>? timestamps, CancellationToken cancellationToken)
        {
            SnapshotFolderListing listing = await SnapshotFolderListing.ListAsync(_storage, label, cancellationToken).ConfigureAwait(false);
            DeletionJournal? journal = await DeletionJournal.ReadAsync(_storage, label, cancellationToken).ConfigureAwait(false);
            bool whole = timestamps is null || timestamps.Count == 0 || (journal?.WholeLabel ?? false);
            var removing = new SortedSet<string>(timestamps ?? Array.Empty<string>(), StringComparer.Ordinal);
            if (journal is not null)
            {
                removing.UnionWith(journal.Timestamps);
            }

            var valid = new SortedSet<string>(listing.ValidInfoFiles.Select(i => i.Timestamp!), StringComparer.Ordinal);
            if (listing.Objects.Count == 0 && journal is null)
            {
                throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Repository '{_storage.RepositoryName}' has no objects of snapshot '{label}' ({listing.FolderPrefix}).");
            }

            if (!whole)
            {
                string[] unknown = (timestamps ?? Array.Empty<string>()).Where(t => !valid.Contains(t) && !(journal?.Timestamps.Contains(t) ?? false)).ToArray();
                if (unknown.Length > 0)
                {
                    throw new StarRocksBackupException(ErrorKind.SnapshotNotFound,
                        $"Snapshot '{label}' in repository '{_storage.RepositoryName}' has no timestamp {string.Join(", ", unknown)} (it has: {(valid.Count == 0 ? "none" : string.Join(", ", valid))}).");
                }

                if (valid.All(removing.Contains))
                {
                    whole = true;
                }
            }

            var plan = new SnapshotDeletionPlan
            {
                Repository = _storage.RepositoryName,
                Label = label,
                Bucket = _storage.Location.Bucket,
                ResumesJournal = journal is not null,
                WholeLabel = whole,
            };
            if (whole)
            {
                plan.Timestamps = valid.ToList();
                plan.InfoKeys = listing.InfoFiles.Select(i => i.Object.Key).ToList();
                plan.MetaKeys = listing.MetaFiles.Select(o => o.Key).ToList();
                var first = new HashSet<string>(plan.InfoKeys.Concat(plan.MetaKeys), StringComparer.Ordinal);
                plan.DataKeys = listing.Objects.Where(o => !first.Contains(o.Key)).Select(o => o.Key).ToList();
                plan.Bytes = listing.Bytes;
                return plan;
            }

            var remaining = valid.Where(t => !removing.Contains(t)).ToList();
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (InfoObject info in listing.ValidInfoFiles.Where(i => remaining.Contains(i.Timestamp!)))
            {
                SnapshotInfoFile parsed;
                try
                {
                    parsed = SnapshotInfoFile.Parse(await _storage.Store.GetAsync(_storage.Location.Bucket, info.Object.Key, cancellationToken).ConfigureAwait(false));
                }
                catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.InvalidConfiguration)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidConfiguration,
                        $"Cannot remove only {string.Join(", ", removing)} of snapshot '{label}': the info file of timestamp {info.Timestamp} that stays cannot be read, so the data it needs is unknown ({ex.Message}). Nothing was deleted; remove the whole snapshot or repair it.", ex);
                }

                foreach (string rel in parsed.DataFiles())
                {
                    referenced.Add(listing.FolderPrefix + rel);
                }
            }

            var infoKeys = listing.InfoFiles.Where(i => i.Timestamp is not null && removing.Contains(i.Timestamp)).Select(i => i.Object).ToList();
            var dataKeys = listing.Objects
                .Where(o => listing.Relative(o.Key).StartsWith(SnapshotFolderListing.ContentFolder, StringComparison.Ordinal) && !referenced.Contains(o.Key))
                .ToList();
            plan.Timestamps = removing.ToList();
            plan.RemainingTimestamps = remaining;
            plan.InfoKeys = infoKeys.Select(o => o.Key).ToList();
            plan.DataKeys = dataKeys.Select(o => o.Key).ToList();
            plan.SharedObjectsKept = listing.Objects.Count(o => referenced.Contains(o.Key));
            plan.Bytes = infoKeys.Sum(o => o.Size) + dataKeys.Sum(o => o.Size);
            return plan;
        }

        /// <summary>
        /// Runs a plan: writes the journal, deletes the info files, the meta, the data, checks the folder, removes the
        /// journal. Cancelling (or a crash) leaves the journal; <see cref="PlanAsync"/> then plans the rest.
        /// </summary>
        public async Task<SnapshotRemovalResult> ExecuteAsync(SnapshotDeletionPlan plan, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            observer ??= NullObserver.Instance;
            string folder = _storage.SnapshotFolder(plan.Label).Prefix;
            foreach (string key in plan.AllKeys)
            {
                if (!key.StartsWith(folder, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Refusing to delete {key}: it is not under {folder}.");
                }
            }

            string journalAt = DeletionJournal.KeyFor(_storage, plan.Label);
            var journal = new DeletionJournal
            {
                Repository = plan.Repository,
                Label = plan.Label,
                WholeLabel = plan.WholeLabel,
                Timestamps = plan.WholeLabel ? new List<string>() : plan.Timestamps.ToList(),
                StartedAt = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                Objects = plan.ObjectCount,
                Bytes = plan.Bytes,
            };
            observer.Verbose($"Writing the deletion journal {journalAt}.");
            await _storage.Store.PutAsync(plan.Bucket, journalAt, journal.ToJson(), cancellationToken).ConfigureAwait(false);

            int total = plan.ObjectCount;
            int done = 0;
            int activity = ActivityIds.Next();
            string title = $"Removing {plan.Repository}/{plan.Label}";
            async Task DeleteAll(IReadOnlyList<string> keys, string what)
            {
                for (int i = 0; i < keys.Count; i += StepSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    List<string> step = keys.Skip(i).Take(StepSize).ToList();
                    await _storage.Store.DeleteObjectsAsync(plan.Bucket, step, _parallel, cancellationToken).ConfigureAwait(false);
                    done += step.Count;
                    observer.Progress(new OperationProgress(activity, title, $"{what}: {done}/{total} objects")
                    {
                        PercentComplete = total == 0 ? 100 : (int)(done * 100L / total),
                    });
                }
            }

            await DeleteAll(plan.InfoKeys, "info files").ConfigureAwait(false);
            await DeleteAll(plan.MetaKeys, "meta").ConfigureAwait(false);
            await DeleteAll(plan.DataKeys, "data").ConfigureAwait(false);
            observer.Progress(new OperationProgress(activity, title, "done") { Completed = true, PercentComplete = 100 });

            if (plan.WholeLabel)
            {
                SnapshotFolderListing after = await SnapshotFolderListing.ListAsync(_storage, plan.Label, cancellationToken).ConfigureAwait(false);
                if (after.Objects.Count > 0)
                {
                    throw new StarRocksBackupException(ErrorKind.ObjectStorageError,
                        $"{after.Objects.Count} object(s) of snapshot '{plan.Label}' are still there after the deletion (first {after.Objects[0].Key}); the journal {journalAt} stays, run the removal again.");
                }
            }

            await _storage.Store.DeleteAsync(plan.Bucket, journalAt, cancellationToken).ConfigureAwait(false);
            observer.Verbose($"Deleted {total} object(s) ({plan.Bytes} bytes) of {plan.Repository}/{plan.Label}; journal removed.");
            return new SnapshotRemovalResult
            {
                Repository = plan.Repository,
                Label = plan.Label,
                Timestamps = plan.Timestamps,
                WholeLabel = plan.WholeLabel,
                Method = SnapshotRemovalMethods.Storage,
                ObjectsDeleted = total,
                BytesDeleted = plan.Bytes,
                Resumed = plan.ResumesJournal,
            };
        }
    }

    /// <summary>Values of <see cref="SnapshotRemovalResult.Method"/>.</summary>
    public static class SnapshotRemovalMethods
    {
        /// <summary>4.2's DROP SNAPSHOT.</summary>
        public const string DropSnapshot = "DropSnapshot";

        /// <summary>Objects deleted in storage by the module.</summary>
        public const string Storage = "Storage";
    }

    /// <summary>Progress activity ids unique in the process.</summary>
    internal static class ActivityIds
    {
        private static int s_next = 9000;

        public static int Next() => Interlocked.Increment(ref s_next);
    }
}
