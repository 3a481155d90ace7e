// SELECT lists made only of things the wire layer knows: @@[session.|global.|local.]variable,
// TIMEDIFF(NOW(), UTC_TIMESTAMP()), SLEEP(n), CONNECTION_ID(), DATABASE(), VERSION(), each with an
// optional [AS] alias, then an optional LIMIT n. One row; a column is named by its alias or by the
// expression exactly as written (what MySQL does). Anything else (FROM, other functions) → engine.
using System.Globalization;

namespace StarRocksBackup.Simulator.Protocol;

internal static class CompatSelect
{
    private enum ItemKind
    {
        Variable,
        TimeDiff,
        Sleep,
        ConnectionId,
        Database,
        Version,
    }

    private sealed record Item(ItemKind Kind, string Column, string Argument);

    public static async Task<QueryResult?> TryExecuteAsync(string sql, IReadOnlyList<SqlToken> t, CompatContext ctx, CancellationToken cancel)
    {
        List<Item>? items = Parse(sql, t, out long? limit);
        if (items is null) return null;

        // Resolve variables first: an unknown one fails the statement before any SLEEP runs.
        var columns = new List<ColumnDef>(items.Count);
        var row = new object?[items.Count];
        for (int k = 0; k < items.Count; k++)
        {
            Item item = items[k];
            switch (item.Kind)
            {
                case ItemKind.Variable:
                    (bool global, string name) = SplitScope(item.Argument);
                    string? value = SystemVariables.Read(name, global, ctx.Session, ctx.Server.GlobalVariables, ctx.Options);
                    if (value is null) return WireErrors.UnknownSystemVariable(name);
                    ColumnType type = SystemVariables.Find(name)?.Type ?? ColumnType.Varchar;
                    if (type == ColumnType.BigInt && NumericValue(value) is { } number)
                    {
                        columns.Add(new ColumnDef(item.Column, ColumnType.BigInt));
                        row[k] = number;
                    }
                    else
                    {
                        columns.Add(new ColumnDef(item.Column));
                        row[k] = value;
                    }

                    break;
                case ItemKind.TimeDiff:
                    // The simulator's clock is UTC, so NOW() - UTC_TIMESTAMP() is zero.
                    columns.Add(new ColumnDef(item.Column, ColumnType.Time));
                    row[k] = TimeSpan.Zero;
                    break;
                case ItemKind.Sleep:
                    columns.Add(new ColumnDef(item.Column, ColumnType.BigInt));
                    break;
                case ItemKind.ConnectionId:
                    columns.Add(new ColumnDef(item.Column, ColumnType.BigInt));
                    row[k] = (long)ctx.Session.ConnectionId;
                    break;
                case ItemKind.Database:
                    columns.Add(new ColumnDef(item.Column));
                    row[k] = ctx.Session.Database;
                    break;
                case ItemKind.Version:
                    columns.Add(new ColumnDef(item.Column));
                    row[k] = ctx.Options.ServerVersion;
                    break;
            }
        }

        for (int k = 0; k < items.Count; k++)
        {
            if (items[k].Kind == ItemKind.Sleep)
            {
                row[k] = await SleepAsync(double.Parse(items[k].Argument, CultureInfo.InvariantCulture), cancel).ConfigureAwait(false);
            }
        }

        return new ResultSetResult(columns, limit == 0 ? [] : [row]);
    }

