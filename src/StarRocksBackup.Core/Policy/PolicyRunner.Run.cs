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
    public sealed partial class PolicyRunner
    {
        /// <summary>
        /// Runs the policy (see the class summary). With <paramref name="whatIf"/> only plans (nothing is written).
        /// A real run plans the databases together (one partitions_meta statement for all when each has a slot and they
        /// are most of the cluster's), writes each one's pending plan and sends the BACKUPs largest first (StarRocks takes
        /// submissions one at a time, so the order decides when each job starts); a database that fails at any step is a
        /// failed summary, never the end of the run for the others.
        /// </summary>
        public async Task<PolicyRunResult> RunAsync(bool whatIf = false, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            if (whatIf)
            {
                return await PlanRunAsync(observer, cancellationToken).ConfigureAwait(false);
            }

            var result = new PolicyRunResult();
            DateTimeOffset started = DateTimeOffset.UtcNow;
            // Leftovers of an earlier run are recorded before anything is planned (they change what counts as backed up);
            // the databases are listed meanwhile, since that does not depend on them.
            Task<CatalogSyncResult> syncing = new CatalogSync(_catalog, observer).SyncAsync(cancellationToken: cancellationToken, quick: true);
            Task<Selection> resolving = SelectAsync(observer, cancellationToken);
            await Task.WhenAll(syncing, resolving).ConfigureAwait(false);   // both observed; the sync's failure first
            CatalogSyncResult sync = await syncing.ConfigureAwait(false);
            Selection selected = await resolving.ConfigureAwait(false);
            result.Recovered.AddRange(sync.Recorded);
            foreach (BackupManifest m in sync.Recorded)
            {
                observer.Warning($"Recorded {m.Database}/{m.Label}@{m.BackupTimestamp}: it finished but was missing from the catalog (an earlier run stopped before recording it).");
            }

            var run = new Run(this, selected, started, DateTime.UtcNow, observer, cancellationToken);
            await run.ExecuteAsync().ConfigureAwait(false);
            result.Databases.AddRange(run.Summaries);
            return result;
        }

        /// <summary>What -WhatIf shows: every database's plan and the BACKUP statements a run would send; nothing is written.</summary>
        private async Task<PolicyRunResult> PlanRunAsync(IOperationObserver observer, CancellationToken ct)
        {
            var result = new PolicyRunResult();
            DateTimeOffset started = DateTimeOffset.UtcNow;
            IReadOnlyList<DatabasePolicyPlan> plans = await PlanAsync(observer, ct).ConfigureAwait(false);
            var summaries = plans.ToDictionary(p => p.Database, p => Summarize(p, started, DatabaseRunOutcome.Planned), StringComparer.Ordinal);
            result.Databases.AddRange(plans.Select(p => summaries[p.Database]));
            List<DatabasePolicyPlan> work = plans.Where(p => !p.NothingToDo).ToList();
            int parallelism = Math.Max(1, _policy.Parallelism);
            // The order a real run would start them in (see the run's LargestFirstAsync and AllAtOnceAsync).
            List<SizedPlan> order = SizedPlan.InOrder(plans.Select((p, i) => (p, i)).Where(x => !x.p.NothingToDo).Select(x => new SizedPlan(x.i, x.p)));
            if (plans.Count > parallelism && work.Count > 0)
            {
                observer.Verbose(DescribeSlotOrder("Policy (-WhatIf): a run would start", order, parallelism, i => plans[i].Database));
            }
            else if (order.Count > 1)
            {
                observer.Verbose(DescribeSendOrder("Policy (-WhatIf): a run would have", order, i => plans[i].Database));
            }

            if (work.Count > 0)
            {
                foreach (DatabaseBackup b in BuildBackupPlan(work, DateTime.UtcNow).Databases)
                {
                    summaries[b.Database].Label = b.Label;
                    summaries[b.Database].Statement = b.Sql;
                }
            }

            return result;
        }

        private DatabaseRunSummary Summarize(DatabasePolicyPlan p, DateTimeOffset started, DatabaseRunOutcome whenWork) => new DatabaseRunSummary
        {
            Database = p.Database,
            Set = p.Set.Name,
            Repository = _policy.Repository,
            Changes = p.Changes.Changes,
            Outcome = p.NothingToDo ? DatabaseRunOutcome.NothingChanged : whenWork,
            Kind = p.NothingToDo ? string.Empty : p.Kind,
            Started = started,
            Ended = started,
        };

        internal WaitOptions WaitFor()
        {
            WaitOptions given = Wait ?? (_client.Server.ListsAllDatabasesInShowBackup
                ? new WaitOptions { MinPollInterval = SingleStatementMinPoll, MaxPollFraction = SingleStatementPollFraction }
                : new WaitOptions());
            return new WaitOptions
            {
                Timeout = _policy.TimeoutMinutes is int m ? TimeSpan.FromMinutes(m) : (TimeSpan?)null,
                MinPollInterval = given.MinPollInterval,
                MaxPollInterval = given.MaxPollInterval,
                MaxPollFraction = given.MaxPollFraction,
            };
        }

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
