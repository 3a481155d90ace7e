using System;
using System.Collections.Generic;

namespace StarRocksBackup.Core.History
{
    /// <summary>
    /// One finished backup job, as the catalog records it (schema 1; docs/ARCHITECTURE.md "Backup catalog"). Stored as
    /// camelCase JSON at <c>catalog/manifests/&lt;database&gt;/&lt;backupTimestamp&gt;_&lt;label&gt;.json</c> in the repository's
    /// module folder, written once and never changed.
    /// </summary>
    public sealed class BackupManifest
    {
        /// <summary>The schema version this code writes.</summary>
        public const int CurrentSchema = 1;

        /// <summary>Written by the module when it saw the job finish.</summary>
        public const string SourceModule = "module";

        /// <summary>Rebuilt from the repository's <c>__info_</c> file (Sync-SrBackupCatalog, or a run that found a finished snapshot missing).</summary>
        public const string SourceSync = "sync";

        /// <summary>Every partition of the backed-up tables (a full backup).</summary>
        public const string KindFull = "full";

        /// <summary>Only the partitions that changed.</summary>
        public const string KindIncremental = "incremental";

        /// <summary>Not known (rebuilt from the repository, or a backup the module did not plan).</summary>
        public const string KindUnknown = "unknown";

        /// <summary>Schema version (1).</summary>
        public int Schema { get; set; } = CurrentSchema;

        /// <summary>The snapshot label.</summary>
        public string Label { get; set; } = string.Empty;

        /// <summary>StarRocks' backup timestamp <c>yyyy-MM-dd-HH-mm-ss-SSS</c> (what RESTORE needs).</summary>
        public string BackupTimestamp { get; set; } = string.Empty;

        /// <summary>The repository name.</summary>
        public string Repository { get; set; } = string.Empty;

        /// <summary>The source database.</summary>
        public string Database { get; set; } = string.Empty;

        /// <summary><see cref="SourceModule"/> or <see cref="SourceSync"/>.</summary>
        public string Source { get; set; } = SourceModule;

        /// <summary><see cref="KindFull"/>, <see cref="KindIncremental"/> or <see cref="KindUnknown"/>.</summary>
        public string Kind { get; set; } = KindUnknown;

        /// <summary>The cluster the backup came from: the FE <c>host:port</c> or the cluster id.</summary>
        public string Cluster { get; set; } = string.Empty;

        /// <summary>When the job was created (UTC).</summary>
        public DateTimeOffset CreatedAt { get; set; }

        /// <summary>When the job finished (UTC). "As of T" compares this with T.</summary>
        public DateTimeOffset FinishedAt { get; set; }

        /// <summary>Always <c>FINISHED</c>: only finished jobs get a manifest.</summary>
        public string State { get; set; } = "FINISHED";

        /// <summary>What this snapshot holds, one entry per partition.</summary>
        public List<ManifestPartition> Partitions { get; set; } = new List<ManifestPartition>();

        /// <summary>
        /// Every partition of the backed-up tables that existed when the backup was planned (what existed at that time,
        /// so dropped partitions can be told apart); null for manifests rebuilt from the repository.
        /// </summary>
        public List<ManifestPartition>? Inventory { get; set; }

        /// <summary>The object name of this manifest below <c>catalog/manifests/</c>: <c>&lt;database&gt;/&lt;timestamp&gt;_&lt;label&gt;.json</c>.</summary>
        public string ObjectName() => Database + "/" + BackupTimestamp + "_" + Label + ".json";

        /// <inheritdoc />
        public override string ToString() =>
            $"{Database}/{Label}@{BackupTimestamp} ({Kind}, {Partitions.Count} partition(s), finished {FinishedAt:yyyy-MM-dd HH:mm:ss}Z)";
    }

    /// <summary>One partition in a manifest (<see cref="BackupManifest.Partitions"/> or <see cref="BackupManifest.Inventory"/>).</summary>
    public sealed class ManifestPartition
    {
        /// <summary>The table name.</summary>
        public string Table { get; set; } = string.Empty;

        /// <summary>The table id (0 when unknown).</summary>
        public long TableId { get; set; }

        /// <summary>The partition name.</summary>
        public string Partition { get; set; } = string.Empty;

        /// <summary>The physical partition id: a dropped and re-created partition has a new one.</summary>
        public long PartitionId { get; set; }

        /// <summary>The partition's VISIBLE_VERSION captured before the BACKUP statement (a load committing during the job is newer).</summary>
        public long VisibleVersion { get; set; }

        /// <summary>Row count when known.</summary>
        public long? RowCount { get; set; }

        /// <summary>Data size in bytes when known.</summary>
        public long? DataSizeBytes { get; set; }

        /// <inheritdoc />
        public override string ToString() => $"{Table}.{Partition} (id {PartitionId}, version {VisibleVersion})";
    }
}
