using System;
using System.Linq;
using StarRocksBackup.Core.ClusterSnapshots;

namespace StarRocksBackup
{
    /// <summary>What Find-SrClusterSnapshot concluded about one folder under &lt;service id&gt;/meta/image/.</summary>
    public enum ClusterSnapshotVerdict
    {
        /// <summary>The snapshot to restore from.</summary>
        Selected,

        /// <summary>Complete, but another snapshot was preferred (see Why).</summary>
        CompleteNotSelected,

        /// <summary>Files StarRocks needs are missing or damaged (see Problems).</summary>
        Incomplete,

        /// <summary>Not an automated cluster snapshot folder.</summary>
        Ignored,
    }

    /// <summary>A snapshot folder found in object storage by Find-SrClusterSnapshot, with the verdict and why.</summary>
    public sealed class ClusterSnapshotCandidateInfo
    {
        private ClusterSnapshotCandidateInfo(ClusterSnapshotCandidate c, ClusterSnapshotSearchResult result)
        {
            Snapshot = c.Name;
            ServiceId = c.ServiceId;
            SnapshotPath = c.SnapshotPath;
            Verdict = Enum.TryParse(c.Verdict.ToString(), out ClusterSnapshotVerdict v) ? v : ClusterSnapshotVerdict.Ignored;
            Why = c.Why;
            SelectionReason = result.Why;
            CreatedAt = c.CreatedAt;
            FeImageJournalId = c.FeImageJournalId;
            FeImageFormat = c.FeImageFormat.ToString();
            StarMgrImageJournalId = c.StarMgrImageJournalId;
            ObjectCount = c.ObjectCount;
            TotalBytes = c.TotalBytes;
            ChecksumVerified = c.ChecksumVerified;
            IsComplete = c.IsComplete;
            Problems = c.Problems.ToArray();
            JobState = c.JobState is null ? null : ClusterSnapshotJobInfo.Map(c.JobState.Value);
            StorageVolumeLocation = result.Location.ToUriWithoutTrailingSlash();
        }

        /// <summary>The folder name.</summary>
        public string Snapshot { get; }

        /// <summary>The cluster's service id.</summary>
        public string ServiceId { get; }

        /// <summary>The snapshot folder URI: the value for cluster_snapshot_path (binds to New-SrClusterSnapshotConfig).</summary>
        public string SnapshotPath { get; }

        /// <summary>The storage volume location that was searched.</summary>
        public string StorageVolumeLocation { get; }

        /// <summary>Selected, CompleteNotSelected, Incomplete or Ignored.</summary>
        public ClusterSnapshotVerdict Verdict { get; }

        /// <summary>Why this folder got its verdict.</summary>
        public string Why { get; }

        /// <summary>Why the selected snapshot was chosen (the same for every folder of one search).</summary>
        public string SelectionReason { get; }

        /// <summary>When the snapshot was taken (from its name), UTC.</summary>
        public DateTimeOffset? CreatedAt { get; }

        /// <summary>The FE image's journal id.</summary>
        public long? FeImageJournalId { get; }

        /// <summary>V1, V2 or None.</summary>
        public string FeImageFormat { get; }

        /// <summary>The StarManager image's journal id.</summary>
        public long? StarMgrImageJournalId { get; }

        /// <summary>Objects in the folder.</summary>
        public int ObjectCount { get; }

        /// <summary>Bytes in the folder.</summary>
        public long TotalBytes { get; }

        /// <summary>True when -VerifyChecksum confirmed the FE image's CRC32.</summary>
        public bool ChecksumVerified { get; }

        /// <summary>True when every file StarRocks needs is present.</summary>
        public bool IsComplete { get; }

        /// <summary>What is missing or wrong.</summary>
        public string[] Problems { get; }

        /// <summary>The job's state on the live cluster, when cross-checked with -Connection.</summary>
        public ClusterSnapshotJobState? JobState { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Snapshot}: {Verdict}";

        internal static ClusterSnapshotCandidateInfo From(ClusterSnapshotCandidate candidate, ClusterSnapshotSearchResult result) =>
            new ClusterSnapshotCandidateInfo(candidate, result);
    }
}
