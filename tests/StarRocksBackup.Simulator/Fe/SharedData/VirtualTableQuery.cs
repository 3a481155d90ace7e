// The SELECT subset a client uses on the cluster-snapshot tables:
//   SELECT * | COUNT(*) | col [AS alias], … FROM [information_schema.]table
//   [WHERE col op literal | col IS [NOT] NULL | col IN (…) [AND …]] [ORDER BY col [ASC|DESC], …] [LIMIT n [OFFSET m] | LIMIT m, n]
// Column names are case-insensitive, as in StarRocks.
using System.Globalization;
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator.Fe.SharedData;

internal sealed class VirtualTableQuery
{
    private readonly List<(int Index, string Label)> _projection = new();
    private readonly List<Func<object?[], bool>> _filters = new();
    private readonly List<(int Index, bool Descending)> _order = new();
    private bool _countStar;
    private long? _limit;
    private long _offset;

    private VirtualTableQuery(VirtualTable table) => Table = table;

    public VirtualTable Table { get; }

    /// <summary>
    /// Parses a SELECT over one of <paramref name="tables"/>. Returns null when the text is not such a SELECT
    /// (someone else's statement), or an error result for an unknown column.
    /// </summary>
    public static (VirtualTableQuery? Query, ErrorResult? Error) TryParse(TokenCursor c, Func<string?, string, VirtualTable?> resolveTable)
    {
        if (!c.TryWord("SELECT")) return (null, null);
        var selectItems = new List<(string Name, string Label)>();
        bool star = false, countStar = false;
        if (c.TrySymbol("*"))
        {
            star = true;
        }
        else if (c.Current.IsWord("COUNT"))
        {
            c.Next();
            if (!(c.TrySymbol("(") && c.TrySymbol("*") && c.TrySymbol(")"))) return (null, null);
            countStar = true;
        }
        else
        {
            do
            {
                string? name = c.TryIdentifier();
                if (name is null) return (null, null);
                string label = name;
                if (c.TryWord("AS"))
                {
                    label = c.TryIdentifier() ?? (c.Current.Kind == TokenKind.String ? c.Next().Text : null)!;
                    if (label is null) return (null, null);
                }

                selectItems.Add((name, label));
            }
            while (c.TrySymbol(","));
        }

        if (!c.TryWord("FROM")) return (null, null);
        string? first = c.TryIdentifier();
        if (first is null) return (null, null);
        string? schema = null, tableName = first;
        if (c.TrySymbol("."))
        {
            schema = first;
            tableName = c.TryIdentifier();
            if (tableName is null) return (null, null);
        }

        VirtualTable? table = resolveTable(schema, tableName);
        if (table is null) return (null, null);
        var q = new VirtualTableQuery(table) { _countStar = countStar };
        if (star)
        {
            for (int i = 0; i < table.Columns.Count; i++) q._projection.Add((i, table.Columns[i].Name));
        }

        foreach ((string name, string label) in selectItems)
        {
            int idx = q.ColumnIndex(name);
            if (idx < 0) return (null, UnknownColumn(name));
            q._projection.Add((idx, label));
        }

        (bool ok, ErrorResult? error) = q.ParseClauses(c);
        if (error is not null) return (null, error);
        return ok && c.AtEnd ? (q, null) : (null, null);
    }

    public ResultSetResult Execute()
    {
        IEnumerable<object?[]> rows = Table.Rows().Where(r => _filters.All(f => f(r)));
        if (_order.Count > 0)
        {
            List<object?[]> list = rows.ToList();
            list.Sort((a, b) =>
            {
                foreach ((int idx, bool desc) in _order)
                {
                    int cmp = CompareNullsFirst(a[idx], b[idx]);
                    if (cmp != 0) return desc ? -cmp : cmp;
                }

                return 0;
            });
            rows = list;
        }

        if (_countStar)
        {
            return new ResultSetResult(new[] { new ColumnDef("count(*)", ColumnType.BigInt) }, new[] { new object?[] { (long)rows.Count() } });
        }

        rows = rows.Skip((int)Math.Min(_offset, int.MaxValue));
        if (_limit is long limit) rows = rows.Take((int)Math.Min(limit, int.MaxValue));
        var columns = _projection.Select(p => new ColumnDef(p.Label, Table.Columns[p.Index].Type)).ToList();
        return new ResultSetResult(columns, rows.Select(r => _projection.Select(p => r[p.Index]).ToArray()).ToList());
    }