    /// <summary>MySQL's SLEEP: 0 after the full time, 1 when KILL QUERY interrupts it.</summary>
    private static async Task<long> SleepAsync(double seconds, CancellationToken cancel)
    {
        if (seconds <= 0 || double.IsNaN(seconds)) return 0;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2)), cancel).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return 1;
        }
    }

    private static (bool Global, string Name) SplitScope(string reference)
    {
        int dot = reference.IndexOf('.');
        if (dot > 0)
        {
            string scope = reference[..dot];
            if (scope.Equals("global", StringComparison.OrdinalIgnoreCase)) return (true, reference[(dot + 1)..]);
            if (scope.Equals("session", StringComparison.OrdinalIgnoreCase) || scope.Equals("local", StringComparison.OrdinalIgnoreCase))
            {
                return (false, reference[(dot + 1)..]);
            }
        }

        return (false, reference);
    }

    private static long? NumericValue(string value)
    {
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)) return n;
        if (value.Equals("ON", StringComparison.OrdinalIgnoreCase) || value.Equals("TRUE", StringComparison.OrdinalIgnoreCase)) return 1;
        if (value.Equals("OFF", StringComparison.OrdinalIgnoreCase) || value.Equals("FALSE", StringComparison.OrdinalIgnoreCase)) return 0;
        return null;
    }

    private static List<Item>? Parse(string sql, IReadOnlyList<SqlToken> t, out long? limit)
    {
        limit = null;
        var items = new List<Item>();
        int i = 1;
        while (true)
        {
            Item? item = ParseItem(sql, t, ref i);
            if (item is null) return null;
            items.Add(item);
            if (i < t.Count && t[i].IsSymbol(","))
            {
                i++;
                continue;
            }

            break;
        }

        if (i < t.Count && t[i].IsWord("LIMIT"))
        {
            if (i + 2 != t.Count || t[i + 1].Kind != TokenKind.Number
                || !long.TryParse(t[i + 1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long n))
            {
                return null;
            }

            limit = n;
            i += 2;
        }

        return i == t.Count ? items : null;
    }

    private static Item? ParseItem(string sql, IReadOnlyList<SqlToken> t, ref int i)
    {
        if (i >= t.Count) return null;
        int start = t[i].Start;
        ItemKind kind;
        string argument = string.Empty;
        if (t[i].Kind == TokenKind.SystemVariable)
        {
            kind = ItemKind.Variable;
            argument = t[i].Value;
            i++;
        }
        else if (Sequence(t, ref i, "TIMEDIFF", "(", "NOW", "(", ")", ",", "UTC_TIMESTAMP", "(", ")", ")"))
        {
            kind = ItemKind.TimeDiff;
        }
        else if (CallWithNumber(t, ref i, "SLEEP", out string seconds))
        {
            kind = ItemKind.Sleep;
            argument = seconds;
        }
        else if (EmptyCall(t, ref i, "CONNECTION_ID"))
        {
            kind = ItemKind.ConnectionId;
        }
        else if (EmptyCall(t, ref i, "DATABASE") || EmptyCall(t, ref i, "SCHEMA"))
        {
            kind = ItemKind.Database;
        }
        else if (EmptyCall(t, ref i, "VERSION"))
        {
            kind = ItemKind.Version;
        }
        else
        {
            return null;
        }

        string column = sql[start..t[i - 1].End];
        if (i < t.Count && t[i].IsWord("AS"))
        {
            i++;
            if (i >= t.Count || t[i].Kind is not (TokenKind.Word or TokenKind.QuotedIdentifier or TokenKind.String)) return null;
            column = t[i++].Value;
        }
        else if (i < t.Count && (t[i].Kind is TokenKind.QuotedIdentifier or TokenKind.String || (t[i].Kind == TokenKind.Word && !t[i].IsWord("LIMIT") && !t[i].IsWord("FROM") && !t[i].IsWord("WHERE"))))
        {
            column = t[i++].Value;
        }

        return new Item(kind, column, argument);
    }

    /// <summary>Exactly these words and symbols (case-insensitive), advancing <paramref name="i"/> past them.</summary>
    private static bool Sequence(IReadOnlyList<SqlToken> t, ref int i, params string[] parts)
    {
        if (i + parts.Length > t.Count) return false;
        for (int k = 0; k < parts.Length; k++)
        {
            SqlToken token = t[i + k];
            bool symbol = parts[k].Length == 1 && !char.IsLetter(parts[k][0]);
            if (symbol ? !token.IsSymbol(parts[k]) : !token.IsWord(parts[k])) return false;
        }

        i += parts.Length;
        return true;
    }

    private static bool EmptyCall(IReadOnlyList<SqlToken> t, ref int i, string name) => Sequence(t, ref i, name, "(", ")");

    private static bool CallWithNumber(IReadOnlyList<SqlToken> t, ref int i, string name, out string number)
    {
        number = string.Empty;
        if (i + 3 < t.Count && t[i].IsWord(name) && t[i + 1].IsSymbol("(") && t[i + 2].Kind == TokenKind.Number && t[i + 3].IsSymbol(")")
            && double.TryParse(t[i + 2].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
        {
            number = t[i + 2].Value;
            i += 4;
            return true;
        }

        return false;
    }
}
