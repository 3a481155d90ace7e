// A small tokenizer for the MySQL-compatibility statements the wire layer answers itself. It is
// deliberately strict: anything it does not understand (unterminated quotes, odd characters) makes
// the statement "not a compat statement", and it goes to the FE engine, which owns real SQL errors.
using System.Text;

namespace StarRocksBackup.Simulator.Protocol;

internal enum TokenKind
{
    Word,
    SystemVariable,
    UserVariable,
    String,
    QuotedIdentifier,
    Number,
    Symbol,
}

/// <summary>One token; <see cref="Value"/> is the unquoted text, Start/End index the source.</summary>
internal sealed record SqlToken(TokenKind Kind, string Value, int Start, int End)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && string.Equals(Value, word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Value == symbol;
}

internal static class SqlTokenizer
{
    /// <summary>Tokenizes <paramref name="sql"/>, skipping whitespace and comments; null when it cannot.</summary>
    public static List<SqlToken>? Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#' || (c == '-' && At(sql, i + 1) == '-' && (i + 2 >= sql.Length || char.IsWhiteSpace(sql[i + 2]))))
            {
                while (i < sql.Length && sql[i] != '\n') i++;
            }
            else if (c == '/' && At(sql, i + 1) == '*')
            {
                int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) return null;
                i = end + 2;
            }
            else if (c is '\'' or '"')
            {
                if (!ReadQuoted(sql, ref i, c, backslashEscapes: true, out string value, out int start)) return null;
                tokens.Add(new SqlToken(TokenKind.String, value, start, i));
            }
            else if (c == '`')
            {
                if (!ReadQuoted(sql, ref i, c, backslashEscapes: false, out string value, out int start)) return null;
                tokens.Add(new SqlToken(TokenKind.QuotedIdentifier, value, start, i));
            }
            else if (c == '@' && At(sql, i + 1) == '@')
            {
                int start = i;
                i += 2;
                while (i < sql.Length && (IsWordChar(sql[i]) || sql[i] == '.')) i++;
                if (i == start + 2) return null;
                tokens.Add(new SqlToken(TokenKind.SystemVariable, sql[(start + 2)..i], start, i));
            }
            else if (c == '@')
            {
                int start = i++;
                while (i < sql.Length && IsWordChar(sql[i])) i++;
                if (i == start + 1) return null;
                tokens.Add(new SqlToken(TokenKind.UserVariable, sql[(start + 1)..i], start, i));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(At(sql, i + 1))))
            {
                int start = i;
                while (i < sql.Length && (char.IsAsciiDigit(sql[i]) || sql[i] == '.')) i++;
                if (i < sql.Length && IsWordChar(sql[i])) return null; // 1abc: not a number we understand
                tokens.Add(new SqlToken(TokenKind.Number, sql[start..i], start, i));
            }
            else if (IsWordChar(c))
            {
                int start = i;
                while (i < sql.Length && IsWordChar(sql[i])) i++;
                tokens.Add(new SqlToken(TokenKind.Word, sql[start..i], start, i));
            }
            else if (c == ':' && At(sql, i + 1) == '=')
            {
                tokens.Add(new SqlToken(TokenKind.Symbol, "=", i, i + 2));
                i += 2;
            }
            else if ("(),=;.*-+<>!".IndexOf(c) >= 0)
            {
                tokens.Add(new SqlToken(TokenKind.Symbol, c.ToString(), i, i + 1));
                i++;
            }
            else
            {
                return null;
            }
        }

        return tokens;
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7F && char.IsLetter(c);

    private static bool ReadQuoted(string sql, ref int i, char quote, bool backslashEscapes, out string value, out int start)
    {
        start = i;
        var sb = new StringBuilder();
        i++;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (backslashEscapes && c == '\\' && i + 1 < sql.Length && sql[i + 1] is '%' or '_')
            {
                sb.Append(c).Append(sql[i + 1]); // MySQL keeps \% and \_ for LIKE
                i += 2;
            }
            else if (backslashEscapes && c == '\\' && i + 1 < sql.Length)
            {
                sb.Append(sql[i + 1] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    'b' => '\b',
                    'Z' => '\x1A',
                    _ => sql[i + 1],
                });
                i += 2;
            }
            else if (c == quote)
            {
                if (At(sql, i + 1) == quote)
                {
                    sb.Append(quote);
                    i += 2;
                }
                else
                {
                    i++;
                    value = sb.ToString();
                    return true;
                }
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }

        value = string.Empty;
        return false;
    }
}
