using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.Retention
{
    /// <summary>What <see cref="SnapshotRemover"/> will do for one snapshot.</summary>
    public sealed class SnapshotRemovalPlan
    {
        /// <summary>The repository.</summary>
        public string Repository { get; internal set; } = string.Empty;

        /// <summary>The label.</summary>
        public string Label { get; internal set; } = string.Empty;

        /// <summary>The timestamps asked for, or null for the whole label.</summary>
        public IReadOnlyList<string>? Timestamps { get; internal set; }

        /// <summary><see cref="SnapshotRemovalMethods.DropSnapshot"/> or <see cref="SnapshotRemovalMethods.Storage"/>.</summary>
        public string Method { get; internal set; } = string.Empty;

        /// <summary>DROP SNAPSHOT … FORCE (a 4.2 snapshot another cluster created).</summary>
        public bool Force { get; internal set; }

        /// <summary>The objects in storage that go (null when storage could not be listed for a DROP SNAPSHOT).</summary>
        public SnapshotDeletionPlan? Storage { get; internal set; }

        /// <summary>Why the objects could not be counted, when <see cref="Storage"/> is null.</summary>
        public string? StorageUnavailable { get; internal set; }

        /// <summary>One line for -WhatIf.</summary>
        public string Describe()
        {
            if (Method == SnapshotRemovalMethods.DropSnapshot)
            {
                string count = Storage is null ? $"object count unknown ({StorageUnavailable})" : $"{Storage.ObjectCount} object(s), {Storage.Bytes} bytes";
                return $"DROP SNAPSHOT '{Label}' ON '{Repository}'{(Force ? " FORCE" : string.Empty)}: {count}";
            }

            return Storage!.Describe();
        }

        /// <inheritdoc />
        public override string ToString() => Describe();
    }

    /// <summary>
    /// Removes snapshots: 4.2's DROP SNAPSHOT where it can do exactly what was asked (the whole label), otherwise the
    /// objects in storage through <see cref="SnapshotDeletionService"/>. Refuses while a backup or restore job uses the label.
    /// </summary>
    public sealed class SnapshotRemover
    {
        private readonly StarRocksClient _client;
        private readonly RepositoryStorage _storage;

        /// <summary>Creates a remover for the repository <paramref name="storage"/> belongs to.</summary>
        public SnapshotRemover(StarRocksClient client, RepositoryStorage storage, int maxParallelRequests = ObjectStoreLimits.DefaultParallelRequests)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _storage = storage ?? throw new ArgumentNullException(nameof(storage));
            Deletion = new SnapshotDeletionService(storage, maxParallelRequests);
        }

        /// <summary>The storage deletion used before 4.2 and for partial removals.</summary>
        public SnapshotDeletionService Deletion { get; }

        /// <summary>Plans the removal of <paramref name="label"/> (some <paramref name="timestamps"/>, or null/empty for all).</summary>
        public async Task<SnapshotRemovalPlan> PlanAsync(string label, IReadOnlyList<string>? timestamps, bool force, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            Sql.NameRules.CheckLabel(label);
            if (timestamps is { Count: 0 })
            {
                timestamps = null;
            }

            foreach (string t in timestamps ?? Array.Empty<string>())
            {
                if (SnapshotTimestamp.TryParse(t) is null)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"{Sql.NameRules.Show(t)} is not a snapshot timestamp (yyyy-MM-dd-HH-mm-ss-SSS).");
                }
            }

            var plan = new SnapshotRemovalPlan { Repository = _storage.RepositoryName, Label = label, Timestamps = timestamps, Force = force };
            DeletionJournal? journal = await DeletionJournal.ReadAsync(_storage, label, cancellationToken).ConfigureAwait(false);
            bool wholeLabelAsked = timestamps is null;
            if (journal is null && _client.Server.SupportsDropSnapshot)
            {
                Snapshot? shown = await _client.Snapshots.GetAsync(_storage.RepositoryName, label, observer, cancellationToken).ConfigureAwait(false);
                if (shown is null)
                {
                    throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Repository '{_storage.RepositoryName}' has no snapshot '{label}'.");
                }

                string[] unknown = (timestamps ?? Array.Empty<string>()).Where(t => !shown.Timestamps.Any(s => s.Text == t)).ToArray();
                if (unknown.Length > 0)
                {
                    throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Snapshot '{label}' in repository '{_storage.RepositoryName}' has no timestamp {string.Join(", ", unknown)}.");
                }

                if (wholeLabelAsked || shown.Timestamps.All(s => timestamps!.Contains(s.Text)))
                {
                    plan.Method = SnapshotRemovalMethods.DropSnapshot;
                    try
                    {
                        plan.Storage = await Deletion.PlanAsync(label, null, cancellationToken).ConfigureAwait(false);
                    }
                    catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError || ex.Kind == ErrorKind.SnapshotNotFound)
                    {
                        plan.StorageUnavailable = ex.Message;
                    }

                    return plan;
                }

                observer?.Verbose($"DROP SNAPSHOT would remove every timestamp of '{label}'; removing only {string.Join(", ", timestamps!)} in storage.");
            }

            plan.Method = SnapshotRemovalMethods.Storage;
            plan.Storage = await Deletion.PlanAsync(label, timestamps, cancellationToken).ConfigureAwait(false);
            return plan;
        }

        /// <summary>Carries a plan out after checking that no backup or restore job uses the label.</summary>
        /// <exception cref="StarRocksBackupException">JobInProgress, and the errors of DROP SNAPSHOT and storage.</exception>
        public async Task<SnapshotRemovalResult> RemoveAsync(SnapshotRemovalPlan plan, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            observer ??= NullObserver.Instance;
            await EnsureNotInUseAsync(_client, plan.Repository, plan.Label, observer, cancellationToken).ConfigureAwait(false);
            if (plan.Method == SnapshotRemovalMethods.DropSnapshot)
            {
                await _client.Snapshots.DropAsync(plan.Repository, plan.Label, plan.Force, observer, cancellationToken).ConfigureAwait(false);
                return new SnapshotRemovalResult
                {
                    Repository = plan.Repository,
                    Label = plan.Label,
                    Timestamps = plan.Storage?.Timestamps ?? plan.Timestamps ?? Array.Empty<string>(),
                    WholeLabel = true,
                    Method = SnapshotRemovalMethods.DropSnapshot,
                    ObjectsDeleted = plan.Storage?.ObjectCount ?? -1,
                    BytesDeleted = plan.Storage?.Bytes ?? -1,
                };
            }

            return await Deletion.ExecuteAsync(plan.Storage!, observer, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Finishes a deletion a journal records as interrupted (always in storage, whatever the server version).</summary>
        public async Task<SnapshotRemovalResult> ResumeAsync(DeletionJournal journal, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            SnapshotDeletionPlan plan = await PlanResumeAsync(journal, cancellationToken).ConfigureAwait(false);
            await EnsureNotInUseAsync(_client, plan.Repository, plan.Label, observer, cancellationToken).ConfigureAwait(false);
            return await Deletion.ExecuteAsync(plan, observer, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The storage plan that finishes <paramref name="journal"/>.</summary>
        public Task<SnapshotDeletionPlan> PlanResumeAsync(DeletionJournal journal, CancellationToken cancellationToken) =>
            Deletion.PlanAsync(journal.Label, journal.WholeLabel ? null : journal.Timestamps, cancellationToken);

        /// <summary>
        /// Refuses (JobInProgress) while a backup or restore job that is not FINISHED/CANCELLED uses <paramref name="label"/>.
        /// SHOW BACKUP does not show a job's repository, so a running job with the same label counts whatever repository it
        /// writes to (a job whose repository is known and different does not).
        /// </summary>
        public static async Task EnsureNotInUseAsync(StarRocksClient client, string repository, string label, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            var jobs = new List<JobInfo>();
            jobs.AddRange(await client.Jobs.ListBackupJobsAsync(null, observer, cancellationToken).ConfigureAwait(false));
            jobs.AddRange(await client.Jobs.ListRestoreJobsAsync(null, observer, cancellationToken).ConfigureAwait(false));
            JobInfo? busy = jobs.FirstOrDefault(j => !j.IsDone && string.Equals(j.Label, label, StringComparison.Ordinal)
                && (j.Repository is null || string.Equals(j.Repository, repository, StringComparison.Ordinal)));
            if (busy is not null)
            {
                throw new StarRocksBackupException(ErrorKind.JobInProgress,
                    $"Snapshot '{label}' of repository '{repository}' is in use: {busy.Kind.ToString().ToLowerInvariant()} job {busy.JobId} of database '{busy.Database}' is {busy.StateName}. Wait for it (Wait-SrJob) or stop it (Stop-SrJob), then remove the snapshot.");
            }
        }
    }
}
