namespace StarRocksBackup
{
    /// <summary>The states of an automated cluster snapshot job (ClusterSnapshotJobState), in the order a job goes through them.</summary>
    public enum ClusterSnapshotJobState
    {
        /// <summary>A state this module does not know (a newer server); RawState has the text.</summary>
        Unknown,

        /// <summary>INITIALIZING: capturing consistent FE and StarManager journal ids.</summary>
        Initializing,

        /// <summary>SNAPSHOTING: writing the checkpoint images.</summary>
        Snapshoting,

        /// <summary>UPLOADING: copying the image folder to object storage.</summary>
        Uploading,

        /// <summary>FINISHED: the restorable snapshot.</summary>
        Finished,

        /// <summary>EXPIRED: superseded by a newer finished snapshot.</summary>
        Expired,

        /// <summary>DELETED: superseded and removed from storage.</summary>
        Deleted,

        /// <summary>ERROR: the job failed (see ErrorMessage).</summary>
        Error,
    }
}
