using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Verification;

namespace StarRocksBackup.Core.Retention
{
    /// <summary>What retention found in a repository and decided.</summary>
    public sealed class RetentionRun
    {
        /// <summary>The repository.</summary>
        public string Repository { get; internal set; } = string.Empty;

        /// <summary>The decisions.</summary>
        public RetentionPlan Plan { get; internal set; } = new RetentionPlan(Array.Empty<RetentionDecision>());

        /// <summary>Deletions interrupted earlier (finished before anything else is removed).</summary>
        public IReadOnlyList<DeletionJournal> PendingDeletions { get; internal set; } = Array.Empty<DeletionJournal>();

        /// <summary>Unreadable manifests or verification records (left out; never a reason to remove).</summary>
        public IReadOnlyList<string> Problems { get; internal set; } = Array.Empty<string>();

        /// <summary>Labels (with their timestamps) to remove: null timestamps = the whole label.</summary>
        public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>?>> Removals { get; internal set; } = Array.Empty<KeyValuePair<string, IReadOnlyList<string>?>>();
    }

    /// <summary>
    /// Reads a repository's backups straight from storage (each <c>__info_</c> file; the catalog manifest where one
    /// exists; the verification records), plans retention with <see cref="RetentionPlanner"/> and removes through
    /// <see cref="SnapshotRemover"/>, the same path as Remove-SrSnapshot.
    /// </summary>
    public sealed class RetentionService
    {
        private readonly RepositoryStorage _storage;
        private readonly SnapshotRemover _remover;

        /// <summary>Creates the service.</summary>
        public RetentionService(StarRocksClient client, RepositoryStorage storage, int maxParallelRequests = ObjectStoreLimits.DefaultParallelRequests)
        {
            _storage = storage ?? throw new ArgumentNullException(nameof(storage));
            _remover = new SnapshotRemover(client, storage, maxParallelRequests);
        }

        /// <summary>The remover used for removals and for finishing interrupted deletions.</summary>
        public SnapshotRemover Remover => _remover;

