using System;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Jobs
{
    /// <summary>How to wait for jobs.</summary>
    public sealed class WaitOptions
    {
        /// <summary>Overall time limit (null = wait until every job ends). Jobs still running then end with <see cref="JobOutcome.TimedOut"/>.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>Poll interval right after a change (default 500 ms).</summary>
        public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>Longest poll interval when nothing changes (default 15 s).</summary>
        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// Caps the poll interval at this fraction of how long the jobs have been running (default 0.03), never below
        /// <see cref="MinPollInterval"/>: the end of a one-minute backup is noticed within about 2 s instead of up to
        /// <see cref="MaxPollInterval"/> late, while long jobs still settle at the maximum. Measured in bench/README.md.
        /// Null = no cap (plain back-off).
        /// </summary>
        public double? MaxPollFraction { get; set; } = 0.03;

        /// <summary>
        /// Called as soon as each job's wait ends (finished, failed, cancelled, lost, stalled or timed out), before the
        /// others end: a caller can act on one database's result while the rest still run. Exceptions it throws are
        /// reported at Debug and do not stop the wait.
        /// </summary>
        public Action<JobWaitResult>? JobEnded { get; set; }

        /// <summary>A job whose state and progress stay unchanged this long is stalled (null = never).</summary>
        public TimeSpan? StallTimeout { get; set; }

        /// <summary>True: a stalled job ends the wait for it with <see cref="ErrorKind.JobStalled"/>; false: a warning, and the wait goes on.</summary>
        public bool StallIsError { get; set; } = true;

        /// <summary>
        /// Options from whole seconds as a command line takes them: <paramref name="timeoutSeconds"/> bounds the whole wait
        /// (the jobs still running then end with <see cref="JobOutcome.TimedOut"/>, ErrorKind Timeout);
        /// <paramref name="stallTimeoutSeconds"/> ends the wait for a job whose state and progress stay unchanged that long
        /// (<see cref="JobOutcome.Stalled"/>, ErrorKind JobStalled). 0 = no limit; negative values are refused.
        /// </summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument.</exception>
        public static WaitOptions FromSeconds(int timeoutSeconds, int stallTimeoutSeconds)
        {
            if (timeoutSeconds < 0 || stallTimeoutSeconds < 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "Wait time limits must be 0 (none) or a positive number of seconds.");
            }

            var options = new WaitOptions
            {
                Timeout = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) : (TimeSpan?)null,
                StallTimeout = stallTimeoutSeconds > 0 ? TimeSpan.FromSeconds(stallTimeoutSeconds) : (TimeSpan?)null,
                StallIsError = true,
            };
            if (options.StallTimeout.HasValue && options.StallTimeout.Value < options.MaxPollInterval)
            {
                // A stall shorter than the longest poll gap would be measured in polls, not seconds.
                options.MaxPollInterval = options.StallTimeout.Value;
                if (options.MinPollInterval > options.MaxPollInterval)
                {
                    options.MinPollInterval = options.MaxPollInterval;
                }
            }

            return options;
        }

        /// <summary>Checks the values.</summary>
        public void Validate()
        {
            if (MinPollInterval <= TimeSpan.Zero || MaxPollInterval < MinPollInterval)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "Poll intervals must be positive and MaxPollInterval >= MinPollInterval.");
            }

            if (MaxPollFraction.HasValue && !(MaxPollFraction.Value > 0 && MaxPollFraction.Value <= 1))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "MaxPollFraction must be greater than 0 and at most 1.");
            }

            if (Timeout.HasValue && Timeout.Value <= TimeSpan.Zero)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "Timeout must be positive.");
            }

            if (StallTimeout.HasValue && StallTimeout.Value <= TimeSpan.Zero)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "StallTimeout must be positive.");
            }
        }
    }

    /// <summary>How waiting for one job ended.</summary>
    public enum JobOutcome
    {
        /// <summary>The job reached FINISHED.</summary>
        Finished,
        /// <summary>The job reached CANCELLED (Status/TaskErrMsg on the job and in the error).</summary>
        Failed,
        /// <summary>The job made no progress for longer than <see cref="WaitOptions.StallTimeout"/> (it still runs on the server).</summary>
        Stalled,
        /// <summary>The overall timeout ran out (the job still runs on the server).</summary>
        TimedOut,
        /// <summary>The job is no longer listed and its outcome could not be determined.</summary>
        Lost,
    }

    /// <summary>The end of waiting for one job.</summary>
    public sealed class JobWaitResult
    {
        /// <summary>Creates a result.</summary>
        public JobWaitResult(JobInfo job, JobOutcome outcome, StarRocksBackupException? error, bool resolvedFromSnapshot = false)
        {
            Job = job;
            Outcome = outcome;
            Error = error;
            ResolvedFromSnapshot = resolvedFromSnapshot;
        }

        /// <summary>The job as last seen (FINISHED / CANCELLED / the state when the wait ended).</summary>
        public JobInfo Job { get; }

        /// <summary>How the wait ended.</summary>
        public JobOutcome Outcome { get; }

        /// <summary>Null when the job finished; otherwise the error (JobFailed, JobStalled, Timeout, JobNotFound) to report.</summary>
        public StarRocksBackupException? Error { get; }

        /// <summary>
        /// True when the job had left SHOW BACKUP (another job took its database's slot) and its success was read from
        /// SHOW SNAPSHOT instead.
        /// </summary>
        public bool ResolvedFromSnapshot { get; }

        /// <summary>True when the job finished.</summary>
        public bool Succeeded => Outcome == JobOutcome.Finished;

        /// <inheritdoc />
        public override string ToString() => $"{Job}: {Outcome}{(Error != null ? " - " + Error.Message : string.Empty)}";
    }
}
