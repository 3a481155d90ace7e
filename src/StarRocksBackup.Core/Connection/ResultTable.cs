using System;
using System.Collections.Generic;
using System.Globalization;

namespace StarRocksBackup.Core.Connection
{
    /// <summary>
    /// A driver-free text result set. Columns are found by name, case-insensitively; a missing column or a
    /// SQL NULL reads as null, so parsers tolerate version differences.
    /// </summary>
    public sealed class ResultTable
    {
        private readonly Dictionary<string, int> _index;

        /// <summary>Creates a table from column names and rows of text cells (null = SQL NULL).</summary>
        public ResultTable(IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows)
        {
            Columns = columns ?? throw new ArgumentNullException(nameof(columns));
            _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < columns.Count; i++)
            {
                if (!_index.ContainsKey(columns[i]))
                {
                    _index[columns[i]] = i;
                }
            }

            var list = new List<ResultRow>(rows?.Count ?? 0);
            if (rows != null)
            {
                foreach (string?[] r in rows)
                {
                    list.Add(new ResultRow(this, r));
                }
            }

            Rows = list;
        }

        /// <summary>An empty result (no columns, no rows).</summary>
        public static ResultTable Empty { get; } = new ResultTable(Array.Empty<string>(), Array.Empty<string?[]>());

        /// <summary>Column names in server order.</summary>
        public IReadOnlyList<string> Columns { get; }

        /// <summary>The rows.</summary>
        public IReadOnlyList<ResultRow> Rows { get; }

        /// <summary>True when the column exists.</summary>
        public bool HasColumn(string name) => _index.ContainsKey(name);

        /// <summary>The position of a column (case-insensitive), or -1 when it is absent (a row then reads null there).</summary>
        public int IndexOf(string name) => _index.TryGetValue(name, out int i) ? i : -1;
    }

    /// <summary>One row of a <see cref="ResultTable"/>.</summary>
    public sealed class ResultRow
    {
        private readonly ResultTable _table;
        private readonly string?[] _cells;

        internal ResultRow(ResultTable table, string?[] cells)
        {
            _table = table;
            _cells = cells ?? Array.Empty<string?>();
        }

        /// <summary>The cell of the named column, or null when NULL or the column is absent.</summary>
        public string? this[string column] => Get(column);

        /// <summary>The cell at a position, or null.</summary>
        public string? this[int index] => index >= 0 && index < _cells.Length ? _cells[index] : null;

        /// <summary>The cell of the first of <paramref name="columns"/> that exists (aliases across versions).</summary>
        public string? Get(params string[] columns)
        {
            foreach (string c in columns)
            {
                int i = _table.IndexOf(c);
                if (i >= 0)
                {
                    return i < _cells.Length ? _cells[i] : null;
                }
            }

            return null;
        }

        /// <summary>The cell as text, with "" for NULL or absent.</summary>
        public string Text(params string[] columns) => Get(columns) ?? string.Empty;

        /// <summary>The cell as a 64-bit integer, or null when NULL, absent or not a number.</summary>
        public long? Int64(params string[] columns) => ToInt64(Get(columns));

        /// <summary>A cell as a 64-bit integer, or null when NULL or not a number.</summary>
        public static long? ToInt64(string? cell) =>
            long.TryParse(cell?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : (long?)null;

        /// <summary>The cell as a boolean (<c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>/<c>Yes</c>), or null.</summary>
        public bool? Bool(params string[] columns) => ToBool(Get(columns));

        /// <summary>A cell as a boolean (<c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>/<c>Yes</c>/<c>No</c>), or null.</summary>
        public static bool? ToBool(string? cell)
        {
            string? s = cell?.Trim();
            if (s == null)
            {
                return null;
            }

            if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s == "1" || s.Equals("yes", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (s.Equals("false", StringComparison.OrdinalIgnoreCase) || s == "0" || s.Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return null;
        }
    }
}
