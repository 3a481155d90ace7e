using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
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
        /// One real run. When every database has a slot (no more databases than the policy's parallelism): a pipeline per
        /// database (plan → pending plan → BACKUP), then one shared wait for the jobs still running. With more databases
        /// than slots: every database planned first, then the slots taken largest first, each database holding its slot
        /// until its job ends, so at most that many jobs run on the cluster at once. Each database is concluded (its
        /// manifest written) the moment its job ends, while the others still run.
        /// </summary>
        private sealed class Run
        {
            /// <summary>
            /// Databases planned at once. Planning them all at once makes every plan finish at about the same time, late;
            /// a few at a time gets the first BACKUPs to the server (which takes them one at a time anyway) while the
            /// others are still being planned.
            /// </summary>
            private const int PlanningConcurrency = 8;

            private readonly PolicyRunner _runner;
            private readonly IReadOnlyList<(string Database, BackupSet Set)> _selected;
            private readonly DateTimeOffset _started;
            private readonly DateTime _labelTime;
            private readonly IOperationObserver _observer;
            private readonly CancellationToken _ct;
            private readonly DatabaseRunSummary[] _summaries;
            private readonly string _cluster;
            private readonly BackupStartOptions _options;
            private readonly ConcurrentQueue<Submitted> _running = new ConcurrentQueue<Submitted>();
            private readonly ConcurrentDictionary<string, Task> _concluding = new ConcurrentDictionary<string, Task>(StringComparer.Ordinal);
            private int _sharedDataWarned;

            public Run(PolicyRunner runner, IReadOnlyList<(string Database, BackupSet Set)> selected, DateTimeOffset started, DateTime labelTime,
                IOperationObserver observer, CancellationToken ct)
            {
                _runner = runner;
                _selected = selected;
                _started = started;
                _labelTime = labelTime;
                _observer = observer;
                _ct = ct;
                _summaries = new DatabaseRunSummary[selected.Count];
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
                if (_selected.Count > parallelism)
                {
                    await LargestFirstAsync(parallelism).ConfigureAwait(false);
                }
                else
                {
                    // Every database has its slot: each goes from its plan to its BACKUP on its own.
                    using (var planning = new SemaphoreSlim(Math.Min(parallelism, PlanningConcurrency)))
                    {
                        await Task.WhenAll(_selected.Select(async (_, i) =>
                        {
                            DatabasePolicyPlan? plan = await PlanAsync(i, planning).ConfigureAwait(false);
                            if (plan != null)
                            {
                                await BackUpAsync(i, plan, holdSlot: false).ConfigureAwait(false);
                            }
                        })).ConfigureAwait(false);
                    }

                    List<Submitted> open = _running.ToList();
                    if (open.Count > 0)
                    {
                        await WaitAllAsync(open).ConfigureAwait(false);
                    }
                }

                await Task.WhenAll(_concluding.Values).ConfigureAwait(false);
            }

            /// <summary>
            /// More databases than slots: the run is several waves of jobs and the order decides how long it lasts (the
            /// biggest database started last finishes alone, long after the others). Every database is planned first, then
            /// they take the slots largest first — bytes to back up, then partitions, then name — as pg_dump's parallel
            /// mode orders tables. Only the plans of the first wave are kept (a plan holds every partition of its database:
            /// a hundred of them at once could be gigabytes); the others keep their size and are planned again when their
            /// turn comes, which also makes them back up what they hold then (partitions dropped or loaded meanwhile). A
            /// kept plan older than the runner's PlanFreshFor (a minute) is made again too.
            /// </summary>
            private async Task LargestFirstAsync(int parallelism)
            {
                var sized = new SizedPlan?[_selected.Count];
                var firstWave = new List<SizedPlan>();
                using (var planning = new SemaphoreSlim(Math.Min(parallelism, PlanningConcurrency)))
                {
                    await Task.WhenAll(_selected.Select(async (_, i) =>
                    {
                        DatabasePolicyPlan? plan = await PlanAsync(i, planning).ConfigureAwait(false);
                        if (plan is null)
                        {
                            return;
                        }

                        var s = new SizedPlan(i, plan);
                        lock (firstWave)
                        {
                            sized[i] = s;
                            firstWave.Add(s);
                            if (firstWave.Count > parallelism)
                            {
                                SizedPlan smallest = firstWave.OrderBy(x => x, SizedPlan.LargestFirst).Last();
                                firstWave.Remove(smallest);
                                smallest.Plan = null;
                            }
                        }
                    })).ConfigureAwait(false);
                }

                List<SizedPlan> order = SizedPlan.InOrder(sized.Where(s => s != null).Select(s => s!));
                if (order.Count > 0)
                {
                    _observer.Verbose(DescribeSlotOrder("Policy:", order, parallelism, i => _selected[i].Database));
                }

                using (var slots = new SemaphoreSlim(parallelism))
                {
                    var running = new List<Task>();
                    try
                    {
                        foreach (SizedPlan s in order)
                        {
                            await slots.WaitAsync(_ct).ConfigureAwait(false);
                            running.Add(SlotAsync(s, slots));
                        }
                    }
                    finally
                    {
                        // Cancelled while databases wait for a slot: those already started end first (their waits see the
                        // same token), so none releases a disposed slot or is left running unobserved.
                        await Task.WhenAll(running).ConfigureAwait(false);
                    }
                }
            }

            private async Task SlotAsync(SizedPlan s, SemaphoreSlim slots)
            {
                try
                {
                    DatabasePolicyPlan? kept = s.Plan;
                    s.Plan = null;
                    DatabasePolicyPlan? current = kept != null && s.Age.Elapsed < _runner.PlanFreshFor ? kept : await PlanAsync(s.Index, null).ConfigureAwait(false);
                    if (current != null)
                    {
                        await BackUpAsync(s.Index, current, holdSlot: true).ConfigureAwait(false);
                    }
                }
                finally
                {
                    slots.Release();
                }
            }

            /// <summary>
            /// Plans one database into its summary. Null when there is nothing more to do for it: nothing changed (its
            /// summary says so) or its changes could not be read (a failed summary naming the cause).
            /// </summary>
            private async Task<DatabasePolicyPlan?> PlanAsync(int index, SemaphoreSlim? planning)
            {
                (string database, BackupSet set) = _selected[index];
                DatabasePolicyPlan plan;
                if (planning != null)
                {
                    await planning.WaitAsync(_ct).ConfigureAwait(false);
                }

                try
                {
                    plan = await _runner.PlanOneAsync(database, set, _observer, _ct).ConfigureAwait(false);
                }
                catch (StarRocksBackupException ex)
                {
                    _summaries[index] = new DatabaseRunSummary
                    {
                        Database = database, Set = set.Name, Repository = _runner._policy.Repository, Outcome = DatabaseRunOutcome.Failed,
                        Error = $"Its changes could not be detected: {ex.Message}", ErrorKind = ex.Kind, Started = _started, Ended = DateTimeOffset.UtcNow,
                    };
                    _observer.Warning($"Policy: database '{database}' failed: its changes could not be detected: {ex.Message}");
                    return null;
                }
                finally
                {
                    planning?.Release();
                }

                _summaries[index] = _runner.Summarize(plan, _started, DatabaseRunOutcome.Failed);
                return plan.NothingToDo ? null : plan;
            }

            private async Task BackUpAsync(int index, DatabasePolicyPlan plan, bool holdSlot)
            {
                DatabaseRunSummary summary = _summaries[index];
                DatabaseBackup backup = _runner.BuildBackupPlan(new[] { plan }, _labelTime).Databases.Single();
                summary.Label = backup.Label;
                summary.Statement = backup.Sql;
                if (Interlocked.Exchange(ref _sharedDataWarned, 1) == 0)
                {
                    _runner._client.Backups.WarnIfSharedData(_observer);
                }

                Submitted? submitted = await SubmitAsync(plan, backup, summary).ConfigureAwait(false);
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
            private async Task<Submitted?> SubmitAsync(DatabasePolicyPlan plan, DatabaseBackup backup, DatabaseRunSummary summary)
            {
                BackupManifest? draft = null;
                try
                {
                    draft = await _runner.WritePendingAsync(plan, summary, _cluster, _ct).ConfigureAwait(false);
                    BackupJob job = await _runner._client.Backups.StartOneAsync(backup, _options, _observer, _ct).ConfigureAwait(false);
                    return new Submitted(new DatabaseBackupResult(backup, job, null), draft, summary);
                }
                catch (StarRocksBackupException ex)
                {
                    _observer.Debug($"Backup of database '{backup.Database}' was not started: {ex.Message}");
                    Conclude(new Submitted(new DatabaseBackupResult(backup, null, ex), draft, summary), null);
                    return null;
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

        /// <summary>"… N database(s) to back up in P slot(s), largest first: 'a' (n bytes), …" (the first five).</summary>
        private static string DescribeSlotOrder(string prefix, IReadOnlyList<SizedPlan> order, int parallelism, Func<int, string> database) =>
            $"{prefix} {order.Count} database(s) to back up in {parallelism} slot(s), largest first: " +
            string.Join(", ", order.Take(5).Select(s => $"'{database(s.Index)}' ({s.Bytes:N0} bytes)")) + (order.Count > 5 ? ", …" : ".");

        /// <summary>A database's size to back up, and its plan while it is kept (the first wave's).</summary>
        private sealed class SizedPlan
        {
            public static readonly IComparer<SizedPlan> LargestFirst = Comparer<SizedPlan>.Create((a, b) =>
                a.Bytes != b.Bytes ? b.Bytes.CompareTo(a.Bytes) : a.Partitions != b.Partitions ? b.Partitions.CompareTo(a.Partitions) : a.Index.CompareTo(b.Index));

            /// <summary>The order databases take the slots in: largest first.</summary>
            public static List<SizedPlan> InOrder(IEnumerable<SizedPlan> plans) => plans.OrderBy(p => p, LargestFirst).ToList();

            public SizedPlan(int index, DatabasePolicyPlan plan)
            {
                Index = index;
                Plan = plan;
                Bytes = plan.BytesToBackUp;
                Partitions = plan.ToBackUp.Count;
            }

            public int Index { get; }

            public long Bytes { get; }

            public int Partitions { get; }

            public Stopwatch Age { get; } = Stopwatch.StartNew();

            public DatabasePolicyPlan? Plan { get; set; }
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
