using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Core.Policy
{
    public sealed partial class PolicyRunner
    {
        // A run where every database has its slot: planned together, their BACKUPs sent the largest ready first, two at the server at once.
        private sealed partial class Run
        {
            /// <summary>
            /// Every database has its slot. They are planned together (one partitions_meta statement for all where they are
            /// most of the cluster's databases, then their catalogs, the biggest databases by that statement's sizes first;
            /// else a statement each, with its catalog), each one's pending plan written as soon as its plan is made, and
            /// one sender sends the BACKUPs: at its k-th turn it waits for the k-th database planned (a second at most while
            /// another is ready), then sends the largest ready (bytes to back up). StarRocks takes submissions one at a time
            /// (BackupHandler's seqlock, waited for up to 10 s before "Another backup or restore job is being submitted", and
            /// each lists the repository), so with a hundred databases the last statement to arrive starts its job seconds
            /// after the first: the biggest job must not be that one. <see cref="PolicyRunner.SendAhead"/> (two) statements
            /// are at the server at once: the next is there when the FE is done with one (one at a time leaves its lock
            /// idle for two round trips per database), and at most one FE thread waits in the lock, for one submission.
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

            /// <summary>Sends the ready databases' BACKUPs, <see cref="PolicyRunner.SendAhead"/> at the server at once (see <see cref="AllAtOnceAsync"/>).</summary>
            private async Task SendLargestReadyFirstAsync(SendQueue queue)
            {
                var submitting = new List<Task>();
                // A place at the server is taken before each choice, so the choice is made as late as it can be. Not
                // disposed: a submission that ends after the sender still releases its place (no wait handle is made).
                var atServer = new SemaphoreSlim(_runner.SendAhead);
                void Send(Prepared p)
                {
                    int released = 0;
                    void Answered()
                    {
                        if (Interlocked.Exchange(ref released, 1) == 0)
                        {
                            atServer.Release();
                        }
                    }

                    // The place frees when StarRocks has answered the statement, or when the submission ended without
                    // sending one (its pending plan could not be written).
                    Task submit = BackUpAsync(p, holdSlot: false, Answered);
                    submitting.Add(submit);
                    _ = submit.ContinueWith(_ => Answered(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                // Takes a place, then sends the largest ready database (true), or gives the place back when none is (false).
                async Task<bool> SendLargestAsync(Func<Task> beforeChoosing)
                {
                    await atServer.WaitAsync(_ct).ConfigureAwait(false);
                    Prepared? p = null;
                    try
                    {
                        await beforeChoosing().ConfigureAwait(false);
                        _ct.ThrowIfCancellationRequested();
                        p = queue.TakeLargest();
                    }
                    finally
                    {
                        if (p is null)
                        {
                            atServer.Release();
                        }
                    }

                    if (p is null)
                    {
                        return false;
                    }

                    Send(p);
                    return true;
                }

                try
                {
                    for (int position = 0; position < queue.Count; position++)
                    {
                        // The k-th database planned is worth waiting for, but not for long: a slow catalog read (a big
                        // manifest, a slow store) holds the others back by at most WaitForPlanned.
                        Task resolved = queue.ResolvedAsync(position);
                        await SendLargestAsync(async () =>
                        {
                            if (await Task.WhenAny(resolved, Task.Delay(_runner.WaitForPlanned, _ct)).ConfigureAwait(false) != resolved && queue.IsEmpty)
                            {
                                await resolved.ConfigureAwait(false);
                            }
                        }).ConfigureAwait(false);
                    }

                    // Those a turn did not wait for (see above) are sent once every database is planned.
                    await queue.AllResolvedAsync().ConfigureAwait(false);
                    while (await SendLargestAsync(() => Task.CompletedTask).ConfigureAwait(false))
                    {
                    }
                }
                finally
                {
                    await Task.WhenAll(submitting).ConfigureAwait(false);
                }
            }
        }

        /// <summary>"… N databases to back up, their BACKUPs sent largest first: 'a' (n bytes), …" (the first five).</summary>
        private static string DescribeSendOrder(string prefix, IReadOnlyList<SizedPlan> order, Func<int, string> database) =>
            $"{prefix} {order.Count} database(s) to back up, their BACKUPs sent largest first: " + FirstFive(order, database);

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
    }
}
