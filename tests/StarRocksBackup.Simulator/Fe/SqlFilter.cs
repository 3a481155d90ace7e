using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>Evaluates the simple WHERE clauses the simulator supports (comparisons, AND, OR, IN) against a row.</summary>
public static class SqlFilter
{
    /// <summary>Looks a column up: its canonical value and type; null when the column is unknown.</summary>
    public delegate (string? Value, SqlType Type)? ColumnLookup(string column);

    public static bool Matches(Expr? where, ColumnLookup lookup)
    {
        if (where is null) return true;
        switch (where)
        {
            case AndExpr a:
                return Matches(a.Left, lookup) && Matches(a.Right, lookup);
            case OrExpr o:
                return Matches(o.Left, lookup) || Matches(o.Right, lookup);
            case BinaryExpr b:
                {
                    (string? l, SqlType lt) = Operand(b.Left, lookup, null);
                    (string? r, _) = Operand(b.Right, lookup, lt);
                    if (l is null || r is null) return false;
                    int c = ValueCodec.Compare(lt, l, r);
                    return b.Op switch
                    {
                        "=" or "==" => c == 0,
                        "!=" or "<>" => c != 0,
                        "<" => c < 0,
                        "<=" => c <= 0,
                        ">" => c > 0,
                        _ => c >= 0,
                    };
                }

            case InExpr i:
                {
                    (string? l, SqlType lt) = Operand(i.Left, lookup, null);
                    bool found = l is not null && i.Items.Any(item => Operand(item, lookup, lt).Value is { } v && ValueCodec.Compare(lt, l, v) == 0);
                    return i.Not ? !found && l is not null : found;
                }

            case LikeExpr l:
                {
                    (string? v, _) = Operand(l.Left, lookup, null);
                    (string? pattern, _) = Operand(l.Pattern, lookup, new SqlType("VARCHAR"));
                    if (v is null || pattern is null) return false;
                    return Like(v, pattern, ignoreCase: false) != l.Not;
                }

            case IsNullExpr n:
                return (Operand(n.Operand, lookup, null).Value is null) != n.Not;
            default:
                throw FeException.Analysis(Messages.SimulatorUnsupported("this WHERE clause"), where.Pos);
        }
    }

    /// <summary>
    /// The string literal <paramref name="column"/> must equal for <paramref name="where"/> to hold (a <c>column = 'x'</c>
    /// conjunct of a top-level AND chain), or null when there is none. Lets a scan skip what cannot match; the full filter
    /// still runs afterwards.
    /// </summary>
    public static string? EqualsLiteral(Expr? where, string column) => where switch
    {
        AndExpr a => EqualsLiteral(a.Left, column) ?? EqualsLiteral(a.Right, column),
        BinaryExpr { Op: "=" or "==", Left: ColumnRef c, Right: Literal { IsString: true, Text: { } v } } when c.Name.Equals(column, StringComparison.OrdinalIgnoreCase) => v,
        BinaryExpr { Op: "=" or "==", Left: Literal { IsString: true, Text: { } v }, Right: ColumnRef c } when c.Name.Equals(column, StringComparison.OrdinalIgnoreCase) => v,
        _ => null,
    };

    /// <summary>
    /// True when <paramref name="where"/> is absent or nothing but an AND chain of <c>column = 'literal'</c> over
    /// <paramref name="columns"/>, each column always compared with the same literal: then the
    /// <see cref="EqualsLiteral"/> values, applied by a scan, decide it entirely and the per-row filter can be skipped.
    /// </summary>
    public static bool OnlyEqualities(Expr? where, params string[] columns)
    {
        if (where is null) return true;
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        bool Walk(Expr e)
        {
            switch (e)
            {
                case AndExpr a:
                    return Walk(a.Left) && Walk(a.Right);
                case BinaryExpr { Op: "=" or "==" } b:
                    (ColumnRef? c, Literal? l) = b switch
                    {
                        { Left: ColumnRef lc, Right: Literal rl } => (lc, rl),
                        { Left: Literal ll, Right: ColumnRef rc } => (rc, ll),
                        _ => ((ColumnRef?)null, (Literal?)null),
                    };
                    if (c is null || l is not { IsString: true, Text: { } text } || !columns.Contains(c.Name, StringComparer.OrdinalIgnoreCase)) return false;
                    if (seen.TryGetValue(c.Name, out string? other)) return string.Equals(other, text, StringComparison.Ordinal);
                    seen[c.Name] = text;
                    return true;
                default:
                    return false;
            }
        }

        return Walk(where);
    }

    /// <summary>SQL LIKE: % any run, _ one character, backslash escapes the next character.</summary>
    public static bool Like(string value, string pattern, bool ignoreCase)
    {
        var re = new System.Text.StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) re.Append(System.Text.RegularExpressions.Regex.Escape(pattern[++i].ToString()));
            else if (c == '%') re.Append("(?s:.*)");
            else if (c == '_') re.Append("(?s:.)");
            else re.Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()));
        }

        var options = ignoreCase ? System.Text.RegularExpressions.RegexOptions.IgnoreCase : System.Text.RegularExpressions.RegexOptions.None;
        return System.Text.RegularExpressions.Regex.IsMatch(value, re.Append('$').ToString(), options | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }

    private static (string? Value, SqlType Type) Operand(Expr e, ColumnLookup lookup, SqlType? hint)
    {
        switch (e)
        {
            case ColumnRef c:
                return lookup(c.Name) ?? throw FeException.Analysis(Messages.UnknownColumn(c.Name), c.Pos);
            case Literal l:
                SqlType type = hint ?? new SqlType(l.IsString ? "VARCHAR" : "DOUBLE");
                if (l.IsNull) return (null, type);
                return ValueCodec.TryCanonical(type, l.Text!, out string canon) ? (canon, type) : (null, type);
            default:
                throw FeException.Analysis(Messages.SimulatorUnsupported("this expression"), e.Pos);
        }
    }
}
