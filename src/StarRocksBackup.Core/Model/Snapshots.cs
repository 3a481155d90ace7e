using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace StarRocksBackup.Core.Model
{
    /// <summary>
    /// A snapshot timestamp (<c>yyyy-MM-dd-HH-mm-ss-SSS</c>, or seconds-only from old versions), in the FE JVM's
    /// time zone. <see cref="Text"/> is what RESTORE needs as <c>backup_timestamp</c>.
    /// </summary>
    public sealed class SnapshotTimestamp : IComparable<SnapshotTimestamp>
    {
        private static readonly string[] s_formats = { "yyyy-MM-dd-HH-mm-ss-fff", "yyyy-MM-dd-HH-mm-ss" };

        private SnapshotTimestamp(string text, DateTime value)
        {
            Text = text;
            Value = value;
        }

        /// <summary>The text exactly as the server sent it.</summary>
        public string Text { get; }

        /// <summary>The decoded time (<see cref="DateTimeKind.Unspecified"/>, FE JVM time zone).</summary>
        public DateTime Value { get; }

        /// <summary>Parses one timestamp; null when it is not in either format.</summary>
        public static SnapshotTimestamp? TryParse(string? text)
        {
            string t = (text ?? string.Empty).Trim();
            return DateTime.TryParseExact(t, s_formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime v)
                ? new SnapshotTimestamp(t, DateTime.SpecifyKind(v, DateTimeKind.Unspecified))
                : null;
        }

        /// <inheritdoc />
        public int CompareTo(SnapshotTimestamp? other) =>
            other is null ? 1 : Value != other.Value ? Value.CompareTo(other.Value) : string.CompareOrdinal(Text, other.Text);

        /// <inheritdoc />
        public override string ToString() => Text;
    }

    /// <summary>A row of SHOW SNAPSHOT ON repo (plain form, starrocks-facts.md §2.3).</summary>
    public sealed class Snapshot
    {
        /// <summary>The repository.</summary>
        public string Repository { get; init; } = string.Empty;

        /// <summary>The label.</summary>
        public string Name { get; init; } = string.Empty;

        /// <summary>Every backup timestamp recorded for the label, oldest first.</summary>
        public IReadOnlyList<SnapshotTimestamp> Timestamps { get; init; } = Array.Empty<SnapshotTimestamp>();

        /// <summary>Entries the server flagged (<c>Invalid: &lt;file&gt;</c>) or that could not be decoded.</summary>
        public IReadOnlyList<string> InvalidEntries { get; init; } = Array.Empty<string>();

        /// <summary><c>Status</c> as sent: <c>OK</c>, <c>ERROR: no snapshot</c>, <c>ERROR: Failed to get info: …</c>.</summary>
        public string Status { get; init; } = string.Empty;

        /// <summary>True when the server says OK and at least one timestamp exists.</summary>
        public bool IsOk => Status == "OK" && Timestamps.Count > 0;

        /// <summary>The newest timestamp, or null.</summary>
        public SnapshotTimestamp? Latest => Timestamps.Count == 0 ? null : Timestamps[Timestamps.Count - 1];

        /// <inheritdoc />
        public override string ToString() => $"{Repository}/{Name} [{string.Join(", ", Timestamps.Select(t => t.Text))}] {Status}";
    }

    /// <summary>A table recorded in a snapshot's job info (its partitions, with the versions they had).</summary>
    public sealed class SnapshotTable
    {
        /// <summary>Creates an entry.</summary>
        public SnapshotTable(string name, IReadOnlyList<SnapshotPartition> partitions)
        {
            Name = name;
            Partitions = partitions;
        }

        /// <summary>The table name in the source database.</summary>
        public string Name { get; }

        /// <summary>Partitions in the snapshot.</summary>
        public IReadOnlyList<SnapshotPartition> Partitions { get; }

        /// <inheritdoc />
        public override string ToString() => Name;
    }

    /// <summary>A partition in a snapshot.</summary>
    public sealed class SnapshotPartition
    {
        /// <summary>Creates an entry.</summary>
        public SnapshotPartition(string name, long? id, long? version)
        {
            Name = name;
            Id = id;
            Version = version;
        }

        /// <summary>Partition name.</summary>
        public string Name { get; }

        /// <summary>Partition id at backup time.</summary>
        public long? Id { get; }

        /// <summary>Visible version at backup time.</summary>
        public long? Version { get; }
    }

    /// <summary>SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'x' AND TIMESTAMP = 'y' (detailed form).</summary>
    public sealed class SnapshotDetail
    {
        /// <summary>The repository.</summary>
        public string Repository { get; init; } = string.Empty;

        /// <summary>The label.</summary>
        public string Name { get; init; } = string.Empty;

        /// <summary>The timestamp.</summary>
        public SnapshotTimestamp? Timestamp { get; init; }

        /// <summary>The source database recorded in the snapshot.</summary>
        public string Database { get; init; } = string.Empty;

        /// <summary>The <c>Details</c> JSON as sent.</summary>
        public string DetailsJson { get; init; } = string.Empty;

        /// <summary>
        /// Logical views in the snapshot (3.4+): the info file's backup_objects entries without partitions. Materialized views
        /// are among <see cref="Tables"/>; functions and external catalogs are not in the info file (only in __meta).
        /// </summary>
        public IReadOnlyList<string> Views { get; init; } = Array.Empty<string>();

        /// <summary>Tables decoded from <c>backup_objects</c>.</summary>
        public IReadOnlyList<SnapshotTable> Tables { get; init; } = Array.Empty<SnapshotTable>();

        /// <summary><c>backup_time</c> (epoch ms) as UTC, when present.</summary>
        public DateTime? BackupTimeUtc { get; init; }

        /// <summary><c>Status</c>: <c>OK</c> or <c>Failed to get info: …</c>.</summary>
        public string Status { get; init; } = string.Empty;

        /// <summary>True when the server could read the snapshot's info.</summary>
        public bool IsOk => Status == "OK";

        /// <inheritdoc />
        public override string ToString() => $"{Repository}/{Name}@{Timestamp} db {Database}: {Tables.Count} table(s) {Status}";
    }
}
