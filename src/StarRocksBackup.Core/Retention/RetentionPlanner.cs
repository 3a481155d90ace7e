using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace StarRocksBackup.Core.Retention
{
    /// <summary>
    /// Decides which backups a retention policy keeps. Pure and deterministic: the same backups (in any order), policy
    /// and clock give the same plan. Per database, backups are protected (never removed) when they are younger than
    /// MinRetentionDays, among the newest MinSnapshots, needed to restore the latest state (catalog contract), the newest
    /// verified one, a daily/weekly/monthly representative, or unreadable. The others are removed when older than
    /// RetentionDays, then the oldest go while more than MaxSnapshots remain.
    /// </summary>
    public static class RetentionPlanner
    {
        /// <summary>Plans <paramref name="snapshots"/> under <paramref name="policy"/> at <paramref name="nowUtc"/>.</summary>
        public static RetentionPlan Plan(IEnumerable<RetentionSnapshot> snapshots, RetentionPolicy policy, DateTime nowUtc)
        {
            if (snapshots is null)
            {
                throw new ArgumentNullException(nameof(snapshots));
            }

            policy = policy ?? throw new ArgumentNullException(nameof(policy));
            policy.Validate();
            var result = new List<RetentionDecision>();
            foreach (IGrouping<string, RetentionSnapshot> db in snapshots.GroupBy(s => s.Database, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                List<RetentionSnapshot> ordered = Order(db);
                result.AddRange(db.Key.Length == 0 ? Unreadable(ordered) : PlanDatabase(ordered, policy, nowUtc));
            }

            return new RetentionPlan(result);
        }

        /// <summary>Newest first; ties by label and timestamp (ordinal), so the order never depends on the input order.</summary>
        internal static List<RetentionSnapshot> Order(IEnumerable<RetentionSnapshot> snapshots) =>
            snapshots.OrderByDescending(s => s.TimeUtc)
                .ThenBy(s => s.Label, StringComparer.Ordinal)
                .ThenBy(s => s.Timestamp, StringComparer.Ordinal)
                .ToList();

        /// <summary>
        /// The backups needed to restore the latest state, with the partitions each holds the newest copy of. Targets: the
        /// inventory of the newest backup when it has one, else every partition any backup holds (conservative).
        /// </summary>
        public static IReadOnlyDictionary<RetentionSnapshot, List<PartitionRef>> Needed(IEnumerable<RetentionSnapshot> database)
        {
            List<RetentionSnapshot> ordered = Order(database);
            var needed = new Dictionary<RetentionSnapshot, List<PartitionRef>>();
            if (ordered.Count == 0)
            {
                return needed;
            }

            IEnumerable<PartitionRef> targets = ordered[0].Inventory ?? ordered.SelectMany(s => s.Partitions);
            var seen = new HashSet<PartitionRef>();
            var holders = new Dictionary<PartitionRef, RetentionSnapshot>();
            foreach (RetentionSnapshot s in ordered)
            {
                foreach (PartitionRef p in s.Partitions)
                {
                    if (!holders.ContainsKey(p))
                    {
                        holders[p] = s;
                    }
                }
            }

            foreach (PartitionRef p in targets)
            {
                if (seen.Add(p) && holders.TryGetValue(p, out RetentionSnapshot? holder))
                {
                    if (!needed.TryGetValue(holder, out List<PartitionRef>? list))
                    {
                        needed[holder] = list = new List<PartitionRef>();
                    }

                    list.Add(p);
                }
            }

            return needed;
        }

        private static IEnumerable<RetentionDecision> Unreadable(List<RetentionSnapshot> ordered) =>
            ordered.Select(s =>
            {
                var d = new RetentionDecision(s) { Protected = true };
                d.Reasons.Add("kept: its info could not be read" + (s.Problem is null ? string.Empty : $" ({s.Problem})"));
                return d;
            });

        private static List<RetentionDecision> PlanDatabase(List<RetentionSnapshot> ordered, RetentionPolicy policy, DateTime nowUtc)
        {
            var decisions = ordered.Select(s => new RetentionDecision(s)).ToList();
            void Protect(RetentionDecision d, string reason)
            {
                d.Protected = true;
                d.Reasons.Add(reason);
            }

            for (int i = 0; i < decisions.Count; i++)
            {
                if (policy.MinRetentionDays is int minDays && nowUtc - decisions[i].Snapshot.TimeUtc < TimeSpan.FromDays(minDays))
                {
                    Protect(decisions[i], $"younger than the minimum retention of {minDays} day(s)");
                }

                if (policy.MinSnapshots is int min && i < min)
                {
                    Protect(decisions[i], $"one of the newest {min} backup(s) (MinSnapshots)");
                }
            }

            IReadOnlyDictionary<RetentionSnapshot, List<PartitionRef>> needed = Needed(ordered);
            foreach (RetentionDecision d in decisions)
            {
                if (needed.TryGetValue(d.Snapshot, out List<PartitionRef>? parts))
                {
                    string sample = string.Join(", ", parts.Take(3).Select(p => p.ToString()));
                    Protect(d, $"needed to restore the latest state: holds the newest copy of {parts.Count} partition(s) ({sample}{(parts.Count > 3 ? ", …" : string.Empty)})");
                }
            }

            if (policy.KeepNewestVerified && decisions.FirstOrDefault(d => d.Snapshot.Verified == true) is RetentionDecision verified)
            {
                Protect(verified, "the newest verified backup");
            }

            Representatives(decisions, policy.KeepDaily, t => t.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "daily", Protect);
            Representatives(decisions, policy.KeepWeekly, WeekKey, "weekly", Protect);
            Representatives(decisions, policy.KeepMonthly, t => t.ToString("yyyy-MM", CultureInfo.InvariantCulture), "monthly", Protect);

            foreach (RetentionDecision d in decisions.Where(d => !d.Protected))
            {
                if (policy.RetentionDays is int days && nowUtc - d.Snapshot.TimeUtc > TimeSpan.FromDays(days))
                {
                    d.Keep = false;
                    d.Reasons.Add($"older than {days} day(s) (RetentionDays)");
                }
            }

            if (policy.MaxSnapshots is int max)
            {
                int kept = decisions.Count(d => d.Keep);
                for (int i = decisions.Count - 1; i >= 0 && kept > max; i--)
                {
                    RetentionDecision d = decisions[i];
                    if (d.Keep && !d.Protected)
                    {
                        d.Keep = false;
                        d.Reasons.Add($"more than {max} backup(s) (MaxSnapshots)");
                        kept--;
                    }
                }

                if (kept > max)
                {
                    foreach (RetentionDecision d in decisions.Where(d => d.Keep))
                    {
                        d.Reasons.Add($"{kept} backups stay although MaxSnapshots is {max}: the rest are protected");
                    }
                }
            }

            foreach (RetentionDecision d in decisions.Where(d => d.Keep && d.Reasons.Count == 0))
            {
                d.Reasons.Add(policy.RetentionDays is int days ? $"within {days} day(s)" : "no rule removes it");
            }

            return decisions;
        }

        private static void Representatives(List<RetentionDecision> decisions, int? count, Func<DateTime, string> bucket, string name, Action<RetentionDecision, string> protect)
        {
            if (count is not int n || n <= 0)
            {
                return;
            }

            var buckets = new HashSet<string>(StringComparer.Ordinal);
            foreach (RetentionDecision d in decisions)
            {
                string key = bucket(d.Snapshot.TimeUtc);
                if (buckets.Count >= n && !buckets.Contains(key))
                {
                    break;
                }

                if (buckets.Add(key))
                {
                    protect(d, $"{name} representative of {key}");
                }
            }
        }

        private static string WeekKey(DateTime t)
        {
            int offset = ((int)t.DayOfWeek + 6) % 7; // Monday = 0
            return "week of " + t.Date.AddDays(-offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
    }
}
