using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace StarRocksBackup.Internal
{
    /// <summary>-Name filtering the PowerShell way: wildcards filter quietly, a plain name that matches nothing is reported.</summary>
    internal static class NameFilter
    {
        /// <summary>
        /// Items whose name matches any pattern (all items when there are none), in the items' order and without
        /// duplicates. <paramref name="notFound"/> is called for each plain (wildcard-free) name that matched nothing.
        /// </summary>
        public static List<T> Apply<T>(IEnumerable<T> items, Func<T, string> name, string[]? patterns, Action<string> notFound)
        {
            List<T> all = items.ToList();
            if (patterns is null || patterns.Length == 0)
            {
                return all;
            }

            HashSet<int> selected = new HashSet<int>();
            foreach (string pattern in patterns.Where(p => !string.IsNullOrEmpty(p)))
            {
                bool wildcard = WildcardPattern.ContainsWildcardCharacters(pattern);
                WildcardPattern matcher = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                bool any = false;
                for (int i = 0; i < all.Count; i++)
                {
                    string candidate = name(all[i]);
                    if (wildcard ? matcher.IsMatch(candidate) : string.Equals(candidate, pattern, StringComparison.Ordinal))
                    {
                        selected.Add(i);
                        any = true;
                    }
                }

                if (!any && !wildcard)
                {
                    notFound(pattern);
                }
            }

            return all.Where((_, i) => selected.Contains(i)).ToList();
        }
    }
}
