using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>One database's plan in a policy run.</summary>
    public sealed class DatabasePolicyPlan
    {
        internal DatabasePolicyPlan(string database, BackupSet set, DatabaseChanges changes, bool full)
        {
            Database = database;
            Set = set;
            Changes = changes;
            Full = full;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>Its set.</summary>
        public BackupSet Set { get; }

        /// <summary>What changed.</summary>
        public DatabaseChanges Changes { get; }

        /// <summary>True when a full backup is due.</summary>
        public bool Full { get; }

        /// <summary>The partitions to back up.</summary>
        public IReadOnlyList<PartitionChange> ToBackUp => Changes.ToBackUp.ToList();

        /// <summary>True when nothing needs a backup.</summary>
        public bool NothingToDo => !Changes.ToBackUp.Any();

        /// <summary>The backup targets: a whole table when every partition of it is included, else its partitions.</summary>
        public IReadOnlyList<BackupTarget> Targets()
        {
            var byTable = Changes.Partitions.GroupBy(p => p.Table, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            return Changes.ToBackUp.GroupBy(c => c.Current.Table, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Count() == byTable[g.Key]
                    ? new BackupTarget(Database, g.Key)
                    : new BackupTarget(Database, g.Key, g.Select(c => c.Current.Name)))
                .ToList();
        }

        /// <summary><c>full</c> when every selected partition is in the backup, else <c>incremental</c>.</summary>
        public string Kind => Changes.ToBackUp.Count() == Changes.Partitions.Count ? BackupManifest.KindFull : BackupManifest.KindIncremental;
    }

    /// <summary>
    /// Runs a backup policy: records snapshots a stopped run left unrecorded, detects changed partitions (one query per
    /// database), submits one BACKUP per database (databases in parallel, through <see cref="BackupService"/>), waits,
    /// records every finished backup in the catalog and returns one summary per database. One database's failure never
    /// stops the others.
    /// </summary>
    public sealed class PolicyRunner
    {
        /// <summary>Label template of policy backups: database, UTC time to the millisecond.</summary>
        public const string LabelTemplate = "{database}_{yyyyMMdd_HHmmss_fff}";

        private readonly StarRocksClient _client;
        private readonly BackupCatalog _catalog;
        private readonly BackupPolicy _policy;

        /// <summary>A runner of <paramref name="policy"/> over <paramref name="client"/>, recording in <paramref name="catalog"/>.</summary>
        public PolicyRunner(StarRocksClient client, BackupCatalog catalog, BackupPolicy policy)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
            _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        }

        /// <summary>Poll interval bounds for waiting (tests and the bench lower them).</summary>
        public WaitOptions Wait { get; set; } = new WaitOptions();

        /// <summary>The databases each set selects (first set wins), in name order.</summary>
        public async Task<IReadOnlyList<(string Database, BackupSet Set)>> ResolveAsync(IOperationObserver observer, CancellationToken ct)
        {
            IReadOnlyList<Database> all = await _client.Catalog.ListDatabasesAsync(observer, ct).ConfigureAwait(false);
            var result = new List<(string, BackupSet)>();
            foreach (Database db in all.Where(d => !d.IsSystem).OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                BackupSet? set = _policy.Sets.FirstOrDefault(s => s.MatchesDatabase(db.Name));
                if (set != null)
                {
                    result.Add((db.Name, set));
                }
            }

            if (result.Count == 0)
            {
                observer.Warning($"The policy's sets match no database ({string.Join("; ", _policy.Sets.Select(s => s.Name + ": " + string.Join(", ", s.Databases)))}).");
            }

            return result;
        }

        /// <summary>Detects the changes of every selected database (one partitions_meta query each, in parallel).</summary>
        public async Task<IReadOnlyList<DatabasePolicyPlan>> PlanAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            IReadOnlyList<(string Database, BackupSet Set)> selected = await ResolveAsync(observer, cancellationToken).ConfigureAwait(false);
            using var gate = new SemaphoreSlim(Math.Max(1, _policy.Parallelism));
            IOperationObserver obs = observer;
            Task<DatabasePolicyPlan>[] tasks = selected.Select(async s =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await PlanOneAsync(s.Database, s.Set, obs, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }).ToArray();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        private async Task<DatabasePolicyPlan> PlanOneAsync(string database, BackupSet set, IOperationObserver observer, CancellationToken ct)
        {
            // The catalog (object storage) and the partitions (one SQL query) are independent: read both at once.
            Task<CatalogDigest> digestTask = _catalog.DigestAsync(database, observer, ct);
            IReadOnlyList<Partition> current = await _client.Catalog.ListPartitionsAsync(database, null, includeTemporary: false, observer, ct).ConfigureAwait(false);
            CatalogDigest digest = await digestTask.ConfigureAwait(false);
            IReadOnlyList<BackupManifest> manifests = digest.Manifests;
            bool full = set.IsFull;
            if (!full && set.FullEveryDays is int days)
            {
                BackupManifest? lastFull = manifests.Where(m => m.Kind == BackupManifest.KindFull).OrderBy(m => m.FinishedAt).LastOrDefault();
                full = lastFull is null ? manifests.Count > 0 : lastFull.FinishedAt < DateTimeOffset.UtcNow.AddDays(-days);
            }

            var options = new ChangeDetectionOptions
            {
                Full = full,
                TableFilter = set.MatchesTable,
                LateDataAge = set.LateDataDays is int late ? TimeSpan.FromDays(late) : (TimeSpan?)null,
                IncludeLateData = set.IncludeLateData,
            };
            DatabaseChanges changes = ChangeDetector.Detect(database, current, digest, options);
            observer.Verbose($"Policy: '{database}' ({set.Name}): {changes.ToBackUp.Count()} partition(s) to back up, {changes.Changes.Count(c => !c.NeedsBackup)} late-data change(s) ignored{(full ? ", full backup due" : string.Empty)}.");
            return new DatabasePolicyPlan(database, set, changes, full);
        }

        /// <summary>The BACKUP statements a run would send for <paramref name="plans"/> (labels made from <paramref name="utc"/>).</summary>
        public BackupPlan BuildBackupPlan(IEnumerable<DatabasePolicyPlan> plans, DateTime utc)
        {
            var request = new BackupRequest { Repository = _policy.Repository, LabelTemplate = LabelTemplate, LabelTimeUtc = utc };
            if (_policy.TimeoutMinutes is int minutes)
            {
                request.Timeout = TimeSpan.FromMinutes(minutes);
            }

            foreach (DatabasePolicyPlan p in plans.Where(p => !p.NothingToDo))
            {
                foreach (BackupTarget t in p.Targets())
                {
                    request.Targets.Add(t);
                }
            }

            return _client.Backups.Plan(request);
        }

        /// <summary>Runs the policy (see the class summary). With <paramref name="whatIf"/> only plans (nothing is written).</summary>
        public async Task<PolicyRunResult> RunAsync(bool whatIf = false, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            var result = new PolicyRunResult();
            DateTimeOffset started = DateTimeOffset.UtcNow;
            if (!whatIf)
            {
                CatalogSyncResult sync = await new CatalogSync(_catalog, observer).SyncAsync(cancellationToken: cancellationToken, quick: true).ConfigureAwait(false);
                result.Recovered.AddRange(sync.Recorded);
                foreach (BackupManifest m in sync.Recorded)
                {
                    observer.Warning($"Recorded {m.Database}/{m.Label}@{m.BackupTimestamp}: it finished but was missing from the catalog (an earlier run stopped before recording it).");
                }
            }

            IReadOnlyList<DatabasePolicyPlan> plans = await PlanAsync(observer, cancellationToken).ConfigureAwait(false);
            var summaries = plans.ToDictionary(p => p.Database, p => new DatabaseRunSummary
            {
                Database = p.Database,
                Set = p.Set.Name,
                Repository = _policy.Repository,
                Changes = p.Changes.Changes,
                Outcome = p.NothingToDo ? DatabaseRunOutcome.NothingChanged : whatIf ? DatabaseRunOutcome.Planned : DatabaseRunOutcome.Failed,
                Kind = p.NothingToDo ? string.Empty : p.Kind,
                Started = started,
                Ended = started,
            }, StringComparer.Ordinal);
            result.Databases.AddRange(plans.Select(p => summaries[p.Database]));
            List<DatabasePolicyPlan> work = plans.Where(p => !p.NothingToDo).ToList();
            if (work.Count == 0)
            {
                return result;
            }

            BackupPlan backupPlan = BuildBackupPlan(work, DateTime.UtcNow);
            foreach (DatabaseBackup b in backupPlan.Databases)
            {
                summaries[b.Database].Label = b.Label;
                summaries[b.Database].Statement = b.Sql;
            }

            if (whatIf)
            {
                return result;
            }

            // The plan of each backup goes to the catalog's pending folder BEFORE its BACKUP is sent, so a run stopped
            // between the backup and the catalog write leaves what the next run needs to record it (CatalogSync).
            // Each database's plan is written in its own task right before its BACKUP, so no database waits for the
            // others' catalog writes.
            string cluster = $"{_client.Options.Host}:{_client.Options.Port}";
            var workOf = work.ToDictionary(p => p.Database, StringComparer.Ordinal);
            var draftOf = new ConcurrentDictionary<string, BackupManifest>(StringComparer.Ordinal);
            var options = new BackupStartOptions
            {
                MaxParallelDatabases = Math.Max(1, _policy.Parallelism),
                RunningJobWait = WaitFor(),
                BusyWait = WaitFor(),
                TemporaryPartitionsExcluded = true,
                SubmitBeforeCheckingBusy = true,
                BeforeSubmit = async (db, ct) => draftOf[db.Database] = await WritePendingAsync(workOf[db.Database], summaries[db.Database], cluster, ct).ConfigureAwait(false),
            };
            IReadOnlyList<DatabaseBackupResult> submitted = await _client.Backups.StartAsync(backupPlan, options, observer, cancellationToken).ConfigureAwait(false);

            // Each database is concluded (its manifest written) the moment its job ends, while the others still run.
            var bySubmission = submitted.ToDictionary(r => r.Plan.Database, StringComparer.Ordinal);
            var concluding = new ConcurrentDictionary<string, Task>(StringComparer.Ordinal);
            void Conclude(DatabaseBackupResult r, JobWaitResult? w) =>
                concluding.GetOrAdd(r.Plan.Database, _ => ConcludeAsync(r, w, draftOf.TryGetValue(r.Plan.Database, out BackupManifest? d) ? d : null,
                    summaries[r.Plan.Database], cluster, observer, cancellationToken));

            foreach (DatabaseBackupResult r in submitted.Where(r => r.Job is null || r.WaitResult != null))
            {
                Conclude(r, r.WaitResult);
            }

            var waitFor = submitted.Where(r => r.Job != null && r.WaitResult == null).Select(r => (JobInfo)r.Job!).ToList();
            if (waitFor.Count > 0)
            {
                WaitOptions wait = WaitFor();
                wait.JobEnded = w =>
                {
                    if (bySubmission.TryGetValue(w.Job.Database, out DatabaseBackupResult? r))
                    {
                        Conclude(r, w);
                    }
                };
                foreach (JobWaitResult w in await _client.Jobs.WaitAsync(waitFor, wait, observer, cancellationToken).ConfigureAwait(false))
                {
                    Conclude(bySubmission[w.Job.Database], w);
                }
            }

            foreach (DatabaseBackupResult r in submitted)
            {
                Conclude(r, null);
            }

            await Task.WhenAll(concluding.Values).ConfigureAwait(false);
            return result;
        }

        private WaitOptions WaitFor() => new WaitOptions
        {
            Timeout = _policy.TimeoutMinutes is int m ? TimeSpan.FromMinutes(m) : (TimeSpan?)null,
            MinPollInterval = Wait.MinPollInterval,
            MaxPollInterval = Wait.MaxPollInterval,
            MaxPollFraction = Wait.MaxPollFraction,
        };

        private async Task<BackupManifest> WritePendingAsync(DatabasePolicyPlan plan, DatabaseRunSummary summary, string cluster, CancellationToken ct)
        {
            var draft = new BackupManifest
            {
                Label = summary.Label,
                Repository = _policy.Repository,
                Database = plan.Database,
                Source = BackupManifest.SourceModule,
                Kind = plan.Kind,
                Cluster = cluster,
                CreatedAt = DateTimeOffset.UtcNow,
                Partitions = plan.ToBackUp.Select(c => ChangeDetector.ToManifest(c.Current)).ToList(),
                Inventory = plan.Changes.Partitions.Select(ChangeDetector.ToManifest).ToList(),
            };
            await _catalog.WritePendingAsync(draft, ct).ConfigureAwait(false);
            return draft;
        }

        private async Task ConcludeAsync(DatabaseBackupResult r, JobWaitResult? ended, BackupManifest? draft, DatabaseRunSummary summary, string cluster,
            IOperationObserver observer, CancellationToken ct)
        {
            // Let the waiter go on polling for the others: the catalog write runs on its own.
            await Task.Yield();
            summary.Ended = DateTimeOffset.UtcNow;
            StarRocksBackupException? error = r.Error;
            if (error is null && ended != null && !ended.Succeeded)
            {
                error = ended.Error ?? new StarRocksBackupException(ErrorKind.JobFailed, $"Backup '{r.Plan.Label}' of '{r.Plan.Database}' ended {ended.Outcome}.");
            }
            else if (error is null && ended is null)
            {
                error = new StarRocksBackupException(ErrorKind.JobNotFound, $"Backup '{r.Plan.Label}' of '{r.Plan.Database}' was not followed to its end.");
            }

            if (error != null)
            {
                summary.Outcome = DatabaseRunOutcome.Failed;
                summary.Error = error.Message;
                summary.ErrorKind = error.Kind;
                observer.Warning($"Policy: database '{r.Plan.Database}' failed: {error.Message}");
                await SafeAsync(() => _catalog.DeletePendingAsync(r.Plan.Database, r.Plan.Label, ct), observer).ConfigureAwait(false);
                return;
            }

            try
            {
                IReadOnlyList<BackupManifest> recorded = await new CatalogSync(_catalog, observer).RecordJobAsync(r.Plan.Database, r.Plan.Label, cluster, ct, draft).ConfigureAwait(false);
                summary.BackupTimestamp = recorded.Select(m => m.BackupTimestamp).LastOrDefault() ?? string.Empty;
                summary.Recorded = true;
                summary.Outcome = DatabaseRunOutcome.Succeeded;
            }
            catch (StarRocksBackupException ex)
            {
                summary.Outcome = DatabaseRunOutcome.Failed;
                summary.Error = $"The backup finished but the catalog could not record it (the next run will): {ex.Message}";
                summary.ErrorKind = ex.Kind;
            }
        }

        private static async Task SafeAsync(Func<Task> action, IOperationObserver observer)
        {
            try
            {
                await action().ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex)
            {
                observer.Debug("Catalog clean-up failed: " + ex.Message);
            }
        }
    }
}
