using System;
using System.Linq;
using StarRocksBackup.Core.Swap;

namespace StarRocksBackup
{
    /// <summary>The outcome of Switch-SrTable.</summary>
    public sealed class TableSwapInfo
    {
        private TableSwapInfo() { }

        /// <summary>The database.</summary>
        public string Database { get; private set; } = string.Empty;

        /// <summary>The live table (it now holds the data of <see cref="With"/>).</summary>
        public string Table { get; private set; } = string.Empty;

        /// <summary>The table whose data took the live table's place (the name no longer exists).</summary>
        public string With { get; private set; } = string.Empty;

        /// <summary>The name the replaced data is kept under (dropped when <see cref="ReplacedDropped"/>).</summary>
        public string ReplacedTable { get; private set; } = string.Empty;

        /// <summary>True when -DropReplaced dropped the replaced data.</summary>
        public bool ReplacedDropped { get; private set; }

        /// <summary>When the atomic SWAP completed (UTC).</summary>
        public DateTimeOffset SwappedAt { get; private set; }

        /// <summary>The statements that ran.</summary>
        public string[] Statements { get; private set; } = Array.Empty<string>();

        /// <inheritdoc />
        public override string ToString() => $"{Database}.{Table} <- {With} (replaced: {ReplacedTable}{(ReplacedDropped ? ", dropped" : string.Empty)})";

        internal static TableSwapInfo From(TableSwapResult r) => new TableSwapInfo
        {
            Database = r.Plan.Database,
            Table = r.Plan.Table,
            With = r.Plan.With,
            ReplacedTable = r.Plan.ReplacedName,
            ReplacedDropped = r.ReplacedDropped,
            SwappedAt = r.SwappedAt,
            Statements = r.Plan.Statements.ToArray(),
        };
    }
}
