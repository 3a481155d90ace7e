using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Backup
{
    /// <summary>Plans and submits backups: one BACKUP per database, databases in parallel up to a throttle.</summary>
    public sealed partial class BackupService
    {
        private const int MaxBusyRounds = 20;
        private readonly StarRocksClient _client;

        internal BackupService(StarRocksClient client) => _client = client;

        /// <summary>Groups and validates the request (no SQL is sent).</summary>
        public BackupPlan Plan(BackupRequest request) => BackupPlanner.Plan(request, _client.Dialect);

        /// <summary>
        /// Submits every database's BACKUP, at most <see cref="BackupStartOptions.MaxParallelDatabases"/> databases at a
        /// time. A database that already runs a job is waited for first (unless <see cref="BackupStartOptions.FailIfBusy"/>).
        /// When the plan has more databases than the throttle (and <see cref="BackupStartOptions.ThrottleRunningJobs"/>, the
        /// default), each database holds its slot until its job ends, so at most that many jobs run on the cluster at once
        /// and the call returns once the last database has been submitted; the jobs that ended are in
        /// <see cref="DatabaseBackupResult.WaitResult"/>. Otherwise it returns as soon as every job is submitted: pass the
        /// jobs to <see cref="JobService.WaitAsync"/>. Returns one result per database, in plan order; failures (not
        /// started, or the job failed) are results, so one bad database never stops the others. Cancelling stops waiting
        /// and submitting (jobs already sent keep running on the server).
        /// </summary>
        public async Task<IReadOnlyList<DatabaseBackupResult>> StartAsync(BackupPlan plan, BackupStartOptions? options = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            options ??= new BackupStartOptions();
            observer ??= NullObserver.Instance;
            if (options.MaxParallelDatabases < 1)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "MaxParallelDatabases must be at least 1.");
            }

            bool holdSlots = options.ThrottleRunningJobs && plan.Databases.Count > options.MaxParallelDatabases;
            if (holdSlots)
            {
                options.RunningJobWait.Validate();
            }

            WarnIfSharedData(observer);
            foreach (string message in await FindUncoveredObjectsAsync(plan, observer, cancellationToken).ConfigureAwait(false))
            {
                observer.Warning(message);
            }

            IOperationObserver obs = observer;
            using var throttle = new BackupThrottle(plan.Databases.Select(d => d.Database).ToList(), options.MaxParallelDatabases, holdSlots, obs);
            Task<DatabaseBackupResult>[] tasks = plan.Databases.Select(async db =>
            {
                await throttle.EnterAsync(db.Database, cancellationToken).ConfigureAwait(false);
                try
                {
                    BackupJob job;
                    try
                    {
                        if (options.BeforeSubmit != null)
                        {
                            await options.BeforeSubmit(db, cancellationToken).ConfigureAwait(false);
                        }

                        job = await StartOneAsync(db, options, obs, cancellationToken).ConfigureAwait(false);
                    }
                    catch (StarRocksBackupException ex)
                    {
                        obs.Debug($"Backup of database '{db.Database}' was not started: {ex.Message}");
                        return new DatabaseBackupResult(db, null, ex);
                    }

                    if (!holdSlots)
                    {
                        return new DatabaseBackupResult(db, job, null);
                    }

                    JobWaitResult ended = await WaitForSlotAsync(job, options.RunningJobWait, obs, cancellationToken).ConfigureAwait(false);
                    return new DatabaseBackupResult(db, job, null, ended);
                }
                finally
                {
                    throttle.Exit(db.Database);
                }
            }).ToArray();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        /// <summary>
        /// Waits for one throttled job to end. Any way it ends frees the slot: a failure is reported in the result and
        /// never stops the other databases (only cancellation propagates).
        /// </summary>
        internal async Task<JobWaitResult> WaitForSlotAsync(BackupJob job, WaitOptions wait, IOperationObserver observer, CancellationToken ct)
        {
            observer.Verbose($"Holding the slot of database '{job.Database}' until backup job '{job.Label}' ends.");
            JobWaitResult r;
            try
            {
                r = (await _client.Jobs.WaitAsync(new JobInfo[] { job }, wait, observer, ct).ConfigureAwait(false))[0];
            }
            catch (StarRocksBackupException ex)
            {
                r = new JobWaitResult(job, JobOutcome.Lost, new StarRocksBackupException(ex.Kind,
                    $"Could not follow backup job '{job.Label}' in database '{job.Database}' ({ex.Message}); it may still run on the server.", ex)
                { Job = job });
            }

            if (r.Succeeded)
            {
                observer.Verbose($"Backup job '{job.Label}' in database '{job.Database}' finished.");
            }
            else
            {
                observer.Verbose($"Backup job '{job.Label}' in database '{job.Database}' did not finish ({r.Outcome}): {r.Error?.Message} The other databases go on.");
            }

            return r;
        }

        /// <summary>Submits one database's BACKUP (waiting for a running job first unless FailIfBusy) and returns the started job.</summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument (a named partition is temporary), JobInProgress (FailIfBusy), RepositoryNotFound, DatabaseNotFound, TableNotFound, …</exception>
        public Task<BackupJob> StartOneAsync(DatabaseBackup backup, BackupStartOptions? options = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default) =>
            StartOneAsync(backup, options, observer, null, cancellationToken);

        /// <summary>
        /// <see cref="StartOneAsync(DatabaseBackup, BackupStartOptions?, IOperationObserver?, CancellationToken)"/>, calling
        /// <paramref name="answered"/> once, as soon as the server has answered the first BACKUP statement (accepted, or
        /// refused once the session's resends for a held submission lock are spent) or it could not be sent — before the
        /// job is looked up or a busy database waited for. StarRocks takes submissions one at a time, so a caller sending
        /// many lets another one go then.
        /// </summary>
        internal async Task<BackupJob> StartOneAsync(DatabaseBackup backup, BackupStartOptions? options, IOperationObserver? observer, Action? answered,
            CancellationToken cancellationToken)
        {
            try
            {
                return await StartOneCoreAsync(backup, options, observer, () => Interlocked.Exchange(ref answered, null)?.Invoke(), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Exchange(ref answered, null)?.Invoke();
            }
        }

        private async Task<BackupJob> StartOneCoreAsync(DatabaseBackup backup, BackupStartOptions? options, IOperationObserver? observer, Action answered, CancellationToken cancellationToken)
        {
            options ??= new BackupStartOptions();
            observer ??= NullObserver.Instance;
            if (!options.TemporaryPartitionsExcluded)
            {
                await RefuseTemporaryPartitionsAsync(backup, observer, cancellationToken).ConfigureAwait(false);
            }

            for (int round = 0; ; round++)
            {
                if (!options.FailIfBusy && (round > 0 || !options.SubmitBeforeCheckingBusy))
                {
                    await WaitUntilIdleAsync(backup.Database, options, observer, cancellationToken).ConfigureAwait(false);
                }

                observer.Verbose($"Starting backup of database '{backup.Database}' as snapshot '{backup.Label}'.");
                try
                {
                    try
                    {
                        await _client.Session.ExecuteAsync(backup.Sql, StatementSafety.NonIdempotent, observer, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        answered();
                    }
                }
                catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.JobInProgress && !ServerErrorTranslator.IsSubmissionBusy(ex) && !options.FailIfBusy && round < MaxBusyRounds)
                {
                    // Another job slipped in between our check and our BACKUP: wait for it and try again. (StarRocks
                    // refusing because another submission held its lock too long was already retried by the session.)
                    observer.Verbose($"Database '{backup.Database}' became busy ({ex.Message}); waiting for its job first.");
                    continue;
                }
                catch (StarRocksBackupException ex) when (ex.OutcomeUnknown)
                {
                    // The connection dropped after BACKUP was sent: never re-send blindly; look for the job instead.
                    observer.Warning($"The connection dropped while BACKUP of '{backup.Database}' was being submitted; checking whether the server accepted it.");
                    BackupJob? found = await FindJobAsync(backup, observer, cancellationToken).ConfigureAwait(false);
                    if (found != null)
                    {
                        return found;
                    }

                    Snapshot? snap = await _client.Snapshots.GetAsync(backup.Repository, backup.Label, observer, cancellationToken).ConfigureAwait(false);
                    if (snap != null && snap.Timestamps.Count > 0)
                    {
                        throw new StarRocksBackupException(ErrorKind.ServerError,
                            $"The outcome of BACKUP '{backup.Label}' is unclear: no such job is listed, but the repository holds a snapshot with that label.", ex)
                        { Statement = backup.Sql };
                    }

                    observer.Verbose($"The server did not receive BACKUP of '{backup.Database}'; sending it again.");
                    if (round < MaxBusyRounds)
                    {
                        continue;
                    }

                    throw;
                }

                BackupJob? job = await FindJobAsync(backup, observer, cancellationToken).ConfigureAwait(false);
                if (job == null)
                {
                    throw new StarRocksBackupException(ErrorKind.JobNotFound,
                        $"BACKUP of database '{backup.Database}' was accepted but SHOW BACKUP does not list job '{backup.Label}'.")
                    { Statement = backup.Sql };
                }

                observer.Verbose($"Backup job {job.JobId} '{job.Label}' started in database '{job.Database}' ({job.StateName}).");
                return job;
            }
        }

        /// <summary>
        /// StarRocks refuses temporary partitions ("Do not support backing up temp partitions", facts §4.2), and a temp
        /// partition's name in PARTITION (…) otherwise fails late with "Unknown partition": name the problem before BACKUP
        /// is sent. Only when partitions are named explicitly, with ONE partitions_meta query per database (a
        /// `Get-SrPartition | Start-SrBackup` of 200 tables must not cost 200 queries); if partitions_meta cannot be
        /// read, the server's own check stays the safety net.
        /// </summary>
        private async Task RefuseTemporaryPartitionsAsync(DatabaseBackup backup, IOperationObserver observer, CancellationToken ct)
        {
            List<BackupTableSelection> named = backup.Tables.Where(t => t.Partitions.Count > 0).ToList();
            if (named.Count == 0)
            {
                return;
            }

            IReadOnlyList<Partition> partitions;
            try
            {
                string? table = named.Count == 1 ? named[0].Table : null;
                partitions = await _client.Catalog.ListPartitionsAsync(backup.Database, table, includeTemporary: true, observer, ct).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ServerError || ex.Kind == ErrorKind.UnsupportedByServer)
            {
                observer.Debug($"Could not check '{backup.Database}' for temporary partitions ({ex.Message}); the server will check.");
                return;
            }

            // BACKUP matches table names case-insensitively (facts §1.8); partition names exactly.
            var temporaryByTable = partitions.Where(p => p.IsTemp)
                .GroupBy(p => p.Table, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => new HashSet<string>(g.Select(p => p.Name), StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
            foreach (BackupTableSelection selection in named)
            {
                if (!temporaryByTable.TryGetValue(selection.Table, out HashSet<string>? temp))
                {
                    continue;
                }

                string[] temporary = selection.Partitions.Where(temp.Contains).ToArray();
                if (temporary.Length > 0)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"Partition(s) {string.Join(", ", temporary.Select(p => "'" + p + "'"))} of table '{backup.Database}.{selection.Table}' are temporary partitions; " +
                        "StarRocks does not back up temporary partitions. Replace them into the table (ALTER TABLE … REPLACE PARTITION) or leave them out.")
                    { Statement = backup.Sql };
                }
            }
        }

        internal void WarnIfSharedData(IOperationObserver observer)
        {
            if (_client.Server.RunMode == RunMode.SharedData)
            {
                observer.Warning("This is a shared-data cluster; StarRocks documents BACKUP/RESTORE as unsupported there. Prefer cluster snapshots.");
            }
        }

        private async Task<BackupJob?> FindJobAsync(DatabaseBackup backup, IOperationObserver observer, CancellationToken ct)
        {
            IReadOnlyList<BackupJob> jobs = await _client.Jobs.ListBackupJobsAsync(backup.Database, observer, ct).ConfigureAwait(false);
            BackupJob? row = jobs.FirstOrDefault(j => string.Equals(j.Label, backup.Label, StringComparison.Ordinal));
            if (row == null)
            {
                return null;
            }

            return row.WithRepository(backup.Repository);
        }

        private async Task WaitUntilIdleAsync(string database, BackupStartOptions options, IOperationObserver observer, CancellationToken ct)
        {
            JobInfo? running = await _client.Jobs.GetRunningJobAsync(database, observer, ct).ConfigureAwait(false);
            if (running == null)
            {
                return;
            }

            observer.Verbose($"Database '{database}' is busy with {running.Kind} job '{running.Label}' ({running.StateName}); waiting for it to end before submitting.");
            JobWaitResult r = (await _client.Jobs.WaitAsync(new[] { running }, options.BusyWait, observer, ct).ConfigureAwait(false))[0];
            if (r.Outcome == JobOutcome.TimedOut || r.Outcome == JobOutcome.Stalled)
            {
                throw new StarRocksBackupException(ErrorKind.JobInProgress,
                    $"Database '{database}' is still busy with {running.Kind} job '{running.Label}': {r.Error?.Message}", r.Error)
                { Job = running };
            }
        }
    }
}
