namespace StarRocksBackup.Core.Model
{
    /// <summary>Backup or restore.</summary>
    public enum JobKind
    {
        /// <summary>A BACKUP job (SHOW BACKUP).</summary>
        Backup,
        /// <summary>A RESTORE job (SHOW RESTORE).</summary>
        Restore,
    }

    /// <summary>
    /// <c>BackupJob.BackupJobState</c> (starrocks-facts.md §3.1), in the order a job goes through them.
    /// <see cref="Unknown"/> is used for a value this client does not know (a newer server).
    /// </summary>
    public enum BackupJobState
    {
        /// <summary>A state name this client does not know.</summary>
        Unknown,
        /// <summary>Submitted, not yet started.</summary>
        Pending,
        /// <summary>BEs are making snapshots.</summary>
        Snapshoting,
        /// <summary>Preparing the upload.</summary>
        UploadSnapshot,
        /// <summary>BEs are uploading.</summary>
        Uploading,
        /// <summary>Saving metadata.</summary>
        SaveMeta,
        /// <summary>Uploading the job info file.</summary>
        UploadInfo,
        /// <summary>Done; the snapshot is in the repository.</summary>
        Finished,
        /// <summary>Failed, cancelled by a user or timed out.</summary>
        Cancelled,
    }

    /// <summary><c>RestoreJob.RestoreJobState</c> (starrocks-facts.md §3.2), in order.</summary>
    public enum RestoreJobState
    {
        /// <summary>A state name this client does not know.</summary>
        Unknown,
        /// <summary>Submitted, not yet started.</summary>
        Pending,
        /// <summary>Creating replicas / snapshots.</summary>
        Snapshoting,
        /// <summary>Preparing the download.</summary>
        Download,
        /// <summary>BEs are downloading.</summary>
        Downloading,
        /// <summary>Committing (from here a cancel can leave overwritten tables unusable).</summary>
        Commit,
        /// <summary>Committing on BEs.</summary>
        Committing,
        /// <summary>Done.</summary>
        Finished,
        /// <summary>Failed, cancelled by a user or timed out.</summary>
        Cancelled,
    }
}
