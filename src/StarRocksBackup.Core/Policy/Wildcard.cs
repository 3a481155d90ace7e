using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>Name patterns as PowerShell writes them: <c>*</c>, <c>?</c> and <c>[abc]</c>/<c>[a-z]</c>, case-sensitive.</summary>
    public static class Wildcard
    {
        // A plan over 100,000 partitions asks for the same few patterns 200,000 times: build each regex once.
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> s_cache =
            new System.Collections.Concurrent.ConcurrentDictionary<string, Regex>(StringComparer.Ordinal);

        /// <summary>Translates a pattern to an anchored regex.</summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument: empty, an unclosed or empty <c>[</c>, a stray <c>]</c>, or a character no name can hold.</exception>
        public static Regex ToRegex(string pattern)
        {
            if (string.IsNullOrWhiteSpace(pattern))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "An empty name pattern matches nothing.");
            }

            var sb = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                switch (c)
                {
                    case '*':
                        sb.Append(".*");
                        break;
                    case '?':
                        sb.Append('.');
                        break;
                    case '[':
                        int close = pattern.IndexOf(']', i + 1);
                        if (close < 0)
                        {
                            throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The pattern '{pattern}' has a '[' without its ']'.");
                        }

                        string set = pattern.Substring(i + 1, close - i - 1);
                        if (set.Length == 0 || set.Any(ch => ch == '\\' || ch == '['))
                        {
                            throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The pattern '{pattern}' has an empty or invalid character set '[{set}]'.");
                        }

                        sb.Append('[').Append(set).Append(']');
                        i = close;
                        break;
                    case ']':
                        throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The pattern '{pattern}' has a ']' without its '['.");
                    default:
                        if (char.IsControl(c) || c == '/' || c == '`' || c == '\'' || c == '"')
                        {
                            throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The pattern '{pattern}' holds '{c}', which no database or table name can.");
                        }

                        sb.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            try
            {
                return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The pattern '{pattern}' is not a valid wildcard: {ex.Message}");
            }
        }

        /// <summary>True when <paramref name="name"/> matches any pattern.</summary>
        public static bool AnyMatch(IEnumerable<string> patterns, string name) => patterns.Any(p => s_cache.GetOrAdd(p, ToRegex).IsMatch(name));
    }
}
