using System;
using CoreJob = StarRocksBackup.Core.ClusterSnapshots.ClusterSnapshotJob;

namespace StarRocksBackup
{
    /// <summary>An automated cluster snapshot job (information_schema.cluster_snapshot_jobs), as Get-SrClusterSnapshotJob returns it.</summary>
    public sealed class ClusterSnapshotJobInfo
    {
        private ClusterSnapshotJobInfo(CoreJob j)
        {
            Snapshot = j.SnapshotName;
            JobId = j.JobId;
            State = Map(j.State);
            RawState = j.RawState;
            CreatedAt = j.CreatedAt;
            FinishedAt = j.FinishedAt;
            DetailInfo = j.DetailInfo;
            ErrorMessage = j.ErrorMessage;
        }

        /// <summary>The snapshot the job writes.</summary>
        public string Snapshot { get; }

        /// <summary>The job id.</summary>
        public long JobId { get; }

        /// <summary>The typed state.</summary>
        public ClusterSnapshotJobState State { get; }

        /// <summary>The state as the server wrote it.</summary>
        public string RawState { get; }

        /// <summary>When the job was created (UTC).</summary>
        public DateTimeOffset? CreatedAt { get; }

        /// <summary>When it finished (UTC), or null while it runs.</summary>
        public DateTimeOffset? FinishedAt { get; }

        /// <summary>DETAIL_INFO.</summary>
        public string DetailInfo { get; }

        /// <summary>ERROR_MESSAGE (for ERROR jobs).</summary>
        public string ErrorMessage { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Snapshot} ({RawState})";

        // By name, so a reordering on either side cannot shift states.
        internal static ClusterSnapshotJobState Map(Core.ClusterSnapshots.ClusterSnapshotJobState state) =>
            System.Enum.TryParse(state.ToString(), out ClusterSnapshotJobState mapped) ? mapped : ClusterSnapshotJobState.Unknown;

        internal static ClusterSnapshotJobInfo From(CoreJob job) => new ClusterSnapshotJobInfo(job);
    }
}
