using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Waits for backup and restore jobs from the pipeline, all at once, and writes their final state.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "SrJob")]
    [OutputType(typeof(BackupJobInfo), typeof(RestoreJobInfo))]
    public sealed class WaitSrJobCommand : StarRocksCmdlet
    {
        private readonly List<SrJobInfo> _jobs = new List<SrJobInfo>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        [Alias("Job")]
        public SrJobInfo[] InputObject { get; set; } = System.Array.Empty<SrJobInfo>();

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSeconds { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int StallTimeoutSeconds { get; set; }

        protected override void ProcessRecord()
        {
            // Accumulate: the jobs are waited for together in EndProcessing, one poll for all of them.
            foreach (SrJobInfo job in InputObject)
            {
                if (job is not null && !_jobs.Any(j => j.Kind == job.Kind && j.JobId == job.JobId && j.Database == job.Database && j.Label == job.Label))
                {
                    _jobs.Add(job);
                }
            }
        }

        protected override void EndProcessing()
        {
            List<JobInfo> jobs = _jobs.Select(j => j.ToCore()).ToList();
            WriteVerbose($"Waiting for {jobs.Count} job(s){(TimeoutSeconds > 0 ? $" for at most {TimeoutSeconds} s" : string.Empty)}" +
                         $"{(StallTimeoutSeconds > 0 ? $"; a job without progress for {StallTimeoutSeconds} s is reported as stalled" : string.Empty)}.");
            ServerInfo server = ActiveConnection.ServerInfo;
            JobWaiting.WaitAndReport(this, jobs, TimeoutSeconds, final => Carry(final, server), StallTimeoutSeconds);
        }

        // The final object keeps what the input carried beyond SHOW RESTORE: Restore-SrSnapshot's plan.
        private SrJobInfo Carry(JobInfo final, ServerInfo server)
        {
            if (final is RestoreJob restore)
            {
                RestorePlanInfo? plan = _jobs.OfType<RestoreJobInfo>()
                    .FirstOrDefault(j => j.JobId == final.JobId && j.Database == final.Database && j.Label == final.Label)?.Plan;
                if (plan is not null)
                {
                    return RestoreJobInfo.From(restore, server, plan);
                }
            }

            return SrJobInfo.From(final, server);
        }
    }
}
