using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Internal
{
    /// <summary>Which databases Get-SrBackupJob / Get-SrRestoreJob ask about.</summary>
    internal static class JobListing
    {
        /// <summary>The distinct non-empty names given, or a single null (= every database, one statement on 3.0+).</summary>
        public static IEnumerable<string?> Targets(string[]? databases)
        {
            List<string> names = (databases ?? System.Array.Empty<string>()).Where(d => !string.IsNullOrEmpty(d)).Distinct().ToList();
            return names.Count == 0 ? new string?[] { null } : names;
        }
    }
}
