// SHOW VARIABLES WHERE ...: the small predicate language clients use in practice —
// Variable_name/Value compared with =, !=, <>, LIKE, NOT LIKE or IN (...), combined with AND / OR.
namespace StarRocksBackup.Simulator.Protocol;

internal static class VariableWhere
{
    /// <summary>A predicate over (name, value), or null when the WHERE clause is outside this language.</summary>
    public static Func<string, string, bool>? Parse(IReadOnlyList<SqlToken> t, int start)
    {
        int i = start;
        Func<string, string, bool>? result = ParseOr(t, ref i);
        return result is not null && i == t.Count ? result : null;
    }

    private static Func<string, string, bool>? ParseOr(IReadOnlyList<SqlToken> t, ref int i)
    {
        Func<string, string, bool>? left = ParseAnd(t, ref i);
        while (left is not null && i < t.Count && t[i].IsWord("OR"))
        {
            i++;
            Func<string, string, bool>? right = ParseAnd(t, ref i);
            if (right is null) return null;
            Func<string, string, bool> l = left;
            left = (n, v) => l(n, v) || right(n, v);
        }

        return left;
    }

    private static Func<string, string, bool>? ParseAnd(IReadOnlyList<SqlToken> t, ref int i)
    {
        Func<string, string, bool>? left = ParsePredicate(t, ref i);
        while (left is not null && i < t.Count && t[i].IsWord("AND"))
        {
            i++;
            Func<string, string, bool>? right = ParsePredicate(t, ref i);
            if (right is null) return null;
            Func<string, string, bool> l = left;
            left = (n, v) => l(n, v) && right(n, v);
        }

        return left;
    }

    private static Func<string, string, bool>? ParsePredicate(IReadOnlyList<SqlToken> t, ref int i)
    {
        if (i < t.Count && t[i].IsSymbol("("))
        {
            i++;
            Func<string, string, bool>? inner = ParseOr(t, ref i);
            if (inner is null || i >= t.Count || !t[i].IsSymbol(")")) return null;
            i++;
            return inner;
        }

        if (i >= t.Count || t[i].Kind is not (TokenKind.Word or TokenKind.QuotedIdentifier)) return null;
        bool onName;
        if (string.Equals(t[i].Value, "Variable_name", StringComparison.OrdinalIgnoreCase)) onName = true;
        else if (string.Equals(t[i].Value, "Value", StringComparison.OrdinalIgnoreCase)) onName = false;
        else return null;
        i++;

        Func<string, string, string> pick = onName ? (n, _) => n : (_, v) => v;
        bool negate = false;
        if (i < t.Count && t[i].IsWord("NOT"))
        {
            negate = true;
            i++;
        }

        if (i < t.Count && t[i].IsWord("LIKE") && i + 1 < t.Count && t[i + 1].Kind == TokenKind.String)
        {
            string pattern = t[i + 1].Value;
            i += 2;
            return (n, v) => SystemVariables.Like(pick(n, v), pattern) != negate;
        }

        if (i < t.Count && t[i].IsWord("IN") && i + 1 < t.Count && t[i + 1].IsSymbol("("))
        {
            i += 2;
            var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (i < t.Count && t[i].Kind == TokenKind.String)
            {
                set.Add(t[i].Value);
                i++;
                if (i < t.Count && t[i].IsSymbol(",")) i++;
                else break;
            }

            if (i >= t.Count || !t[i].IsSymbol(")")) return null;
            i++;
            return (n, v) => set.Contains(pick(n, v)) != negate;
        }

        if (negate) return null;
        bool equal;
        if (i < t.Count && t[i].IsSymbol("="))
        {
            equal = true;
            i++;
        }
        else if (i + 1 < t.Count && ((t[i].IsSymbol("!") && t[i + 1].IsSymbol("=")) || (t[i].IsSymbol("<") && t[i + 1].IsSymbol(">"))))
        {
            equal = false;
            i += 2;
        }
        else
        {
            return null;
        }

        if (i >= t.Count || t[i].Kind is not (TokenKind.String or TokenKind.Number)) return null;
        string literal = t[i].Value;
        i++;
        return (n, v) => string.Equals(pick(n, v), literal, StringComparison.OrdinalIgnoreCase) == equal;
    }
}
