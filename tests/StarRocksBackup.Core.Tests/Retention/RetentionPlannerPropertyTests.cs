using StarRocksBackup.Core.Retention;
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Core.Tests.Retention;

/// <summary>
/// Property-style tests of the retention planner over generated histories: databases whose tables gain and drop
/// partitions, full and partition-level incremental backups (with and without inventories), verifications and random
/// policies. Every case checks the floors, the needed backups, the representatives and determinism against a
/// brute-force oracle written independently of the planner.
/// </summary>
public sealed class RetentionPlannerPropertyTests
{
    private const int Cases = 600;
    private readonly ITestOutputHelper _out;

    public RetentionPlannerPropertyTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Generated_histories_never_break_a_floor_never_lose_a_needed_backup_and_plan_deterministically()
    {
        var rng = new Random(20261205);
        int removedTotal = 0, keptTotal = 0, neededTotal = 0, snapshotsTotal = 0;
        for (int n = 0; n < Cases; n++)
        {
            DateTime now = new DateTime(2026, 12, 5, 8, 0, 0, DateTimeKind.Utc).AddMinutes(rng.Next(0, 100000));
            List<RetentionSnapshot> history = History(rng, now);
            RetentionPolicy policy = Policy(rng);
            RetentionPlan plan = RetentionPlanner.Plan(history, policy, now);
            string context = $"case {n}: {Describe(policy)} over {history.Count} backups";
            Assert.Equal(history.Count, plan.Decisions.Count);
            var byDb = plan.Decisions.GroupBy(d => d.Snapshot.Database);
            foreach (var db in byDb)
            {
                var ordered = db.OrderByDescending(d => d.Snapshot.TimeUtc).ThenBy(d => d.Snapshot.Label, StringComparer.Ordinal).ToList();
                int kept = ordered.Count(d => d.Keep);

                // Floors.
                if (policy.MinSnapshots is int min)
                {
                    Assert.True(kept >= Math.Min(min, ordered.Count), $"{context}: {kept} kept < MinSnapshots {min}");
                    Assert.All(ordered.Take(min), d => Assert.True(d.Keep, $"{context}: one of the newest {min} removed: {d}"));
                }

                if (policy.MinRetentionDays is int minDays)
                {
                    Assert.All(ordered.Where(d => now - d.Snapshot.TimeUtc < TimeSpan.FromDays(minDays)),
                        d => Assert.True(d.Keep, $"{context}: younger than {minDays} days removed: {d}"));
                }

                // Needed (oracle): for every partition of the newest inventory (or, without one, of any backup), the
                // newest backup holding it stays.
                List<RetentionSnapshot> snaps = ordered.Select(d => d.Snapshot).ToList();
                IEnumerable<PartitionRef> targets = snaps[0].Inventory ?? snaps.SelectMany(s => s.Partitions);
                foreach (PartitionRef p in targets.Distinct())
                {
                    RetentionSnapshot? holder = snaps.FirstOrDefault(s => s.Partitions.Contains(p));
                    if (holder is null) continue;
                    neededTotal++;
                    Assert.True(ordered.Single(d => d.Snapshot == holder).Keep, $"{context}: the only newest copy of {p} ({holder}) removed");
                }

                // Latest state restorable: replaying kept backups oldest to newest yields every target partition.
                var restorable = new HashSet<PartitionRef>(ordered.Where(d => d.Keep).SelectMany(d => d.Snapshot.Partitions));
                Assert.All(targets.Where(p => snaps.Any(s => s.Partitions.Contains(p))), p => Assert.Contains(p, restorable));

                // Newest verified.
                if (policy.KeepNewestVerified && ordered.FirstOrDefault(d => d.Snapshot.Verified == true) is RetentionDecision v)
                {
                    Assert.True(v.Keep, $"{context}: newest verified removed");
                }

                // Daily representatives: the newest backup of each of the newest KeepDaily days stays.
                if (policy.KeepDaily is int days && days > 0)
                {
                    foreach (var day in ordered.GroupBy(d => d.Snapshot.TimeUtc.Date).Take(days))
                    {
                        Assert.True(day.First().Keep, $"{context}: daily representative of {day.Key:yyyy-MM-dd} removed");
                    }
                }

                // Removal only with a reason, and only when a rule asks for it.
                foreach (RetentionDecision d in ordered.Where(d => !d.Keep))
                {
                    Assert.False(d.Protected, context);
                    bool old = policy.RetentionDays is int r && now - d.Snapshot.TimeUtc > TimeSpan.FromDays(r);
                    Assert.True(old || policy.MaxSnapshots.HasValue, $"{context}: removed without a rule: {d}");
                }

                if (policy.MaxSnapshots is int max && kept > max)
                {
                    Assert.True(ordered.Count(d => d.Keep && !d.Protected) == 0, $"{context}: {kept} kept > max {max} with unprotected backups left");
                }

                removedTotal += ordered.Count(d => !d.Keep);
                keptTotal += kept;
                snapshotsTotal += ordered.Count;
            }

            // Deterministic: another input order gives the same plan.
            List<RetentionSnapshot> shuffled = history.OrderBy(_ => rng.Next()).ToList();
            RetentionPlan again = RetentionPlanner.Plan(shuffled, policy, now);
            Assert.Equal(plan.Decisions.Select(Key), again.Decisions.Select(Key));
            Assert.Equal(plan.BytesFreed, again.BytesFreed);
        }

        _out.WriteLine($"{Cases} generated cases, {snapshotsTotal} backups: {keptTotal} kept, {removedTotal} removed, {neededTotal} needed-partition checks.");
        Console.WriteLine($"RetentionPlannerPropertyTests: {Cases} generated cases, {snapshotsTotal} backups, {removedTotal} removals checked, {neededTotal} needed-partition checks");
        Assert.True(removedTotal > Cases, "the generator must produce removals, or the floors are never exercised");
        Assert.True(neededTotal > Cases, "the generator must produce incremental chains");
    }

