using System;
using System.Linq;
using StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Verification;

namespace StarRocksBackup
{
    /// <summary>What Remove-SrSnapshot removed.</summary>
    public sealed class SnapshotRemovalInfo
    {
        /// <summary>The repository.</summary>
        public string Repository { get; private set; } = string.Empty;

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; private set; } = string.Empty;

        /// <summary>The timestamps removed.</summary>
        public string[] Timestamps { get; private set; } = Array.Empty<string>();

        /// <summary>True when the whole label is gone.</summary>
        public bool WholeLabel { get; private set; }

        /// <summary>DropSnapshot (4.2's DROP SNAPSHOT) or Storage (objects deleted directly).</summary>
        public string Method { get; private set; } = string.Empty;

        /// <summary>Objects deleted (-1 when DROP SNAPSHOT ran and storage could not be counted).</summary>
        public long ObjectsDeleted { get; private set; }

        /// <summary>Bytes deleted (-1 as for <see cref="ObjectsDeleted"/>).</summary>
        public long BytesDeleted { get; private set; }

        /// <summary>True when an interrupted deletion was finished.</summary>
        public bool Resumed { get; private set; }

        /// <inheritdoc />
        public override string ToString() => $"{Repository}/{Snapshot} ({Method}): {ObjectsDeleted} object(s)";

