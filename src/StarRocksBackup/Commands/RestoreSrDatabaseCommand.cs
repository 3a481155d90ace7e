using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.PointInTime;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Rebuilds a database, tables or partitions as they were at a point in time from the backup catalog: one RESTORE per
    /// contributing snapshot, one job at a time, under scratch names (never over existing tables).
    /// </summary>
    [Cmdlet(VerbsData.Restore, "SrDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PointInTimeTableInfo))]
    public sealed class RestoreSrDatabaseCommand : StorageAccessCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string Database { get; set; } = string.Empty;

        [Parameter(Mandatory = true)]
        public DateTime AsOf { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Table { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Partition { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AsDatabase { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TableSuffix { get; set; }

        [Parameter]
        [ValidateRange(1, 32767)]
        public int ReplicationNum { get; set; }

        [Parameter]
        [ValidateRange(600, int.MaxValue)]
        public int Timeout { get; set; }

        // Database -> selections; a null entry means "the whole database".
        private readonly Dictionary<string, List<PointInTimeSelection>?> _wanted = new Dictionary<string, List<PointInTimeSelection>?>(StringComparer.Ordinal);

        protected override void ProcessRecord()
        {
            if (Partition is { Length: > 0 } && (Table is null || Table.Length != 1))
            {
                WriteError(Errors.InvalidArgument($"-Partition needs exactly one -Table (got {Table?.Length ?? 0}).", Database));
                return;
            }

            if (!_wanted.TryGetValue(Database, out List<PointInTimeSelection>? list))
            {
                list = new List<PointInTimeSelection>();
                _wanted[Database] = list;
            }

            if (list is null)
            {
                return; // already the whole database
            }

            if (Table is null || Table.Length == 0)
            {
                _wanted[Database] = null;
                return;
            }

            foreach (string t in Table)
            {
                list.Add(new PointInTimeSelection(t, Partition));
            }
        }

        protected override void EndProcessing()
        {
            DateTimeOffset asOf = new DateTimeOffset(AsOf.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(AsOf, DateTimeKind.Local) : AsOf).ToUniversalTime();
            foreach (KeyValuePair<string, List<PointInTimeSelection>?> entry in _wanted)
            {
                RestoreOne(entry.Key, entry.Value, asOf);
            }
        }

        private void RestoreOne(string database, List<PointInTimeSelection>? selections, DateTimeOffset asOf)
        {
            string target = $"{Repository}/{database}@{asOf:yyyy-MM-ddTHH:mm:ssZ}";
            var request = new PointInTimeRequest
            {
                Repository = Repository,
                Database = database,
                AsOf = asOf,
                TargetDatabase = AsDatabase,
                TableSuffix = TableSuffix,
                ReplicationNum = ReplicationNum > 0 ? ReplicationNum : null,
                Timeout = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : null,
            };
            foreach (PointInTimeSelection s in selections ?? Enumerable.Empty<PointInTimeSelection>())
            {
                request.Tables.Add(s);
            }

            // 1. The chain (reads the catalog and sends SHOW statements only).
            var storage = CreateObjectStoreOptions(Repository);
            if (!TryRun((sink, ct) => ActiveConnection.Client.PointInTime.PlanAsync(request, storage, sink, ct), target, out PointInTimePlan plan))
            {
                return;
            }

            WriteVerbose("Point-in-time plan:" + Environment.NewLine + plan.Describe());
            string question = $"Rebuild {plan.Tables.Count} table(s) of '{plan.Database}' as of {asOf:yyyy-MM-dd HH:mm:ss}Z into '{plan.TargetDatabase}' " +
                              $"({string.Join(", ", plan.Tables.Select(t => t.TargetTable))}) with {plan.Steps.Count} RESTORE job(s), one after another?";
            if (!ShouldProcess(plan.Describe(), question, "Restore StarRocks database as of a point in time"))
            {
                return;
            }

            // 2. The chain, one job at a time; then the rows each rebuilt table has.
            if (!TryRun(async (sink, ct) =>
                {
                    await ActiveConnection.Client.PointInTime.ExecuteAsync(plan, new WaitOptions(), sink, ct).ConfigureAwait(false);
                    var rows = new Dictionary<string, long?>(StringComparer.Ordinal);
                    foreach (PointInTimeTable t in plan.Tables)
                    {
                        var parts = await ActiveConnection.Client.Catalog.ListPartitionsAsync(plan.TargetDatabase, t.TargetTable, includeTemporary: false, sink, ct).ConfigureAwait(false);
                        rows[t.Table] = parts.All(p => p.RowCount.HasValue) ? parts.Sum(p => p.RowCount!.Value) : (long?)null;
                    }

                    return rows;
                }, target, out Dictionary<string, long?> counted))
            {
                return;
            }

            foreach (PointInTimeTable t in plan.Tables)
            {
                long? rows = counted[t.Table];
                if (rows.HasValue && t.ExpectedRows.HasValue && rows != t.ExpectedRows)
                {
                    WriteWarning($"'{plan.TargetDatabase}.{t.TargetTable}' has {rows} row(s); the catalog recorded {t.ExpectedRows} for its copies.");
                }

                WriteObject(PointInTimeTableInfo.From(plan, t, rows));
            }
        }
    }
}
