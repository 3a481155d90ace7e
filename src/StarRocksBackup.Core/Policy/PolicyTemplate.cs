using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>The commented starter policy New-SrBackupPolicy writes.</summary>
    public static class PolicyTemplate
    {
        /// <summary>The YAML for <paramref name="repository"/> and <paramref name="databases"/>.</summary>
        public static string Render(string repository, IEnumerable<string> databases)
        {
            string Quote(string s) => "'" + s.Replace("'", "''") + "'";
            var sb = new StringBuilder();
            sb.AppendLine("# StarRocksBackup policy: run with  Invoke-SrBackupPolicy -Path <this file>  (add -WhatIf to see the plan).");
            sb.AppendLine("# Every key is documented in the module's README (\"Backup policies\"). Unknown keys are errors.");
            sb.AppendLine();
            sb.AppendLine("# The repository every backup goes to (New-SrRepository / Get-SrRepository). Required.");
            sb.AppendLine("repository: " + Quote(repository));
            sb.AppendLine();
            sb.AppendLine("# Databases worked on at once (StarRocks runs one backup job per database); with more databases, the largest go first.");
            sb.AppendLine("parallelism: 4");
            sb.AppendLine();
            sb.AppendLine("# Give up waiting after this many minutes (at least 10); leave out to wait as long as the jobs run.");
            sb.AppendLine("# timeoutMinutes: 240");
            sb.AppendLine();
            sb.AppendLine("# Optional: the FE to connect to. Without it, -Connection or the session's Connect-SrServer is used.");
            sb.AppendLine("# connection:");
            sb.AppendLine("#   server: fe1.example.com");
            sb.AppendLine("#   port: 9030");
            sb.AppendLine("#   user: backup");
            sb.AppendLine("#   passwordVariable: SR_PASSWORD      # the NAME of an environment variable, never the password");
            sb.AppendLine();
            sb.AppendLine("# Optional: how to reach the repository's object storage for the backup catalog. Without it, what");
            sb.AppendLine("# New-SrRepository / Set-SrRepositoryStorage registered in this session (or -StorageCredential) is used.");
            sb.AppendLine("# storage:");
            sb.AppendLine("#   endpoint: https://s3.example.com");
            sb.AppendLine("#   region: us-east-1");
            sb.AppendLine("#   accessKeyVariable: S3_ACCESS_KEY");
            sb.AppendLine("#   secretKeyVariable: S3_SECRET_KEY");
            sb.AppendLine();
            sb.AppendLine("# Optional: POST the run's summary as JSON ({\"text\": ..., \"succeeded\": ..., \"databases\": [...]}).");
            sb.AppendLine("# notification:");
            sb.AppendLine("#   webhook: https://hooks.example.com/services/...");
            sb.AppendLine("#   on: failure                        # or: always");
            sb.AppendLine();
            sb.AppendLine("# Optional: what Invoke-SrRetention -Path <this file> keeps and removes (add -WhatIf to see the plan).");
            sb.AppendLine("# A parameter given to Invoke-SrRetention overrides the value here. Invoke-SrBackupPolicy never removes");
            sb.AppendLine("# anything: run retention as its own step after a successful policy run. Whatever the numbers, a backup");
            sb.AppendLine("# still needed to restore the latest state (an incremental chain's base) is never removed.");
            sb.AppendLine("# retention:");
            sb.AppendLine("#   retentionDays: 30                  # remove backups older than this (unless a rule below keeps them)");
            sb.AppendLine("#   minRetentionDays: 2                # never remove anything younger than this");
            sb.AppendLine("#   maxSnapshots: 60                   # at most this many backups per database");
            sb.AppendLine("#   minSnapshots: 3                    # at least the newest this many per database");
            sb.AppendLine("#   keepDaily: 7                       # the newest backup of each of the last 7 days that have one");
            sb.AppendLine("#   keepWeekly: 4                      # ... of each of the last 4 ISO weeks");
            sb.AppendLine("#   keepMonthly: 12                    # ... of each of the last 12 months");
            sb.AppendLine("#   keepNewestVerified: true           # keep the newest backup Test-SrSnapshot/Test-SrBackup passed");
            sb.AppendLine();
            sb.AppendLine("sets:");
            sb.AppendLine("  - name: main");
            sb.AppendLine("    # Names or wildcards (* ? [a-z]); the first set that matches a database owns it.");
            sb.AppendLine("    databases: [" + string.Join(", ", databases.Select(Quote)) + "]");
            sb.AppendLine("    # excludeDatabases: ['*_tmp']");
            sb.AppendLine("    tables: ['*']");
            sb.AppendLine("    # excludeTables: ['tmp_*']");
            sb.AppendLine("    # incremental: only partitions whose VISIBLE_VERSION changed since their last backup; full: everything.");
            sb.AppendLine("    mode: incremental");
            sb.AppendLine("    # An incremental set takes a full backup when the last full one is older than this.");
            sb.AppendLine("    fullEveryDays: 7");
            sb.AppendLine("    # Late data: a date-range partition that ended more than this many days ago and was backed up");
            sb.AppendLine("    # already keeps its existing copy when it changes (reported as LateDataIgnored) ...");
            sb.AppendLine("    lateDataDays: 30");
            sb.AppendLine("    # ... unless this is true.");
            sb.AppendLine("    includeLateData: false");
            return sb.ToString();
        }
    }
}
