using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Parsing;

namespace StarRocksBackup.Core.Jobs
{
    /// <summary>SHOW BACKUP / SHOW RESTORE, waiting, CANCEL.</summary>
    public sealed class JobService
    {
        private readonly StarRocksClient _client;

        internal JobService(StarRocksClient client) => _client = client;

        /// <summary>
        /// Backup jobs: of one database, or (database null) of every database – one statement on 3.0+, one per
        /// database on older servers. StarRocks keeps only each database's latest job.
        /// </summary>
        public Task<IReadOnlyList<BackupJob>> ListBackupJobsAsync(string? database = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default) =>
            ListAsync(database, observer ?? NullObserver.Instance, cancellationToken,
                db => _client.Dialect.ShowBackup(db), t => ShowParsers.ParseBackupJobs(t));

        /// <summary>Restore jobs of one database or of every database (see <see cref="ListBackupJobsAsync"/>).</summary>
        public Task<IReadOnlyList<RestoreJob>> ListRestoreJobsAsync(string? database = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default) =>
            ListAsync(database, observer ?? NullObserver.Instance, cancellationToken,
                db => _client.Dialect.ShowRestore(db), t => ShowParsers.ParseRestoreJobs(t));

        /// <summary>The latest backup job of a database, or null.</summary>
        public async Task<BackupJob?> GetBackupJobAsync(string database, IOperationObserver? observer = null, CancellationToken cancellationToken = default) =>
            (await ListBackupJobsAsync(database, observer, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

        /// <summary>The latest restore job of a database, or null.</summary>
        public async Task<RestoreJob?> GetRestoreJobAsync(string database, IOperationObserver? observer = null, CancellationToken cancellationToken = default) =>
            (await ListRestoreJobsAsync(database, observer, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

        /// <summary>
        /// The running (not FINISHED/CANCELLED) backup or restore job of a database, or null. StarRocks allows one
        /// such job per database.
        /// </summary>
        public async Task<JobInfo?> GetRunningJobAsync(string database, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            BackupJob? b = await GetBackupJobAsync(database, observer, cancellationToken).ConfigureAwait(false);
            if (b != null && !b.IsDone)
            {
                return b;
            }

            RestoreJob? r = await GetRestoreJobAsync(database, observer, cancellationToken).ConfigureAwait(false);
            return r != null && !r.IsDone ? r : null;
        }

        /// <summary>
        /// Waits for many jobs at once (one SHOW BACKUP / SHOW RESTORE per poll on 3.0+), with an adaptive poll interval,
        /// progress reports, stall detection and an overall timeout. Never cancels a server job: cancelling the token
        /// only stops waiting (an <see cref="OperationCanceledException"/>, after a warning naming the jobs left running).
        /// Returns one result per job, in input order; failures are results, not exceptions.
        /// </summary>
        public Task<IReadOnlyList<JobWaitResult>> WaitAsync(IEnumerable<JobInfo> jobs, WaitOptions? options = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            options ??= new WaitOptions();
            options.Validate();
            return new JobWaiter(_client, options, observer ?? NullObserver.Instance).WaitAsync(jobs.ToList(), cancellationToken);
        }

        /// <summary>Waits for one job and throws its error (JobFailed, JobStalled, Timeout, JobNotFound) unless it finished.</summary>
        public async Task<JobInfo> WaitOneAsync(JobInfo job, WaitOptions? options = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            JobWaitResult r = (await WaitAsync(new[] { job }, options, observer, cancellationToken).ConfigureAwait(false))[0];
            if (r.Error != null)
            {
                throw r.Error;
            }

            return r.Job;
        }

        /// <summary>CANCEL BACKUP / CANCEL RESTORE of the job's database (StarRocks cancels the database's running job).</summary>
        /// <exception cref="StarRocksBackupException">JobNotFound when nothing is running; DatabaseNotFound.</exception>
        public async Task CancelAsync(JobKind kind, string database, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            string sql = kind == JobKind.Backup ? _client.Dialect.CancelBackup(database) : _client.Dialect.CancelRestore(database);
            observer.Verbose("Cancelling: " + sql);
            try
            {
                await _client.Session.ExecuteAsync(sql, StatementSafety.NonIdempotent, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.OutcomeUnknown)
            {
                JobInfo? running = await GetRunningJobAsync(database, observer, cancellationToken).ConfigureAwait(false);
                if (running != null && running.Kind == kind)
                {
                    throw;
                }
            }
        }

        /// <summary>Cancels <paramref name="job"/> if it is still the database's running job (refuses to cancel a different job).</summary>
        public async Task CancelAsync(JobInfo job, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            JobInfo? running = await GetRunningJobAsync(job.Database, observer, cancellationToken).ConfigureAwait(false);
            if (running == null || running.Kind != job.Kind || !string.Equals(running.Label, job.Label, StringComparison.Ordinal))
            {
                throw new StarRocksBackupException(ErrorKind.JobNotFound,
                    $"{job.Kind} job '{job.Label}' is not running in database '{job.Database}'" +
                    (running != null ? $" (the running job is {running.Kind} '{running.Label}'); nothing was cancelled." : "; nothing was cancelled."))
                { Job = job };
            }

            await CancelAsync(job.Kind, job.Database, observer, cancellationToken).ConfigureAwait(false);
        }

        private async Task<IReadOnlyList<T>> ListAsync<T>(string? database, IOperationObserver observer, CancellationToken ct,
            Func<string?, string> sql, Func<ResultTable, IReadOnlyList<T>> parse)
            where T : JobInfo
        {
            if (database != null || _client.Server.ListsAllDatabasesInShowBackup)
            {
                return parse(await _client.Session.QueryAsync(sql(database), observer, ct).ConfigureAwait(false));
            }

            // 2.x: SHOW BACKUP needs FROM; ask each database.
            var all = new List<T>();
            foreach (Database db in await _client.Catalog.ListDatabasesAsync(observer, ct).ConfigureAwait(false))
            {
                if (IsSystemDatabase(db.Name))
                {
                    continue;
                }

                all.AddRange(parse(await _client.Session.QueryAsync(sql(db.Name), observer, ct).ConfigureAwait(false)));
            }

            return all;
        }

        internal static bool IsSystemDatabase(string name) =>
            name.Equals("information_schema", StringComparison.OrdinalIgnoreCase) || name.Equals("_statistics_", StringComparison.OrdinalIgnoreCase)
            || name.Equals("sys", StringComparison.OrdinalIgnoreCase);
    }
}
