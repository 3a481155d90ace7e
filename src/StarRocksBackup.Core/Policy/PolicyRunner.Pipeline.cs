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
        /// One real run. When every database has a slot (no more databases than the policy's parallelism): all planned
        /// together (one partitions_meta statement), then their BACKUPs sent largest first, then one shared wait for the
        /// jobs. With more databases than slots: every database planned first, then the slots taken largest first, each
        /// database holding its slot until its job ends, so at most that many jobs run on the cluster at once. Each
        /// database is concluded (its manifest written) the moment its job ends, while the others still run.
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
                if (_selected.Count > parallelism)
                {
                    await LargestFirstAsync(parallelism).ConfigureAwait(false);
                }
                else
                {
                    await AllAtOnceAsync().ConfigureAwait(false);
                }

                await Task.WhenAll(_concluding.Values).ConfigureAwait(false);
            }

            /// <summary>
            /// Every database has its slot. They are planned together (one partitions_meta statement for all where they are
            /// most of the cluster's databases, then their catalogs, the biggest databases by that statement's sizes first;
            /// else a statement each, with its catalog), each one's pending plan written as soon as its plan is made, and
            /// one sender sends the BACKUPs one at a time: at its k-th turn it waits for the k-th database planned (a second
            /// at most while another is ready), then sends the largest ready (bytes to back up). StarRocks takes submissions
            /// one at a time anyway (BackupHandler's seqlock, waited for up to 10 s before "Another backup or restore job is
            /// being submitted", and each lists the repository), so with a hundred databases the last statement to arrive
            /// starts its job seconds after the first: the biggest job must not be that one. One statement in flight costs a
            /// round trip per database and keeps the FE's connection threads out of that wait.
            /// </summary>
            private async Task AllAtOnceAsync()
            {
                var queue = new SendQueue(_selected.Count);
                var positionOf = new int[_selected.Count];
                var preparing = new List<Task>();
                Task sending = SendLargestReadyFirstAsync(queue);
                try
                {
                    await _runner.PlanManyAsync(_selected, _readTogether, _observer, _ct, (i, outcome) =>
                    {
                        if (Accept(i, outcome.Value, outcome.Error) is DatabasePolicyPlan plan)
                        {
                            Prepared p = Prepare(i, plan);
                            lock (preparing)
                            {
                                // Ready once its pending plan is written (or failed to be: its send concludes it then).
                                preparing.Add(p.Pending.ContinueWith(_ => queue.Ready(positionOf[i], p), CancellationToken.None,
                                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
                            }
                        }
                        else
                        {
                            queue.Dropped(positionOf[i]);
                        }
                    }, order =>
                    {
                        for (int position = 0; position < order.Count; position++)
                        {
                            positionOf[order[position]] = position;
                        }
                    }).ConfigureAwait(false);
                }
                finally
                {
                    Task[] all;
                    lock (preparing)
                    {
                        all = preparing.ToArray();
                    }

                    await Task.WhenAll(all).ConfigureAwait(false);
                    queue.DropAll();   // cancelled while planning: the sender stops waiting
                    await sending.ConfigureAwait(false);
                }

                List<Submitted> open = _running.ToList();
                if (open.Count > 0)
                {
                    await WaitAllAsync(open).ConfigureAwait(false);
                }
            }

            /// <summary>Sends the ready databases' BACKUPs one at a time (see <see cref="AllAtOnceAsync"/>).</summary>
            private async Task SendLargestReadyFirstAsync(SendQueue queue)
            {
                var submitting = new List<Task>();
                async Task SendAsync(Prepared p)
                {
                    var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    Task submit = BackUpAsync(p, holdSlot: false, () => answered.TrySetResult(true));
                    submitting.Add(submit);
                    await Task.WhenAny(answered.Task, submit).ConfigureAwait(false);
                }

                try
                {
                    for (int position = 0; position < queue.Count; position++)
                    {
                        // The k-th database planned is worth waiting for, but not for long: a slow catalog read (a big
                        // manifest, a slow store) holds the others back by at most WaitForPlanned.
                        Task resolved = queue.ResolvedAsync(position);
                        if (await Task.WhenAny(resolved, Task.Delay(_runner.WaitForPlanned, _ct)).ConfigureAwait(false) != resolved && queue.IsEmpty)
                        {
                            await resolved.ConfigureAwait(false);
                        }

                        _ct.ThrowIfCancellationRequested();
                        if (queue.TakeLargest() is Prepared p)
                        {
                            await SendAsync(p).ConfigureAwait(false);
                        }
                    }

                    // Those a turn did not wait for (see above) are sent once every database is planned.
                    await queue.AllResolvedAsync().ConfigureAwait(false);
                    while (queue.TakeLargest() is Prepared p)
                    {
                        _ct.ThrowIfCancellationRequested();
                        await SendAsync(p).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await Task.WhenAll(submitting).ConfigureAwait(false);
                }
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
                        await BackUpAsync(Prepare(s.Index, current), holdSlot: true).ConfigureAwait(false);
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

                return new Prepared(index, plan, backup, _runner.WritePendingAsync(plan, summary, _cluster, _ct));
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

        /// <summary>"… N database(s) to back up in P slot(s), largest first: 'a' (n bytes), …" (the first five).</summary>
        private static string DescribeSlotOrder(string prefix, IReadOnlyList<SizedPlan> order, int parallelism, Func<int, string> database) =>
            $"{prefix} {order.Count} database(s) to back up in {parallelism} slot(s), largest first: " +
            string.Join(", ", order.Take(5).Select(s => $"'{database(s.Index)}' ({s.Bytes:N0} bytes)")) + (order.Count > 5 ? ", …" : ".");

        /// <summary>"… N databases to back up, their BACKUPs sent largest first: 'a' (n bytes), …" (the first five).</summary>
        private static string DescribeSendOrder(string prefix, IReadOnlyList<SizedPlan> order, Func<int, string> database) =>
            $"{prefix} {order.Count} database(s) to back up, their BACKUPs sent largest first: " +
            string.Join(", ", order.Take(5).Select(s => $"'{database(s.Index)}' ({s.Bytes:N0} bytes)")) + (order.Count > 5 ? ", …" : ".");

        /// <summary>
        /// The databases of a run with a slot each, by the position they are planned in: each position resolves when its
        /// database is ready to be sent (its pending plan written, or failed to be) or has nothing to send.
        /// </summary>
        private sealed class SendQueue
        {
            private readonly TaskCompletionSource<bool>[] _resolved;
            private readonly List<Prepared> _ready = new List<Prepared>();

            public SendQueue(int count)
            {
                _resolved = new TaskCompletionSource<bool>[count];
                for (int i = 0; i < count; i++)
                {
                    _resolved[i] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            public int Count => _resolved.Length;

            public Task ResolvedAsync(int position) => _resolved[position].Task;

            public Task AllResolvedAsync() => Task.WhenAll(_resolved.Select(r => r.Task));

            public void Ready(int position, Prepared p)
            {
                lock (_ready)
                {
                    _ready.Add(p);
                }

                _resolved[position].TrySetResult(true);
            }

            public void Dropped(int position) => _resolved[position].TrySetResult(true);

            /// <summary>Nothing is ready to be sent.</summary>
            public bool IsEmpty
            {
                get
                {
                    lock (_ready)
                    {
                        return _ready.Count == 0;
                    }
                }
            }

            /// <summary>Every position resolved (the run's planning ended, perhaps cancelled).</summary>
            public void DropAll()
            {
                foreach (TaskCompletionSource<bool> r in _resolved)
                {
                    r.TrySetResult(true);
                }
            }

            /// <summary>The largest ready (bytes to back up, then partitions, then name order), or null.</summary>
            public Prepared? TakeLargest()
            {
                lock (_ready)
                {
                    if (_ready.Count == 0)
                    {
                        return null;
                    }

                    Prepared largest = _ready[0];
                    foreach (Prepared p in _ready)
                    {
                        largest = SizedPlan.LargestFirst.Compare(p.Size, largest.Size) < 0 ? p : largest;
                    }

                    _ready.Remove(largest);
                    return largest;
                }
            }
        }

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

        /// <summary>A database ready to be sent: its plan, its statement, its pending plan being written.</summary>
        private sealed class Prepared
        {
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
