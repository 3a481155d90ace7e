using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>
    /// Picks the snapshot to restore from the inspected folders of one cluster (pure; no I/O).
    ///
    /// StarRocks keeps one automated snapshot: a new one is uploaded next to the previous one, marked FINISHED in the
    /// FE journal, and only then is the previous folder deleted (<c>ClusterSnapshotJob.setState(FINISHED)</c> →
    /// <c>clearFinishedAutomatedClusterSnapshot</c>). Vacuum keeps the data of the latest FINISHED snapshot and the
    /// one before it (<c>getSafeDeletionTimeMs</c>). So:
    /// <list type="bullet">
    /// <item>one folder: restore from it if it is complete;</item>
    /// <item>several folders: the newest is a snapshot that was interrupted (or is still running); its FINISHED state
    /// cannot be seen in storage even when its files look complete, so — as StarRocks' DR guidance says — restore
    /// from the newest complete folder older than it;</item>
    /// <item>only when every older folder is incomplete is the newest (if complete) chosen, with a caution;</item>
    /// <item>with a cross-check from a live cluster, the newest complete folder whose job is FINISHED wins.</item>
    /// </list>
    /// </summary>
    internal static class SnapshotSelector
    {
        internal static (ClusterSnapshotCandidate? Selected, string Why) Select(
            IReadOnlyList<ClusterSnapshotCandidate> candidates, IReadOnlyDictionary<string, ClusterSnapshotJob>? jobs, string where)
        {
            List<ClusterSnapshotCandidate> snapshots = candidates
                .Where(c => c.Verdict != ClusterSnapshotVerdict.Ignored)
                .OrderBy(c => c.CreatedAt)
                .ToList();

            foreach (ClusterSnapshotCandidate c in snapshots.Where(c => !c.IsComplete))
            {
                c.Verdict = ClusterSnapshotVerdict.Incomplete;
                c.Why = "Incomplete: " + string.Join("; ", c.Problems) + ".";
            }

            List<ClusterSnapshotCandidate> complete = snapshots.Where(c => c.IsComplete).ToList();
            string preamble = string.Empty;
            if (jobs is not null)
            {
                foreach (ClusterSnapshotCandidate c in snapshots)
                {
                    c.JobState = jobs.TryGetValue(c.Name, out ClusterSnapshotJob? job) ? job.State : null;
                }

                ClusterSnapshotCandidate? confirmed = complete.LastOrDefault(c => c.JobState == ClusterSnapshotJobState.Finished);
                if (confirmed is not null)
                {
                    Choose(confirmed, $"Selected: its files are complete and the cluster reports its job FINISHED in cluster_snapshot_jobs.");
                    foreach (ClusterSnapshotCandidate other in complete.Where(c => c != confirmed))
                    {
                        NotChosen(other, other.CreatedAt > confirmed.CreatedAt
                            ? $"Complete, but newer than {confirmed.Name} and its job is {State(other)}, not FINISHED: the snapshot was not completed."
                            : $"Complete, but older than {confirmed.Name}, which the cluster reports FINISHED.");
                    }

                    return (confirmed, $"{confirmed.Name} is complete in storage and its job is FINISHED on the live cluster (cross-checked with information_schema.cluster_snapshot_jobs).");
                }

                preamble = complete.Count == 0
                    ? string.Empty
                    : "The live cluster reports none of the complete folders as FINISHED, so the storage-only rule applies. ";
            }

            if (snapshots.Count == 0)
            {
                return (null, $"No {SnapshotFolderInspector.NamePrefix}<epoch ms> folder exists under {where}: automated cluster snapshots were never taken there, were turned off (which deletes them), or the location or service id is wrong.");
            }

            if (complete.Count == 0)
            {
                return (null, $"None of the {snapshots.Count} snapshot folder(s) under {where} is complete, so none can be restored: "
                    + string.Join(" ", snapshots.Select(s => $"{s.Name}: {string.Join("; ", s.Problems)}.")));
            }

            ClusterSnapshotCandidate newest = snapshots[snapshots.Count - 1];
            if (snapshots.Count == 1)
            {
                Choose(newest, "Selected: the only snapshot folder, and every file StarRocks needs is present.");
                return (newest, preamble + $"{newest.Name} is the only snapshot folder and it is complete.");
            }

            ClusterSnapshotCandidate? older = complete.LastOrDefault(c => c != newest);
            if (older is null)
            {
                // Every older folder is damaged; the newest is all there is.
                Choose(newest, "Selected with caution: the only complete folder, although it is the newest of several.");
                return (newest, preamble + $"{snapshots.Count} snapshot folders exist; every older one is incomplete, so {newest.Name}, the only complete one, is selected. "
                    + "Several folders mean a snapshot was interrupted; if the cluster is still reachable, cross-check with -Connection before restoring.");
            }

            string newestState = newest.IsComplete
                ? $"its files look complete, but StarRocks deletes the previous snapshot only after the new one is FINISHED, so {snapshots.Count} folders mean {newest.Name} was interrupted or is still being written and cannot be trusted"
                : $"it is incomplete ({string.Join("; ", newest.Problems)})";
            if (newest.IsComplete)
            {
                NotChosen(newest, "Complete files, but not selected: it is the newest of several folders, i.e. a snapshot that was interrupted before StarRocks marked it FINISHED and removed the older one.");
            }

            Choose(older, $"Selected: the newest complete snapshot older than the interrupted {newest.Name} (StarRocks' guidance: restore from the older one).");
            foreach (ClusterSnapshotCandidate other in complete.Where(c => c != older && c != newest))
            {
                NotChosen(other, $"Complete, but older than {older.Name}.");
            }

            return (older, preamble + $"{snapshots.Count} snapshot folders exist. The newest, {newest.Name}: {newestState}. "
                + $"As StarRocks' disaster-recovery guidance says, restore from the older one: {older.Name}.");
        }

        private static void Choose(ClusterSnapshotCandidate c, string why)
        {
            c.Verdict = ClusterSnapshotVerdict.Selected;
            c.Why = why;
        }

        private static void NotChosen(ClusterSnapshotCandidate c, string why)
        {
            c.Verdict = ClusterSnapshotVerdict.CompleteNotSelected;
            c.Why = why;
        }

        private static string State(ClusterSnapshotCandidate c) => c.JobState?.ToString().ToUpperInvariant() ?? "not listed";
    }
}