        internal static SnapshotRemovalInfo From(SnapshotRemovalResult r) => new SnapshotRemovalInfo
        {
            Repository = r.Repository,
            Snapshot = r.Label,
            Timestamps = r.Timestamps.ToArray(),
            WholeLabel = r.WholeLabel,
            Method = r.Method,
            ObjectsDeleted = r.ObjectsDeleted,
            BytesDeleted = r.BytesDeleted,
            Resumed = r.Resumed,
        };
    }

    /// <summary>Invoke-SrRetention's decision on one backup (label + timestamp).</summary>
    public sealed class RetentionDecisionInfo
    {
        /// <summary>The repository.</summary>
        public string Repository { get; private set; } = string.Empty;

        /// <summary>The source database (empty when the snapshot's info is unreadable).</summary>
        public string Database { get; private set; } = string.Empty;

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; private set; } = string.Empty;

        /// <summary>The backup timestamp.</summary>
        public string Timestamp { get; private set; } = string.Empty;

        /// <summary>When the backup finished or was taken (UTC).</summary>
        public DateTime Time { get; private set; }

        /// <summary>Keep or Remove.</summary>
        public string Action { get; private set; } = string.Empty;

        /// <summary>True when a rule that cannot be overridden keeps it.</summary>
        public bool Protected { get; private set; }

        /// <summary>The reasons, joined.</summary>
        public string Reason { get; private set; } = string.Empty;

        /// <summary>Every reason.</summary>
        public string[] Reasons { get; private set; } = Array.Empty<string>();

        /// <summary>Bytes removing it frees.</summary>
        public long Bytes { get; private set; }

        /// <summary>The newest verification's verdict (null: never verified).</summary>
        public bool? Verified { get; private set; }

        /// <summary>Where the facts came from: manifest, info or unreadable.</summary>
        public string Source { get; private set; } = string.Empty;

        /// <summary>True when the backup was removed in this run.</summary>
        public bool Removed { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{Action} {Snapshot}@{Timestamp}: {Reason}";

        internal static RetentionDecisionInfo From(string repository, RetentionDecision d) => new RetentionDecisionInfo
        {
            Repository = repository,
            Database = d.Snapshot.Database,
            Snapshot = d.Snapshot.Label,
            Timestamp = d.Snapshot.Timestamp,
            Time = d.Snapshot.TimeUtc,
            Action = d.Keep ? "Keep" : "Remove",
            Protected = d.Protected,
            Reason = string.Join("; ", d.Reasons),
            Reasons = d.Reasons.ToArray(),
            Bytes = d.Snapshot.Bytes,
            Verified = d.Snapshot.Verified,
            Source = d.Snapshot.Source,
        };
    }

    /// <summary>One finding of a verification.</summary>
    public sealed class VerificationFindingInfo
    {
        internal VerificationFindingInfo(VerificationFinding f)
        {
            Kind = f.Kind;
            Key = f.Key;
            Detail = f.Detail;
        }

        /// <summary>Missing, Corrupt, Stray, Unreadable, Different or RestoreFailed.</summary>
        public string Kind { get; }

        /// <summary>The object key (or table/partition).</summary>
        public string Key { get; }

        /// <summary>What is wrong.</summary>
        public string Detail { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Kind} {Key}: {Detail}";
    }

    /// <summary>Test-SrSnapshot's result for one backup.</summary>
    public sealed class SnapshotVerificationInfo
    {
        /// <summary>The repository.</summary>
        public string Repository { get; private set; } = string.Empty;

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; private set; } = string.Empty;

        /// <summary>The backup timestamp.</summary>
        public string Timestamp { get; private set; } = string.Empty;

        /// <summary>The source database.</summary>
        public string Database { get; private set; } = string.Empty;

        /// <summary>True when nothing was found.</summary>
        public bool Passed { get; private set; }

        /// <summary>Data files the info file lists.</summary>
        public int FilesListed { get; private set; }

        /// <summary>Objects whose MD5 was computed.</summary>
        public int ObjectsChecked { get; private set; }

        /// <summary>Bytes read.</summary>
        public long BytesChecked { get; private set; }

        /// <summary>How the meta file was checked.</summary>
        public string MetaCheck { get; private set; } = string.Empty;

        /// <summary>Keys of missing objects.</summary>
        public string[] Missing { get; private set; } = Array.Empty<string>();

        /// <summary>Keys of objects whose MD5 differs from their name.</summary>
        public string[] Corrupt { get; private set; } = Array.Empty<string>();

        /// <summary>Keys of stray (.part) objects.</summary>
        public string[] Stray { get; private set; } = Array.Empty<string>();

        /// <summary>Keys of unreadable objects.</summary>
        public string[] Unreadable { get; private set; } = Array.Empty<string>();

        /// <summary>Every finding with its detail (at most 1000 of each kind; see FindingCount and FindingsOmitted).</summary>
        public VerificationFindingInfo[] Findings { get; private set; } = Array.Empty<VerificationFindingInfo>();

        /// <summary>Every finding, counted (including those whose key was not kept).</summary>
        public int FindingCount { get; private set; }

        /// <summary>Findings counted but not listed (beyond 1000 of one kind).</summary>
        public int FindingsOmitted { get; private set; }

        /// <summary>A one-line summary.</summary>
        public string Summary { get; private set; } = string.Empty;

        /// <summary>The verification record written (null with -NoRecord).</summary>
        public string? RecordKey { get; private set; }

        /// <inheritdoc />
        public override string ToString() => $"{Repository}/{Snapshot}@{Timestamp}: {Summary}";

        internal static SnapshotVerificationInfo From(SnapshotVerificationResult r) => new SnapshotVerificationInfo
        {
            Repository = r.Repository,
            Snapshot = r.Label,
            Timestamp = r.Timestamp,
            Database = r.Database,
            Passed = r.Passed,
            FilesListed = r.FilesListed,
            ObjectsChecked = r.ObjectsChecked,
            BytesChecked = r.BytesChecked,
            MetaCheck = r.MetaCheck,
            Missing = Keys(r, FindingKinds.Missing),
            Corrupt = Keys(r, FindingKinds.Corrupt),
            Stray = Keys(r, FindingKinds.Stray),
            Unreadable = Keys(r, FindingKinds.Unreadable),
            Findings = r.Findings.Select(f => new VerificationFindingInfo(f)).ToArray(),
            FindingCount = r.FindingCount,
            FindingsOmitted = r.FindingsOmitted,
            Summary = r.Summary,
            RecordKey = r.RecordKey,
        };

        private static string[] Keys(SnapshotVerificationResult r, string kind) => r.OfKind(kind).Select(f => f.Key).ToArray();
    }
}
