using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Cancels a running backup or restore job (CANCEL BACKUP / CANCEL RESTORE).</summary>
    [Cmdlet(VerbsLifecycle.Stop, "SrJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(BackupJobInfo), typeof(RestoreJobInfo))]
    public sealed class StopSrJobCommand : StarRocksCmdlet
    {
        private const string InputObjectSet = "InputObject";
        private const string DatabaseSet = "Database";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        [Alias("Job")]
        public SrJobInfo[] InputObject { get; set; } = System.Array.Empty<SrJobInfo>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DatabaseSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string[] Database { get; set; } = System.Array.Empty<string>();

        [Parameter(ParameterSetName = DatabaseSet)]
        public SrJobKind? Kind { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (SrJobInfo job in InputObject)
                {
                    Stop(job.ToCore(), job);
                }

                return;
            }

            foreach (string database in Database)
            {
                if (!TryRun((sink, ct) => ActiveConnection.Client.Jobs.GetRunningJobAsync(database, sink, ct), database, out JobInfo? running))
                {
                    continue;
                }

                if (running is null || (Kind is SrJobKind kind && (kind == SrJobKind.Backup) != (running.Kind == JobKind.Backup)))
                {
                    string what = Kind is null ? "backup or restore" : Kind.Value.ToString().ToLowerInvariant();
                    WriteError(Errors.NotFound(ErrorKind.JobNotFound,
                        $"No {what} job is running in database '{database}'{(running is null ? string.Empty : $" (the running job is {running.Kind.ToString().ToLowerInvariant()} '{running.Label}')")}; nothing was cancelled.",
                        database));
                    continue;
                }

                Stop(running, database);
            }
        }

        private void Stop(JobInfo job, object target)
        {
            string kind = job.Kind.ToString().ToLowerInvariant();
            string action = $"Cancel {kind} job '{job.Label}' (#{job.JobId}, {job.StateName})";
            if (job is RestoreJob restore && (restore.State == Core.Model.RestoreJobState.Commit || restore.State == Core.Model.RestoreJobState.Committing))
            {
                action += ". The restore is committing: cancelling now can leave overwritten tables unusable";
            }

            if (!Confirm(TargetText(job.Database), action))
            {
                return;
            }

            if (!TryRun((sink, ct) => ActiveConnection.Client.Jobs.CancelAsync(job, sink, ct), target))
            {
                return;
            }

            WriteVerbose($"Cancelled {kind} job '{job.Label}' in database '{job.Database}'.");
            if (PassThru && TryRun((sink, ct) => Refresh(job, sink, ct), target, out JobInfo? current) && current is not null)
            {
                WriteObject(SrJobInfo.From(current, ActiveConnection.ServerInfo));
            }
        }

        private async Task<JobInfo?> Refresh(JobInfo job, PipelineSink sink, CancellationToken ct) =>
            job.Kind == JobKind.Backup
                ? await ActiveConnection.Client.Jobs.GetBackupJobAsync(job.Database, sink, ct).ConfigureAwait(false)
                : await ActiveConnection.Client.Jobs.GetRestoreJobAsync(job.Database, sink, ct).ConfigureAwait(false);
    }
}
