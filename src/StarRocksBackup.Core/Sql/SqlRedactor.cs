using System;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Core.Sql
{
    /// <summary>
    /// Masks secret property values in SQL text before it is shown to an observer or put in an exception:
    /// the value of any property whose key contains <c>secret</c>, <c>password</c>, <c>access_key</c>/<c>access.key</c>,
    /// <c>token</c>, or ends with <c>.key</c>, becomes <c>'****'</c>; and the password of any URI with user information
    /// (<c>scheme://user:password@host/…</c>, as a repository location may carry) becomes <c>****</c>.
    /// </summary>
    public static class SqlRedactor
    {
        /// <summary>The replacement text.</summary>
        public const string Mask = "****";

        // 'key' = 'value' or "key" = "value", with backslash escapes and doubled quotes inside either side.
        private static readonly Regex s_property = new Regex(
            @"(?<key>'(?:[^'\\]|\\.|'')*'|""(?:[^""\\]|\\.|"""")*"")(?<eq>\s*=\s*)(?<val>'(?:[^'\\]|\\.|'')*'|""(?:[^""\\]|\\.|"""")*"")",
            RegexOptions.CultureInvariant | RegexOptions.Singleline);

        // scheme://user:password@ — the password runs to the last '@' before the authority ends ('/', '?', '#', a quote or
        // whitespace), so an unencoded '@' in the password is masked too. A URI without ':' in its user information has
        // no password and is left alone.
        private static readonly Regex s_uriPassword = new Regex(
            @"(?<prefix>\b[A-Za-z][A-Za-z0-9+.\-]*://[^:/?#@\s'""`]*:)(?<password>[^/?#\s'""`]*)@",
            RegexOptions.CultureInvariant);

        /// <summary>True when a property key names a secret.</summary>
        public static bool IsSecretKey(string key)
        {
            string k = key.ToLowerInvariant();
            return k.Contains("secret") || k.Contains("password") || k.Contains("access_key") || k.Contains("access.key")
                   || k.Contains("token") || k.EndsWith(".key", StringComparison.Ordinal) || k == "key"
                   || k.Contains("credential");
        }

        /// <summary>
        /// Masks the password of every <c>scheme://user:password@host</c> URI in <paramref name="text"/> (a location, a
        /// message, SQL). The user name stays visible so the location can still be recognised.
        /// </summary>
        public static string RedactUriPasswords(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            return s_uriPassword.Replace(text, m => m.Groups["password"].Length == 0 ? m.Value : m.Groups["prefix"].Value + Mask + "@");
        }

        /// <summary>Returns <paramref name="sql"/> with secret property values and URI passwords masked.</summary>
        public static string Redact(string? sql)
        {
            if (string.IsNullOrEmpty(sql))
            {
                return sql ?? string.Empty;
            }

            return RedactUriPasswords(RedactProperties(sql!));
        }

        private static string RedactProperties(string sql)
        {
            return s_property.Replace(sql, m =>
            {
                string keyToken = m.Groups["key"].Value;
                string key;
                try
                {
                    key = SqlQuote.Unquote(keyToken);
                }
                catch (ArgumentException)
                {
                    key = keyToken;
                }

                if (!IsSecretKey(key))
                {
                    return m.Value;
                }

                char q = m.Groups["val"].Value[0];
                return keyToken + m.Groups["eq"].Value + q + Mask + q;
            });
        }
    }
}
