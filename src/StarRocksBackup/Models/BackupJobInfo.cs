using System;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using CoreState = StarRocksBackup.Core.Model.BackupJobState;

namespace StarRocksBackup
{
    /// <summary>A backup job (SHOW BACKUP), as Start-SrBackup, Get-SrBackupJob and Wait-SrJob return it.</summary>
    public sealed class BackupJobInfo : SrJobInfo
    {
        private BackupJobInfo(BackupJob job, ServerInfo? server)
            : base(job, server)
        {
            State = Map(job.State);
            SnapshotFinishedTime = ServerTime.From(job.SnapshotFinishedTime, server);
            UploadFinishedTime = ServerTime.From(job.UploadFinishedTime, server);
        }

        /// <inheritdoc />
        public override SrJobKind Kind => SrJobKind.Backup;

        /// <summary>The job's state.</summary>
        public BackupJobState State { get; }

        /// <summary>When the backends finished their snapshots.</summary>
        public DateTimeOffset? SnapshotFinishedTime { get; }

        /// <summary>When the upload finished.</summary>
        public DateTimeOffset? UploadFinishedTime { get; }

        internal static BackupJobInfo From(BackupJob job, ServerInfo? server) => new BackupJobInfo(job, server);

        internal override JobInfo ToCore() => new BackupJob
        {
            JobId = JobId,
            Database = Database,
            Label = Label,
            Repository = Repository,
            StateName = StateName,
            State = Unmap(State),
        };

        private static BackupJobState Map(CoreState state) => state switch
        {
            CoreState.Pending => BackupJobState.Pending,
            CoreState.Snapshoting => BackupJobState.Snapshoting,
            CoreState.UploadSnapshot => BackupJobState.UploadSnapshot,
            CoreState.Uploading => BackupJobState.Uploading,
            CoreState.SaveMeta => BackupJobState.SaveMeta,
            CoreState.UploadInfo => BackupJobState.UploadInfo,
            CoreState.Finished => BackupJobState.Finished,
            CoreState.Cancelled => BackupJobState.Cancelled,
            _ => BackupJobState.Unknown,
        };

        private static CoreState Unmap(BackupJobState state) => state switch
        {
            BackupJobState.Pending => CoreState.Pending,
            BackupJobState.Snapshoting => CoreState.Snapshoting,
            BackupJobState.UploadSnapshot => CoreState.UploadSnapshot,
            BackupJobState.Uploading => CoreState.Uploading,
            BackupJobState.SaveMeta => CoreState.SaveMeta,
            BackupJobState.UploadInfo => CoreState.UploadInfo,
            BackupJobState.Finished => CoreState.Finished,
            BackupJobState.Cancelled => CoreState.Cancelled,
            _ => CoreState.Unknown,
        };
    }
}
