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
        /// One real run. When every database has a slot (no more databases than the policy's parallelism): all planned
        /// together (one partitions_meta statement), then their BACKUPs sent largest first, then one shared wait for the
        /// jobs. With more databases than slots: every database planned first, then the slots taken largest first, each
        /// database holding its slot until its job ends, so at most that many jobs run on the cluster at once. Each
        /// database is concluded (its manifest written) the moment its job ends, while the others still run.
        /// </summary>
        private sealed partial class Run
        {
            private readonly PolicyRunner _runner;
            private readonly IReadOnlyList<(string Database, BackupSet Set)> _selected;
            private readonly bool _readTogether;
            private readonly DateTimeOffset _started;
            private readonly DateTime _labelTime;
            private readonly IOperationObserver _observer;
            private readonly CancellationToken _ct;
            private readonly DatabaseRunSummary[] _summaries;
            private readonly string _cluster;
            private readonly BackupStartOptions _options;
            private readonly ConcurrentQueue<Submitted> _running = new ConcurrentQueue<Submitted>();
            private readonly ConcurrentDictionary<string, Task> _concluding = new ConcurrentDictionary<string, Task>(StringComparer.Ordinal);
            private readonly ConcurrentQueue<Prepared> _prepared = new ConcurrentQueue<Prepared>();
            private int _sharedDataWarned;

            public Run(PolicyRunner runner, Selection selection, DateTimeOffset started, DateTime labelTime, IOperationObserver observer, CancellationToken ct)
            {
                _runner = runner;
                _selected = selection.Selected;
                _readTogether = selection.Together;
                _started = started;
                _labelTime = labelTime;
                _observer = observer;
                _ct = ct;
                _summaries = new DatabaseRunSummary[_selected.Count];
                _cluster = $"{runner._client.Options.Host}:{runner._client.Options.Port}";
                _options = new BackupStartOptions
                {
                    BusyWait = runner.WaitFor(),
                    TemporaryPartitionsExcluded = true,
                    SubmitBeforeCheckingBusy = true,
                };
            }

            /// <summary>One summary per selected database, in name order.</summary>
            public IEnumerable<DatabaseRunSummary> Summaries => _summaries;

            public async Task ExecuteAsync()
            {
                int parallelism = Math.Max(1, _runner._policy.Parallelism);
                try
                {
                    if (_selected.Count > parallelism)
                    {
                        await LargestFirstAsync(parallelism).ConfigureAwait(false);
                    }
                    else
                    {
                        await AllAtOnceAsync().ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (_ct.IsCancellationRequested)
                {
                    await ForgetUnsentAsync().ConfigureAwait(false);
                    throw;
                }

                await Task.WhenAll(_concluding.Values).ConfigureAwait(false);
            }

            /// <summary>
            /// A cancelled run removes the pending plans of the databases whose BACKUP it never started to send (planned,
            /// their plan written, then stopped): no backup will match them. Those it started keep theirs, for the next run
            /// to record what the server did. Best effort: a plan left behind is dropped by a later sync after
            /// <see cref="CatalogSync.PendingExpiry"/>.
            /// </summary>
            private async Task ForgetUnsentAsync()
            {
                foreach (Prepared p in _prepared.Where(p => !p.Sending))
                {
                    try
                    {
                        await p.Pending.ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is StarRocksBackupException || ex is OperationCanceledException)
                    {
                        // Its write failed or was stopped; a delete of nothing costs nothing.
                    }

                    await SafeAsync(() => _runner._catalog.DeletePendingAsync(p.Backup.Database, p.Backup.Label, CancellationToken.None), _observer).ConfigureAwait(false);
                }
            }

            /// <summary>
            /// Plans one database into its summary. Null when there is nothing more to do for it: nothing changed (its
            /// summary says so) or its changes could not be read (a failed summary naming the cause).
            /// </summary>
            private async Task<DatabasePolicyPlan?> PlanAsync(int index, SemaphoreSlim? planning)
            {
                (string database, BackupSet set) = _selected[index];
                if (planning != null)
                {
                    await planning.WaitAsync(_ct).ConfigureAwait(false);
                }

                try
                {
                    return Accept(index, await _runner.PlanOneAsync(database, set, _observer, _ct).ConfigureAwait(false), null);
                }
                catch (StarRocksBackupException ex)
                {
                    return Accept(index, null, ex);
                }
                finally
                {
                    planning?.Release();
                }
            }

            /// <summary>A database's plan (or why it could not be made) into its summary; the plan when there is work.</summary>
            private DatabasePolicyPlan? Accept(int index, DatabasePolicyPlan? plan, StarRocksBackupException? error)
            {
                string database = _selected[index].Database;
                if (plan is null)
                {
                    string message = error?.Message ?? "no plan was made";
                    _summaries[index] = new DatabaseRunSummary
                    {
                        Database = database, Set = _selected[index].Set.Name, Repository = _runner._policy.Repository, Outcome = DatabaseRunOutcome.Failed,
                        Error = $"Its changes could not be detected: {message}", ErrorKind = error?.Kind, Started = _started, Ended = DateTimeOffset.UtcNow,
                    };
                    _observer.Warning($"Policy: database '{database}' failed: its changes could not be detected: {message}");
                    return null;
                }

                _summaries[index] = _runner.Summarize(plan, _started, DatabaseRunOutcome.Failed);
                return plan.NothingToDo ? null : plan;
            }

            /// <summary>A database's BACKUP statement made (into its summary) and its pending plan's write started.</summary>
            private Prepared Prepare(int index, DatabasePolicyPlan plan)
            {
                DatabaseRunSummary summary = _summaries[index];
                DatabaseBackup backup = _runner.BuildBackupPlan(new[] { plan }, _labelTime).Databases.Single();
                summary.Label = backup.Label;
                summary.Statement = backup.Sql;
                if (Interlocked.Exchange(ref _sharedDataWarned, 1) == 0)
                {
                    _runner._client.Backups.WarnIfSharedData(_observer);
                }

                var prepared = new Prepared(index, plan, backup, _runner.WritePendingAsync(plan, summary, _cluster, _ct));
                _prepared.Enqueue(prepared);
                return prepared;
            }

            private async Task BackUpAsync(Prepared prepared, bool holdSlot, Action? answered = null)
            {
                Submitted? submitted = await SubmitAsync(prepared, answered).ConfigureAwait(false);
                if (submitted is null)
                {
                    return;
                }

                if (!holdSlot)
                {
                    _running.Enqueue(submitted);
                    return;
                }

                JobWaitResult ended = await _runner._client.Backups.WaitForSlotAsync((BackupJob)submitted.Result.Job!, _runner.WaitFor(), _observer, _ct).ConfigureAwait(false);
                Conclude(submitted, ended);
            }

            // The plan goes to the catalog's pending folder BEFORE the BACKUP is sent, so a run stopped between the backup
            // and the catalog write leaves what the next run needs to record it (CatalogSync). Null: not started (the
            // failure is already concluded into the summary).
            private async Task<Submitted?> SubmitAsync(Prepared prepared, Action? answered)
            {
                DatabaseBackup backup = prepared.Backup;
                DatabaseRunSummary summary = _summaries[prepared.Index];
                BackupManifest? draft = null;
                try
                {
                    draft = await prepared.Pending.ConfigureAwait(false);
                    prepared.Sending = true;
                    BackupJob job = await _runner._client.Backups.StartOneAsync(backup, _options, _observer, answered, _ct).ConfigureAwait(false);
                    return new Submitted(new DatabaseBackupResult(backup, job, null), draft, summary);
                }
                catch (StarRocksBackupException ex)
                {
                    _observer.Debug($"Backup of database '{backup.Database}' was not started: {ex.Message}");
                    Conclude(new Submitted(new DatabaseBackupResult(backup, null, ex), draft, summary), null);
                    return null;
                }
                finally
                {
                    // Not sent at all (its pending plan failed, or cancelled): the sender goes on.
                    answered?.Invoke();
                }
            }

            private async Task WaitAllAsync(List<Submitted> open)
            {
                var byDatabase = open.ToDictionary(s => s.Result.Plan.Database, StringComparer.Ordinal);
                WaitOptions wait = _runner.WaitFor();
                wait.JobEnded = w =>
                {
                    if (byDatabase.TryGetValue(w.Job.Database, out Submitted? s))
                    {
                        Conclude(s, w);
                    }
                };
                try
                {
                    foreach (JobWaitResult w in await _runner._client.Jobs.WaitAsync(open.Select(s => (JobInfo)s.Result.Job!).ToList(), wait, _observer, _ct).ConfigureAwait(false))
                    {
                        Conclude(byDatabase[w.Job.Database], w);
                    }
                }
                catch (StarRocksBackupException ex)
                {
                    // Every database still gets its summary: those whose end was not seen fail as "not followed to its end".
                    _observer.Warning($"Policy: waiting for the backups failed: {ex.Message}");
                }

                foreach (Submitted s in open)
                {
                    Conclude(s, null);
                }
            }

            private void Conclude(Submitted s, JobWaitResult? ended) =>
                _concluding.GetOrAdd(s.Result.Plan.Database, _ => _runner.ConcludeAsync(s.Result, ended, s.Draft, s.Summary, _cluster, _observer, _ct));
        }

        /// <summary>A database ready to be sent: its plan, its statement, its pending plan being written.</summary>
        private sealed class Prepared
        {
            private bool _sending;

            public Prepared(int index, DatabasePolicyPlan plan, DatabaseBackup backup, Task<BackupManifest> pending)
            {
                Index = index;
                Plan = plan;
                Backup = backup;
                Pending = pending;
                Size = new SizedPlan(index, plan) { Plan = null };
            }

            /// <summary>Its size to back up (the order the sender takes ready databases in).</summary>
            public SizedPlan Size { get; }

            public int Index { get; }

            public DatabasePolicyPlan Plan { get; }

            public DatabaseBackup Backup { get; }

            public Task<BackupManifest> Pending { get; }

            /// <summary>Its BACKUP was handed to the server (or about to be): its pending plan must stay if the run stops.</summary>
            public bool Sending
            {
                get => Volatile.Read(ref _sending);
                set => Volatile.Write(ref _sending, value);
            }
        }

        private sealed class Submitted
        {
            public Submitted(DatabaseBackupResult result, BackupManifest? draft, DatabaseRunSummary summary)
            {
                Result = result;
                Draft = draft;
                Summary = summary;
            }

            public DatabaseBackupResult Result { get; }

            public BackupManifest? Draft { get; }

            public DatabaseRunSummary Summary { get; }
        }
    }
}
