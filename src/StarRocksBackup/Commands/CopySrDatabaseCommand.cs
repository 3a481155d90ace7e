using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Copy;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Copies a database (or tables / partitions from the pipeline) to another cluster: BACKUP on the source, RESTORE on the
    /// destination through a repository location both can reach, then row counts per partition on both sides.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "SrDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CopyResultInfo))]
    public sealed class CopySrDatabaseCommand : StorageAccessCmdlet
    {
        private readonly Dictionary<string, List<BackupTarget>> _work = new Dictionary<string, List<BackupTarget>>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string Database { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? Table { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? Partition { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AsDatabase { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DestinationRepository { get; set; }

        [Parameter]
        [ValidateNotNull]
        public SrConnection? SourceConnection { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public SrConnection DestinationConnection { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("Label")]
        public string? Snapshot { get; set; }

        [Parameter]
        [ValidateRange(1, 32767)]
        public int ReplicationNum { get; set; }

        [Parameter]
        [ValidateRange(600, int.MaxValue)]
        public int Timeout { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int VisibilityTimeoutSeconds { get; set; } = 600;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            IReadOnlyList<BackupTarget> targets;
            try
            {
                // Start-SrBackup's rules (-Partition needs exactly one -Table; no system database): a copy starts with that backup.
                targets = BackupTarget.FromInput(Database, Table, Partition);
            }
            catch (StarRocksBackupException ex)
            {
                WriteError(Errors.From(ex, Database));
                return;
            }

            if (!_work.TryGetValue(Database, out List<BackupTarget>? list))
            {
                list = new List<BackupTarget>();
                _work[Database] = list;
            }

            // An entry without tables means the whole database; it wins over table entries (CopyOne).
            list.AddRange(targets);
        }

        protected override void EndProcessing()
        {
            if (_work.Count > 1 && (AsDatabase != null || Snapshot != null))
            {
                ThrowTerminatingError(Errors.From(new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"-AsDatabase and -Snapshot name one database's copy; {_work.Count} databases were given."), string.Join(", ", _work.Keys)));
            }

            SrConnection source = SourceConnection ?? ActiveConnection;
            foreach (KeyValuePair<string, List<BackupTarget>> db in _work)
            {
                CopyOne(source, db.Key, db.Value);
            }
        }

        private void CopyOne(SrConnection source, string database, List<BackupTarget> targets)
        {
            CopyRequest request = new CopyRequest
            {
                Database = database,
                TargetDatabase = AsDatabase,
                Repository = Repository,
                DestinationRepository = DestinationRepository,
                Label = Snapshot,
                ReplicationNum = ReplicationNum > 0 ? ReplicationNum : null,
                Timeout = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : null,
                VisibilityTimeout = TimeSpan.FromSeconds(VisibilityTimeoutSeconds),
                AllowOverwrite = Force.IsPresent,
            };
            if (!targets.Any(t => t.Table == null))
            {
                foreach (BackupTarget t in targets)
                {
                    request.Tables.Add(t);
                }
            }

            if (StorageCredential != null)
            {
                string? access = StorageAccessKey;
                string secret = StorageSecretKey ?? string.Empty;
                request.DestinationRepositorySpec = (name, location) =>
                    RepositorySpec.S3(name, location, access, new Secret(secret), StorageEndpoint, StorageRegion, VirtualHostedStyle ? false : (bool?)null);
            }

            CopyService service = new CopyService(source.Client, DestinationConnection.Client);
            string target = $"{source.Server}:{source.Port}/{database} → {DestinationConnection.Server}:{DestinationConnection.Port}/{AsDatabase ?? database}";
            if (!TryRun((sink, ct) => service.PlanAsync(request, sink, ct), target, out CopyPlan plan))
            {
                return;
            }

            WriteVerbose("Copy plan:" + Environment.NewLine + plan.Describe());
            if (!ShouldProcess(plan.Describe(), $"Copy database '{database}' to '{plan.TargetDatabase}' on {DestinationConnection} through {plan.Location}?", "Copy StarRocks database"))
            {
                return;
            }

            if (!TryRun((sink, ct) => service.RunAsync(plan, request, sink, ct), target, out CopyResult result))
            {
                return;
            }

            if (!result.Verified)
            {
                WriteError(Errors.From(new StarRocksBackupException(ErrorKind.JobFailed,
                    $"The copy of '{database}' finished but row counts differ or could not be compared for: " +
                    string.Join(", ", result.Partitions.Where(p => !p.Matches).Select(p => $"{p.Table}.{p.Partition} ({p.SourceRows?.ToString() ?? "?"}/{p.DestinationRows?.ToString() ?? "?"})"))), target));
            }

            WriteObject(CopyResultInfo.From(result));
        }
    }
}
