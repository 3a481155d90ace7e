using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.PointInTime
{
    /// <summary>A table to rebuild, optionally only some of its partitions.</summary>
    public sealed class PointInTimeSelection
    {
        /// <summary>Creates a selection.</summary>
        public PointInTimeSelection(string table, IEnumerable<string>? partitions = null)
        {
            Table = table;
            Partitions = partitions?.Distinct(StringComparer.Ordinal).ToList() ?? new List<string>();
        }

        /// <summary>The table (its name in the backups).</summary>
        public string Table { get; }

        /// <summary>Partition names; empty = every partition that existed at the time.</summary>
        public IReadOnlyList<string> Partitions { get; }
    }

    /// <summary>What to rebuild, as of when, and where to put it.</summary>
    public sealed class PointInTimeRequest
    {
        /// <summary>The repository whose catalog records the backups.</summary>
        public string Repository { get; set; } = string.Empty;

        /// <summary>The database that was backed up.</summary>
        public string Database { get; set; } = string.Empty;

        /// <summary>The point in time: the state of the newest backups finished at or before it.</summary>
        public DateTimeOffset AsOf { get; set; }

        /// <summary>
        /// The database to rebuild into; null = the same database, under scratch table names
        /// (<see cref="TableSuffix"/>). Tables keep their names in another database.
        /// </summary>
        public string? TargetDatabase { get; set; }

        /// <summary>
        /// Appended to every table name; null = <c>__asof_&lt;UTC yyyyMMddTHHmmssZ of AsOf&gt;</c> when rebuilding into the
        /// source database, nothing in another database.
        /// </summary>
        public string? TableSuffix { get; set; }

        /// <summary>Tables (and partitions) to rebuild; empty = every table of the database that existed at the time.</summary>
        public IList<PointInTimeSelection> Tables { get; } = new List<PointInTimeSelection>();

        /// <summary>replication_num; null = no higher than the alive backends (StarRocks' default is 3).</summary>
        public int? ReplicationNum { get; set; }

        /// <summary>Each RESTORE job's timeout (≥ 10 minutes); null = server default.</summary>
        public TimeSpan? Timeout { get; set; }
    }
}
