using System;
using System.Collections.Generic;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>What the finder concluded about one folder under <c>…/&lt;service id&gt;/meta/image/</c>.</summary>
    public enum ClusterSnapshotVerdict
    {
        /// <summary>The snapshot to restore from.</summary>
        Selected,

        /// <summary>Complete, but another snapshot was preferred (see <see cref="ClusterSnapshotCandidate.Why"/>).</summary>
        CompleteNotSelected,

        /// <summary>Files StarRocks needs to restore are missing or damaged.</summary>
        Incomplete,

        /// <summary>Not an automated cluster snapshot folder (junk, a stray object, a foreign name).</summary>
        Ignored,
    }

    /// <summary>How the FE image in a snapshot folder is stored (StarRocks <c>ImageFormatVersion</c>).</summary>
    public enum FeImageFormat
    {
        /// <summary>No FE image was found.</summary>
        None,

        /// <summary><c>image.&lt;journal id&gt;</c> at the folder root (older releases).</summary>
        V1,

        /// <summary><c>v2/image.&lt;journal id&gt;</c> with <c>v2/checksum.&lt;journal id&gt;</c> (CRC32), current releases.</summary>
        V2,
    }

    /// <summary>One folder found in object storage, with the finder's verdict and the reason for it.</summary>
    public sealed class ClusterSnapshotCandidate
    {
        internal ClusterSnapshotCandidate(string name, string serviceId, S3Location folder)
        {
            Name = name;
            ServiceId = serviceId;
            Folder = folder;
        }

        /// <summary>The folder name, e.g. <c>automated_cluster_snapshot_1739446285344</c>.</summary>
        public string Name { get; }

        /// <summary>The cluster's service id (the folder above <c>meta/</c>).</summary>
        public string ServiceId { get; }

        /// <summary>The snapshot folder.</summary>
        public S3Location Folder { get; }

        /// <summary>The value for <c>cluster_snapshot_path</c> in <c>cluster_snapshot.yaml</c> (no trailing slash).</summary>
        public string SnapshotPath => Folder.ToUriWithoutTrailingSlash();

        /// <summary>When the snapshot job was created (the epoch milliseconds in the name), or null for junk names.</summary>
        public DateTimeOffset? CreatedAt { get; internal set; }

        /// <summary>The FE image's journal id (the <c>N</c> of <c>image.N</c>), when found.</summary>
        public long? FeImageJournalId { get; internal set; }

        /// <summary>How the FE image is stored.</summary>
        public FeImageFormat FeImageFormat { get; internal set; }

        /// <summary>The StarManager image's journal id (<c>starmgr/image.N</c>), when found.</summary>
        public long? StarMgrImageJournalId { get; internal set; }

        /// <summary>Number of objects in the folder.</summary>
        public int ObjectCount { get; internal set; }

        /// <summary>Total size of the folder's objects in bytes.</summary>
        public long TotalBytes { get; internal set; }

        /// <summary>True when the FE image's CRC32 was computed and matched its checksum file.</summary>
        public bool ChecksumVerified { get; internal set; }

        /// <summary>Whether every file StarRocks needs is present (docs/ARCHITECTURE.md, "Cluster snapshot folders in storage").</summary>
        public bool IsComplete { get; internal set; }

        /// <summary>The reasons the folder is incomplete or ignored (empty when complete).</summary>
        public IReadOnlyList<string> Problems { get; internal set; } = Array.Empty<string>();

        /// <summary>The state of this snapshot's job in <c>information_schema.cluster_snapshot_jobs</c>, when cross-checked.</summary>
        public ClusterSnapshotJobState? JobState { get; internal set; }

        /// <summary>The verdict.</summary>
        public ClusterSnapshotVerdict Verdict { get; internal set; }

        /// <summary>A sentence explaining the verdict.</summary>
        public string Why { get; internal set; } = string.Empty;

        /// <inheritdoc />
        public override string ToString() => $"{Name}: {Verdict} — {Why}";
    }
}
