namespace StarRocksBackup
{
    /// <summary>How the cluster stores data.</summary>
    public enum SrRunMode
    {
        /// <summary>Classic backends holding the data (BACKUP/RESTORE).</summary>
        SharedNothing,

        /// <summary>Data in object storage, compute nodes (cluster snapshots).</summary>
        SharedData,
    }

    /// <summary>Backup or restore.</summary>
    public enum SrJobKind
    {
        /// <summary>A BACKUP job (SHOW BACKUP).</summary>
        Backup,

        /// <summary>A RESTORE job (SHOW RESTORE).</summary>
        Restore,
    }

    /// <summary>The states of a StarRocks backup job, in the order a job goes through them.</summary>
    public enum BackupJobState
    {
        /// <summary>A state this module does not know (a newer server).</summary>
        Unknown,

        /// <summary>PENDING.</summary>
        Pending,

        /// <summary>SNAPSHOTING.</summary>
        Snapshoting,

        /// <summary>UPLOAD_SNAPSHOT.</summary>
        UploadSnapshot,

        /// <summary>UPLOADING.</summary>
        Uploading,

        /// <summary>SAVE_META.</summary>
        SaveMeta,

        /// <summary>UPLOAD_INFO.</summary>
        UploadInfo,

        /// <summary>FINISHED: the snapshot is in the repository.</summary>
        Finished,

        /// <summary>CANCELLED: failed, cancelled or timed out.</summary>
        Cancelled,
    }

    /// <summary>The states of a StarRocks restore job, in order.</summary>
    public enum RestoreJobState
    {
        /// <summary>A state this module does not know (a newer server).</summary>
        Unknown,

        /// <summary>PENDING.</summary>
        Pending,

        /// <summary>SNAPSHOTING.</summary>
        Snapshoting,

        /// <summary>DOWNLOAD.</summary>
        Download,

        /// <summary>DOWNLOADING.</summary>
        Downloading,

        /// <summary>COMMIT: from here a cancel can leave overwritten tables unusable.</summary>
        Commit,

        /// <summary>COMMITTING.</summary>
        Committing,

        /// <summary>FINISHED.</summary>
        Finished,

        /// <summary>CANCELLED: failed, cancelled or timed out.</summary>
        Cancelled,
    }

    /// <summary>Storage behind a repository.</summary>
    public enum RepositoryType
    {
        /// <summary>Amazon S3 or an S3-compatible store (MinIO, Ceph), s3:// or s3a://.</summary>
        S3,

        /// <summary>Alibaba Cloud OSS, oss://.</summary>
        OSS,

        /// <summary>HDFS, hdfs://.</summary>
        HDFS,

        /// <summary>Google Cloud Storage through S3A, gs:// or s3a:// with a GCS endpoint.</summary>
        GCS,
    }
}
