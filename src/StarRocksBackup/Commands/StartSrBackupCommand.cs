using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Backs up databases, tables or partitions: one BACKUP per database (StarRocks runs one job per database),
    /// databases in parallel.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "SrBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = DatabaseSet)]
    [OutputType(typeof(BackupJobInfo))]
    public sealed partial class StartSrBackupCommand : StarRocksCmdlet
    {
        private const string DatabaseSet = "Database";
        private const string CatalogSet = "ExternalCatalog";
        private const string AllCatalogsSet = "AllExternalCatalogs";
        private static readonly object s_labelGate = new object();
        private static DateTime s_lastLabelSecond = DateTime.MinValue;
        private readonly List<BackupTarget> _targets = new List<BackupTarget>();
        private readonly List<string> _catalogs = new List<string>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DatabaseSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string[] Database { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? Table { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? Partition { get; set; }

        // Get-SrView / Get-SrMaterializedView / Get-SrFunction objects carry these; null on other objects.
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? View { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? MaterializedView { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? Function { get; set; }

        // Not bound from the pipeline: -Database takes any piped object as a string (ValueFromPipeline), so a piped catalog
        // object would become a database name in the default parameter set.
        [Parameter(Mandatory = true, ParameterSetName = CatalogSet)]
        [ValidateNotNullOrEmpty]
        public string[] ExternalCatalog { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = AllCatalogsSet)]
        public SwitchParameter AllExternalCatalogs { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("Label")]
        public string Snapshot { get; set; } = BackupRequest.DefaultLabelTemplate;

        [Parameter]
        [ValidateRange(600, int.MaxValue)]
        public int Timeout { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Ttl { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int WaitTimeoutSeconds { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        [Parameter]
        public SwitchParameter FailIfBusy { get; set; }

        protected override void ProcessRecord()
        {
            // Accumulate: everything for one database must go into its single BACKUP, planned in EndProcessing.
            string[] tables = (Table ?? Array.Empty<string>()).Where(t => !string.IsNullOrEmpty(t)).ToArray();
            string[] partitions = (Partition ?? Array.Empty<string>()).Where(p => !string.IsNullOrEmpty(p)).ToArray();
            List<BackupTarget> objects = new List<BackupTarget>();
            if (ParameterSetName != DatabaseSet)
            {
                if (tables.Length > 0 || partitions.Length > 0 || View != null || MaterializedView != null || Function != null)
                {
                    ThrowTerminatingError(Errors.From(new StarRocksBackupException(ErrorKind.InvalidArgument,
                        "An external-catalog backup is a snapshot of its own: -Table, -Partition, -View, -MaterializedView and -Function belong to a database backup."), "ExternalCatalog"));
                }

                _catalogs.AddRange(ExternalCatalog.Where(c => !string.IsNullOrEmpty(c)));
                return;
            }

            foreach (string database in Database.Where(d => !string.IsNullOrEmpty(d)))
            {
                try
                {
                    if (Core.Model.Database.IsSystemName(database))
                    {
                        // Per input, so `Get-SrDatabase -IncludeSystem | Start-SrBackup` still backs up the user databases.
                        throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                            $"'{database}' is a StarRocks system database and cannot be backed up; it was skipped.");
                    }

                    if (partitions.Length > 0 && tables.Length != 1)
                    {
                        throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                            $"-Partition needs exactly one -Table (got {tables.Length}) for database '{database}'.");
                    }

                    int before = _targets.Count;
                    AddObjects(database, DatabaseObjectKind.View, View);
                    AddObjects(database, DatabaseObjectKind.MaterializedView, MaterializedView);
                    AddObjects(database, DatabaseObjectKind.Function, Function);
                    if (tables.Length == 0 && _targets.Count == before)
                    {
                        _targets.Add(new BackupTarget(database));
                    }

                    foreach (string table in tables)
                    {
                        _targets.Add(new BackupTarget(database, table, partitions));
                    }
                }
                catch (StarRocksBackupException ex)
                {
                    WriteError(Errors.From(ex, database));
                }
            }
        }

        private void AddObjects(string database, DatabaseObjectKind kind, string[]? names)
        {
            foreach (string name in (names ?? Array.Empty<string>()).Where(n => !string.IsNullOrEmpty(n)))
            {
                _targets.Add(new BackupTarget(database, kind, name));
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != DatabaseSet)
            {
                BackupCatalogs();
                return;
            }

            if (_targets.Count == 0)
            {
                return;
            }

            DateTime labelTime = Snapshot.IndexOf('{') >= 0 ? NextLabelTime() : DateTime.UtcNow;
            BackupPlan plan;
            try
            {
                plan = ActiveConnection.Client.Backups.Plan(NewRequest(_targets, labelTime));
            }
            catch (StarRocksBackupException ex)
            {
                ThrowTerminatingError(Errors.From(ex, _targets.Select(t => t.ToString()).ToArray()));
                return;
            }

            // ShouldProcess for every database on this thread before any work starts.
            HashSet<string> approved = new HashSet<string>(StringComparer.Ordinal);
            foreach (DatabaseBackup db in plan.Databases)
            {
                string what = db.Describe();
                WriteVerbose($"Planned: back up {what} of database '{db.Database}' to repository '{db.Repository}' as snapshot '{db.Label}'.");
                WriteDebug("SQL: " + db.Sql);
                if (ShouldProcess(TargetText(db.Database), $"Back up {what} to repository '{db.Repository}' as snapshot '{db.Label}': {db.Sql}"))
                {
                    approved.Add(db.Database);
                }
            }

            if (approved.Count == 0)
            {
                return;
            }

            if (approved.Count < plan.Databases.Count)
            {
                // Re-plan only the approved databases; the fixed label time keeps their labels identical.
                plan = ActiveConnection.Client.Backups.Plan(NewRequest(_targets.Where(t => approved.Contains(t.Database)), labelTime));
            }

            BackupStartOptions options = new BackupStartOptions { MaxParallelDatabases = ThrottleLimit, FailIfBusy = FailIfBusy.IsPresent };
            // StartAsync also warns about what whole-database backups do not carry (external catalogs; views/MVs/UDFs before 3.4).
            if (!TryRun((sink, ct) => ActiveConnection.Client.Backups.StartAsync(plan, options, sink, ct),
                    plan.Databases.Select(d => d.Database).ToArray(), out IReadOnlyList<DatabaseBackupResult> results))
            {
                return;
            }

            bool waiting = Wait || WaitTimeoutSeconds > 0;
            List<JobInfo> started = new List<JobInfo>();
            foreach (DatabaseBackupResult result in results)
            {
                if (result.Job is null)
                {
                    WriteError(Errors.From(result.Error ?? new StarRocksBackupException(ErrorKind.ServerError, $"The backup of database '{result.Plan.Database}' was not started."), result.Plan.Database));
                    continue;
                }

                WriteVerbose($"Backup job {result.Job.JobId} '{result.Job.Label}' started in database '{result.Job.Database}'.");
                if (result.JobFailed)
                {
                    // More databases than -ThrottleLimit: this job held its slot until it ended, and it did not finish.
                    WriteError(Errors.From(result.WaitResult!.Error ?? new StarRocksBackupException(ErrorKind.JobFailed,
                        $"Backup job '{result.Job.Label}' in database '{result.Job.Database}' did not finish ({result.WaitResult.Outcome})."), result.Plan.Database));
                    continue;
                }

                // A job that held a throttle slot has already ended: report its final state.
                BackupJob job = result.WaitResult?.Job as BackupJob ?? result.Job;
                if (waiting)
                {
                    started.Add(job);
                }
                else
                {
                    WriteObject(BackupJobInfo.From(job, ActiveConnection.ServerInfo));
                }
            }

            if (waiting)
            {
                JobWaiting.WaitAndReport(this, started, WaitTimeoutSeconds);
            }
        }

        /// <summary>
        /// The time the label template is expanded with. The default template has one-second resolution, so two
        /// backups started in this process within the same second would get the same label (and the second would be
        /// refused by the repository): the later one waits for the next second instead.
        /// </summary>
        private static DateTime NextLabelTime()
        {
            lock (s_labelGate)
            {
                DateTime now = DateTime.UtcNow;
                DateTime second = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
                if (second <= s_lastLabelSecond)
                {
                    second = s_lastLabelSecond.AddSeconds(1);
                    TimeSpan wait = second - now;
                    if (wait > TimeSpan.Zero)
                    {
                        Thread.Sleep(wait);
                    }

                    DateTime after = DateTime.UtcNow;
                    now = after > second ? after : second;
                    second = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
                }

                s_lastLabelSecond = second;
                return now;
            }
        }

        private BackupRequest NewRequest(IEnumerable<BackupTarget> targets, DateTime labelTime)
        {
            BackupRequest request = new BackupRequest
            {
                Repository = Repository,
                LabelTimeUtc = labelTime,
                Timeout = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : null,
                Ttl = Ttl,
            };

            // A value with {…} tokens is a template; anything else is the exact label (one database only).
            if (Snapshot.IndexOf('{') >= 0)
            {
                request.LabelTemplate = Snapshot;
            }
            else
            {
                request.Label = Snapshot;
            }

            foreach (BackupTarget target in targets)
            {
                request.Targets.Add(target);
            }

            return request;
        }
    }
}
