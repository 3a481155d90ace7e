using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.Verification
{
    /// <summary>Kinds of verification findings.</summary>
    public static class FindingKinds
    {
        /// <summary>An object the snapshot needs is not there.</summary>
        public const string Missing = "Missing";

        /// <summary>An object's content does not match the MD5 in its name.</summary>
        public const string Corrupt = "Corrupt";

        /// <summary>An object that should not be there (a leftover <c>.part</c> upload).</summary>
        public const string Stray = "Stray";

        /// <summary>An object that could not be read or parsed.</summary>
        public const string Unreadable = "Unreadable";

        /// <summary>A restored table or partition that differs from what was backed up (restore drill).</summary>
        public const string Different = "Different";

        /// <summary>The restore itself failed (restore drill).</summary>
        public const string RestoreFailed = "RestoreFailed";
    }

    /// <summary>One problem found.</summary>
    public sealed class VerificationFinding
    {
        /// <summary>Creates a finding.</summary>
        public VerificationFinding(string kind, string key, string detail)
        {
            Kind = kind;
            Key = key;
            Detail = detail;
        }

        /// <summary>One of <see cref="FindingKinds"/>.</summary>
        public string Kind { get; }

        /// <summary>The object key (or table/partition for a drill).</summary>
        public string Key { get; }

        /// <summary>What is wrong.</summary>
        public string Detail { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Kind} {Key}: {Detail}";
    }

    /// <summary>The result of verifying one snapshot timestamp in storage.</summary>
    public sealed class SnapshotVerificationResult
    {
        /// <summary>The repository.</summary>
        public string Repository { get; internal set; } = string.Empty;

        /// <summary>The label.</summary>
        public string Label { get; internal set; } = string.Empty;

        /// <summary>The timestamp.</summary>
        public string Timestamp { get; internal set; } = string.Empty;

        /// <summary>The source database from the info file (empty when unreadable).</summary>
        public string Database { get; internal set; } = string.Empty;

        /// <summary>Data files the info file lists.</summary>
        public int FilesListed { get; internal set; }

        /// <summary>Objects whose MD5 was computed.</summary>
        public int ObjectsChecked { get; internal set; }

        /// <summary>Bytes read.</summary>
        public long BytesChecked { get; internal set; }

        /// <summary>How the meta file was checked.</summary>
        public string MetaCheck { get; internal set; } = string.Empty;

        /// <summary>The findings whose key is kept: every finding, up to the verifier's cap per kind (default 1000), by kind then key.</summary>
        public IReadOnlyList<VerificationFinding> Findings { get; internal set; } = Array.Empty<VerificationFinding>();

        /// <summary>How many findings of each kind there are, including those beyond the cap whose key was not kept.</summary>
        public IReadOnlyDictionary<string, int> FindingCounts { get; internal set; } = new Dictionary<string, int>();

        /// <summary>Every finding, counted (≥ <see cref="Findings"/>.Count).</summary>
        public int FindingCount => Math.Max(Findings.Count, FindingCounts.Values.Sum());

        /// <summary>Findings counted but not kept (beyond the cap per kind).</summary>
        public int FindingsOmitted => FindingCount - Findings.Count;

        /// <summary>True when nothing was found.</summary>
        public bool Passed => FindingCount == 0;

        /// <summary>Where the verification record was written (null when not written).</summary>
        public string? RecordKey { get; internal set; }

        /// <summary>Findings of one kind.</summary>
        public IEnumerable<VerificationFinding> OfKind(string kind) => Findings.Where(f => f.Kind == kind);

        /// <summary>A one-line summary.</summary>
        public string Summary =>
            Passed
                ? $"passed: {ObjectsChecked} object(s), {BytesChecked} bytes checked"
                : $"failed: {string.Join(", ", Counts().Select(c => $"{c.Value} {c.Key.ToLowerInvariant()}"))} ({ObjectsChecked} object(s) checked"
                  + (FindingsOmitted > 0 ? $"; {FindingsOmitted} finding(s) counted without their key" : string.Empty) + ")";

        private IEnumerable<KeyValuePair<string, int>> Counts() =>
            FindingCounts.Count > 0
                ? FindingCounts.OrderBy(c => c.Key, StringComparer.Ordinal)
                : Findings.GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new KeyValuePair<string, int>(g.Key, g.Count()));

        /// <inheritdoc />
        public override string ToString() => $"{Repository}/{Label}@{Timestamp}: {Summary}";
    }
}
