using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Core.Policy
{
    public sealed partial class PolicyRunner
    {
        // A run with more databases than slots: every database planned first, the slots taken largest first.
        private sealed partial class Run
        {
            /// <summary>
            /// Databases planned at once when there are more than slots, each with its own statement and catalog read: a
            /// few at a time keeps only a few databases' partitions in memory while every database is sized.
            /// </summary>
            private const int PlanningConcurrency = 8;

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
        }

        /// <summary>"… N database(s) to back up in P slot(s), largest first: 'a' (n bytes), …" (the first five).</summary>
        private static string DescribeSlotOrder(string prefix, IReadOnlyList<SizedPlan> order, int parallelism, Func<int, string> database) =>
            $"{prefix} {order.Count} database(s) to back up in {parallelism} slot(s), largest first: " + FirstFive(order, database);

        /// <summary>The first five of <paramref name="order"/> with their sizes: "'a' (n bytes), 'b' (m bytes), …".</summary>
        private static string FirstFive(IReadOnlyList<SizedPlan> order, Func<int, string> database) =>
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
    }
}
