using System.Text;

namespace StarRocksBackup.Simulator.Statements;

/// <summary>
/// Splits SQL text into tokens: words, `backtick` identifiers (doubled backtick = one backtick),
/// 'single' / "double" strings (backslash escapes and doubled quotes), numbers, comments
/// (-- to end of line, # to end of line, /* ... */) and punctuation.
/// </summary>
public static class Lexer
{
    private static readonly string[] TwoCharSymbols = { "<=", ">=", "!=", "<>", "==" };

    public static List<Token> Tokenize(string sql)
    {
        var tokens = new List<Token>();
        int i = 0, line = 1, lineStart = 0;
        while (true)
        {
            // whitespace and comments
            while (i < sql.Length)
            {
                char c = sql[i];
                if (c == '\n')
                {
                    i++;
                    line++;
                    lineStart = i;
                }
                else if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if ((c == '-' && i + 1 < sql.Length && sql[i + 1] == '-') || c == '#')
                {
                    while (i < sql.Length && sql[i] != '\n') i++;
                }
                else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
                {
                    int startLine = line, startCol = i - lineStart;
                    i += 2;
                    while (i < sql.Length && !(sql[i] == '*' && i + 1 < sql.Length && sql[i + 1] == '/'))
                    {
                        if (sql[i] == '\n')
                        {
                            line++;
                            lineStart = i + 1;
                        }

                        i++;
                    }

                    if (i >= sql.Length) throw new SqlSyntaxException(startLine, startCol, "Unterminated comment");
                    i += 2;
                }
                else
                {
                    break;
                }
            }

            int col = i - lineStart;
            if (i >= sql.Length)
            {
                tokens.Add(new Token(TokenKind.End, string.Empty, string.Empty, line, col, i));
                return tokens;
            }

            char ch = sql[i];
            int start = i;
            if (char.IsLetter(ch) || ch == '_' || ch == '@' || ch == '$')
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_' || sql[i] == '$' || sql[i] == '@')) i++;
                string word = sql[start..i];
                tokens.Add(new Token(TokenKind.Word, word, word, line, col, start));
            }
            else if (char.IsDigit(ch) || (ch == '.' && i + 1 < sql.Length && char.IsDigit(sql[i + 1])))
            {
                while (i < sql.Length && (char.IsDigit(sql[i]) || sql[i] == '.')) i++;
                if (i < sql.Length && (char.IsLetter(sql[i]) || sql[i] == '_'))
                {
                    // identifiers may start with digits in StarRocks (e.g. table 1abc)
                    while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_')) i++;
                    string w = sql[start..i];
                    tokens.Add(new Token(TokenKind.Word, w, w, line, col, start));
                }
                else
                {
                    string n = sql[start..i];
                    tokens.Add(new Token(TokenKind.Number, n, n, line, col, start));
                }
            }
            else if (ch == '`')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= sql.Length) throw new SqlSyntaxException(line, col, "Unterminated quoted identifier");
                    if (sql[i] == '`')
                    {
                        if (i + 1 < sql.Length && sql[i + 1] == '`')
                        {
                            sb.Append('`');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (sql[i] == '\n')
                    {
                        line++;
                        lineStart = i + 1;
                    }

                    sb.Append(sql[i++]);
                }

                tokens.Add(new Token(TokenKind.QuotedIdent, sql[start..i], sb.ToString(), line, col, start));
            }
            else if (ch == '\'' || ch == '"')
            {
                char quote = ch;
                var sb = new StringBuilder();
                int tokLine = line;
                i++;
                while (true)
                {
                    if (i >= sql.Length) throw new SqlSyntaxException(tokLine, col, "Unterminated string literal");
                    char c = sql[i];
                    if (c == '\\' && i + 1 < sql.Length)
                    {
                        char e = sql[i + 1];
                        sb.Append(e switch
                        {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            '0' => '\0',
                            'b' => '\b',
                            'Z' => '\u001a',
                            _ => e,
                        });
                        i += 2;
                        continue;
                    }

                    if (c == quote)
                    {
                        if (i + 1 < sql.Length && sql[i + 1] == quote)
                        {
                            sb.Append(quote);
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (c == '\n')
                    {
                        line++;
                        lineStart = i + 1;
                    }

                    sb.Append(c);
                    i++;
                }

                tokens.Add(new Token(TokenKind.String, sql[start..i], sb.ToString(), tokLine, col, start));
            }
            else
            {
                string? two = i + 1 < sql.Length ? sql.Substring(i, 2) : null;
                if (two is not null && Array.IndexOf(TwoCharSymbols, two) >= 0)
                {
                    tokens.Add(new Token(TokenKind.Symbol, two, two, line, col, start));
                    i += 2;
                }
                else if ("(),.;=<>*+-/%![]".IndexOf(ch) >= 0)
                {
                    tokens.Add(new Token(TokenKind.Symbol, ch.ToString(), ch.ToString(), line, col, start));
                    i++;
                }
                else
                {
                    throw new SqlSyntaxException(line, col, $"Unexpected input '{ch}', the most similar input is {{<EOF>}}");
                }
            }
        }
    }
}
