using System;
using System.Linq;
using StarRocksBackup.Core.PointInTime;

namespace StarRocksBackup
{
    /// <summary>A table Restore-SrDatabase rebuilt as it was at a point in time (pipes into Switch-SrTable).</summary>
    public sealed class PointInTimeTableInfo
    {
        private PointInTimeTableInfo() { }

        /// <summary>The database the table was rebuilt in.</summary>
        public string Database { get; private set; } = string.Empty;

        /// <summary>The table's name in the backups (the live table, when rebuilt in the same database).</summary>
        public string Table { get; private set; } = string.Empty;

        /// <summary>The name it was rebuilt under (Switch-SrTable binds it as -With).</summary>
        public string RestoredTable { get; private set; } = string.Empty;

        /// <summary>The backed-up database.</summary>
        public string SourceDatabase { get; private set; } = string.Empty;

        /// <summary>The point in time (UTC).</summary>
        public DateTimeOffset AsOf { get; private set; }

        /// <summary>Its partitions.</summary>
        public string[] Partitions { get; private set; } = Array.Empty<string>();

        /// <summary>The snapshots its partitions came from, oldest first.</summary>
        public string[] Snapshots { get; private set; } = Array.Empty<string>();

        /// <summary>Rows the catalog recorded for those copies (null when unknown).</summary>
        public long? ExpectedRows { get; private set; }

        /// <summary>Rows the rebuilt table has (null under -WhatIf or when unreadable).</summary>
        public long? Rows { get; private set; }

        /// <inheritdoc />
        public override string ToString() => $"{Database}.{RestoredTable} ({SourceDatabase}.{Table} as of {AsOf:yyyy-MM-dd HH:mm:ss}Z)";

        internal static PointInTimeTableInfo From(PointInTimePlan plan, PointInTimeTable table, long? rows) => new PointInTimeTableInfo
        {
            Database = plan.TargetDatabase,
            Table = table.Table,
            RestoredTable = table.TargetTable,
            SourceDatabase = plan.Database,
            AsOf = plan.AsOf.ToUniversalTime(),
            Partitions = table.Partitions.Select(p => p.Partition).ToArray(),
            Snapshots = plan.Steps.Where(s => s.Tables.Any(t => t.Table == table.Table)).Select(s => s.Snapshot).ToArray(),
            ExpectedRows = table.ExpectedRows,
            Rows = rows,
        };
    }
}
