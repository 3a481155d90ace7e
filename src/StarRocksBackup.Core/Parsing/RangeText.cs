using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Core.Parsing
{
    /// <summary>
    /// Reads StarRocks' printed range of a partition (<c>Range.toString</c> of PartitionKeys, as in partitions_meta's
    /// PARTITION_VALUE and SHOW PARTITIONS' Range): <c>[types: [DATE]; keys: [2026-01-01]; ..types: [DATE]; keys: [2026-02-01]; )</c>.
    /// </summary>
    internal static class RangeText
    {
        private static readonly Regex s_upper = new Regex(
            @"\.\.\s*types:\s*\[(?<type>DATE|DATETIME|DATEV2|DATETIMEV2)\];\s*keys:\s*\[(?<key>[^\];]*)\]",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly string[] s_formats = { "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF" };

        /// <summary>The exclusive upper bound of a date range, or null (no range, not a date, or the MAXVALUE sentinel).</summary>
        public static DateTime? UpperDate(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            Match m = s_upper.Match(text);
            if (!m.Success || !DateTime.TryParseExact(m.Groups["key"].Value.Trim(), s_formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime v))
            {
                return null;
            }

            return v.Year >= 9999 ? (DateTime?)null : v;
        }
    }
}
