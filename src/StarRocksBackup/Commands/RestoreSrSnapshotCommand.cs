using System;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Restores a snapshot after building a preflight plan (timestamp, target database and tables, replication_num,
    /// which tables would be overwritten); refuses to overwrite existing tables unless -Force.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "SrSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RestoreJobInfo))]
    public sealed partial class RestoreSrSnapshotCommand : StarRocksCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Name", "Label")]
        [ArgumentCompleter(typeof(SnapshotNameCompleter))]
        public string Snapshot { get; set; } = string.Empty;

        // No validation on the pipeline-bound optional parameters: Get-SrSnapshot objects carry null here
        // (no timestamp, or no database without -Detailed), which means "latest" / "as recorded in the snapshot".
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Timestamp { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string? Database { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AsDatabase { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Table { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? AsTable { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Partition { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? View { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? MaterializedView { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Function { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ExternalCatalog { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? AsExternalCatalog { get; set; }

        [Parameter]
        public SwitchParameter AllExternalCatalogs { get; set; }

        [Parameter]
        [ValidateRange(1, 32767)]
        public int ReplicationNum { get; set; }

        [Parameter]
        [ValidateRange(600, int.MaxValue)]
        public int Timeout { get; set; }

        [Parameter]
        public SwitchParameter AllowLoad { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int WaitTimeoutSeconds { get; set; }

        protected override void ProcessRecord()
        {
            string target = string.IsNullOrEmpty(Timestamp) ? $"{Repository}/{Snapshot}" : $"{Repository}/{Snapshot}@{Timestamp}";
            if (ExternalCatalog != null || AllExternalCatalogs)
            {
                RestoreCatalogs(target);
                return;
            }

            RestoreRequest request;
            try
            {
                request = NewRequest();
            }
            catch (StarRocksBackupException ex)
            {
                WriteError(Errors.From(ex, target));
                return;
            }

            // 1. The plan (SHOW statements only). Under -WhatIf an overwrite is planned rather than refused, so the
            //    user sees exactly what -Force would do.
            bool whatIf = IsWhatIf();
            request.AllowOverwrite = Force || whatIf;
            if (!TryRun((sink, ct) => ActiveConnection.Client.Restores.PlanAsync(request, sink, ct), target, out RestorePlan plan))
            {
                return;
            }

            RestorePlanInfo planInfo = RestorePlanInfo.From(plan);
            // plan.Warnings were already written once: PlanAsync reports each to the observer (the warning stream).

            // 2. ShouldProcess with the plan, on this thread, before anything changes.
            string overwrite = planInfo.OverwritesExistingTables
                ? $"{Environment.NewLine}  Existing tables overwritten: {string.Join(", ", planInfo.OverwrittenTables)}{(Force ? string.Empty : " (refused without -Force)")}"
                : string.Empty;
            string question = $"Restore snapshot '{plan.Snapshot}' ({plan.Timestamp}) from repository '{plan.Repository}' into {TargetText(plan.TargetDatabase)}" +
                              (planInfo.OverwritesExistingTables ? $", overwriting {planInfo.OverwrittenTables.Length} existing table(s)?" : "?");
            if (!Confirm(plan.Describe() + overwrite, question, "Restore StarRocks snapshot"))
            {
                return;
            }

            // 3. Overwriting needs -Force and one more confirmation (skipped only by an explicit -Confirm:$false).
            //    The -Force check is repeated here so that nothing but -Force can ever allow an overwrite.
            if (planInfo.OverwritesExistingTables && !Force)
            {
                WriteError(Errors.From(new StarRocksBackupException(ErrorKind.OverwriteRefused,
                    $"Restoring '{plan.Snapshot}' would overwrite existing tables in database '{plan.TargetDatabase}': {string.Join(", ", planInfo.OverwrittenTables)}. " +
                    "Pass -Force to overwrite them, or restore under new names with -AsDatabase/-AsTable."), target));
                return;
            }

            if (planInfo.OverwritesExistingTables && !ConfirmExplicitlyOff()
                && !ConfirmAgain(
                    $"The restore replaces these existing tables in database '{plan.TargetDatabase}': {string.Join(", ", planInfo.OverwrittenTables)}. " +
                    "If it fails after COMMIT, they can be left unusable. Overwrite them?",
                    "Overwrite existing tables",
                    "Pass -Force -Confirm:$false to overwrite existing tables without asking"))
            {
                return;
            }

            // 4. Start, and optionally wait.
            if (!TryRun((sink, ct) => ActiveConnection.Client.Restores.StartAsync(plan, sink, ct), target, out RestoreJob job))
            {
                return;
            }

            WriteVerbose($"Restore job {job.JobId} '{job.Label}' started in database '{job.Database}'.");
            ServerInfo server = ActiveConnection.ServerInfo;
            if (Wait || WaitTimeoutSeconds > 0)
            {
                JobWaiting.WaitAndReport(this, new JobInfo[] { job }, WaitTimeoutSeconds,
                    final => final is RestoreJob restore ? RestoreJobInfo.From(restore, server, planInfo) : SrJobInfo.From(final, server));
            }
            else
            {
                WriteObject(RestoreJobInfo.From(job, server, planInfo));
            }
        }

        private RestoreRequest NewRequest()
        {
            RestoreRequest request = RestoreRequest.Create(Repository, Snapshot, Timestamp, Database, AsDatabase, ReplicationNum, Timeout, AllowLoad.IsPresent)
                .WithTables(Table, AsTable, Partition);
            foreach ((DatabaseObjectKind kind, string[]? names) in new[] { (DatabaseObjectKind.View, View), (DatabaseObjectKind.MaterializedView, MaterializedView), (DatabaseObjectKind.Function, Function) })
            {
                foreach (string name in names ?? Array.Empty<string>())
                {
                    request.Objects.Add(new RestoreObjectRequest(kind, name));
                }
            }

            return request;
        }

        private bool ConfirmExplicitlyOff() =>
            MyInvocation.BoundParameters.TryGetValue("Confirm", out object? value) && !LanguagePrimitives.IsTrue(value);
    }
}
