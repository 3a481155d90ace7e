using System;
using System.Collections.Generic;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>
    /// <c>ClusterSnapshotJob.ClusterSnapshotJobState</c> (starrocks-facts.md §3.3). v3.4.2 knows INITIALIZING, SNAPSHOTING,
    /// FINISHED, ERROR; later releases add UPLOADING, EXPIRED, DELETED. <see cref="Unknown"/> covers a state this module
    /// does not know yet (the raw text is kept on the job).
    /// </summary>
    public enum ClusterSnapshotJobState
    {
        /// <summary>A state name this module does not know.</summary>
        Unknown,

        /// <summary>Capturing consistent FE and StarManager journal ids.</summary>
        Initializing,

        /// <summary>Writing the checkpoint images (StarRocks spells it SNAPSHOTING).</summary>
        Snapshoting,

        /// <summary>Copying the image folder to object storage.</summary>
        Uploading,

        /// <summary>The snapshot is complete in object storage and is the restorable one.</summary>
        Finished,

        /// <summary>A newer snapshot finished; this one is about to be deleted.</summary>
        Expired,

        /// <summary>Superseded and removed from object storage.</summary>
        Deleted,

        /// <summary>The job failed (see the error message); its folder is deleted by the next cleanup.</summary>
        Error,
    }

    /// <summary>One row of <c>information_schema.cluster_snapshot_jobs</c>.</summary>
    public sealed class ClusterSnapshotJob
    {
        /// <summary>The snapshot's name (<c>automated_cluster_snapshot_&lt;ms&gt;</c>).</summary>
        public string SnapshotName { get; init; } = string.Empty;

        /// <summary>The job id.</summary>
        public long JobId { get; init; }

        /// <summary>When the job was created (UTC).</summary>
        public DateTimeOffset? CreatedAt { get; init; }

        /// <summary>When it finished (UTC); null while unfinished.</summary>
        public DateTimeOffset? FinishedAt { get; init; }

        /// <summary>The typed state.</summary>
        public ClusterSnapshotJobState State { get; init; }

        /// <summary>The state exactly as the server wrote it.</summary>
        public string RawState { get; init; } = string.Empty;

        /// <summary>DETAIL_INFO.</summary>
        public string DetailInfo { get; init; } = string.Empty;

        /// <summary>ERROR_MESSAGE.</summary>
        public string ErrorMessage { get; init; } = string.Empty;

        /// <summary>Parses a STATE value (case-insensitive); unknown names give <see cref="ClusterSnapshotJobState.Unknown"/>.</summary>
        public static ClusterSnapshotJobState ParseState(string? state) => (state ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "INITIALIZING" => ClusterSnapshotJobState.Initializing,
            "SNAPSHOTING" => ClusterSnapshotJobState.Snapshoting,
            "UPLOADING" => ClusterSnapshotJobState.Uploading,
            "FINISHED" => ClusterSnapshotJobState.Finished,
            "EXPIRED" => ClusterSnapshotJobState.Expired,
            "DELETED" => ClusterSnapshotJobState.Deleted,
            "ERROR" => ClusterSnapshotJobState.Error,
            _ => ClusterSnapshotJobState.Unknown,
        };

        /// <inheritdoc />
        public override string ToString() => $"{SnapshotName} job {JobId}: {RawState}";
    }

    /// <summary>One row of <c>information_schema.cluster_snapshots</c> (the restorable snapshot the FE knows of).</summary>
    public sealed class ClusterSnapshot
    {
        /// <summary>SNAPSHOT_NAME.</summary>
        public string Name { get; init; } = string.Empty;

        /// <summary>SNAPSHOT_TYPE (<c>AUTOMATED</c>; the enterprise pack adds manual ones).</summary>
        public string SnapshotType { get; init; } = string.Empty;

        /// <summary>CREATED_TIME (UTC); the server sends epoch seconds (v3.4.2: milliseconds — both are recognised).</summary>
        public DateTimeOffset? CreatedAt { get; init; }

        /// <summary>FINISHED_TIME, present in v3.4.2 only.</summary>
        public DateTimeOffset? FinishedAt { get; init; }

        /// <summary>FE_JOURNAL_ID.</summary>
        public long? FeJournalId { get; init; }

        /// <summary>STARMGR_JOURNAL_ID.</summary>
        public long? StarMgrJournalId { get; init; }

        /// <summary>PROPERTIES (normally empty).</summary>
        public string Properties { get; init; } = string.Empty;

        /// <summary>STORAGE_VOLUME.</summary>
        public string StorageVolume { get; init; } = string.Empty;

        /// <summary>STORAGE_PATH: <c>&lt;volume location&gt;/&lt;service id&gt;/meta/image/&lt;name&gt;</c>.</summary>
        public string StoragePath { get; init; } = string.Empty;

        /// <inheritdoc />
        public override string ToString() => $"{Name} ({StoragePath})";
    }

    /// <summary>A storage volume from <c>SHOW STORAGE VOLUMES</c> + <c>DESC STORAGE VOLUME</c>. Credentials stay masked.</summary>
    public sealed class StorageVolume
    {
        /// <summary>Name.</summary>
        public string Name { get; init; } = string.Empty;

        /// <summary>Type as StarRocks names it: S3, HDFS, AZBLOB, ADLS2, GS.</summary>
        public string Type { get; init; } = string.Empty;

        /// <summary>IsDefault.</summary>
        public bool IsDefault { get; init; }

        /// <summary>The locations (StarRocks joins several with <c>", "</c>).</summary>
        public IReadOnlyList<string> Locations { get; init; } = Array.Empty<string>();

        /// <summary>
        /// Params, with every credential value replaced by <c>******</c> (StarRocks masks access/secret keys itself; this
        /// module masks every key that looks like a credential as well).
        /// </summary>
        public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

        /// <summary>Enabled (null on releases without the column).</summary>
        public bool? Enabled { get; init; }

        /// <summary>Comment.</summary>
        public string Comment { get; init; } = string.Empty;

        /// <inheritdoc />
        public override string ToString() => $"{Name} ({Type} {string.Join(", ", Locations)})";
    }
}