        /// <summary>Reads every backup of the repository as the planner needs it.</summary>
        public async Task<IReadOnlyList<RetentionSnapshot>> ReadSnapshotsAsync(ICollection<string> problems, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            observer ??= NullObserver.Instance;
            string bucket = _storage.Location.Bucket;
            ObjectListing all = await _storage.Store.ListAsync(bucket, _storage.Root.Prefix, null, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<ManifestRecord> manifests = await ManifestRecord.ListAsync(_storage, problems, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<VerificationRecord> checks = await VerificationRecord.ListAsync(_storage, problems, cancellationToken).ConfigureAwait(false);
            var manifestByKey = new Dictionary<string, ManifestRecord>(StringComparer.Ordinal);
            foreach (ManifestRecord m in manifests)
            {
                manifestByKey[m.Label + "\n" + m.BackupTimestamp] = m;
            }

            var verdict = checks.GroupBy(c => c.Label + "\n" + c.BackupTimestamp, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.AtUtc).First().Passed, StringComparer.Ordinal);

            var result = new List<RetentionSnapshot>();
            foreach (SnapshotFolderListing folder in SnapshotFolderListing.GroupByLabel(_storage, all.Objects))
            {
                var infos = new List<(InfoObject Info, SnapshotInfoFile? Parsed, string? Error)>();
                foreach (InfoObject info in folder.ValidInfoFiles)
                {
                    try
                    {
                        infos.Add((info, SnapshotInfoFile.Parse(await _storage.Store.GetAsync(bucket, info.Object.Key, cancellationToken).ConfigureAwait(false)), null));
                    }
                    catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.InvalidConfiguration)
                    {
                        infos.Add((info, null, ex.Message));
                    }
                }

                var refCount = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var i in infos.Where(i => i.Parsed is not null))
                {
                    foreach (string f in i.Parsed!.DataFiles().Distinct(StringComparer.Ordinal))
                    {
                        refCount[f] = refCount.TryGetValue(f, out int n) ? n + 1 : 1;
                    }
                }

                var sizes = folder.Objects.ToDictionary(o => folder.Relative(o.Key), o => o.Size, StringComparer.Ordinal);
                foreach (var (info, parsed, error) in infos)
                {
                    string ts = info.Timestamp!;
                    var snap = new RetentionSnapshot { Label = folder.Label, Timestamp = ts };
                    snap.Bytes = infos.Count == 1
                        ? folder.Bytes
                        : info.Object.Size + (parsed?.DataFiles().Distinct(StringComparer.Ordinal).Where(f => refCount[f] == 1).Sum(f => sizes.TryGetValue(f, out long s) ? s : 0) ?? 0);
                    manifestByKey.TryGetValue(folder.Label + "\n" + ts, out ManifestRecord? manifest);
                    if (parsed is null && manifest is null)
                    {
                        snap.Source = "unreadable";
                        snap.Problem = error;
                        snap.TimeUtc = info.Object.LastModified?.UtcDateTime ?? DateTime.MinValue;
                    }
                    else if (manifest is not null)
                    {
                        snap.Source = "manifest";
                        snap.Database = manifest.Database;
                        snap.TimeUtc = manifest.FinishedAtUtc ?? parsed?.FinishTimeUtc ?? parsed?.BackupTimeUtc ?? info.Object.LastModified?.UtcDateTime ?? DateTime.MinValue;
                        snap.Partitions = manifest.Partitions.Select(p => new PartitionRef(p.Table, p.PartitionId)).ToList();
                        snap.Inventory = manifest.Inventory?.Select(p => new PartitionRef(p.Table, p.PartitionId)).ToList();
                    }
                    else
                    {
                        snap.Database = parsed!.Database;
                        snap.TimeUtc = parsed.FinishTimeUtc ?? parsed.BackupTimeUtc ?? info.Object.LastModified?.UtcDateTime ?? DateTime.MinValue;
                        snap.Partitions = parsed.Partitions.Select(p => new PartitionRef(p.Table, p.PartitionId)).Distinct().ToList();
                    }

                    snap.Verified = verdict.TryGetValue(folder.Label + "\n" + ts, out bool passed) ? passed : null;
                    result.Add(snap);
                }
            }

            observer.Verbose($"Retention read {result.Count} backup(s) of repository '{_storage.RepositoryName}' ({manifests.Count} manifest(s), {checks.Count} verification record(s)).");
            return result;
        }

        /// <summary>Reads the repository and plans <paramref name="policy"/> at <paramref name="nowUtc"/>.</summary>
        public async Task<RetentionRun> PlanAsync(RetentionPolicy policy, DateTime nowUtc, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            policy.Validate();
            var problems = new List<string>();
            IReadOnlyList<DeletionJournal> pending = await DeletionJournal.ListAsync(_storage, cancellationToken).ConfigureAwait(false);
            var pendingLabels = new HashSet<string>(pending.Select(j => j.Label), StringComparer.Ordinal);
            IReadOnlyList<RetentionSnapshot> snapshots = await ReadSnapshotsAsync(problems, observer, cancellationToken).ConfigureAwait(false);
            RetentionPlan plan = RetentionPlanner.Plan(snapshots, policy, nowUtc);
            var validByLabel = snapshots.GroupBy(s => s.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var removals = plan.Decisions.Where(d => !d.Keep).GroupBy(d => d.Snapshot.Label, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, IReadOnlyList<string>?>(g.Key,
                    g.Count() == validByLabel[g.Key] && !pendingLabels.Contains(g.Key) ? null : g.Select(d => d.Snapshot.Timestamp).OrderBy(t => t, StringComparer.Ordinal).ToList()))
                .ToList();
            return new RetentionRun { Repository = _storage.RepositoryName, Plan = plan, PendingDeletions = pending, Problems = problems, Removals = removals };
        }
    }
}
