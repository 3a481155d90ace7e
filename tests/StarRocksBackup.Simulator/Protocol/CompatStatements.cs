// The MySQL-compatibility statements the wire layer answers itself (a driver's connect sequence,
// session variables, SLEEP, KILL), matched on tokens rather than with one large regex. Anything
// that does not match exactly goes to the FE engine.
using System.Globalization;

namespace StarRocksBackup.Simulator.Protocol;

internal static class CompatStatements
{
    private static readonly string[] VariableColumns = ["Variable_name", "Value"];

    /// <summary>USE db / USE `db`: the database name, or null when <paramref name="tokens"/> is not a USE.</summary>
    public static string? TryParseUse(IReadOnlyList<SqlToken>? tokens)
    {
        if (tokens is { Count: 2 } && tokens[0].IsWord("USE") && tokens[1].Kind is TokenKind.Word or TokenKind.QuotedIdentifier)
        {
            return tokens[1].Value;
        }

        return null;
    }

    /// <summary>The statement the engine receives for USE / COM_INIT_DB: USE `db` with backticks doubled.</summary>
    public static string UseStatement(string database) => $"USE `{database.Replace("`", "``", StringComparison.Ordinal)}`";

    /// <summary>Answers <paramref name="sql"/> when it is a compat statement; null when the engine must.</summary>
    public static Task<QueryResult?> TryExecuteAsync(string sql, IReadOnlyList<SqlToken>? tokens, CompatContext ctx, CancellationToken cancel)
    {
        if (tokens is null || tokens.Count == 0) return Task.FromResult<QueryResult?>(null);
        SqlToken first = tokens[0];
        if (first.IsWord("SHOW")) return Task.FromResult(TryShow(tokens, ctx));
        if (first.IsWord("SET")) return Task.FromResult(CompatSet.TryExecute(sql, tokens, ctx));
        if (first.IsWord("KILL")) return Task.FromResult(TryKill(tokens, ctx));
        if (first.IsWord("SELECT")) return CompatSelect.TryExecuteAsync(sql, tokens, ctx, cancel);
        return Task.FromResult<QueryResult?>(null);
    }

    private static QueryResult? TryShow(IReadOnlyList<SqlToken> t, CompatContext ctx)
    {
        int i = 1;
        bool global = false;
        if (i < t.Count && (t[i].IsWord("GLOBAL") || t[i].IsWord("SESSION") || t[i].IsWord("LOCAL")))
        {
            global = t[i].IsWord("GLOBAL");
            i++;
        }

        if (i < t.Count && t[i].IsWord("VARIABLES"))
        {
            return ShowVariables(t, i + 1, global, ctx);
        }

        if (global || i >= t.Count) return null;
        if (t[i].IsWord("COLLATION") && IsFilterOrEnd(t, i + 1))
        {
            // StarRocks parses LIKE/WHERE here but always returns all three rows (facts §11.1.1).
            return new ResultSetResult(
                [new("Collation"), new("Charset"), new("Id", ColumnType.BigInt), new("Default"), new("Compiled"), new("Sortlen", ColumnType.BigInt)],
                [
                    ["utf8_general_ci", "utf8", 33L, "Yes", "Yes", 1L],
                    ["binary", "binary", 63L, "Yes", "Yes", 1L],
                    ["gbk_chinese_ci", "gbk", 28L, "Yes", "Yes", 1L],
                ]);
        }

        bool charset = t[i].IsWord("CHARSET") && IsFilterOrEnd(t, i + 1)
            || (t[i].IsWord("CHARACTER") && i + 1 < t.Count && t[i + 1].IsWord("SET") && IsFilterOrEnd(t, i + 2));
        if (charset)
        {
            return new ResultSetResult(
                [new("Charset"), new("Description"), new("Default collation"), new("Maxlen", ColumnType.BigInt)],
                [["utf8", "UTF-8 Unicode", "utf8_general_ci", 3L]]);
        }

        return null;
    }

    private static bool IsFilterOrEnd(IReadOnlyList<SqlToken> t, int i) => i >= t.Count || t[i].IsWord("LIKE") || t[i].IsWord("WHERE");

    private static QueryResult? ShowVariables(IReadOnlyList<SqlToken> t, int i, bool global, CompatContext ctx)
    {
        Func<string, string, bool> filter = (_, _) => true;
        if (i < t.Count && t[i].IsWord("LIKE"))
        {
            if (i + 2 != t.Count || t[i + 1].Kind != TokenKind.String) return null;
            string pattern = t[i + 1].Value;
            filter = (name, _) => SystemVariables.Like(name, pattern);
        }
        else if (i < t.Count && t[i].IsWord("WHERE"))
        {
            Func<string, string, bool>? where = VariableWhere.Parse(t, i + 1);
            if (where is null) return null;
            filter = where;
        }
        else if (i != t.Count)
        {
            return null;
        }

        var rows = SystemVariables.Snapshot(global, ctx.Session, ctx.Server.GlobalVariables, ctx.Options)
            .Where(v => filter(v.Name, v.Value))
            .Select(v => new object?[] { v.Name, v.Value });
        return ResultSetResult.Strings(VariableColumns, rows);
    }

    private static QueryResult? TryKill(IReadOnlyList<SqlToken> t, CompatContext ctx)
    {
        int i = 1;
        bool query = false;
        if (i < t.Count && t[i].IsWord("QUERY"))
        {
            query = true;
            i++;
        }
        else if (i < t.Count && t[i].IsWord("CONNECTION"))
        {
            i++;
        }

        if (i + 1 != t.Count || t[i].Kind != TokenKind.Number
            || !long.TryParse(t[i].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
        {
            return null;
        }

        bool found = id <= int.MaxValue && (query ? ctx.Server.KillQuery((int)id) : ctx.Server.KillConnection((int)id));
        return found ? OkResult.Empty : WireErrors.UnknownThread(id);
    }
}
