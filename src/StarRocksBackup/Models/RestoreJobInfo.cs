using System;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using CoreState = StarRocksBackup.Core.Model.RestoreJobState;

namespace StarRocksBackup
{
    /// <summary>A restore job (SHOW RESTORE), as Restore-SrSnapshot, Get-SrRestoreJob and Wait-SrJob return it.</summary>
    public sealed class RestoreJobInfo : SrJobInfo
    {
        private RestoreJobInfo(RestoreJob job, ServerInfo? server)
            : base(job, server)
        {
            State = Map(job.State);
            Timestamp = job.Timestamp;
            AllowLoad = job.AllowLoad;
            ReplicationNum = job.ReplicationNum;
            MetaPreparedTime = ServerTime.From(job.MetaPreparedTime, server);
            SnapshotFinishedTime = ServerTime.From(job.SnapshotFinishedTime, server);
            DownloadFinishedTime = ServerTime.From(job.DownloadFinishedTime, server);
        }

        /// <inheritdoc />
        public override SrJobKind Kind => SrJobKind.Restore;

        /// <summary>The job's state.</summary>
        public RestoreJobState State { get; }

        /// <summary>The backup timestamp being restored (yyyy-MM-dd-HH-mm-ss-SSS).</summary>
        public string Timestamp { get; }

        /// <summary>Whether loads into the restored tables are allowed during the restore.</summary>
        public bool AllowLoad { get; }

        /// <summary>Replicas per tablet of the restored tables.</summary>
        public int? ReplicationNum { get; }

        /// <summary>When metadata was prepared.</summary>
        public DateTimeOffset? MetaPreparedTime { get; }

        /// <summary>When the snapshots were made.</summary>
        public DateTimeOffset? SnapshotFinishedTime { get; }

        /// <summary>When the download finished.</summary>
        public DateTimeOffset? DownloadFinishedTime { get; }

        /// <summary>The plan Restore-SrSnapshot executed (null for jobs listed by Get-SrRestoreJob).</summary>
        public RestorePlanInfo? Plan { get; private set; }

        internal static RestoreJobInfo From(RestoreJob job, ServerInfo? server) => new RestoreJobInfo(job, server);

        internal static RestoreJobInfo From(RestoreJob job, ServerInfo? server, RestorePlanInfo plan) => new RestoreJobInfo(job, server) { Plan = plan };

        internal override JobInfo ToCore() => new RestoreJob
        {
            JobId = JobId,
            Database = Database,
            Label = Label,
            Repository = Repository,
            StateName = StateName,
            State = Unmap(State),
            Timestamp = Timestamp,
        };

        private static RestoreJobState Map(CoreState state) => state switch
        {
            CoreState.Pending => RestoreJobState.Pending,
            CoreState.Snapshoting => RestoreJobState.Snapshoting,
            CoreState.Download => RestoreJobState.Download,
            CoreState.Downloading => RestoreJobState.Downloading,
            CoreState.Commit => RestoreJobState.Commit,
            CoreState.Committing => RestoreJobState.Committing,
            CoreState.Finished => RestoreJobState.Finished,
            CoreState.Cancelled => RestoreJobState.Cancelled,
            _ => RestoreJobState.Unknown,
        };

        private static CoreState Unmap(RestoreJobState state) => state switch
        {
            RestoreJobState.Pending => CoreState.Pending,
            RestoreJobState.Snapshoting => CoreState.Snapshoting,
            RestoreJobState.Download => CoreState.Download,
            RestoreJobState.Downloading => CoreState.Downloading,
            RestoreJobState.Commit => CoreState.Commit,
            RestoreJobState.Committing => CoreState.Committing,
            RestoreJobState.Finished => CoreState.Finished,
            RestoreJobState.Cancelled => CoreState.Cancelled,
            _ => CoreState.Unknown,
        };
    }
}
