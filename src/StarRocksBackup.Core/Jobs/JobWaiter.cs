using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Parsing;

namespace StarRocksBackup.Core.Jobs
{
    /// <summary>
    /// Polls SHOW BACKUP / SHOW RESTORE for a set of jobs until each ends. One statement per kind per poll when the
    /// server lists every database (3.0+), else one per database. The interval starts at the minimum, grows by half
    /// each quiet poll up to the maximum, and drops back to the minimum after any change.
    /// </summary>
    internal sealed class JobWaiter
    {
        private static int s_activityIds;
        private readonly StarRocksClient _client;
        private readonly WaitOptions _options;
        private readonly IOperationObserver _observer;

        public JobWaiter(StarRocksClient client, WaitOptions options, IOperationObserver observer)
        {
            _client = client;
            _options = options;
            _observer = observer;
        }

        public async Task<IReadOnlyList<JobWaitResult>> WaitAsync(IReadOnlyList<JobInfo> jobs, CancellationToken ct)
        {
            var tracked = jobs.Select(j => new Tracked(j, Interlocked.Increment(ref s_activityIds))).ToList();
            var results = new JobWaitResult?[tracked.Count];
            Stopwatch clock = Stopwatch.StartNew();
            TimeSpan interval = _options.MinPollInterval;
            TimeSpan ageAtStart = OldestJobAge(jobs);
            try
            {
                while (true)
                {
                    List<Tracked> open = tracked.Where(t => results[tracked.IndexOf(t)] == null).ToList();
                    if (open.Count == 0)
                    {
                        break;
                    }

                    bool changed = false;
                    bool polled = await PollAsync(open, ct).ConfigureAwait(false);
                    foreach (Tracked t in open)
                    {
                        int index = tracked.IndexOf(t);
                        if (polled)
                        {
                            JobWaitResult? done = await EvaluateAsync(t, clock.Elapsed, ct).ConfigureAwait(false);
                            changed |= t.ChangedThisPoll;
                            if (done != null)
                            {
                                results[index] = done;
                                Report(t, done.Outcome.ToString(), completed: true);
                                NotifyEnded(done);
                                continue;
                            }
                        }

                        if (_options.Timeout.HasValue && clock.Elapsed >= _options.Timeout.Value)
                        {
                            results[index] = new JobWaitResult(t.Job, JobOutcome.TimedOut, new StarRocksBackupException(ErrorKind.Timeout,
                                $"{Describe(t.Job)} did not end within {_options.Timeout.Value}; it is still {t.Job.StateName} on the server (not cancelled).")
                            { Job = t.Job });
                            Report(t, "timed out", completed: true);
                            NotifyEnded(results[index]!);
                        }
                    }

                    if (results.All(r => r != null))
                    {
                        break;
                    }

                    interval = NextInterval(interval, changed, _options, ageAtStart + clock.Elapsed);
                    TimeSpan delay = interval;
                    if (_options.Timeout.HasValue)
                    {
                        TimeSpan left = _options.Timeout.Value - clock.Elapsed;
                        delay = left < delay ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : delay;
                    }

                    _observer.Debug($"Waiting {delay.TotalMilliseconds:0} ms before the next poll ({open.Count} job(s) running).");
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                foreach (Tracked t in tracked.Where(t => results[tracked.IndexOf(t)] == null))
                {
                    _observer.Warning($"Stopped waiting for {Describe(t.Job)}; the job keeps running on the server. Use Stop-SrJob to cancel it.");
                    Report(t, "no longer waiting", completed: true);
                }

                throw;
            }

            return results.Select(r => r!).ToList();
        }

        private void NotifyEnded(JobWaitResult result)
        {
            try
            {
                _options.JobEnded?.Invoke(result);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                _observer.Debug($"The JobEnded callback for {Describe(result.Job)} failed: {ex.Message}");
            }
        }

        /// <summary>Back to the minimum after a change; otherwise 1.5× the last interval, capped at the maximum.</summary>
        internal static TimeSpan NextInterval(TimeSpan current, bool changed, WaitOptions options) =>
            NextInterval(current, changed, options, TimeSpan.MaxValue);

        /// <summary>
        /// Back to the minimum after a change; otherwise 1.5× the last interval, capped at the maximum and at
        /// <see cref="WaitOptions.MaxPollFraction"/> of the jobs' age, never below the minimum — so a job's end is noticed
        /// within that share of its running time (bench/README.md: wall ÷ ideal 1.10–1.26 without the cap, ≤ 1.02 with it).
        /// </summary>
        internal static TimeSpan NextInterval(TimeSpan current, bool changed, WaitOptions options, TimeSpan age)
        {
            if (changed)
            {
                return options.MinPollInterval;
            }

            double grown = Math.Min(options.MaxPollInterval.Ticks, current.Ticks * 1.5);
            double capped = options.MaxPollFraction.HasValue ? Math.Min(grown, age.Ticks * options.MaxPollFraction.Value) : grown;
            return TimeSpan.FromTicks(Math.Max(options.MinPollInterval.Ticks, (long)capped));
        }

        /// <summary>
        /// How long the oldest of the jobs has been running, from its CreateTime on the FE clock (zero when unknown):
        /// waiting on an hour-old job should not start by polling at the minimum interval for minutes.
        /// </summary>
        private TimeSpan OldestJobAge(IReadOnlyList<JobInfo> jobs)
        {
            if (!_client.Server.UtcOffset.HasValue)
            {
                return TimeSpan.Zero;
            }

            TimeSpan oldest = TimeSpan.Zero;
            foreach (JobInfo job in jobs)
            {
                if (job.CreateTime.HasValue)
                {
                    TimeSpan age = DateTime.UtcNow - _client.Server.ToUtc(job.CreateTime.Value);
                    oldest = age > oldest ? age : oldest;
                }
            }

            return oldest;
        }

        // Refreshes every open job from the server. A dropped connection that outlasts the session's own retries is
        // not fatal here: the wait goes on and the next poll reconnects (false = nothing was learned this time).
        private async Task<bool> PollAsync(List<Tracked> open, CancellationToken ct)
        {
            try
            {
                foreach (JobKind kind in open.Select(t => t.Job.Kind).Distinct().ToList())
                {
                    List<Tracked> ofKind = open.Where(t => t.Job.Kind == kind).ToList();
                    var byDb = new Dictionary<string, JobInfo>(StringComparer.Ordinal);
                    IEnumerable<string?> queries = _client.Server.ListsAllDatabasesInShowBackup
                        ? new string?[] { null }
                        : ofKind.Select(t => (string?)t.Job.Database).Distinct();
                    foreach (string? db in queries)
                    {
                        string sql = kind == JobKind.Backup ? _client.Dialect.ShowBackup(db) : _client.Dialect.ShowRestore(db);
                        ResultTable table = await _client.Session.QueryAsync(sql, _observer, ct).ConfigureAwait(false);
                        IEnumerable<JobInfo> rows = kind == JobKind.Backup
                            ? ShowParsers.ParseBackupJobs(table)
                            : (IEnumerable<JobInfo>)ShowParsers.ParseRestoreJobs(table);
                        foreach (JobInfo row in rows)
                        {
                            byDb[row.Database] = row;
                        }
                    }

                    foreach (Tracked t in ofKind)
                    {
                        byDb.TryGetValue(t.Job.Database, out JobInfo? row);
                        t.Latest = row;
                    }
                }

                return true;
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ConnectionFailed)
            {
                _observer.Warning($"Lost the connection while waiting ({ex.Message}); still waiting and will reconnect.");
                return false;
            }
        }

        private async Task<JobWaitResult?> EvaluateAsync(Tracked t, TimeSpan now, CancellationToken ct)
        {
            t.ChangedThisPoll = false;
            JobInfo? row = t.Latest;
            bool same = row != null && string.Equals(row.Label, t.Job.Label, StringComparison.Ordinal)
                        && (t.Job.JobId == 0 || row.JobId == t.Job.JobId);
            if (!same)
            {
                return await ResolveDisplacedAsync(t, row, ct).ConfigureAwait(false);
            }

            JobInfo job = WithRepository(row!, t.Job.Repository);
            string signature = $"{job.StateName}|{job.FinishedUnits}/{job.TotalUnits}|{job.UnfinishedTasks.Count}";
            if (signature != t.Signature)
            {
                if (t.Signature != null && job.StateName != t.Job.StateName)
                {
                    _observer.Verbose($"{Describe(job)}: {t.Job.StateName} -> {job.StateName}");
                }

                t.Signature = signature;
                t.LastChange = now;
                t.ChangedThisPoll = true;
                t.StallWarned = false;
            }

            t.Job = job;
            if (job.IsFinished)
            {
                return new JobWaitResult(job, JobOutcome.Finished, null);
            }

            if (job.IsCancelled)
            {
                return new JobWaitResult(job, JobOutcome.Failed, Failed(job));
            }

            Report(t, Status(job), completed: false);
            if (_options.StallTimeout.HasValue && now - t.LastChange >= _options.StallTimeout.Value)
            {
                string msg = $"{Describe(job)} has made no progress for {now - t.LastChange:hh\\:mm\\:ss} (state {job.StateName}, {job.UnfinishedTasks.Count} unfinished task(s)); it still runs on the server.";
                if (_options.StallIsError)
                {
                    return new JobWaitResult(job, JobOutcome.Stalled, new StarRocksBackupException(ErrorKind.JobStalled, msg) { Job = job });
                }

                if (!t.StallWarned)
                {
                    _observer.Warning(msg);
                    t.StallWarned = true;
                }
            }

            return null;
        }

        // The database's slot now shows another job (or none): this job has ended. A backup's result is in the
        // repository: a snapshot with a timestamp under its label means it finished.
        private async Task<JobWaitResult> ResolveDisplacedAsync(Tracked t, JobInfo? current, CancellationToken ct)
        {
            string by = current == null ? "no job" : $"{current.Kind} '{current.Label}'";
            if (t.Job.Kind == JobKind.Backup && t.Job.Repository != null)
            {
                Snapshot? snap = null;
                try
                {
                    snap = await _client.Snapshots.GetAsync(t.Job.Repository, t.Job.Label, _observer, ct).ConfigureAwait(false);
                }
                catch (StarRocksBackupException ex) when (ex.Kind != ErrorKind.ConnectionFailed)
                {
                    _observer.Debug($"SHOW SNAPSHOT for {Describe(t.Job)} failed: {ex.Message}");
                }

                if (snap != null && snap.Timestamps.Count > 0)
                {
                    _observer.Verbose($"{Describe(t.Job)} is no longer listed (the database now shows {by}); snapshot {snap.Latest} in '{t.Job.Repository}' shows it finished.");
                    var finished = new BackupJob
                    {
                        JobId = t.Job.JobId, Label = t.Job.Label, Database = t.Job.Database, Repository = t.Job.Repository,
                        StateName = "FINISHED", State = BackupJobState.Finished, CreateTime = t.Job.CreateTime,
                        Objects = t.Job.Objects, Timeout = t.Job.Timeout, Status = JobTextParser.ParseStatus("[OK]"),
                    };
                    return new JobWaitResult(finished, JobOutcome.Finished, null, resolvedFromSnapshot: true);
                }

                var error = new StarRocksBackupException(ErrorKind.JobFailed,
                    $"{Describe(t.Job)} is no longer listed (the database now shows {by}) and repository '{t.Job.Repository}' has no snapshot '{t.Job.Label}': the backup did not complete.")
                { Job = t.Job };
                return new JobWaitResult(t.Job, JobOutcome.Failed, error, resolvedFromSnapshot: true);
            }

            var lost = new StarRocksBackupException(ErrorKind.JobNotFound,
                $"{Describe(t.Job)} is no longer listed (the database now shows {by})" +
                (t.Job.Kind == JobKind.Backup ? " and its repository is unknown, so its outcome cannot be checked." : "; its outcome cannot be read any more."))
            { Job = t.Job };
            return new JobWaitResult(t.Job, JobOutcome.Lost, lost);
        }

        internal static StarRocksBackupException Failed(JobInfo job) =>
            new StarRocksBackupException(ErrorKind.JobFailed,
                $"{Describe(job)} was CANCELLED. {(job.FailureText.Length > 0 ? job.FailureText : "The server gave no reason.")}")
            { Job = job };

        private void Report(Tracked t, string status, bool completed) =>
            _observer.Progress(new OperationProgress(t.ActivityId, Describe(t.Job), status)
            {
                PercentComplete = completed ? 100 : t.Job.PercentComplete,
                Completed = completed,
            });

        private static string Status(JobInfo job) =>
            job.TotalUnits > 0 ? $"{job.StateName} {job.FinishedUnits}/{job.TotalUnits}" : job.StateName;

        internal static string Describe(JobInfo job) => $"{job.Kind} job '{job.Label}' in database '{job.Database}'";

        private static JobInfo WithRepository(JobInfo row, string? repository) =>
            repository == null || row.Repository != null ? row : row.WithRepositoryCore(repository);

        private sealed class Tracked
        {
            public Tracked(JobInfo job, int activityId)
            {
                Job = job;
                ActivityId = activityId;
            }

            public JobInfo Job { get; set; }

            public int ActivityId { get; }

            public JobInfo? Latest { get; set; }

            public string? Signature { get; set; }

            public TimeSpan LastChange { get; set; }

            public bool ChangedThisPoll { get; set; }

            public bool StallWarned { get; set; }
        }
    }
}
