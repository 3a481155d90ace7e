using System;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup
{
    /// <summary>A partition (information_schema.partitions_meta), as Get-SrPartition returns it.</summary>
    public sealed class PartitionInfo
    {
        private PartitionInfo(Partition p, ServerInfo? server)
        {
            Database = p.Database;
            Table = p.Table;
            Partition = p.Name;
            PartitionId = p.PartitionId;
            VisibleVersion = p.VisibleVersion;
            VisibleVersionTime = ServerTime.From(p.VisibleVersionTime, server);
            RowCount = p.RowCount;
            DataSize = p.DataSize;
            DataSizeBytes = p.DataSizeBytes;
            ReplicationNum = p.ReplicationNum;
            Buckets = p.Buckets;
            IsTemp = p.IsTemp;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The table.</summary>
        public string Table { get; }

        /// <summary>The partition name.</summary>
        public string Partition { get; }

        /// <summary>Physical partition id.</summary>
        public long? PartitionId { get; }

        /// <summary>Visible version; it increases with every committed load.</summary>
        public long? VisibleVersion { get; }

        /// <summary>When the visible version was committed.</summary>
        public DateTimeOffset? VisibleVersionTime { get; }

        /// <summary>Row count.</summary>
        public long? RowCount { get; }

        /// <summary>Data size as the server rendered it.</summary>
        public string DataSize { get; }

        /// <summary>Data size in bytes, when it could be decoded.</summary>
        public long? DataSizeBytes { get; }

        /// <summary>Replication number.</summary>
        public int? ReplicationNum { get; }

        /// <summary>Bucket count.</summary>
        public int? Buckets { get; }

        /// <summary>True for a temporary partition (StarRocks cannot back these up).</summary>
        public bool IsTemp { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Database}.{Table}.{Partition}";

        internal static PartitionInfo From(Partition partition, ServerInfo? server) => new PartitionInfo(partition, server);
    }
}