    [Fact]
    public void An_old_incremental_base_holding_the_only_copy_of_an_unchanged_partition_is_kept()
    {
        DateTime now = new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc);
        PartitionRef a = new("orders", 1), b = new("orders", 2), c = new("dim", 3);
        var inv = new[] { a, b, c };
        var full = new RetentionSnapshot { Label = "full", Timestamp = "2026-01-01-00-00-00-000", Database = "sales", TimeUtc = now.AddDays(-300), Partitions = inv, Inventory = inv, Bytes = 100 };
        var inc1 = new RetentionSnapshot { Label = "inc1", Timestamp = "2026-11-01-00-00-00-000", Database = "sales", TimeUtc = now.AddDays(-30), Partitions = new[] { a }, Inventory = inv, Bytes = 10 };
        var inc2 = new RetentionSnapshot { Label = "inc2", Timestamp = "2026-12-04-00-00-00-000", Database = "sales", TimeUtc = now.AddDays(-1), Partitions = new[] { a, b }, Inventory = inv, Bytes = 10 };
        var older = new RetentionSnapshot { Label = "old", Timestamp = "2025-12-01-00-00-00-000", Database = "sales", TimeUtc = now.AddDays(-370), Partitions = inv, Inventory = inv, Bytes = 100 };
        RetentionPlan plan = RetentionPlanner.Plan(new[] { older, inc1, inc2, full }, new RetentionPolicy { RetentionDays = 7, MaxSnapshots = 1 }, now);
        var byLabel = plan.Decisions.ToDictionary(d => d.Snapshot.Label);
        Assert.True(byLabel["full"].Keep);
        Assert.Contains("dim#3", byLabel["full"].Reasons[0]);
        Assert.True(byLabel["inc2"].Keep);
        Assert.False(byLabel["inc1"].Keep);
        Assert.False(byLabel["old"].Keep);
        Assert.Equal(110, plan.BytesFreed);
    }

    private static string Key(RetentionDecision d) => $"{d.Snapshot.Database}|{d.Snapshot.Label}|{d.Snapshot.Timestamp}|{d.Keep}|{string.Join(";", d.Reasons)}";

    private static string Describe(RetentionPolicy p) =>
        $"days={p.RetentionDays} minDays={p.MinRetentionDays} max={p.MaxSnapshots} min={p.MinSnapshots} daily={p.KeepDaily} weekly={p.KeepWeekly} monthly={p.KeepMonthly} verified={p.KeepNewestVerified}";

    private static RetentionPolicy Policy(Random rng)
    {
        int? Maybe(int lo, int hi) => rng.Next(3) == 0 ? null : rng.Next(lo, hi);
        int? minDays = Maybe(0, 10);
        int? days = Maybe(0, 60);
        if (days < minDays) days = minDays;
        int? min = Maybe(0, 5);
        int? max = Maybe(0, 12);
        if (max < min) max = min;
        return new RetentionPolicy
        {
            RetentionDays = days, MinRetentionDays = minDays, MinSnapshots = min, MaxSnapshots = max,
            KeepDaily = rng.Next(4) == 0 ? rng.Next(1, 8) : null,
            KeepWeekly = rng.Next(5) == 0 ? rng.Next(1, 5) : null,
            KeepMonthly = rng.Next(6) == 0 ? rng.Next(1, 4) : null,
            KeepNewestVerified = rng.Next(4) != 0,
        };
    }

    /// <summary>1–3 databases; each evolves (partitions created, changed, dropped) and is backed up fully or incrementally.</summary>
    private static List<RetentionSnapshot> History(Random rng, DateTime now)
    {
        var all = new List<RetentionSnapshot>();
        int dbs = rng.Next(1, 4);
        long nextId = 1;
        for (int db = 0; db < dbs; db++)
        {
            var live = new List<PartitionRef>();
            for (int i = 0; i < rng.Next(1, 6); i++) live.Add(new PartitionRef("t" + rng.Next(3), nextId++));
            var changed = new HashSet<PartitionRef>(live);
            int count = rng.Next(1, 25);
            bool manifests = rng.Next(3) != 0;
            DateTime t = now.AddDays(-rng.Next(1, 120)).AddMinutes(-rng.Next(0, 1440));
            for (int s = 0; s < count; s++)
            {
                // The database changes between backups.
                foreach (PartitionRef p in live.Where(_ => rng.Next(3) == 0).ToList()) changed.Add(p);
                if (rng.Next(4) == 0 && live.Count > 1) live.RemoveAt(rng.Next(live.Count));
                if (rng.Next(3) == 0)
                {
                    var p = new PartitionRef("t" + rng.Next(3), nextId++);
                    live.Add(p);
                    changed.Add(p);
                }

                bool full = s == 0 || rng.Next(4) == 0 || !manifests;
                List<PartitionRef> held = full ? live.ToList() : live.Where(changed.Contains).ToList();
                if (!full && rng.Next(5) == 0) held = live.Where(_ => rng.Next(2) == 0).ToList(); // a table-level backup
                changed.Clear();
                all.Add(new RetentionSnapshot
                {
                    Label = $"db{db}_{s:D3}",
                    Timestamp = t.ToString("yyyy-MM-dd-HH-mm-ss-fff", System.Globalization.CultureInfo.InvariantCulture),
                    Database = "db" + db,
                    TimeUtc = t,
                    Partitions = held,
                    Inventory = manifests && rng.Next(6) != 0 ? live.ToList() : null,
                    Verified = rng.Next(5) == 0 ? rng.Next(3) != 0 : null,
                    Bytes = rng.Next(1, 1000),
                    Source = manifests ? "manifest" : "info",
                });
                t = t.AddHours(rng.Next(1, 72));
                if (t > now) t = now.AddMinutes(-rng.Next(1, 60) - s);
            }
        }

        return all;
    }
}
