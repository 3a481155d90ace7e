using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Parsing
{
    /// <summary>Times, sizes and snapshot timestamp cells.</summary>
    public static class ValueParser
    {
        private static readonly string[] s_timeFormats = { "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF", "yyyy-MM-dd" };

        /// <summary>
        /// <c>yyyy-MM-dd HH:mm:ss</c> in the FE session time zone, as <see cref="DateTimeKind.Unspecified"/>; null for
        /// NULL, empty, <c>\N</c>, <c>NULL</c> or anything unreadable.
        /// </summary>
        public static DateTime? ParseTime(string? text)
        {
            string t = (text ?? string.Empty).Trim();
            if (t.Length == 0 || t == "\\N" || t.Equals("NULL", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return DateTime.TryParseExact(t, s_timeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime v)
                ? DateTime.SpecifyKind(v, DateTimeKind.Unspecified)
                : (DateTime?)null;
        }

        /// <summary>
        /// A SHOW SNAPSHOT <c>Timestamp</c> cell: several timestamps joined with "\n", oldest to newest after sorting;
        /// entries that are not timestamps (e.g. <c>Invalid: __info_x</c>) are returned separately.
        /// </summary>
        public static (IReadOnlyList<SnapshotTimestamp> Timestamps, IReadOnlyList<string> Invalid) ParseTimestampCell(string? cell)
        {
            var ok = new List<SnapshotTimestamp>();
            var bad = new List<string>();
            foreach (string line in (cell ?? string.Empty).Split(new[] { '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string l = line.Trim();
                if (l.Length == 0)
                {
                    continue;
                }

                SnapshotTimestamp? ts = SnapshotTimestamp.TryParse(l);
                if (ts != null)
                {
                    ok.Add(ts);
                }
                else
                {
                    bad.Add(l);
                }
            }

            return (ok.OrderBy(t => t).ToList(), bad);
        }

        // One compiled instance: partitions_meta answers carry a size per partition (100,000 in a big plan).
        private static readonly Regex s_size = new Regex(@"^(?<n>\d+(?:\.\d+)?)\s*(?<u>[KMGTP]?I?B?|BYTES?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        /// <summary>
        /// A human-readable size (<c>1.5KB</c>, <c>12 MB</c>, <c>0B</c>, <c>123</c>) in bytes; null when unreadable.
        /// The exact DATA_SIZE format is unverified (facts §10), so both 1024-based units and plain numbers are accepted.
        /// </summary>
        public static long? ParseSize(string? text)
        {
            string t = (text ?? string.Empty).Trim();
            Match m = s_size.Match(t);
            if (!m.Success || !double.TryParse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n))
            {
                return null;
            }

            string u = m.Groups["u"].Value.ToUpperInvariant();
            int pow = u.Length == 0 || u[0] == 'B' ? 0 : "KMGTP".IndexOf(u[0]) + 1;
            return (long)Math.Round(n * Math.Pow(1024, pow));
        }
    }
}
