using System;
using System.Linq;
using StarRocksBackup.Core.Policy;

namespace StarRocksBackup
{
    /// <summary>One database's result in a policy run (Invoke-SrBackupPolicy).</summary>
    public sealed class PolicyRunSummaryInfo
    {
        private PolicyRunSummaryInfo(DatabaseRunSummary s)
        {
            Database = s.Database;
            Set = s.Set;
            Repository = s.Repository;
            Outcome = (SrPolicyOutcome)(int)s.Outcome;
            Kind = s.Kind;
            Snapshot = s.Label;
            Timestamp = s.BackupTimestamp;
            PartitionCount = s.PartitionCount;
            LateDataIgnored = s.LateDataIgnored;
            Changes = s.Changes.Select(c => PartitionChangeInfo.From(s.Repository, c)).ToArray();
            Recorded = s.Recorded;
            Error = s.Error;
            Started = s.Started;
            Ended = s.Ended;
            Statement = s.Statement;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The policy set.</summary>
        public string Set { get; }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>The outcome.</summary>
        public SrPolicyOutcome Outcome { get; }

        /// <summary><c>full</c> or <c>incremental</c> (empty when nothing was backed up).</summary>
        public string Kind { get; }

        /// <summary>The snapshot label (empty when nothing was backed up).</summary>
        public string Snapshot { get; }

        /// <summary>The backup timestamp once recorded.</summary>
        public string Timestamp { get; }

        /// <summary>Partitions in the backup.</summary>
        public int PartitionCount { get; }

        /// <summary>Late-data changes left out.</summary>
        public int LateDataIgnored { get; }

        /// <summary>Every partition listed, with reasons.</summary>
        public PartitionChangeInfo[] Changes { get; }

        /// <summary>True once the catalog records the backup.</summary>
        public bool Recorded { get; }

        /// <summary>Why it failed (empty otherwise).</summary>
        public string Error { get; }

        /// <summary>Start (UTC).</summary>
        public DateTimeOffset Started { get; }

        /// <summary>End (UTC).</summary>
        public DateTimeOffset Ended { get; }

        /// <summary>The BACKUP statement (planned or sent).</summary>
        public string Statement { get; }

        /// <summary>True unless the outcome is Failed.</summary>
        public bool Succeeded => Outcome != SrPolicyOutcome.Failed;

        /// <inheritdoc />
        public override string ToString() => $"{Database}: {Outcome}";

        internal static PolicyRunSummaryInfo From(DatabaseRunSummary s) => new PolicyRunSummaryInfo(s);
    }
}
