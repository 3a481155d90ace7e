using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace StarRocksBackup.Core.Swap
{
    /// <summary>What to swap: the live table, its replacement, and what becomes of the replaced data.</summary>
    public sealed class TableSwapRequest
    {
        /// <summary>The database holding both tables (SWAP works within one database).</summary>
        public string Database { get; set; } = string.Empty;

        /// <summary>The live table to replace.</summary>
        public string Table { get; set; } = string.Empty;

        /// <summary>The table whose data takes the live table's place (e.g. a point-in-time restore).</summary>
        public string With { get; set; } = string.Empty;

        /// <summary>The name the replaced data keeps; null = <see cref="TableSwapService.DefaultReplacedName"/>.</summary>
        public string? ReplacedName { get; set; }

        /// <summary>Drop the replaced data after a successful swap (DROP TABLE: StarRocks keeps it in its recycle bin for a while).</summary>
        public bool DropReplaced { get; set; }

        /// <summary>The time used for the dated default name (tests); null = now.</summary>
        public DateTimeOffset? Now { get; set; }
    }

    /// <summary>A checked swap: produced by <see cref="TableSwapService.PlanAsync"/>, run by <see cref="TableSwapService.ExecuteAsync"/>.</summary>
    public sealed class TableSwapPlan
    {
        internal TableSwapPlan() { }

        /// <summary>The database.</summary>
        public string Database { get; internal set; } = string.Empty;

        /// <summary>The live table (keeps its name, gets the replacement's data).</summary>
        public string Table { get; internal set; } = string.Empty;

        /// <summary>The replacement table (its name disappears).</summary>
        public string With { get; internal set; } = string.Empty;

        /// <summary>The name the replaced data is kept under.</summary>
        public string ReplacedName { get; internal set; } = string.Empty;

        /// <summary>True when the replaced data is dropped at the end.</summary>
        public bool DropReplaced { get; internal set; }

        /// <summary>Schema notes that are not differences (e.g. another bucket count).</summary>
        public IReadOnlyList<string> Warnings { get; internal set; } = Array.Empty<string>();

        /// <summary>Every statement, in order: SWAP, RENAME, and DROP TABLE with <see cref="DropReplaced"/>.</summary>
        public IReadOnlyList<string> Statements { get; internal set; } = Array.Empty<string>();

        /// <summary>A readable description (for -WhatIf).</summary>
        public string Describe()
        {
            var sb = new StringBuilder();
            sb.AppendLine($"Swap table '{Database}.{Table}' with '{With}' (schemas match)");
            sb.AppendLine($"  '{Table}' gets the data of '{With}' atomically (ALTER TABLE ... SWAP WITH)");
            sb.AppendLine(DropReplaced
                ? $"  the replaced data is renamed '{ReplacedName}' and then DROPPED"
                : $"  the replaced data is kept as '{ReplacedName}'");
            foreach (string w in Warnings)
            {
                sb.AppendLine("  NOTE: " + w);
            }

            for (int i = 0; i < Statements.Count; i++)
            {
                sb.Append("  SQL: ").Append(Statements[i]);
                if (i < Statements.Count - 1)
                {
                    sb.AppendLine();
                }
            }

            return sb.ToString();
        }

        /// <inheritdoc />
        public override string ToString() => string.Join("; ", Statements);

        internal static string Stamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>The outcome of a swap.</summary>
    public sealed class TableSwapResult
    {
        internal TableSwapResult(TableSwapPlan plan, DateTimeOffset swappedAt, bool replacedDropped)
        {
            Plan = plan;
            SwappedAt = swappedAt;
            ReplacedDropped = replacedDropped;
        }

        /// <summary>The plan that ran.</summary>
        public TableSwapPlan Plan { get; }

        /// <summary>When the SWAP statement returned.</summary>
        public DateTimeOffset SwappedAt { get; }

        /// <summary>True when the replaced data was dropped.</summary>
        public bool ReplacedDropped { get; }
    }
}
