using System;
using System.Linq;
using StarRocksBackup.Core.Copy;

namespace StarRocksBackup
{
    /// <summary>Rows of one partition on the source (at backup time) and on the destination (after the restore).</summary>
    public sealed class PartitionRowCountInfo
    {
        private PartitionRowCountInfo(PartitionRowCheck c)
        {
            Table = c.Table;
            Partition = c.Partition;
            SourceRows = c.SourceRows;
            DestinationRows = c.DestinationRows;
            Matches = c.Matches;
        }

        /// <summary>The table.</summary>
        public string Table { get; }

        /// <summary>The partition.</summary>
        public string Partition { get; }

        /// <summary>Rows on the source when it was backed up (null: it changed during the backup).</summary>
        public long? SourceRows { get; }

        /// <summary>Rows on the destination after the restore.</summary>
        public long? DestinationRows { get; }

        /// <summary>True when both sides have the same number of rows.</summary>
        public bool Matches { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Table}.{Partition}: {SourceRows}/{DestinationRows}";

        internal static PartitionRowCountInfo From(PartitionRowCheck c) => new PartitionRowCountInfo(c);
    }

    /// <summary>What Copy-SrDatabase did: the snapshot, both jobs, and the row counts per partition.</summary>
    public sealed class CopyResultInfo
    {
        private CopyResultInfo(CopyResult r)
        {
            SourceDatabase = r.Plan.Database;
            Database = r.Plan.TargetDatabase;
            Snapshot = r.Plan.Backup.Label;
            Timestamp = r.Timestamp;
            Repository = r.Plan.SourceRepository;
            DestinationRepository = r.Plan.DestinationRepository;
            SourceVersion = r.Plan.SourceVersion.ToString();
            DestinationVersion = r.Plan.DestinationVersion.ToString();
            BackupJobId = r.BackupJob.JobId;
            RestoreJobId = r.RestoreJob.JobId;
            Partitions = r.Partitions.Select(PartitionRowCountInfo.From).ToArray();
            Verified = r.Verified;
        }

        /// <summary>The source database.</summary>
        public string SourceDatabase { get; }

        /// <summary>The database on the destination.</summary>
        public string Database { get; }

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; }

        /// <summary>The backup timestamp restored.</summary>
        public string Timestamp { get; }

        /// <summary>The repository on the source.</summary>
        public string Repository { get; }

        /// <summary>The repository on the destination (same location).</summary>
        public string DestinationRepository { get; }

        /// <summary>The source's StarRocks version.</summary>
        public string SourceVersion { get; }

        /// <summary>The destination's StarRocks version.</summary>
        public string DestinationVersion { get; }

        /// <summary>The backup job on the source.</summary>
        public long BackupJobId { get; }

        /// <summary>The restore job on the destination.</summary>
        public long RestoreJobId { get; }

        /// <summary>Row counts per partition on both sides.</summary>
        public PartitionRowCountInfo[] Partitions { get; }

        /// <summary>True when every partition has the same row count on both sides.</summary>
        public bool Verified { get; }

        /// <inheritdoc />
        public override string ToString() => $"{SourceDatabase} → {Database} ({Snapshot}@{Timestamp}) verified={Verified}";

        internal static CopyResultInfo From(CopyResult r) => new CopyResultInfo(r);
    }
}
