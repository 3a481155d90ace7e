// A small tokenizer for the shared-data statements, so these components can be driven without the
// engine's parser. Anything it cannot read makes the recognizer answer "not mine" and the engine's parser
// produces StarRocks' syntax error.
using System.Text;

namespace StarRocksBackup.Simulator.Fe.SharedData;

internal enum TokenKind
{
    Word,
    QuotedIdentifier,
    String,
    Number,
    Symbol,
    End,
}

internal readonly record struct SqlToken(TokenKind Kind, string Text)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    /// <summary>An identifier: a bare word or a `quoted` one.</summary>
    public bool IsIdentifier => Kind is TokenKind.Word or TokenKind.QuotedIdentifier;
}

internal sealed class TokenCursor
{
    private readonly IReadOnlyList<SqlToken> _tokens;
    private int _index;

    private TokenCursor(IReadOnlyList<SqlToken> tokens) => _tokens = tokens;

    public SqlToken Current => _tokens[_index];

    public bool AtEnd => Current.Kind == TokenKind.End;

    /// <summary>Null when the text has an unterminated quote or a character we do not know.</summary>
    public static TokenCursor? Tokenize(string sql)
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
            else if (char.IsLetter(c) || c == '_' || c == '$')
            {
                int start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_' || sql[i] == '$')) i++;
                tokens.Add(new SqlToken(TokenKind.Word, sql[start..i]));
            }
            else if (char.IsDigit(c))
            {
                int start = i;
                while (i < sql.Length && char.IsDigit(sql[i])) i++;
                tokens.Add(new SqlToken(TokenKind.Number, sql[start..i]));
            }
            else if (c is '\'' or '"' or '`')
            {
                string? text = ReadQuoted(sql, ref i, c);
                if (text is null) return null;
                tokens.Add(new SqlToken(c == '`' ? TokenKind.QuotedIdentifier : TokenKind.String, text));
            }
            else if ((c is '<' or '>' or '!') && i + 1 < sql.Length && (sql[i + 1] == '=' || (c == '<' && sql[i + 1] == '>')))
            {
                tokens.Add(new SqlToken(TokenKind.Symbol, sql.Substring(i, 2)));
                i += 2;
            }
            else if ("*,.=<>()".Contains(c))
            {
                tokens.Add(new SqlToken(TokenKind.Symbol, c.ToString()));
                i++;
            }
            else
            {
                return null;
            }
        }

        tokens.Add(new SqlToken(TokenKind.End, string.Empty));
        return new TokenCursor(tokens);
    }

    public SqlToken Next() => _tokens[_index < _tokens.Count - 1 ? _index++ : _index];

    public bool TryWord(string word)
    {
        if (!Current.IsWord(word)) return false;
        _index++;
        return true;
    }

    /// <summary>Consumes the words in order, or nothing.</summary>
    public bool TryWords(params string[] words)
    {
        int saved = _index;
        foreach (string w in words)
        {
            if (!TryWord(w))
            {
                _index = saved;
                return false;
            }
        }

        return true;
    }

    public bool TrySymbol(string symbol)
    {
        if (!Current.IsSymbol(symbol)) return false;
        _index++;
        return true;
    }

    public string? TryIdentifier() => Current.IsIdentifier ? Next().Text : null;

    // Backticks double to escape; string literals take backslash escapes and doubled quotes (MySQL rules).
    private static string? ReadQuoted(string sql, ref int i, char quote)
    {
        var sb = new StringBuilder();
        i++;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    sb.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return sb.ToString();
            }

            if (c == '\\' && quote != '`' && i + 1 < sql.Length)
            {
                char e = sql[i + 1];
                if (e is '%' or '_')
                {
                    // MySQL keeps "\%" and "\_" as two characters so LIKE patterns can escape wildcards.
                    sb.Append('\\');
                }

                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => e });
                i += 2;
                continue;
            }

            sb.Append(c);
            i++;
        }

        return null;
    }
}
