using System;
using System.Collections.Generic;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>A backup policy file (YAML; schema in README "Backup policies").</summary>
    public sealed class BackupPolicy
    {
        /// <summary>The repository every backup goes to (required).</summary>
        public string Repository { get; set; } = string.Empty;

        /// <summary>Optional FE connection; without it the caller's connection is used.</summary>
        public PolicyConnection? Connection { get; set; }

        /// <summary>Optional object-storage access for the catalog; without it the session's registration is used.</summary>
        public PolicyStorage? Storage { get; set; }

        /// <summary>Named sets of databases and tables (at least one).</summary>
        public List<BackupSet> Sets { get; set; } = new List<BackupSet>();

        /// <summary>Databases worked on at once (default 4).</summary>
        public int Parallelism { get; set; } = 4;

        /// <summary>Overall time limit for the jobs (minutes; null = none).</summary>
        public int? TimeoutMinutes { get; set; }

        /// <summary>Where to send the summary (optional).</summary>
        public PolicyNotification? Notification { get; set; }

        /// <summary>The retention settings Invoke-SrRetention -Path applies (optional).</summary>
        public PolicyRetention? Retention { get; set; }
    }

    /// <summary>The <c>connection</c> section.</summary>
    public sealed class PolicyConnection
    {
        /// <summary>FE host (required in the section).</summary>
        public string Server { get; set; } = string.Empty;

        /// <summary>FE query port (default 9030).</summary>
        public int Port { get; set; } = 9030;

        /// <summary>User name (default root).</summary>
        public string User { get; set; } = "root";

        /// <summary>The environment variable holding the password (never the password itself).</summary>
        public string? PasswordVariable { get; set; }
    }

    /// <summary>The <c>storage</c> section: how the catalog reaches the repository's objects.</summary>
    public sealed class PolicyStorage
    {
        /// <summary>Endpoint URL (omit for AWS).</summary>
        public string? Endpoint { get; set; }

        /// <summary>Region (default us-east-1).</summary>
        public string Region { get; set; } = "us-east-1";

        /// <summary>Environment variable holding the access key id.</summary>
        public string? AccessKeyVariable { get; set; }

        /// <summary>Environment variable holding the secret key.</summary>
        public string? SecretKeyVariable { get; set; }
    }

    /// <summary>A named set of databases and tables with how to back them up.</summary>
    public sealed class BackupSet
    {
        /// <summary>The set's name (for the summary).</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Database name patterns (wildcards <c>*</c>, <c>?</c>, <c>[a-z]</c>); required.</summary>
        public List<string> Databases { get; set; } = new List<string>();

        /// <summary>Databases to leave out (patterns).</summary>
        public List<string> ExcludeDatabases { get; set; } = new List<string>();

        /// <summary>Table patterns (default every table).</summary>
        public List<string> Tables { get; set; } = new List<string> { "*" };

        /// <summary>Tables to leave out (patterns).</summary>
        public List<string> ExcludeTables { get; set; } = new List<string>();

        /// <summary><c>incremental</c> (default) or <c>full</c>.</summary>
        public string Mode { get; set; } = "incremental";

        /// <summary>An incremental set takes a full backup when the last one is older than this many days (null: never).</summary>
        public int? FullEveryDays { get; set; }

        /// <summary>Late-data age in days (null: no late-data rule).</summary>
        public int? LateDataDays { get; set; }

        /// <summary>Back up late data anyway.</summary>
        public bool IncludeLateData { get; set; }

        /// <summary>True for <c>mode: full</c>.</summary>
        public bool IsFull => string.Equals(Mode, "full", StringComparison.OrdinalIgnoreCase);

        /// <summary>True when the database matches the set.</summary>
        public bool MatchesDatabase(string database) =>
            Wildcard.AnyMatch(Databases, database) && !Wildcard.AnyMatch(ExcludeDatabases, database);

        /// <summary>True when the table matches the set.</summary>
        public bool MatchesTable(string table) =>
            Wildcard.AnyMatch(Tables, table) && !Wildcard.AnyMatch(ExcludeTables, table);
    }

    /// <summary>The <c>notification</c> section.</summary>
    public sealed class PolicyNotification
    {
        /// <summary>An http(s) URL receiving the summary as a JSON POST.</summary>
        public string Webhook { get; set; } = string.Empty;

        /// <summary><c>failure</c> (default) or <c>always</c>.</summary>
        public string On { get; set; } = "failure";
    }
}
