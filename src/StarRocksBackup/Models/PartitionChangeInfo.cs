using System;
using StarRocksBackup.Core.History;

namespace StarRocksBackup
{
    /// <summary>A partition needing a backup, with the reason (Get-SrPartition -Changed, policy summaries). Pipes into Start-SrBackup.</summary>
    public sealed class PartitionChangeInfo
    {
        private PartitionChangeInfo(string repository, PartitionChange c)
        {
            Repository = repository;
            Database = c.Current.Database;
            Table = c.Current.Table;
            Partition = c.Current.Name;
            PartitionId = c.Current.PartitionId;
            VisibleVersion = c.Current.VisibleVersion;
            RecordedVersion = c.LastBackup?.Partition.VisibleVersion;
            Reason = (SrPartitionChangeReason)(int)c.Reason;
            NeedsBackup = c.NeedsBackup;
            LastSnapshot = c.LastBackup?.Manifest.Label;
            LastTimestamp = c.LastBackup?.Manifest.BackupTimestamp;
            RangeEnd = c.Current.RangeUpperBound;
        }

        /// <summary>The repository whose catalog it was compared with.</summary>
        public string Repository { get; }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The table.</summary>
        public string Table { get; }

        /// <summary>The partition.</summary>
        public string Partition { get; }

        /// <summary>The physical partition id now.</summary>
        public long? PartitionId { get; }

        /// <summary>VISIBLE_VERSION now.</summary>
        public long? VisibleVersion { get; }

        /// <summary>The version recorded at its last backup (null when never backed up).</summary>
        public long? RecordedVersion { get; }

        /// <summary>Why it is listed.</summary>
        public SrPartitionChangeReason Reason { get; }

        /// <summary>False for late data left out by the rule.</summary>
        public bool NeedsBackup { get; }

        /// <summary>The snapshot of its last backup.</summary>
        public string? LastSnapshot { get; }

        /// <summary>That snapshot's timestamp.</summary>
        public string? LastTimestamp { get; }

        /// <summary>The exclusive upper bound of a date range partition (FE local time).</summary>
        public DateTime? RangeEnd { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Database}.{Table}.{Partition} ({Reason})";

        internal static PartitionChangeInfo From(string repository, PartitionChange c) => new PartitionChangeInfo(repository, c);
    }
}
