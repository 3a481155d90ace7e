using System;
using System.Collections.Generic;

namespace StarRocksBackup.Core.Retention
{
    /// <summary>A partition's identity in the backup catalog: (table, partition id). A re-created partition has a new id.</summary>
    public sealed class PartitionRef : IEquatable<PartitionRef>
    {
        /// <summary>Creates a reference.</summary>
        public PartitionRef(string table, long partitionId)
        {
            Table = table ?? string.Empty;
            PartitionId = partitionId;
        }

        /// <summary>Table name.</summary>
        public string Table { get; }

        /// <summary>Partition id.</summary>
        public long PartitionId { get; }

        /// <inheritdoc />
        public bool Equals(PartitionRef? other) => other is not null && other.PartitionId == PartitionId && string.Equals(other.Table, Table, StringComparison.Ordinal);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as PartitionRef);

        /// <inheritdoc />
        public override int GetHashCode() => (StringComparer.Ordinal.GetHashCode(Table) * 397) ^ PartitionId.GetHashCode();

        /// <inheritdoc />
        public override string ToString() => $"{Table}#{PartitionId}";
    }

    /// <summary>One backup (label + timestamp) as the retention planner sees it.</summary>
    public sealed class RetentionSnapshot
    {
        /// <summary>The label.</summary>
        public string Label { get; set; } = string.Empty;

        /// <summary>The backup timestamp (StarRocks' text).</summary>
        public string Timestamp { get; set; } = string.Empty;

        /// <summary>The source database; empty when unknown (the snapshot's info could not be read: always kept).</summary>
        public string Database { get; set; } = string.Empty;

        /// <summary>When the backup finished (manifest) or was taken (info file), UTC.</summary>
        public DateTime TimeUtc { get; set; }

        /// <summary>Partitions this backup holds.</summary>
        public IReadOnlyCollection<PartitionRef> Partitions { get; set; } = Array.Empty<PartitionRef>();

        /// <summary>Every partition that existed when the backup was planned (manifest inventory), or null.</summary>
        public IReadOnlyCollection<PartitionRef>? Inventory { get; set; }

        /// <summary>The newest verification's verdict (null: never verified).</summary>
        public bool? Verified { get; set; }

        /// <summary>Bytes removing this backup frees (its info file and the data only it references).</summary>
        public long Bytes { get; set; }

        /// <summary>Where the facts came from: <c>manifest</c>, <c>info</c> or <c>unreadable</c>.</summary>
        public string Source { get; set; } = "info";

        /// <summary>Why the snapshot could not be read (Source = unreadable).</summary>
        public string? Problem { get; set; }

        /// <inheritdoc />
        public override string ToString() => $"{Database}/{Label}@{Timestamp}";
    }

    /// <summary>A retention policy. Null limits are not applied.</summary>
    public sealed class RetentionPolicy
    {
        /// <summary>Remove backups older than this many days (unless something else keeps them).</summary>
        public int? RetentionDays { get; set; }

        /// <summary>Never remove a backup younger than this many days.</summary>
        public int? MinRetentionDays { get; set; }

        /// <summary>Keep at most this many backups per database (the oldest removable ones go).</summary>
        public int? MaxSnapshots { get; set; }

        /// <summary>Always keep at least the newest this many backups per database.</summary>
        public int? MinSnapshots { get; set; }

        /// <summary>Keep the newest backup of each of the newest N days that have backups (UTC days).</summary>
        public int? KeepDaily { get; set; }

        /// <summary>Keep the newest backup of each of the newest N ISO weeks that have backups.</summary>
        public int? KeepWeekly { get; set; }

        /// <summary>Keep the newest backup of each of the newest N months that have backups.</summary>
        public int? KeepMonthly { get; set; }

        /// <summary>Keep the newest backup whose latest verification passed (default on).</summary>
        public bool KeepNewestVerified { get; set; } = true;

        /// <summary>Checks the values (InvalidArgument).</summary>
        public void Validate()
        {
            void NonNegative(int? v, string name)
            {
                if (v < 0)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"{name} must not be negative.");
                }
            }

            NonNegative(RetentionDays, nameof(RetentionDays));
            NonNegative(MinRetentionDays, nameof(MinRetentionDays));
            NonNegative(MaxSnapshots, nameof(MaxSnapshots));
            NonNegative(MinSnapshots, nameof(MinSnapshots));
            NonNegative(KeepDaily, nameof(KeepDaily));
            NonNegative(KeepWeekly, nameof(KeepWeekly));
            NonNegative(KeepMonthly, nameof(KeepMonthly));
            if (MaxSnapshots.HasValue && MinSnapshots.HasValue && MaxSnapshots < MinSnapshots)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"MaxSnapshots ({MaxSnapshots}) is below MinSnapshots ({MinSnapshots}).");
            }

            if (RetentionDays.HasValue && MinRetentionDays.HasValue && RetentionDays < MinRetentionDays)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"RetentionDays ({RetentionDays}) is below MinRetentionDays ({MinRetentionDays}).");
            }
        }
    }

    /// <summary>The planner's verdict on one backup.</summary>
    public sealed class RetentionDecision
    {
        internal RetentionDecision(RetentionSnapshot snapshot)
        {
            Snapshot = snapshot;
        }

        /// <summary>The backup.</summary>
        public RetentionSnapshot Snapshot { get; }

        /// <summary>True to keep, false to remove.</summary>
        public bool Keep { get; internal set; } = true;

        /// <summary>True when a rule that can never be overridden keeps it (floor, needed, verified, representative, unreadable).</summary>
        public bool Protected { get; internal set; }

        /// <summary>Every reason, most important first.</summary>
        public List<string> Reasons { get; } = new List<string>();

        /// <inheritdoc />
        public override string ToString() => $"{(Keep ? "keep" : "remove")} {Snapshot}: {string.Join("; ", Reasons)}";
    }

    /// <summary>The planner's result.</summary>
    public sealed class RetentionPlan
    {
        internal RetentionPlan(IReadOnlyList<RetentionDecision> decisions) => Decisions = decisions;

        /// <summary>One decision per backup, by database, newest first.</summary>
        public IReadOnlyList<RetentionDecision> Decisions { get; }

        /// <summary>Bytes the removals free.</summary>
        public long BytesFreed
        {
            get
            {
                long sum = 0;
                foreach (RetentionDecision d in Decisions)
                {
                    sum += d.Keep ? 0 : d.Snapshot.Bytes;
                }

                return sum;
            }
        }
    }
}
