using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace StarRocksBackup.Core.Swap
{
    /// <summary>A column as SHOW CREATE TABLE prints it.</summary>
    public sealed class SchemaColumn
    {
        internal SchemaColumn(string name, string type, bool nullable, string attributes)
        {
            Name = name;
            Type = type;
            Nullable = nullable;
            Attributes = attributes;
        }

        /// <summary>The column name.</summary>
        public string Name { get; }

        /// <summary>The type as printed (e.g. <c>int(11)</c>, <c>decimal(10, 2)</c>), lower case.</summary>
        public string Type { get; }

        /// <summary>False for NOT NULL.</summary>
        public bool Nullable { get; }

        /// <summary>Everything else that changes what the column stores (aggregation, DEFAULT, AUTO_INCREMENT); comments left out.</summary>
        public string Attributes { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Name} {Type} {(Nullable ? "NULL" : "NOT NULL")}{(Attributes.Length > 0 ? " " + Attributes : string.Empty)}";
    }

    /// <summary>
    /// The parts of a table definition that must match before one table replaces another: columns (names, order, types,
    /// nullability), key type and key columns, partitioning scheme (not the partition list: a point-in-time copy may
    /// lack partitions created later), distribution and sort key. Parsed from SHOW CREATE TABLE.
    /// </summary>
    public sealed class TableSchema
    {
        private TableSchema() { }

        /// <summary>Columns in order.</summary>
        public IReadOnlyList<SchemaColumn> Columns { get; private set; } = Array.Empty<SchemaColumn>();

        /// <summary>Index definitions (INDEX ... USING BITMAP), normalised.</summary>
        public IReadOnlyList<string> Indexes { get; private set; } = Array.Empty<string>();

        /// <summary>e.g. <c>DUPLICATE KEY(`id`)</c>.</summary>
        public string Key { get; private set; } = string.Empty;

        /// <summary>e.g. <c>PARTITION BY RANGE(`dt`)</c>; empty when unpartitioned.</summary>
        public string PartitionBy { get; private set; } = string.Empty;

        /// <summary>e.g. <c>DISTRIBUTED BY HASH(`id`)</c> (without BUCKETS).</summary>
        public string DistributedBy { get; private set; } = string.Empty;

        /// <summary>Bucket count (null when not printed: automatic bucketing).</summary>
        public int? Buckets { get; private set; }

        /// <summary>e.g. <c>ORDER BY(`id`)</c>; empty when not printed.</summary>
        public string OrderBy { get; private set; } = string.Empty;

        /// <summary>Parses the <c>Create Table</c> cell of SHOW CREATE TABLE.</summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument when the text is not a CREATE TABLE.</exception>
        public static TableSchema Parse(string ddl)
        {
            if (ddl == null)
            {
                throw new ArgumentNullException(nameof(ddl));
            }

            string[] lines = ddl.Replace("\r\n", "\n").Split('\n');
            int i = Array.FindIndex(lines, l => l.TrimStart().StartsWith("CREATE TABLE", StringComparison.OrdinalIgnoreCase));
            if (i < 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "SHOW CREATE TABLE did not return a CREATE TABLE statement (is it a view or an external table?).");
            }

            var schema = new TableSchema();
            var columns = new List<SchemaColumn>();
            var indexes = new List<string>();
            for (i++; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.StartsWith(")", StringComparison.Ordinal))
                {
                    break;
                }

                line = line.TrimEnd(',').Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith("INDEX ", StringComparison.OrdinalIgnoreCase))
                {
                    indexes.Add(StripComment(line));
                    continue;
                }

                columns.Add(ParseColumn(line));
            }

            for (i++; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                string upper = line.ToUpperInvariant();
                if (upper.StartsWith("DUPLICATE KEY", StringComparison.Ordinal) || upper.StartsWith("PRIMARY KEY", StringComparison.Ordinal)
                    || upper.StartsWith("UNIQUE KEY", StringComparison.Ordinal) || upper.StartsWith("AGGREGATE KEY", StringComparison.Ordinal))
                {
                    schema.Key = Normalise(line);
                }
                else if (upper.StartsWith("PARTITION BY", StringComparison.Ordinal))
                {
                    // The scheme only: a range/list partition list may follow on the same line after "(".
                    schema.PartitionBy = Normalise(CutPartitionList(line));
                }
                else if (upper.StartsWith("DISTRIBUTED BY", StringComparison.Ordinal))
                {
                    int b = upper.IndexOf(" BUCKETS ", StringComparison.Ordinal);
                    schema.DistributedBy = Normalise(b < 0 ? line : line.Substring(0, b));
                    if (b >= 0 && int.TryParse(line.Substring(b + 9).Trim(), out int buckets))
                    {
                        schema.Buckets = buckets;
                    }
                }
                else if (upper.StartsWith("ORDER BY", StringComparison.Ordinal))
                {
                    schema.OrderBy = Normalise(line);
                }
            }

            schema.Columns = columns;
            schema.Indexes = indexes;
            return schema;
        }

        /// <summary>
        /// What differs between the live table's schema (this) and the replacement's; empty when the replacement can take
        /// the live table's place. A different bucket count is not a difference (StarRocks allows it per partition).
        /// </summary>
        public IReadOnlyList<string> Compare(TableSchema replacement, string liveName, string replacementName)
        {
            if (replacement == null)
            {
                throw new ArgumentNullException(nameof(replacement));
            }

            var diffs = new List<string>();
            var liveByName = Columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
            var newByName = replacement.Columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
            foreach (SchemaColumn c in Columns.Where(c => !newByName.ContainsKey(c.Name)))
            {
                diffs.Add($"column '{c.Name}' is in '{liveName}' but not in '{replacementName}'");
            }

            foreach (SchemaColumn c in replacement.Columns.Where(c => !liveByName.ContainsKey(c.Name)))
            {
                diffs.Add($"column '{c.Name}' is in '{replacementName}' but not in '{liveName}'");
            }

            foreach (SchemaColumn live in Columns)
            {
                if (!newByName.TryGetValue(live.Name, out SchemaColumn? other))
                {
                    continue;
                }

                if (!string.Equals(live.Type, other.Type, StringComparison.OrdinalIgnoreCase))
                {
                    diffs.Add($"column '{live.Name}': type {live.Type} in '{liveName}', {other.Type} in '{replacementName}'");
                }

                if (live.Nullable != other.Nullable)
                {
                    diffs.Add($"column '{live.Name}': {(live.Nullable ? "NULL" : "NOT NULL")} in '{liveName}', {(other.Nullable ? "NULL" : "NOT NULL")} in '{replacementName}'");
                }

                if (!string.Equals(live.Attributes, other.Attributes, StringComparison.OrdinalIgnoreCase))
                {
                    diffs.Add($"column '{live.Name}': '{live.Attributes}' in '{liveName}', '{other.Attributes}' in '{replacementName}'");
                }
            }

            var sharedLive = Columns.Select(c => c.Name).Where(newByName.ContainsKey).ToList();
            var sharedNew = replacement.Columns.Select(c => c.Name).Where(liveByName.ContainsKey).ToList();
            if (!sharedLive.SequenceEqual(sharedNew, StringComparer.OrdinalIgnoreCase))
            {
                diffs.Add($"column order: ({string.Join(", ", sharedLive)}) in '{liveName}', ({string.Join(", ", sharedNew)}) in '{replacementName}'");
            }

            Clause("key", Key, replacement.Key);
            Clause("partitioning", PartitionBy, replacement.PartitionBy);
            Clause("distribution", DistributedBy, replacement.DistributedBy);
            Clause("sort key", OrderBy, replacement.OrderBy);
            Clause("indexes", string.Join("; ", Indexes.OrderBy(x => x, StringComparer.Ordinal)), string.Join("; ", replacement.Indexes.OrderBy(x => x, StringComparer.Ordinal)));
            return diffs;

            void Clause(string what, string live, string other)
            {
                if (!string.Equals(live, other, StringComparison.OrdinalIgnoreCase))
                {
                    diffs.Add($"{what}: {(live.Length == 0 ? "(none)" : live)} in '{liveName}', {(other.Length == 0 ? "(none)" : other)} in '{replacementName}'");
                }
            }
        }

        private static SchemaColumn ParseColumn(string line)
        {
            int pos = 0;
            string name = ReadName(line, ref pos);
            while (pos < line.Length && line[pos] == ' ')
            {
                pos++;
            }

            // The type runs to the first blank outside (), <> (decimal(10, 2), array<int(11)>, struct<a int(11)>).
            int depth = 0;
            int start = pos;
            for (; pos < line.Length; pos++)
            {
                char ch = line[pos];
                if (ch == '(' || ch == '<') depth++;
                else if (ch == ')' || ch == '>') depth--;
                else if (ch == ' ' && depth <= 0) break;
            }

            string type = Normalise(line.Substring(start, pos - start)).ToLowerInvariant();
            string rest = StripComment(line.Substring(pos)).Trim();
            bool notNull = rest.IndexOf("NOT NULL", StringComparison.OrdinalIgnoreCase) >= 0;
            string attributes = Normalise(RemoveWord(RemoveWord(rest, "NOT NULL"), "NULL"));
            return new SchemaColumn(name, type, !notNull, attributes);
        }

        private static string ReadName(string line, ref int pos)
        {
            if (line.Length > 0 && line[0] == '`')
            {
                var sb = new StringBuilder();
                for (pos = 1; pos < line.Length; pos++)
                {
                    if (line[pos] == '`')
                    {
                        if (pos + 1 < line.Length && line[pos + 1] == '`')
                        {
                            sb.Append('`');
                            pos++;
                            continue;
                        }

                        pos++;
                        return sb.ToString();
                    }

                    sb.Append(line[pos]);
                }

                return sb.ToString();
            }

            int blank = line.IndexOf(' ');
            pos = blank < 0 ? line.Length : blank;
            return line.Substring(0, pos);
        }

        /// <summary>Drops a trailing COMMENT "..." (comments do not change what a table stores).</summary>
        private static string StripComment(string text)
        {
            int c = text.IndexOf(" COMMENT ", StringComparison.OrdinalIgnoreCase);
            return (c < 0 ? text : text.Substring(0, c)).Trim();
        }

        private static string RemoveWord(string text, string word)
        {
            int i = text.IndexOf(word, StringComparison.OrdinalIgnoreCase);
            return i < 0 ? text : text.Remove(i, word.Length);
        }

        private static string CutPartitionList(string line)
        {
            // "PARTITION BY RANGE(`dt`)(PARTITION p1 ..." or "PARTITION BY RANGE(`dt`)" — keep the balanced scheme part.
            int depth = 0;
            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] == '(')
                {
                    if (depth == 0 && i > 0 && line[i - 1] == ')')
                    {
                        return line.Substring(0, i);
                    }

                    depth++;
                }
                else if (line[i] == ')')
                {
                    depth--;
                }
            }

            return line.TrimEnd('(');
        }

        /// <summary>Collapses runs of blanks and blanks after '(' / ',' so printing differences do not count.</summary>
        private static string Normalise(string text)
        {
            var sb = new StringBuilder();
            bool blank = false;
            foreach (char ch in text.Trim())
            {
                if (char.IsWhiteSpace(ch))
                {
                    blank = true;
                    continue;
                }

                if (blank && sb.Length > 0 && sb[sb.Length - 1] != '(' && sb[sb.Length - 1] != ',' && ch != ')' && ch != ',')
                {
                    sb.Append(' ');
                }

                blank = false;
                sb.Append(ch);
            }

            return sb.ToString();
        }
    }
}
