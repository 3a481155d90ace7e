using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Parsing
{
    /// <summary>Decodes the text columns of SHOW BACKUP / SHOW RESTORE (starrocks-facts.md §2.8).</summary>
    public static class JobTextParser
    {
        private static readonly Regex s_status = new Regex(@"^\[(?<code>[A-Z_]+)(?:,\s*msg:\s?(?<msg>.*))?\]$",
            RegexOptions.Singleline | RegexOptions.CultureInvariant);

        private static readonly Regex s_progress = new Regex(@"^(?<id>[^:]+):\s*(?<done>-?\d+)\s*/\s*(?<total>-?\d+)$",
            RegexOptions.CultureInvariant);

        /// <summary><c>[OK]</c> or <c>[CODE, msg: text]</c>; anything else keeps the raw text as the message with code <c>UNKNOWN</c>.</summary>
        public static JobStatus ParseStatus(string? text)
        {
            string raw = (text ?? string.Empty).Trim();
            if (raw.Length == 0)
            {
                return new JobStatus(string.Empty, string.Empty, raw);
            }

            Match m = s_status.Match(raw);
            if (m.Success)
            {
                return new JobStatus(m.Groups["code"].Value, m.Groups["msg"].Success ? m.Groups["msg"].Value : string.Empty, raw);
            }

            return new JobStatus(raw == "OK" ? "OK" : "UNKNOWN", raw == "OK" ? string.Empty : raw, raw);
        }

        /// <summary><c>[id: msg], [id: msg]</c>. A message may itself contain <c>", "</c> or brackets.</summary>
        public static IReadOnlyList<TaskError> ParseTaskErrors(string? text)
        {
            var result = new List<TaskError>();
            foreach (string entry in SplitBracketed(text))
            {
                int colon = entry.IndexOf(':');
                if (colon < 0)
                {
                    result.Add(new TaskError(string.Empty, entry.Trim()));
                }
                else
                {
                    result.Add(new TaskError(entry.Substring(0, colon).Trim(), entry.Substring(colon + 1).Trim()));
                }
            }

            return result;
        }

        /// <summary><c>[id: done/total], …</c>.</summary>
        public static IReadOnlyList<TaskProgress> ParseProgress(string? text)
        {
            var result = new List<TaskProgress>();
            foreach (string entry in SplitBracketed(text))
            {
                Match m = s_progress.Match(entry.Trim());
                if (m.Success
                    && long.TryParse(m.Groups["done"].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long done)
                    && long.TryParse(m.Groups["total"].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long total))
                {
                    result.Add(new TaskProgress(m.Groups["id"].Value.Trim(), done, total));
                }
            }

            return result;
        }

        /// <summary><c>k=v, k=v</c>.</summary>
        public static IReadOnlyList<UnfinishedTask> ParseUnfinishedTasks(string? text)
        {
            var result = new List<UnfinishedTask>();
            string s = (text ?? string.Empty).Trim().TrimStart('[').TrimEnd(']');
            if (s.Length == 0)
            {
                return result;
            }

            foreach (string part in s.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string p = part.Trim();
                int eq = p.IndexOf('=');
                result.Add(eq < 0 ? new UnfinishedTask(p, string.Empty) : new UnfinishedTask(p.Substring(0, eq).Trim(), p.Substring(eq + 1).Trim()));
            }

            return result;
        }

        /// <summary>
        /// BackupObjs: <c>[db.tbl], [default_cluster:db.tbl]</c>, optionally with <c>PARTITIONS (p1, p2)</c> inside the brackets.
        /// </summary>
        public static IReadOnlyList<JobObject> ParseBackupObjects(string? text)
        {
            var result = new List<JobObject>();
            foreach (string entry in SplitBracketed(text))
            {
                string e = entry.Trim();
                (string name, IReadOnlyList<string> parts) = SplitPartitions(e);
                int colon = name.IndexOf(':');
                if (colon >= 0)
                {
                    name = name.Substring(colon + 1);
                }

                int dot = name.IndexOf('.');
                if (dot >= 0)
                {
                    name = name.Substring(dot + 1);
                }

                result.Add(new JobObject(Unbacktick(name.Trim()), parts, "[" + e + "]"));
            }

            return result;
        }

        /// <summary>RestoreObjs: <c>tbl, tbl2 PARTITIONS [p1, p2]</c>.</summary>
        public static IReadOnlyList<JobObject> ParseRestoreObjects(string? text)
        {
            var result = new List<JobObject>();
            string s = (text ?? string.Empty).Trim();
            int depth = 0;
            int start = 0;
            for (int i = 0; i <= s.Length; i++)
            {
                if (i == s.Length || (s[i] == ',' && depth == 0))
                {
                    string e = s.Substring(start, i - start).Trim();
                    if (e.Length > 0)
                    {
                        (string name, IReadOnlyList<string> parts) = SplitPartitions(e);
                        result.Add(new JobObject(Unbacktick(name.Trim()), parts, e));
                    }

                    start = i + 1;
                }
                else if (s[i] == '[' || s[i] == '(')
                {
                    depth++;
                }
                else if (s[i] == ']' || s[i] == ')')
                {
                    depth = Math.Max(0, depth - 1);
                }
            }

            return result;
        }

        /// <summary>Splits <c>[a], [b, c], [d]</c> into <c>a</c>, <c>b, c</c>, <c>d</c> (bracket depth aware).</summary>
        internal static IEnumerable<string> SplitBracketed(string? text)
        {
            string s = (text ?? string.Empty).Trim();
            int depth = 0;
            int start = -1;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '[')
                {
                    if (depth == 0)
                    {
                        start = i + 1;
                    }

                    depth++;
                }
                else if (c == ']' && depth > 0)
                {
                    depth--;
                    // An entry ends at a ']' that returns to depth 0 and is followed by ", [" or the end.
                    if (depth == 0)
                    {
                        int j = i + 1;
                        while (j < s.Length && s[j] == ' ')
                        {
                            j++;
                        }

                        bool end = j >= s.Length || (s[j] == ',' && NextNonSpace(s, j + 1) == '[');
                        if (end)
                        {
                            yield return s.Substring(start, i - start);
                            start = -1;
                        }
                        else
                        {
                            depth++; // a ']' inside a message: keep going
                        }
                    }
                }
            }

            if (start >= 0 && depth > 0)
            {
                yield return s.Substring(start); // unterminated: return what there is
            }
        }

        private static char NextNonSpace(string s, int from)
        {
            for (int i = from; i < s.Length; i++)
            {
                if (s[i] != ' ')
                {
                    return s[i];
                }
            }

            return '\0';
        }

        private static (string Name, IReadOnlyList<string> Partitions) SplitPartitions(string entry)
        {
            Match m = Regex.Match(entry, @"^(?<name>.*?)\s+PARTITIONS?\s*[\[(](?<parts>.*)[\])]\s*$",
                RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
            if (!m.Success)
            {
                return (entry, Array.Empty<string>());
            }

            var parts = new List<string>();
            foreach (string p in m.Groups["parts"].Value.Split(','))
            {
                string t = Unbacktick(p.Trim());
                if (t.Length > 0)
                {
                    parts.Add(t);
                }
            }

            return (m.Groups["name"].Value, parts);
        }

        private static string Unbacktick(string s) =>
            s.Length >= 2 && s[0] == '`' && s[s.Length - 1] == '`' ? s.Substring(1, s.Length - 2).Replace("``", "`") : s;
    }
}
