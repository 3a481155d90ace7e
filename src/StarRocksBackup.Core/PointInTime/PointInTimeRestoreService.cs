using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Core.Sql;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.PointInTime
{
    /// <summary>
    /// Point-in-time rebuilds from the backup catalog: plans the RESTORE chain (<see cref="PointInTimePlanner"/>), refuses to
    /// touch existing tables, and runs the chain one job at a time (StarRocks runs one backup or restore job per database).
    /// </summary>
    public sealed class PointInTimeRestoreService
    {
        private readonly StarRocksClient _client;

        internal PointInTimeRestoreService(StarRocksClient client) => _client = client;

        /// <summary>Reads the database's manifests from the repository's catalog (<see cref="CatalogAccess"/>).</summary>
        /// <exception cref="StarRocksBackupException">RepositoryNotFound, InvalidArgument (not an object storage location), ObjectStorageError.</exception>
        public async Task<IReadOnlyList<BackupManifest>> ReadManifestsAsync(string repository, string database, ObjectStoreOptions storage,
            IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            NameRules.CheckRepositoryName(repository);
            NameRules.CheckDatabaseName(database);
            using CatalogAccess access = await CatalogAccess.OpenAsync(_client, repository, storage ?? throw new ArgumentNullException(nameof(storage)), observer, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<BackupManifest> manifests = await access.Catalog.ListAsync(database, strict: false, cancellationToken).ConfigureAwait(false);
            observer.Verbose($"Catalog of '{repository}': {manifests.Count} manifest(s) of database '{database}'.");
            return manifests;
        }

        /// <summary>Plans a rebuild from the repository's catalog (see <see cref="PlanAsync(PointInTimeRequest, IEnumerable{BackupManifest}, IOperationObserver, CancellationToken)"/>).</summary>
        public async Task<PointInTimePlan> PlanAsync(PointInTimeRequest request, ObjectStoreOptions storage, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            IReadOnlyList<BackupManifest> manifests = await ReadManifestsAsync(request.Repository, request.Database, storage, observer, cancellationToken).ConfigureAwait(false);
            return await PlanAsync(request, manifests, observer, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Plans a rebuild from the given manifests and checks the target: no table it would create may exist (a
        /// point-in-time rebuild never restores over a table; swap the result into place with Switch-SrTable). Sends only
        /// SHOW statements.
        /// </summary>
        /// <exception cref="StarRocksBackupException">SnapshotNotFound, TableNotFound, PartitionNotFound, OverwriteRefused, InvalidArgument.</exception>
        public async Task<PointInTimePlan> PlanAsync(PointInTimeRequest request, IEnumerable<BackupManifest> manifests, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            observer ??= NullObserver.Instance;
            NameRules.CheckRepositoryName(request.Repository);
            if (request.TargetDatabase != null && Model.Database.IsSystemName(request.TargetDatabase))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"'{request.TargetDatabase}' is a StarRocks system database; rebuild into a user database.");
            }

            int? replication = request.ReplicationNum ?? await DefaultReplicationAsync(observer, cancellationToken).ConfigureAwait(false);
            PointInTimePlan plan = PointInTimePlanner.Plan(manifests, request, _client.Dialect, replication);

            bool exists = await _client.Catalog.DatabaseExistsAsync(plan.TargetDatabase, observer, cancellationToken).ConfigureAwait(false);
            if (exists)
            {
                var present = new HashSet<string>((await _client.Catalog.ListTablesAsync(plan.TargetDatabase, observer, cancellationToken).ConfigureAwait(false)).Select(t => t.Name), StringComparer.OrdinalIgnoreCase);
                var clash = plan.Tables.Where(t => present.Contains(t.TargetTable)).Select(t => $"'{plan.TargetDatabase}.{t.TargetTable}'").ToList();
                if (clash.Count > 0)
                {
                    throw new StarRocksBackupException(ErrorKind.OverwriteRefused,
                        $"A point-in-time rebuild never restores over existing tables, and {string.Join(", ", clash)} exist(s). " +
                        "Drop them, or rebuild under another suffix or into another database.");
                }
            }

            plan.TargetDatabaseExists = exists;
            if (!exists && !_client.Server.SupportsBackupDatabaseSyntax)
            {
                plan.PrerequisiteSql = new[] { _client.Dialect.CreateDatabaseIfNotExists(plan.TargetDatabase) };
            }

            foreach (string w in plan.Warnings)
            {
                observer.Warning(w);
            }

            return plan;
        }

        /// <summary>
        /// Runs the chain: each RESTORE is started only after the previous one FINISHED (one job per database). A failed step
        /// stops the chain with an error naming it; the tables it was building are incomplete and should be dropped.
        /// </summary>
        /// <exception cref="StarRocksBackupException">JobFailed, JobInProgress, Timeout, …</exception>
        public async Task<IReadOnlyList<RestoreJob>> ExecuteAsync(PointInTimePlan plan, WaitOptions? wait = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            observer ??= NullObserver.Instance;
            const int activity = 8801;
            var jobs = new List<RestoreJob>();
            for (int i = 0; i < plan.Steps.Count; i++)
            {
                PointInTimeStep step = plan.Steps[i];
                string what = $"step {i + 1}/{plan.Steps.Count}: snapshot '{step.Snapshot}' ({step.Timestamp})";
                observer.Progress(new OperationProgress(activity, $"Point-in-time rebuild of '{plan.Database}' into '{plan.TargetDatabase}'", what)
                {
                    PercentComplete = 100 * i / Math.Max(1, plan.Steps.Count),
                });
                var restorePlan = new RestorePlan
                {
                    Repository = plan.Repository,
                    Snapshot = step.Snapshot,
                    Timestamp = step.Timestamp,
                    SourceDatabase = plan.Database,
                    TargetDatabase = plan.TargetDatabase,
                    TargetDatabaseExists = plan.TargetDatabaseExists || i > 0,
                    ReplicationNum = plan.ReplicationNum,
                    Timeout = plan.Timeout,
                    RawSql = step.Sql,
                    Sql = SqlRedactor.Redact(step.Sql),
                    PrerequisiteSql = i == 0 ? plan.PrerequisiteSql : Array.Empty<string>(),
                };
                try
                {
                    RestoreJob job = await _client.Restores.StartAsync(restorePlan, observer, cancellationToken).ConfigureAwait(false);
                    observer.Verbose($"Point-in-time {what}: restore job {job.JobId} started; waiting for it before the next step.");
                    JobInfo done = await _client.Jobs.WaitOneAsync(job, wait, observer, cancellationToken).ConfigureAwait(false);
                    jobs.Add(done as RestoreJob ?? job);
                }
                catch (StarRocksBackupException ex)
                {
                    string built = string.Join(", ", plan.Steps[i].Tables.Select(t => t.TargetTable).Distinct(StringComparer.Ordinal));
                    throw new StarRocksBackupException(ex.Kind,
                        $"Point-in-time rebuild of '{plan.Database}' stopped at {what}: {ex.Message} " +
                        $"{(i == 0 ? "No step had finished" : $"Steps 1-{i} finished")}; the table(s) {built} in '{plan.TargetDatabase}' are incomplete: drop them before trying again.", ex)
                    { Statement = ex.Statement ?? restorePlan.Sql, ServerErrorCode = ex.ServerErrorCode, SqlState = ex.SqlState, ServerMessage = ex.ServerMessage };
                }
            }

            observer.Progress(new OperationProgress(activity, $"Point-in-time rebuild of '{plan.Database}' into '{plan.TargetDatabase}'", "done") { Completed = true });
            return jobs;
        }

        private async Task<int?> DefaultReplicationAsync(IOperationObserver observer, CancellationToken ct)
        {
            try
            {
                int alive = (await _client.Catalog.ListBackendsAsync(observer, ct).ConfigureAwait(false)).Count(b => b.Alive);
                return alive > 0 ? Math.Min(RestoreService.DefaultReplicationNum, alive) : (int?)null;
            }
            catch (StarRocksBackupException ex) when (ex.Kind != ErrorKind.ConnectionFailed)
            {
                observer.Debug($"SHOW BACKENDS failed ({ex.Message}); replication_num is left to the server.");
                return null;
            }
        }
    }
}
