using System;
using System.Linq;
using StarRocksBackup.Core.Verification;

namespace StarRocksBackup
{
    /// <summary>One label folder in Test-SrRepository's result.</summary>
    public sealed class RepositorySnapshotUsageInfo
    {
        internal RepositorySnapshotUsageInfo(RepositorySnapshotUsage u)
        {
            Snapshot = u.Label;
            Timestamps = u.Timestamps.ToArray();
            Objects = u.Objects;
            Bytes = u.Bytes;
            IsOrphan = u.IsOrphan;
        }

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; }

        /// <summary>Timestamps with a valid info file.</summary>
        public string[] Timestamps { get; }

        /// <summary>Objects in the folder.</summary>
        public int Objects { get; }

        /// <summary>Bytes in the folder.</summary>
        public long Bytes { get; }

        /// <summary>True when the folder has no valid info file.</summary>
        public bool IsOrphan { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Snapshot}: {Objects} object(s), {Bytes} bytes";
    }

    /// <summary>Test-SrRepository's result.</summary>
    public sealed class RepositoryCheckInfo
    {
        /// <summary>The repository.</summary>
        public string Repository { get; private set; } = string.Empty;

        /// <summary>Its location (passwords masked).</summary>
        public string Location { get; private set; } = string.Empty;

        /// <summary>True when SHOW REPOSITORIES reports no error.</summary>
        public bool ServerOk { get; private set; }

        /// <summary>The server's ErrMsg.</summary>
        public string? ServerError { get; private set; }

        /// <summary>True when a probe object could be written, listed, read and deleted.</summary>
        public bool StorageOk { get; private set; }

        /// <summary>What failed with the storage.</summary>
        public string? StorageError { get; private set; }

        /// <summary>Every label folder with its objects and bytes.</summary>
        public RepositorySnapshotUsageInfo[] Snapshots { get; private set; } = Array.Empty<RepositorySnapshotUsageInfo>();

        /// <summary>Label folders without a valid info file.</summary>
        public string[] OrphanFolders { get; private set; } = Array.Empty<string>();

        /// <summary>Leftover .part objects.</summary>
        public string[] PartObjects { get; private set; } = Array.Empty<string>();

        /// <summary>Catalog manifests whose snapshot is gone.</summary>
        public string[] OrphanManifests { get; private set; } = Array.Empty<string>();

        /// <summary>Interrupted deletions (finish them with Remove-SrSnapshot).</summary>
        public string[] PendingDeletions { get; private set; } = Array.Empty<string>();

        /// <summary>Unreadable module files.</summary>
        public string[] Problems { get; private set; } = Array.Empty<string>();

        /// <summary>Objects under the repository root.</summary>
        public long TotalObjects { get; private set; }

        /// <summary>Bytes under the repository root.</summary>
        public long TotalBytes { get; private set; }

        /// <summary>True when everything works and nothing is orphaned or pending.</summary>
        public bool Passed { get; private set; }

        /// <inheritdoc />
        public override string ToString() => $"{Repository}: {(Passed ? "passed" : "failed")}, {Snapshots.Length} snapshot folder(s), {TotalBytes} bytes";

        internal static RepositoryCheckInfo From(RepositoryCheckResult r) => new RepositoryCheckInfo
        {
            Repository = r.Repository, Location = r.Location, ServerOk = r.ServerOk, ServerError = r.ServerError,
            StorageOk = r.StorageOk, StorageError = r.StorageError,
            Snapshots = r.Snapshots.Select(s => new RepositorySnapshotUsageInfo(s)).ToArray(),
            OrphanFolders = r.OrphanFolders.ToArray(), PartObjects = r.PartObjects.ToArray(), OrphanManifests = r.OrphanManifests.ToArray(),
            PendingDeletions = r.PendingDeletions.ToArray(), Problems = r.Problems.ToArray(),
            TotalObjects = r.TotalObjects, TotalBytes = r.TotalBytes, Passed = r.Passed,
        };
    }

    /// <summary>Test-SrBackup's result (a restore drill).</summary>
    public sealed class RestoreDrillInfo
    {
        /// <summary>The repository.</summary>
        public string Repository { get; private set; } = string.Empty;

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; private set; } = string.Empty;

        /// <summary>The backup timestamp.</summary>
        public string Timestamp { get; private set; } = string.Empty;

        /// <summary>The source database.</summary>
        public string Database { get; private set; } = string.Empty;

        /// <summary>The scratch database restored into.</summary>
        public string ScratchDatabase { get; private set; } = string.Empty;

        /// <summary>True when the scratch database was dropped.</summary>
        public bool ScratchDropped { get; private set; }

        /// <summary>replication_num the restore used.</summary>
        public int? ReplicationNum { get; private set; }

        /// <summary>True when the restore finished and nothing differed.</summary>
        public bool Passed { get; private set; }

        /// <summary>Rows restored.</summary>
        public long RowsRestored { get; private set; }

        /// <summary>Partitions whose row count was compared.</summary>
        public int PartitionsCompared { get; private set; }

        /// <summary>Partitions that could not be compared.</summary>
        public int PartitionsNotCompared { get; private set; }

        /// <summary>Tables whose content fingerprint was compared.</summary>
        public int TablesFingerprinted { get; private set; }

        /// <summary>Findings (RestoreFailed, Different).</summary>
        public VerificationFindingInfo[] Findings { get; private set; } = Array.Empty<VerificationFindingInfo>();

        /// <summary>What could not be compared and why.</summary>
        public string[] Notes { get; private set; } = Array.Empty<string>();

        /// <summary>A one-line summary.</summary>
        public string Summary { get; private set; } = string.Empty;

        /// <summary>The verification record written.</summary>
        public string? RecordKey { get; private set; }

        /// <inheritdoc />
        public override string ToString() => $"{Repository}/{Snapshot}@{Timestamp}: {Summary}";

        internal static RestoreDrillInfo From(RestoreDrillResult r) => new RestoreDrillInfo
        {
            Repository = r.Repository, Snapshot = r.Label, Timestamp = r.Timestamp, Database = r.Database, ScratchDatabase = r.ScratchDatabase,
            ScratchDropped = r.ScratchDropped, ReplicationNum = r.ReplicationNum, Passed = r.Passed, RowsRestored = r.RowsRestored,
            PartitionsCompared = r.PartitionsCompared, PartitionsNotCompared = r.PartitionsNotCompared, TablesFingerprinted = r.TablesFingerprinted,
            Findings = r.Findings.Select(f => new VerificationFindingInfo(f)).ToArray(), Notes = r.Notes.ToArray(), Summary = r.Summary, RecordKey = r.RecordKey,
        };
    }
}
