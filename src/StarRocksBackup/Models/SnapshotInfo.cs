using System;
using System.Collections.Generic;
using System.Linq;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup
{
    /// <summary>
    /// One backup of a snapshot label in a repository (SHOW SNAPSHOT), as Get-SrSnapshot returns it: one object
    /// per timestamp, so that piping it to Restore-SrSnapshot restores exactly that backup.
    /// </summary>
    public sealed class SnapshotInfo
    {
        private SnapshotInfo(string repository, string snapshot, SnapshotTimestamp? timestamp, string status, bool isOk, ServerInfo? server)
        {
            Repository = repository;
            Snapshot = snapshot;
            Timestamp = timestamp?.Text;
            Time = timestamp is null ? null : ServerTime.From(timestamp.Value, server);
            Status = status;
            IsOk = isOk;
            Tables = Array.Empty<string>();
            Views = Array.Empty<string>();
            InvalidEntries = Array.Empty<string>();
        }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; }

        /// <summary>The backup timestamp (yyyy-MM-dd-HH-mm-ss-SSS), the value RESTORE needs; null when the label has none.</summary>
        public string? Timestamp { get; }

        /// <summary><see cref="Timestamp"/> as a time (FE time zone).</summary>
        public DateTimeOffset? Time { get; }

        /// <summary>OK, or the server's error for this label.</summary>
        public string Status { get; }

        /// <summary>True when the server could read the snapshot.</summary>
        public bool IsOk { get; }

        /// <summary>True when the object carries the detailed information (-Detailed).</summary>
        public bool IsDetailed { get; private set; }

        /// <summary>The source database recorded in the snapshot (-Detailed only).</summary>
        public string? Database { get; private set; }

        /// <summary>
        /// Tables in the snapshot (-Detailed only). From the info file alone asynchronous materialized views are among them
        /// (StarRocks lists an MV like a table there); when the snapshot's __meta file could be read (storage access for the
        /// repository is registered in the session) they are in <see cref="MaterializedViews"/> instead.
        /// </summary>
        public string[] Tables { get; private set; }

        /// <summary>Asynchronous materialized views (-Detailed, from the __meta file; null when it was not read).</summary>
        public string[]? MaterializedViews { get; private set; }

        /// <summary>Functions, as name(argument types) (-Detailed, from the __meta file; null when it was not read).</summary>
        public string[]? Functions { get; private set; }

        /// <summary>External catalogs, with their type (-Detailed, from the __meta file; null when it was not read).</summary>
        public string[]? ExternalCatalogs { get; private set; }

        /// <summary>Logical views in the snapshot (-Detailed only; 3.4+ snapshots): the info file's entries without partitions.</summary>
        public string[] Views { get; private set; }

        /// <summary>Every object the snapshot holds, by kind: "Table orders", "View v", "MaterializedView mv", "Function f(INT)", "ExternalCatalog c (hive)" (-Detailed only).</summary>
        public string[] Objects => Tables.Select(t => "Table " + t).Concat(Views.Select(v => "View " + v))
            .Concat((MaterializedViews ?? Array.Empty<string>()).Select(m => "MaterializedView " + m))
            .Concat((Functions ?? Array.Empty<string>()).Select(f => "Function " + f))
            .Concat((ExternalCatalogs ?? Array.Empty<string>()).Select(c => "ExternalCatalog " + c)).ToArray();

        /// <summary>
        /// What the info file cannot show (-Detailed only): StarRocks keeps a snapshot's functions and external catalogs only in
        /// its __meta file, and lists materialized views with the tables.
        /// </summary>
        public string? NotListed { get; private set; }

        /// <summary>When the backup was taken, from the snapshot's info file (-Detailed only).</summary>
        public DateTimeOffset? BackupTime { get; private set; }

        /// <summary>The snapshot's info JSON as the server sent it (-Detailed only).</summary>
        public string? Details { get; private set; }

        /// <summary>Entries the server flagged as invalid for this label.</summary>
        public string[] InvalidEntries { get; private set; }

        /// <inheritdoc />
        public override string ToString() => Timestamp is null ? $"{Repository}/{Snapshot}" : $"{Repository}/{Snapshot}@{Timestamp}";

        /// <summary>One object per timestamp of the label (one object without a timestamp when it has none).</summary>
        internal static IEnumerable<SnapshotInfo> From(Snapshot snapshot, ServerInfo? server)
        {
            string[] invalid = snapshot.InvalidEntries.ToArray();
            if (snapshot.Timestamps.Count == 0)
            {
                yield return new SnapshotInfo(snapshot.Repository, snapshot.Name, null, snapshot.Status, false, server) { InvalidEntries = invalid };
                yield break;
            }

            foreach (SnapshotTimestamp timestamp in snapshot.Timestamps)
            {
                yield return new SnapshotInfo(snapshot.Repository, snapshot.Name, timestamp, snapshot.Status, snapshot.IsOk, server) { InvalidEntries = invalid };
            }
        }

        /// <summary>
        /// The detailed form (SHOW SNAPSHOT … WHERE SNAPSHOT = … AND TIMESTAMP = …), completed from the snapshot's __meta file
        /// when <paramref name="meta"/> could be read.
        /// </summary>
        internal static SnapshotInfo From(SnapshotDetail detail, ServerInfo? server, Core.Parsing.SnapshotMetaContents? meta = null)
        {
            var mvs = new HashSet<string>(meta?.MaterializedViews ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            return new SnapshotInfo(detail.Repository, detail.Name, detail.Timestamp, detail.Status, detail.IsOk, server)
            {
                IsDetailed = true,
                Database = detail.Database,
                Tables = detail.Tables.Select(t => t.Name).Where(t => !mvs.Contains(t)).ToArray(),
                Views = detail.Views.ToArray(),
                MaterializedViews = meta?.MaterializedViews.ToArray(),
                Functions = meta?.Functions.ToArray(),
                ExternalCatalogs = meta?.ExternalCatalogs.ToArray(),
                NotListed = meta != null ? null
                    : "Functions and external catalogs (kept only in the snapshot's __meta file; register storage access with Set-SrRepositoryStorage to list them); materialized views are listed under Tables.",
                BackupTime = ServerTime.FromUtc(detail.BackupTimeUtc),
                Details = detail.DetailsJson,
            };
        }
    }
}
