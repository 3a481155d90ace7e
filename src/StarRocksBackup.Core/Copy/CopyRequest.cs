using System;
using System.Collections.Generic;
using StarRocksBackup.Core.Backup;

namespace StarRocksBackup.Core.Copy
{
    /// <summary>
    /// Copy one database (or some of its tables / partitions) from one cluster to another through a repository location both
    /// can reach: BACKUP on the source, RESTORE on the destination.
    /// </summary>
    public sealed class CopyRequest
    {
        /// <summary>The source database.</summary>
        public string Database { get; set; } = string.Empty;

        /// <summary>Tables (optionally with partitions) of <see cref="Database"/>; empty = the whole database.</summary>
        public IList<BackupTarget> Tables { get; } = new List<BackupTarget>();

        /// <summary>The database to restore into on the destination; null = the same name.</summary>
        public string? TargetDatabase { get; set; }

        /// <summary>The repository on the source (its location must be reachable by the destination too).</summary>
        public string Repository { get; set; } = string.Empty;

        /// <summary>
        /// The name of the destination's repository for that location when one has to be created (READ ONLY); null = the
        /// source repository's name. An existing destination repository on the same location is used whatever its name.
        /// </summary>
        public string? DestinationRepository { get; set; }

        /// <summary>Keys etc. for creating the destination's repository (the source never reveals its keys); null = refuse to create one.</summary>
        public Func<string, string, Repositories.RepositorySpec>? DestinationRepositorySpec { get; set; }

        /// <summary>The snapshot label; null = <c>{database}_copy_{yyyyMMdd_HHmmss}</c>.</summary>
        public string? Label { get; set; }

        /// <summary>replication_num on the destination; null = StarRocks' default (3) lowered to the destination's alive backends.</summary>
        public int? ReplicationNum { get; set; }

        /// <summary>Job timeout for BACKUP and RESTORE (≥ 10 minutes); null = server default.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>How long to wait for the snapshot to become visible on the destination (default 10 minutes).</summary>
        public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>How long to wait for each job (null = no limit).</summary>
        public TimeSpan? JobTimeout { get; set; }

        /// <summary>Restore over existing tables of the destination (off: refused, as Restore-SrSnapshot does).</summary>
        public bool AllowOverwrite { get; set; }
    }
}
