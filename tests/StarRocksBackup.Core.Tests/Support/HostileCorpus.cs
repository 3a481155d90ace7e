using System.Text;

namespace StarRocksBackup.Core.Tests.Support;

/// <summary>A deterministic corpus of hostile identifiers / property values (≥ 1,000 entries).</summary>
internal static class HostileCorpus
{
    private static readonly string[] Fragments =
    {
        "'", "\"", "`", "\\", "\\'", "''", "``", "--", "-- x", "#", "/*", "*/", "/*!50000 x*/", ";", "; DROP DATABASE prod;", "\n", "\r\n", "\r", "\t", "\0",
        "\b", "\u001a", " ", "  ", "%", "_", "$", "@", "?", "{}", "()", ")", "(", ",", "=", "\u202e", "\u00a0", "\ufeff", "日本語", "Ωμέγα", "😀", "𝔘", "é",
        "e\u0301", "a", "Z", "0", "x.y", "db`.`t", "' OR '1'='1", "\\\\", "\\0", "\\n", "N'x'", "0x41", "b'1'", "${x}", "%s", "\u2028", "\u0085", "<>", "\"\"\"",
    };

    public static IReadOnlyList<string> Build()
    {
        var set = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string s)
        {
            if (seen.Add(s)) set.Add(s);
        }

        foreach (string f in Fragments)
        {
            Add(f);
            Add("name" + f);
            Add(f + "name");
            Add("a" + f + "b");
        }

        var rng = new Random(20250101);
        while (set.Count < 1400)
        {
            var sb = new StringBuilder();
            int parts = rng.Next(1, 5);
            for (int i = 0; i < parts; i++)
            {
                sb.Append(Fragments[rng.Next(Fragments.Length)]);
                if (rng.Next(3) == 0) sb.Append((char)rng.Next('a', 'z' + 1));
            }

            Add(sb.ToString());
        }

        // Very long values, lone surrogates, empties.
        Add(new string('a', 64));
        Add(new string('a', 65));
        Add(new string('x', 129));
        Add(new string('d', 256));
        Add(new string('d', 257));
        Add(new string('t', 1024));
        Add(new string('t', 1025));
        Add(string.Concat(Enumerable.Repeat("'`\\", 2000)));
        Add("\ud800");
        Add("x\udc00y");
        Add("");
        Add(" lead");
        Add("trail ");
        return set;
    }
}

/// <summary>
/// A small lexer for the statements Core builds: back-quoted identifiers (doubled back-quotes), single/double-quoted
/// strings with backslash escapes, words, punctuation. Used to prove each statement parses back to the same values.
/// </summary>
internal static class StatementLexer
{
    public sealed record Token(char Kind, string Text); // '`' identifier, '\'' string, 'w' word, 'p' punctuation

    public static IReadOnlyList<Token> Lex(string sql)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '`')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= sql.Length) throw new FormatException("unterminated identifier");
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

                    sb.Append(sql[i++]);
                }

                tokens.Add(new Token('`', sb.ToString()));
                continue;
            }

            if (c == '\'' || c == '"')
            {
                char q = c;
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= sql.Length) throw new FormatException("unterminated string");
                    char d = sql[i];
                    if (d == '\\')
                    {
                        char e = sql[i + 1];
                        sb.Append(e switch { '0' => '\0', 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'Z' => '\u001a', _ => e });
                        i += 2;
                        continue;
                    }

                    if (d == q)
                    {
                        i++;
                        break;
                    }

                    if (d == '\n' || d == '\r' || d == '\0') throw new FormatException("raw control character inside a string literal");
                    sb.Append(d);
                    i++;
                }

                tokens.Add(new Token('\'', sb.ToString()));
                continue;
            }

            if (char.IsLetterOrDigit(c) || c == '_')
            {
                int s = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_' || sql[i] == '-')) i++;
                tokens.Add(new Token('w', sql.Substring(s, i - s)));
                continue;
            }

            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-') throw new FormatException("comment outside quotes");
            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*') throw new FormatException("comment outside quotes");
            if (c == ';' || c == '#') throw new FormatException($"'{c}' outside quotes");
            tokens.Add(new Token('p', c.ToString()));
            i++;
        }

        return tokens;
    }

    public static IEnumerable<string> Quoted(string sql) => Lex(sql).Where(t => t.Kind is '`' or '\'').Select(t => t.Text);
}
