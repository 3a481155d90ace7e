using System.Diagnostics;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Bench;

/// <summary>
/// The poll-interval policy this benchmark recommends for Core's JobWaiter, emulated here with Core's public API
/// (Core is not ours to edit) so its effect can be measured: <c>--waiter proposed</c>.
/// <para>
/// Core today: after a poll with no change the interval grows ×1.5 up to MaxPollInterval (15 s), whatever the jobs'
/// age, so a job that ends during a long quiet stretch is noticed up to 15 s late — 25 % of a one-minute backup.
/// Proposed: additionally cap the interval at <c>fraction × how long the jobs have been running</c> (never below
/// MinPollInterval). The delay in noticing the end is then at most that fraction of the job's time, whatever its
/// length, and the number of polls still grows only logarithmically until the absolute maximum takes over.
/// </para>
/// Only what the ratio needs is emulated: one SHOW BACKUP per poll, change detection on state + progress +
/// unfinished tasks (Core's signature), FINISHED / CANCELLED. No stall detection, reconnects or displaced jobs.
/// </summary>
public static class ProposedWaiter
{
    public static async Task<int> WaitAsync(StarRocksClient client, IReadOnlyList<BackupJob> jobs, TimeSpan min, TimeSpan max, double fraction, TimeSpan timeout)
    {
        var open = jobs.ToDictionary(j => j.Database, j => j.Label, StringComparer.Ordinal);
        var signatures = new Dictionary<string, string>(StringComparer.Ordinal);
        Stopwatch clock = Stopwatch.StartNew();
        TimeSpan interval = min;
        int polls = 0;
        while (true)
        {
            IReadOnlyList<BackupJob> rows = await client.Jobs.ListBackupJobsAsync();
            polls++;
            bool changed = false;
            foreach (BackupJob row in rows)
            {
                if (!open.TryGetValue(row.Database, out string? label) || row.Label != label) continue;
                if (row.IsCancelled) throw new InvalidOperationException($"Backup '{label}' in '{row.Database}' was CANCELLED: {row.FailureText}");
                string signature = $"{row.StateName}|{row.FinishedUnits}/{row.TotalUnits}|{row.UnfinishedTasks.Count}";
                changed |= !signatures.TryGetValue(row.Database, out string? before) || before != signature;
                signatures[row.Database] = signature;
                if (row.IsFinished) open.Remove(row.Database);
            }

            if (open.Count == 0) return polls;
            if (clock.Elapsed > timeout) throw new TimeoutException($"{open.Count} job(s) still running after {timeout}.");

            // Core's rule ...
            interval = changed ? min : TimeSpan.FromTicks(Math.Min(max.Ticks, (long)(interval.Ticks * 1.5)));
            // ... plus the proposed cap: never sleep longer than `fraction` of the time the jobs have been running.
            interval = TimeSpan.FromTicks(Math.Max(min.Ticks, Math.Min(interval.Ticks, (long)(clock.Elapsed.Ticks * fraction))));
            await Task.Delay(interval);
        }
    }
}
