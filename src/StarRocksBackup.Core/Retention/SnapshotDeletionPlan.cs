using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.Retention
{
    /// <summary>
    /// What deleting a snapshot in object storage will delete, in the order it will go: the <c>__info_</c> files first
    /// (SHOW SNAPSHOT stops listing the timestamps at once), then <c>__meta</c>, then the data.
    /// </summary>
    public sealed class SnapshotDeletionPlan
    {
        /// <summary>The repository.</summary>
        public string Repository { get; internal set; } = string.Empty;

        /// <summary>The label.</summary>
        public string Label { get; internal set; } = string.Empty;

        /// <summary>True when the whole label folder goes.</summary>
        public bool WholeLabel { get; internal set; }

        /// <summary>The timestamps removed (for a whole label: every valid one found).</summary>
        public IReadOnlyList<string> Timestamps { get; internal set; } = Array.Empty<string>();

        /// <summary>The timestamps of the label that stay (partial deletion).</summary>
        public IReadOnlyList<string> RemainingTimestamps { get; internal set; } = Array.Empty<string>();

        /// <summary>True when an interrupted deletion's journal was found and this plan finishes it.</summary>
        public bool ResumesJournal { get; internal set; }

        /// <summary>Keys of the <c>__info_</c> files to delete (first).</summary>
        public IReadOnlyList<string> InfoKeys { get; internal set; } = Array.Empty<string>();

        /// <summary>Keys of the <c>__meta</c> files to delete (second; whole label only: the meta is shared by the label's timestamps).</summary>
        public IReadOnlyList<string> MetaKeys { get; internal set; } = Array.Empty<string>();

        /// <summary>Keys of the data (and any other object of the folder) to delete (last).</summary>
        public IReadOnlyList<string> DataKeys { get; internal set; } = Array.Empty<string>();

        /// <summary>Objects of the label's data kept because a remaining timestamp references them.</summary>
        public int SharedObjectsKept { get; internal set; }

        /// <summary>Number of objects to delete.</summary>
        public int ObjectCount => InfoKeys.Count + MetaKeys.Count + DataKeys.Count;

        /// <summary>Bytes to delete.</summary>
        public long Bytes { get; internal set; }

        /// <summary>The bucket.</summary>
        internal string Bucket { get; set; } = string.Empty;

        /// <summary>One line for -WhatIf and -Verbose.</summary>
        public string Describe()
        {
            string what = WholeLabel
                ? $"snapshot '{Label}' (every timestamp: {(Timestamps.Count == 0 ? "none valid" : string.Join(", ", Timestamps))})"
                : $"timestamp(s) {string.Join(", ", Timestamps)} of snapshot '{Label}' (keeping {string.Join(", ", RemainingTimestamps)}; {SharedObjectsKept} shared object(s) stay)";
            return $"{(ResumesJournal ? "Finish the interrupted deletion of " : "Delete ")}{what} in repository '{Repository}': {ObjectCount} object(s), {Bytes} bytes";
        }

        /// <inheritdoc />
        public override string ToString() => Describe();

        internal IEnumerable<string> AllKeys => InfoKeys.Concat(MetaKeys).Concat(DataKeys);
    }

    /// <summary>The outcome of a snapshot removal.</summary>
    public sealed class SnapshotRemovalResult
    {
        /// <summary>The repository.</summary>
        public string Repository { get; internal set; } = string.Empty;

        /// <summary>The label.</summary>
        public string Label { get; internal set; } = string.Empty;

        /// <summary>The timestamps removed.</summary>
        public IReadOnlyList<string> Timestamps { get; internal set; } = Array.Empty<string>();

        /// <summary>True when the whole label is gone.</summary>
        public bool WholeLabel { get; internal set; }

        /// <summary>How: <c>DropSnapshot</c> (4.2's DROP SNAPSHOT) or <c>Storage</c> (objects deleted directly).</summary>
        public string Method { get; internal set; } = string.Empty;

        /// <summary>Objects deleted (for DROP SNAPSHOT: counted before, when storage could be listed; else -1).</summary>
        public long ObjectsDeleted { get; internal set; }

        /// <summary>Bytes deleted (as <see cref="ObjectsDeleted"/>).</summary>
        public long BytesDeleted { get; internal set; }

        /// <summary>True when an interrupted deletion was finished.</summary>
        public bool Resumed { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{Repository}/{Label} {Method}: {ObjectsDeleted} object(s), {BytesDeleted} bytes";
    }
}