    /// <summary>Ok = false: malformed (not ours); Error: well-formed but wrong (unknown column).</summary>
    private (bool Ok, ErrorResult? Error) ParseClauses(TokenCursor c)
    {
        if (c.TryWord("WHERE"))
        {
            do
            {
                string? col = c.TryIdentifier();
                if (col is null) return (false, null);
                int idx = ColumnIndex(col);
                if (idx < 0) return (true, UnknownColumn(col));
                Func<object?[], bool>? filter = ParseCondition(c, idx);
                if (filter is null) return (false, null);
                _filters.Add(filter);
            }
            while (c.TryWord("AND"));
        }

        if (c.TryWords("ORDER", "BY"))
        {
            do
            {
                string? col = c.TryIdentifier();
                if (col is null) return (false, null);
                int idx = ColumnIndex(col);
                if (idx < 0) return (true, UnknownColumn(col));
                bool desc = c.TryWord("DESC");
                if (!desc) c.TryWord("ASC");
                _order.Add((idx, desc));
            }
            while (c.TrySymbol(","));
        }

        if (c.TryWord("LIMIT"))
        {
            if (c.Current.Kind != TokenKind.Number) return (false, null);
            long a = long.Parse(c.Next().Text, CultureInfo.InvariantCulture);
            if (c.TrySymbol(","))
            {
                if (c.Current.Kind != TokenKind.Number) return (false, null);
                _offset = a;
                _limit = long.Parse(c.Next().Text, CultureInfo.InvariantCulture);
            }
            else
            {
                _limit = a;
                if (c.TryWord("OFFSET"))
                {
                    if (c.Current.Kind != TokenKind.Number) return (false, null);
                    _offset = long.Parse(c.Next().Text, CultureInfo.InvariantCulture);
                }
            }
        }

        return (true, null);
    }

    private static Func<object?[], bool>? ParseCondition(TokenCursor c, int idx)
    {
        if (c.TryWord("IS"))
        {
            bool not = c.TryWord("NOT");
            if (!c.TryWord("NULL")) return null;
            return r => (r[idx] is null) != not;
        }

        if (c.TryWord("IN"))
        {
            if (!c.TrySymbol("(")) return null;
            var values = new List<object?>();
            do
            {
                if (!TryLiteral(c, out object? v)) return null;
                values.Add(v);
            }
            while (c.TrySymbol(","));
            if (!c.TrySymbol(")")) return null;
            return r => values.Any(v => Compare(r[idx], v) == 0);
        }

        string op = c.Current.Kind == TokenKind.Symbol ? c.Next().Text : string.Empty;
        if (!TryLiteral(c, out object? literal)) return null;
        return op switch
        {
            "=" => r => Compare(r[idx], literal) == 0,
            "!=" or "<>" => r => Compare(r[idx], literal) is int x && x != 0,
            "<" => r => Compare(r[idx], literal) < 0,
            "<=" => r => Compare(r[idx], literal) <= 0,
            ">" => r => Compare(r[idx], literal) > 0,
            ">=" => r => Compare(r[idx], literal) >= 0,
            _ => null,
        };
    }

    private static bool TryLiteral(TokenCursor c, out object? value)
    {
        value = null;
        if (c.Current.Kind == TokenKind.String) { value = c.Next().Text; return true; }
        if (c.Current.Kind == TokenKind.Number) { value = long.Parse(c.Next().Text, CultureInfo.InvariantCulture); return true; }
        return c.TryWord("NULL");
    }

    /// <summary>SQL comparison: null when either side is NULL; numbers numerically, strings ordinally.</summary>
    private static int? Compare(object? a, object? b)
    {
        if (a is null || b is null) return null;
        if (a is long la && TryLong(b, out long lb)) return la.CompareTo(lb);
        if (b is long lb2 && TryLong(a, out long la2)) return la2.CompareTo(lb2);
        return string.CompareOrdinal(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture));
    }

    private static int CompareNullsFirst(object? a, object? b) =>
        a is null ? (b is null ? 0 : -1) : b is null ? 1 : Compare(a, b) ?? 0;

    private static bool TryLong(object v, out long result)
    {
        if (v is long l) { result = l; return true; }
        return long.TryParse(Convert.ToString(v, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out result);
    }

    private int ColumnIndex(string name)
    {
        for (int i = 0; i < Table.Columns.Count; i++)
        {
            if (string.Equals(Table.Columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        }

        return -1;
    }

    // StarRocks' analyzer: "Column '<c>' cannot be resolved" (plain SemanticException → 1064).
    private static ErrorResult UnknownColumn(string name) => SharedDataMessages.AnalysisError($"Column '{name}' cannot be resolved");
}
