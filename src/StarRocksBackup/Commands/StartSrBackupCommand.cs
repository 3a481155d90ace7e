using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
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
        private const string InputObjectSet = "InputObject";
        private readonly List<BackupTarget> _targets = new List<BackupTarget>();
        private readonly List<string> _catalogs = new List<string>();

        // Not bound from the pipeline: piped input goes to -InputObject, which reads each object's properties by name
        // (a string coerced into -Database would make any piped object a database name).
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DatabaseSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string[] Database { get; set; } = Array.Empty<string>();

        /// <summary>
        /// What to back up, from the pipeline: database names, or objects with a Database property (Get-SrDatabase, Get-SrTable,
        /// Get-SrPartition, Get-SrView, Get-SrMaterializedView, Get-SrFunction, Get-SrPartitionChange …), read by property name
        /// (Database, Table, Partition, View, MaterializedView, Function), or Get-SrExternalCatalog objects (ExternalCatalog).
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public PSObject InputObject { get; set; } = null!;

        [Parameter]
        public string[]? Table { get; set; }

        [Parameter]
        public string[]? Partition { get; set; }

        [Parameter]
        public string[]? View { get; set; }

        [Parameter]
        public string[]? MaterializedView { get; set; }

        [Parameter]
        public string[]? Function { get; set; }

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
            if (ParameterSetName == InputObjectSet)
            {
                AddInput(InputObject);
                return;
            }

            if (ParameterSetName != DatabaseSet)
            {
                if (HasDatabaseScopedParameters())
                {
                    ThrowTerminatingError(CatalogWithDatabaseParameters());
                }

                _catalogs.AddRange(ExternalCatalog.Where(c => !string.IsNullOrEmpty(c)));
                return;
            }

            foreach (string database in Database.Where(d => !string.IsNullOrEmpty(d)))
            {
                AddTargets(database, Table, Partition, View, MaterializedView, Function);
            }
        }

        private bool HasDatabaseScopedParameters() =>
            (Table ?? Array.Empty<string>()).Any(t => !string.IsNullOrEmpty(t)) || (Partition ?? Array.Empty<string>()).Any(p => !string.IsNullOrEmpty(p))
            || View != null || MaterializedView != null || Function != null;

        private static ErrorRecord CatalogWithDatabaseParameters() =>
            Errors.From(new StarRocksBackupException(ErrorKind.InvalidArgument,
                "An external-catalog backup is a snapshot of its own: -Table, -Partition, -View, -MaterializedView and -Function belong to a database backup."), "ExternalCatalog");

        /// <summary>One database's targets: tables/partitions (or the whole database), and named views, MVs and functions.</summary>
        private void AddTargets(string database, string[]? table, string[]? partition, string[]? view, string[]? materializedView, string[]? function)
        {
            try
            {
                // Checks the system database and -Partition rules first; objects named without -Table are all that is backed up.
                IReadOnlyList<BackupTarget> fromInput = BackupTarget.FromInput(database, table, partition);
                List<BackupTarget> objects = new List<BackupTarget>();
                AddObjects(objects, database, DatabaseObjectKind.View, view);
                AddObjects(objects, database, DatabaseObjectKind.MaterializedView, materializedView);
                AddObjects(objects, database, DatabaseObjectKind.Function, function);
                if (objects.Count == 0 || (table ?? Array.Empty<string>()).Any(t => !string.IsNullOrEmpty(t)))
                {
                    _targets.AddRange(fromInput);
                }

                _targets.AddRange(objects);
            }
            catch (StarRocksBackupException ex)
            {
                WriteError(Errors.From(ex, database));
            }
        }

        private static void AddObjects(List<BackupTarget> into, string database, DatabaseObjectKind kind, string[]? names)
        {
            foreach (string name in (names ?? Array.Empty<string>()).Where(n => !string.IsNullOrEmpty(n)))
            {
                into.Add(new BackupTarget(database, kind, name));
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == CatalogSet || ParameterSetName == AllCatalogsSet)
            {
                BackupCatalogs();
                return;
            }

            if (_targets.Count > 0)
            {
                BackupDatabases();
            }

            // Get-SrExternalCatalog objects in the pipeline: one BACKUP EXTERNAL CATALOG after the database jobs.
            if (ParameterSetName == InputObjectSet && _catalogs.Count > 0)
            {
                BackupCatalogs();
            }
        }

        private void BackupDatabases()
        {

            BackupRequest request = BackupRequest.Create(Repository, Snapshot, _targets, Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : null, Ttl);
            BackupPlan plan;
            try
            {
                plan = ActiveConnection.Client.Backups.Plan(request);
            }
            catch (StarRocksBackupException ex)
            {
                ThrowTerminatingError(Errors.From(ex, _targets.Select(t => t.ToString()).ToArray()));
                return;
            }

            // ShouldProcess for every database on this thread before any work starts.
            HashSet<string> approved = new HashSet<string>(StringComparer.Ordinal);
            bool whatIf = IsWhatIf();
            foreach (DatabaseBackup db in plan.Databases)
            {
                string what = db.Describe();

                // The statement is shown once: in the -WhatIf line (nothing is sent), else by the session at -Debug.
                string action = $"Back up {what} to repository '{db.Repository}' as snapshot '{db.Label}'" + (whatIf ? ": " + db.Sql : string.Empty);
                if (Confirm(TargetText(db.Database), action))
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
                // Only the approved databases, with the labels already shown.
                plan = ActiveConnection.Client.Backups.Plan(request.Only(approved));
            }

            BackupStartOptions options = new BackupStartOptions { MaxParallelDatabases = ThrottleLimit, FailIfBusy = FailIfBusy.IsPresent };
            // StartAsync also warns about what whole-database backups do not carry (external catalogs; views/MVs/UDFs before 3.4).
            if (!TryRun((sink, ct) => ActiveConnection.Client.Backups.StartAsync(plan, options, sink, ct),
                    plan.Databases.Select(d => d.Database).ToArray(), out IReadOnlyList<DatabaseBackupResult> results))
            {
                return;
            }

            Report(results);
        }

        private void Report(IReadOnlyList<DatabaseBackupResult> results)
        {
            bool waiting = Wait || WaitTimeoutSeconds > 0;
            List<JobInfo> started = new List<JobInfo>();
            List<JobInfo> heldAndFinished = new List<JobInfo>();
            foreach (DatabaseBackupResult result in results)
            {
                if (result.Job is null)
                {
                    WriteError(Errors.From(result.Error ?? new StarRocksBackupException(ErrorKind.ServerError, $"The backup of database '{result.Plan.Database}' was not started."), result.Plan.Database));
                    continue;
                }

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
                    if (result.WaitResult is not null && result.WaitResult.Succeeded)
                    {
                        heldAndFinished.Add(job);
                    }
                }
            }

            CatalogRecorder.RecordFinished(this, heldAndFinished);

            if (waiting)
            {
                JobWaiting.WaitAndReport(this, started, WaitTimeoutSeconds);
            }
        }
    }
}
