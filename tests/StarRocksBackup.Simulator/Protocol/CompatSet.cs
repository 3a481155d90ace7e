// SET statements: SET NAMES (starrocks-facts.md §11.1.7), SET [GLOBAL|SESSION|LOCAL] x = v,
// SET @@[scope.]x = v, SET @user = v and comma lists of these. Values go to ClientSession.Variables
// (or the server's globals for GLOBAL). StarRocks-specific SETs (PASSWORD, ROLE, PROPERTY, ...)
// are not compat statements: they go to the engine.
namespace StarRocksBackup.Simulator.Protocol;

internal static class CompatSet
{
    private static readonly string[] EngineOwned = ["PASSWORD", "ROLE", "DEFAULT", "PROPERTY", "CATALOG"];

    public static QueryResult? TryExecute(string sql, IReadOnlyList<SqlToken> t, CompatContext ctx)
    {
        if (t.Count < 2 || EngineOwned.Any(w => t[1].IsWord(w))) return null;

        // SET [GLOBAL|SESSION] TRANSACTION ...: accepted, nothing to change (every statement autocommits).
        int probe = t[1].IsWord("GLOBAL") || t[1].IsWord("SESSION") || t[1].IsWord("LOCAL") ? 2 : 1;
        if (probe < t.Count && t[probe].IsWord("TRANSACTION")) return OkResult.Empty;

        // Parse everything first, apply only if the whole statement is valid.
        var changes = new List<Action>();
        int i = 1;
        bool statementGlobal = false;
        while (true)
        {
            if (i < t.Count && (t[i].IsWord("GLOBAL") || t[i].IsWord("SESSION") || t[i].IsWord("LOCAL")))
            {
                statementGlobal = t[i].IsWord("GLOBAL");
                i++;
            }

            if (i >= t.Count) return null;
            QueryResult? error;
            if (t[i].IsWord("NAMES"))
            {
                error = ParseNames(t, ref i, ctx, changes);
            }
            else if ((t[i].IsWord("CHARSET") || (t[i].IsWord("CHARACTER") && i + 1 < t.Count && t[i + 1].IsWord("SET")))
                && !(i + 1 < t.Count && t[i + 1].IsSymbol("=")))
            {
                i += t[i].IsWord("CHARSET") ? 1 : 2;
                error = ParseCharset(t, ref i, ctx, changes, setsConnection: false);
            }
            else
            {
                error = ParseAssignment(sql, t, ref i, statementGlobal, ctx, changes);
            }

            if (error is ErrorResult) return error;
            if (error is not null) return null; // not ours
            if (i < t.Count && t[i].IsSymbol(","))
            {
                i++;
                continue;
            }

            if (i != t.Count) return null;
            break;
        }

        foreach (Action apply in changes) apply();
        return OkResult.Empty;
    }

    /// <summary>A "not ours" marker: the statement goes to the engine.</summary>
    private static readonly QueryResult NotOurs = new OkResult();

    private static QueryResult? ParseNames(IReadOnlyList<SqlToken> t, ref int i, CompatContext ctx, List<Action> changes)
    {
        i++;
        QueryResult? r = ParseCharset(t, ref i, ctx, changes, setsConnection: true);
        if (r is null && i + 1 < t.Count && t[i].IsWord("COLLATE") && t[i + 1].Kind is TokenKind.Word or TokenKind.String)
        {
            i += 2; // StarRocks records the collation but only utf8 exists
        }

        return r;
    }

    /// <summary>
    /// SET NAMES / SET CHARACTER SET: names starting with utf8 (utf8, utf8mb4, utf8mb3) become utf8;
    /// gbk is "not supported yet"; anything else is an unknown character set (SetNamesVar.analyze).
    /// </summary>
    private static QueryResult? ParseCharset(IReadOnlyList<SqlToken> t, ref int i, CompatContext ctx, List<Action> changes, bool setsConnection)
    {
        if (i >= t.Count || t[i].Kind is not (TokenKind.Word or TokenKind.String or TokenKind.QuotedIdentifier)) return NotOurs;
        string name = t[i].Value.ToLowerInvariant();
        i++;
        if (name == "default" || name.Length == 0 || name.StartsWith("utf8", StringComparison.Ordinal))
        {
            name = "utf8";
        }
        else if (name == "gbk")
        {
            return WireErrors.CharsetNotSupported(name);
        }
        else
        {
            return WireErrors.UnknownCharacterSet(name);
        }

        ClientSession session = ctx.Session;
        changes.Add(() =>
        {
            session.Variables["character_set_client"] = name;
            session.Variables["character_set_results"] = name;
            if (setsConnection)
            {
                session.Variables["character_set_connection"] = name;
                session.Variables["collation_connection"] = "utf8_general_ci";
            }
        });
        return null;
    }

    private static QueryResult? ParseAssignment(string sql, IReadOnlyList<SqlToken> t, ref int i, bool statementGlobal, CompatContext ctx, List<Action> changes)
    {
        bool global = statementGlobal;
        string name;
        bool user = false;
        if (t[i].Kind == TokenKind.SystemVariable)
        {
            name = t[i].Value;
            int dot = name.IndexOf('.');
            if (dot > 0)
            {
                string scope = name[..dot].ToLowerInvariant();
                if (scope is not ("global" or "session" or "local")) return NotOurs;
                global = scope == "global";
                name = name[(dot + 1)..];
            }
        }
        else if (t[i].Kind == TokenKind.UserVariable)
        {
            name = "@" + t[i].Value;
            user = true;
        }
        else if (t[i].Kind is TokenKind.Word or TokenKind.QuotedIdentifier)
        {
            name = t[i].Value;
        }
        else
        {
            return NotOurs;
        }

        i++;
        if (i >= t.Count || !t[i].IsSymbol("=")) return NotOurs;
        i++;

        // The value runs to the next top-level comma.
        int valueStart = i;
        int depth = 0;
        while (i < t.Count && !(depth == 0 && t[i].IsSymbol(",")))
        {
            if (t[i].IsSymbol("(")) depth++;
            else if (t[i].IsSymbol(")")) depth--;
            i++;
        }

        if (i == valueStart || depth != 0) return NotOurs;
        string? value = ValueText(sql, t, valueStart, i);
        string key = user ? name : name.ToLowerInvariant();
        ClientSession session = ctx.Session;
        var globals = ctx.Server.GlobalVariables;
        changes.Add(() =>
        {
            if (global && !user)
            {
                if (value is null) globals.TryRemove(key, out _);
                else globals[key] = value;
            }
            else if (value is null)
            {
                session.Variables.Remove(key);
            }
            else
            {
                session.Variables[key] = value;
            }
        });
        return null;
    }

    /// <summary>The stored text of a value; null for DEFAULT (back to the default); NULL is stored as "".</summary>
    private static string? ValueText(string sql, IReadOnlyList<SqlToken> t, int start, int end)
    {
        if (end - start == 1)
        {
            SqlToken v = t[start];
            if (v.IsWord("DEFAULT")) return null;
            if (v.IsWord("NULL")) return string.Empty;
            return v.Value;
        }

        if (end - start == 2 && t[start].IsSymbol("-") && t[start + 1].Kind == TokenKind.Number) return "-" + t[start + 1].Value;
        return sql[t[start].Start..t[end - 1].End];
    }
}
