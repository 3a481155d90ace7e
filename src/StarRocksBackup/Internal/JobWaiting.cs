using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Waits for many jobs at once (Core polls them together) and reports like a runbook needs: one progress
    /// bar with a child per job, every final job object written, and a non-terminating error for each job
    /// that did not finish (JobFailed with Status and TaskErrMsg, JobStalled, OperationTimedOut, JobNotFound).
    /// </summary>
    internal static class JobWaiting
    {
        /// <summary>The fixed ActivityId of the overall "waiting" bar (Write-Progress).</summary>
        public const int ActivityId = 0x5352;

        public static void WaitAndReport(StarRocksCmdlet cmdlet, IReadOnlyList<JobInfo> jobs, int timeoutSeconds, Func<JobInfo, SrJobInfo>? map = null, int stallTimeoutSeconds = 0)
        {
            if (jobs.Count == 0)
            {
                return;
            }

            WaitOptions options = WaitOptions.FromSeconds(timeoutSeconds, stallTimeoutSeconds);

            string activity = jobs.Count == 1 ? $"Waiting for {Describe(jobs[0])}" : $"Waiting for {jobs.Count} StarRocks jobs";
            ProgressRecord parent = new ProgressRecord(ActivityId, activity, $"0 of {jobs.Count} done") { PercentComplete = 0 };
            Dictionary<int, int> children = new Dictionary<int, int>();
            HashSet<int> done = new HashSet<int>();
            IReadOnlyList<JobWaitResult>? results = null;
            try
            {
                cmdlet.WriteProgress(parent);
                cmdlet.TryRun((sink, ct) =>
                {
                    sink.ProgressMap = progress => Child(cmdlet, progress, parent, jobs.Count, children, done);
                    return cmdlet.ActiveConnection.Client.Jobs.WaitAsync(jobs, options, sink, ct);
                }, jobs.Count == 1 ? (object)jobs[0].ToString() : jobs.Select(j => j.ToString()).ToArray(), out results);
            }
            finally
            {
                Complete(cmdlet, parent);
            }

            if (results is null)
            {
                return;
            }

            ServerInfo server = cmdlet.ActiveConnection.ServerInfo;
            foreach (JobWaitResult result in results)
            {
                SrJobInfo final = map is null ? SrJobInfo.From(result.Job, server) : map(result.Job);
                if (result.Error is not null)
                {
                    cmdlet.WriteError(Errors.From(WithFailureText(result.Error, result.Job), final));
                }
                else if (result.ResolvedFromSnapshot)
                {
                    cmdlet.WriteVerbose($"{Describe(result.Job)} left SHOW BACKUP before it could be seen finishing; SHOW SNAPSHOT shows its snapshot, so it finished.");
                }

                cmdlet.WriteObject(final);
            }

            CatalogRecorder.RecordFinished(cmdlet, results.Where(r => r.Succeeded).Select(r => r.Job));
        }

        private static string Describe(JobInfo job) => $"{job.Kind.ToString().ToLowerInvariant()} job '{job.Label}' in database '{job.Database}'";

        /// <summary>Makes sure a failed job's error names its Status and TaskErrMsg, whatever Core's wording.</summary>
        private static StarRocksBackupException WithFailureText(StarRocksBackupException error, JobInfo job)
        {
            string failure = job.FailureText;
            if (error.Kind != ErrorKind.JobFailed || failure.Length == 0 || error.Message.IndexOf(failure, StringComparison.Ordinal) >= 0)
            {
                return error;
            }

            return new StarRocksBackupException(error.Kind, $"{error.Message} {failure}", error) { Job = job };
        }

        // Pipeline thread: gives each job a child bar under the fixed parent and keeps the parent's count current.
        private static ProgressRecord? Child(Cmdlet cmdlet, OperationProgress progress, ProgressRecord parent, int total, Dictionary<int, int> children, HashSet<int> done)
        {
            if (!children.TryGetValue(progress.ActivityId, out int id))
            {
                id = ActivityId + 1 + children.Count;
                children[progress.ActivityId] = id;
            }

            if (progress.Completed && done.Add(id))
            {
                parent.StatusDescription = $"{done.Count} of {total} done";
                parent.PercentComplete = Math.Min(100, done.Count * 100 / total);
                cmdlet.WriteProgress(parent);
            }

            return new ProgressRecord(id, PipelineSink.NonEmpty(progress.Activity), PipelineSink.NonEmpty(progress.Status))
            {
                ParentActivityId = ActivityId,
                PercentComplete = Math.Min(100, Math.Max(-1, progress.PercentComplete)),
                RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
        }

        private static void Complete(Cmdlet cmdlet, ProgressRecord parent)
        {
            try
            {
                cmdlet.WriteProgress(new ProgressRecord(ActivityId, parent.Activity, "Completed") { RecordType = ProgressRecordType.Completed });
            }
            catch (PipelineStoppedException)
            {
                // Stopping: the host clears progress itself.
            }
        }
    }
}
