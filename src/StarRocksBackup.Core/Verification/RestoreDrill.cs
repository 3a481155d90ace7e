using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Sql;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.Verification
{
    /// <summary>What to drill.</summary>
    public sealed class RestoreDrillRequest
    {
        /// <summary>The repository.</summary>
        public string Repository { get; set; } = string.Empty;

        /// <summary>The label.</summary>
        public string Label { get; set; } = string.Empty;

        /// <summary>The timestamp (null: the latest of the label).</summary>
        public string? Timestamp { get; set; }

        /// <summary>The scratch database (must not exist); null: <c>drill_&lt;label&gt;_&lt;random&gt;</c>.</summary>
        public string? ScratchDatabase { get; set; }

        /// <summary>Keep the scratch database afterwards.</summary>
        public bool Keep { get; set; }

        /// <summary>Compare a content fingerprint of each table (reads every row of both sides).</summary>
        public bool Fingerprint { get; set; } = true;

        /// <summary>How to wait for the restore.</summary>
        public WaitOptions? Wait { get; set; }
    }

    /// <summary>The result of a restore drill.</summary>
    public sealed class RestoreDrillResult
    {
        /// <summary>The repository.</summary>
        public string Repository { get; internal set; } = string.Empty;

        /// <summary>The label.</summary>
        public string Label { get; internal set; } = string.Empty;

        /// <summary>The timestamp.</summary>
        public string Timestamp { get; internal set; } = string.Empty;

        /// <summary>The source database recorded in the snapshot.</summary>
        public string Database { get; internal set; } = string.Empty;

        /// <summary>The scratch database restored into.</summary>
        public string ScratchDatabase { get; internal set; } = string.Empty;

        /// <summary>True when the scratch database was dropped.</summary>
        public bool ScratchDropped { get; internal set; }

        /// <summary>replication_num the restore used.</summary>
        public int? ReplicationNum { get; internal set; }

        /// <summary>Partitions whose row count was compared.</summary>
        public int PartitionsCompared { get; internal set; }

        /// <summary>Partitions whose expected row count was unknown (no manifest count and the source changed or is gone).</summary>
        public int PartitionsNotCompared { get; internal set; }

        /// <summary>Tables whose content fingerprint was compared.</summary>
        public int TablesFingerprinted { get; internal set; }

        /// <summary>Rows restored.</summary>
        public long RowsRestored { get; internal set; }

        /// <summary>Notes on what could not be compared and why.</summary>
        public IReadOnlyList<string> Notes { get; internal set; } = Array.Empty<string>();

        /// <summary>Findings (RestoreFailed, Different).</summary>
        public IReadOnlyList<VerificationFinding> Findings { get; internal set; } = Array.Empty<VerificationFinding>();

        /// <summary>True when the restore finished and nothing differed.</summary>
        public bool Passed => Findings.Count == 0;

        /// <summary>The verification record written (null when not written).</summary>
        public string? RecordKey { get; internal set; }

        /// <summary>A one-line summary.</summary>
        public string Summary => Passed
            ? $"passed: {RowsRestored} row(s) restored, {PartitionsCompared} partition count(s) and {TablesFingerprinted} table fingerprint(s) matched"
            : $"FAILED: {string.Join("; ", Findings.Take(3).Select(f => f.ToString()))}{(Findings.Count > 3 ? $" (+{Findings.Count - 3} more)" : string.Empty)}";
    }

    /// <summary>
    /// A restore drill: restores a snapshot into a new scratch database (replication_num no higher than the alive
    /// backends, through <see cref="RestoreService"/>), compares what came back with what was backed up — row counts per
    /// partition from the catalog manifest, else from the source partition when its version still equals the
    /// snapshot's; a content fingerprint per table (an order-independent hash of every row, computed by the client, so
    /// it works on any StarRocks) against the unchanged source — drops the scratch database and records the result.
    /// </summary>
    public sealed class RestoreDrillService
    {
        private readonly StarRocksClient _client;
        private readonly RepositoryStorage? _storage;

        /// <summary>Creates the service; <paramref name="storage"/> (optional) supplies manifests and receives the record.</summary>
        public RestoreDrillService(StarRocksClient client, RepositoryStorage? storage)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _storage = storage;
        }

        /// <summary>Runs the drill. Failures of the restore or differences are findings, not exceptions.</summary>
        public async Task<RestoreDrillResult> RunAsync(RestoreDrillRequest request, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            observer ??= NullObserver.Instance;
            NameRules.CheckLabel(request.Label);
            string? ts = request.Timestamp;
            if (ts is null)
            {
                Snapshot snap = await _client.Snapshots.GetAsync(request.Repository, request.Label, observer, cancellationToken).ConfigureAwait(false)
                    ?? throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Repository '{request.Repository}' has no snapshot '{request.Label}'.");
                ts = snap.Latest?.Text ?? throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Snapshot '{request.Label}' has no timestamp.");
            }

            SnapshotDetail detail = await _client.Snapshots.GetDetailAsync(request.Repository, request.Label, ts, observer, cancellationToken).ConfigureAwait(false);
            string scratch = request.ScratchDatabase ?? $"drill_{Sanitize(request.Label)}_{Guid.NewGuid().ToString("N").Substring(0, 8)}";
            NameRules.CheckDatabaseName(scratch);
            if (await _client.Catalog.DatabaseExistsAsync(scratch, observer, cancellationToken).ConfigureAwait(false))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The scratch database '{scratch}' exists; a drill restores only into a new database.");
            }

            var result = new RestoreDrillResult { Repository = request.Repository, Label = request.Label, Timestamp = ts, Database = detail.Database, ScratchDatabase = scratch };
            var findings = new List<VerificationFinding>();
            var notes = new List<string>();
            try
            {
                var restore = new RestoreRequest { Repository = request.Repository, Snapshot = request.Label, Timestamp = ts, SourceDatabase = detail.Database, TargetDatabase = scratch };
                RestorePlan plan = await _client.Restores.PlanAsync(restore, observer, cancellationToken).ConfigureAwait(false);
                result.ReplicationNum = plan.ReplicationNum;
                observer.Verbose($"Drill: {plan.Sql}");
                RestoreJob job = await _client.Restores.StartAsync(plan, observer, cancellationToken).ConfigureAwait(false);
                JobWaitResult waited = (await _client.Jobs.WaitAsync(new JobInfo[] { job }, request.Wait, observer, cancellationToken).ConfigureAwait(false))[0];
                if (waited.Error is not null || !waited.Job.IsFinished)
                {
                    findings.Add(new VerificationFinding(FindingKinds.RestoreFailed, $"{request.Repository}/{request.Label}@{ts}",
                        waited.Error?.Message ?? waited.Job.FailureText));
                }
                else
                {
                    await CompareAsync(request, detail, ts, scratch, result, findings, notes, observer, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (!request.Keep)
                {
                    try
                    {
                        if (await _client.Catalog.DatabaseExistsAsync(scratch, observer, CancellationToken.None).ConfigureAwait(false))
                        {
                            await _client.Session.ExecuteAsync("DROP DATABASE " + SqlQuote.Identifier(scratch) + " FORCE", StatementSafety.NonIdempotent, observer, CancellationToken.None).ConfigureAwait(false);
                        }

                        result.ScratchDropped = true;
                    }
                    catch (StarRocksBackupException ex)
                    {
                        observer.Warning($"The scratch database '{scratch}' could not be dropped: {ex.Message}");
                    }
                }
            }

            result.Findings = findings;
            result.Notes = notes;
            if (_storage is not null)
            {
                var record = new VerificationRecord
                {
                    Label = request.Label, BackupTimestamp = ts, Database = detail.Database, Kind = VerificationRecord.RestoreDrillKind,
                    Passed = result.Passed, Findings = findings.Count, Detail = result.Summary,
                };
                result.RecordKey = await record.WriteAsync(_storage, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }

        private async Task CompareAsync(RestoreDrillRequest request, SnapshotDetail detail, string ts, string scratch, RestoreDrillResult result,
            List<VerificationFinding> findings, List<string> notes, IOperationObserver observer, CancellationToken cancellationToken)
        {
            ManifestRecord? manifest = null;
            if (_storage is not null)
            {
                manifest = (await ManifestRecord.ListAsync(_storage, notes, cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(m => m.Label == request.Label && m.BackupTimestamp == ts);
            }

            IReadOnlyList<Partition> restored = await _client.Catalog.ListPartitionsAsync(scratch, null, false, observer, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<Partition> source = Array.Empty<Partition>();
            if (await _client.Catalog.DatabaseExistsAsync(detail.Database, observer, cancellationToken).ConfigureAwait(false))
            {
                source = await _client.Catalog.ListPartitionsAsync(detail.Database, null, false, observer, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                notes.Add($"The source database '{detail.Database}' is gone: only the manifest's counts can be compared.");
            }

            result.RowsRestored = restored.Sum(p => p.RowCount ?? 0);
            IReadOnlyList<SnapshotTable> tables = detail.Tables;
            if (_storage is not null)
            {
                // SHOW SNAPSHOT's Details omit partition ids and versions; the __info_ file has them.
                SnapshotFolderListing folder = await SnapshotFolderListing.ListAsync(_storage, request.Label, cancellationToken).ConfigureAwait(false);
                InfoObject? info = folder.ValidInfoFiles.FirstOrDefault(i => i.Timestamp == ts);
                if (info is not null)
                {
                    SnapshotInfoFile parsed = SnapshotInfoFile.Parse(await _storage.Store.GetAsync(_storage.Location.Bucket, info.Object.Key, cancellationToken).ConfigureAwait(false));
                    tables = parsed.Partitions.GroupBy(p => p.Table, StringComparer.Ordinal)
                        .Select(g => new SnapshotTable(g.Key, g.GroupBy(p => p.Partition, StringComparer.Ordinal).Select(pp => new SnapshotPartition(pp.Key, pp.First().PartitionId, pp.First().Version)).ToList()))
                        .ToList();
                }
            }

            // 3.4+: StarRocks' info file lists an asynchronous MV like a table. Its rows are derived from its base tables (and a
            // restored MV waits for a refresh), so it is left out of the comparison.
            var mvs = new HashSet<string>(StringComparer.Ordinal);
            if (_client.Server.SupportsObjectBackup)
            {
                foreach (DatabaseObject mv in await _client.Objects.ListAsync(scratch, DatabaseObjectKind.MaterializedView, observer, cancellationToken).ConfigureAwait(false))
                {
                    mvs.Add(mv.Name);
                }
            }

            foreach (SnapshotTable table in tables)
            {
                if (mvs.Contains(table.Name))
                {
                    notes.Add($"{table.Name}: a materialized view (its rows derive from its base tables); not compared.");
                    continue;
                }

                bool tableUnchanged = true;
                foreach (SnapshotPartition part in table.Partitions)
                {
                    Partition? back = restored.FirstOrDefault(p => p.Table == table.Name && p.Name == part.Name);
                    string where = $"{scratch}.{table.Name} partition {part.Name}";
                    if (back is null)
                    {
                        findings.Add(new VerificationFinding(FindingKinds.Different, where, "the partition is in the snapshot but was not restored"));
                        tableUnchanged = false;
                        continue;
                    }

                    long? expected = manifest?.Partitions.FirstOrDefault(p => p.Table == table.Name && (p.PartitionId == part.Id || p.Partition == part.Name))?.RowCount;
                    Partition? src = source.FirstOrDefault(p => p.Table == table.Name && p.Name == part.Name && (part.Id is null || p.PartitionId == part.Id));
                    bool srcSame = src is not null && part.Version is not null && src.VisibleVersion == part.Version;
                    tableUnchanged &= srcSame;
                    string from = "the manifest";
                    if (expected is null && srcSame)
                    {
                        expected = src!.RowCount;
                        from = "the unchanged source partition";
                    }

                    if (expected is null)
                    {
                        result.PartitionsNotCompared++;
                        notes.Add($"{table.Name}.{part.Name}: no recorded row count and the source changed since the backup (or is gone); not compared.");
                        continue;
                    }

                    result.PartitionsCompared++;
                    if (back.RowCount != expected)
                    {
                        findings.Add(new VerificationFinding(FindingKinds.Different, where, $"{back.RowCount} row(s) restored, {expected} backed up (per {from})"));
                    }
                }

                if (!request.Fingerprint)
                {
                    continue;
                }

                int sourceParts = source.Count(p => p.Table == table.Name);
                if (!tableUnchanged || sourceParts != table.Partitions.Count)
                {
                    notes.Add($"{table.Name}: the source changed since the backup (or the snapshot holds only some partitions); content fingerprint not compared.");
                    continue;
                }

                string a = await FingerprintAsync(detail.Database, table.Name, observer, cancellationToken).ConfigureAwait(false);
                string b = await FingerprintAsync(scratch, table.Name, observer, cancellationToken).ConfigureAwait(false);
                result.TablesFingerprinted++;
                if (a != b)
                {
                    findings.Add(new VerificationFinding(FindingKinds.Different, $"{scratch}.{table.Name}", $"content fingerprint {b} differs from the source's {a}"));
                }
            }
        }

        /// <summary>
        /// An order-independent fingerprint of a table's rows: the row count and the sum and xor of a 64-bit hash of each
        /// row's cells. Computed by the client from <c>SELECT *</c>, because the server functions that could do it
        /// (murmur_hash3_32 and friends) differ between versions; it reads every row, so it is meant for drill-sized data.
        /// </summary>
        internal async Task<string> FingerprintAsync(string database, string table, IOperationObserver observer, CancellationToken cancellationToken)
        {
            ResultTable t = await _client.Session.QueryAsync($"SELECT * FROM {SqlQuote.Identifier(database)}.{SqlQuote.Identifier(table)}", observer, cancellationToken).ConfigureAwait(false);
            ulong sum = 0, xor = 0;
            using SHA256 sha = SHA256.Create();
            var sb = new StringBuilder();
            foreach (ResultRow row in t.Rows)
            {
                sb.Clear();
                for (int i = 0; i < t.Columns.Count; i++)
                {
                    string? cell = row[i];
                    sb.Append(cell is null ? "\u0000N" : cell.Replace("\\", "\\\\").Replace("\t", "\\t")).Append('\t');
                }

                byte[] h = sha.ComputeHash(Encoding.UTF8.GetBytes(sb.ToString()));
                ulong v = BitConverter.ToUInt64(h, 0);
                sum = unchecked(sum + v);
                xor ^= v;
            }

            return string.Format(CultureInfo.InvariantCulture, "{0}:{1:x16}:{2:x16}", t.Rows.Count, sum, xor);
        }

        private static string Sanitize(string label)
        {
            var sb = new StringBuilder();
            foreach (char c in label)
            {
                sb.Append(char.IsLetterOrDigit(c) && c < 128 ? c : '_');
            }

            string s = sb.ToString();
            return s.Length > 30 ? s.Substring(0, 30) : s;
        }
    }
}
