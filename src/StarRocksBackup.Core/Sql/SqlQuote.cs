using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace StarRocksBackup.Core.Sql
{
    /// <summary>
    /// Quoting for StarRocks SQL. Every identifier and string literal Core sends goes through here; nothing is
    /// concatenated into SQL unescaped.
    /// </summary>
    public static class SqlQuote
    {
        /// <summary>
        /// A back-quoted identifier: <c>`name`</c> with embedded back-quotes doubled. NUL and empty names are refused
        /// (StarRocks' lexer cannot carry them).
        /// </summary>
        public static string Identifier(string name)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "An identifier must not be empty.");
            }

            if (name.IndexOf('\0') >= 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "An identifier must not contain a NUL character.");
            }

            if (HasLoneSurrogate(name))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "An identifier contains an unpaired UTF-16 surrogate (it cannot be sent as UTF-8).");
            }

            return "`" + name.Replace("`", "``") + "`";
        }

        /// <summary>True when <paramref name="s"/> holds a surrogate without its pair (not representable in UTF-8).</summary>
        public static bool HasLoneSurrogate(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]))
                {
                    if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                    {
                        return true;
                    }

                    i++;
                }
                else if (char.IsLowSurrogate(s[i]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A single-quoted string literal. StarRocks' lexer treats backslash as an escape, so backslash, both quote
        /// characters, NUL, newline, carriage return, tab, backspace and Ctrl-Z are escaped.
        /// </summary>
        public static string Literal(string? value)
        {
            string v = value ?? string.Empty;
            if (HasLoneSurrogate(v))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "A value contains an unpaired UTF-16 surrogate (it cannot be sent as UTF-8).");
            }

            var sb = new StringBuilder(v.Length + 2);
            sb.Append('\'');
            foreach (char c in v)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '\'': sb.Append("\\'"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\0': sb.Append("\\0"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\u001a': sb.Append("\\Z"); break;
                    default: sb.Append(c); break;
                }
            }

            sb.Append('\'');
            return sb.ToString();
        }

        /// <summary>A literal holding a secret (same escaping; named so call sites show where secrets enter SQL).</summary>
        public static string SecretLiteral(Secret value) => Literal(value.Reveal());

        /// <summary><c>`a`, `b`</c>.</summary>
        public static string IdentifierList(IEnumerable<string> names) => string.Join(", ", names.Select(Identifier));

        /// <summary>
        /// <c>PROPERTIES ("k" = "v", …)</c> with both sides as escaped literals (single-quoted; StarRocks accepts either
        /// quote). Empty string when there are no properties.
        /// </summary>
        public static string Properties(IEnumerable<KeyValuePair<string, string>> properties)
        {
            var items = properties.Select(p => Literal(p.Key) + " = " + Literal(p.Value)).ToList();
            return items.Count == 0 ? string.Empty : "PROPERTIES (" + string.Join(", ", items) + ")";
        }

        /// <summary>
        /// Reads a back-quoted identifier or an escaped literal back (the inverse of <see cref="Identifier"/> and
        /// <see cref="Literal"/>); used by tests and by the redactor. Throws when <paramref name="quoted"/> is not one token.
        /// </summary>
        public static string Unquote(string quoted)
        {
            if (quoted == null || quoted.Length < 2)
            {
                throw new ArgumentException("Not a quoted token.", nameof(quoted));
            }

            char q = quoted[0];
            if (quoted[quoted.Length - 1] != q || (q != '`' && q != '\'' && q != '"'))
            {
                throw new ArgumentException("Not a quoted token.", nameof(quoted));
            }

            var sb = new StringBuilder();
            for (int i = 1; i < quoted.Length - 1; i++)
            {
                char c = quoted[i];
                if (q == '`')
                {
                    if (c == '`')
                    {
                        if (i + 1 >= quoted.Length - 1 || quoted[i + 1] != '`')
                        {
                            throw new ArgumentException("Unescaped back-quote inside identifier.", nameof(quoted));
                        }

                        i++;
                    }

                    sb.Append(c);
                    continue;
                }

                if (c == '\\')
                {
                    if (i + 1 >= quoted.Length - 1)
                    {
                        throw new ArgumentException("Dangling escape.", nameof(quoted));
                    }

                    char e = quoted[++i];
                    sb.Append(e switch
                    {
                        '0' => '\0',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'b' => '\b',
                        'Z' => '\u001a',
                        _ => e,
                    });
                    continue;
                }

                if (c == q)
                {
                    if (i + 1 < quoted.Length - 1 && quoted[i + 1] == q)
                    {
                        i++;
                        sb.Append(c);
                        continue;
                    }

                    throw new ArgumentException("Unescaped quote inside literal.", nameof(quoted));
                }

                sb.Append(c);
            }

            return sb.ToString();
        }
    }
}
