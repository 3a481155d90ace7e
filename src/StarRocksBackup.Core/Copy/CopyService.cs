using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Restore;

namespace StarRocksBackup.Core.Copy
{
    /// <summary>
    /// Copies a database between two clusters through one repository location: BACKUP on the source, a repository on the
    /// same location on the destination (created READ ONLY when missing), wait until the destination sees the snapshot,
    /// RESTORE with replication_num fitted to the destination, then row counts per partition on both sides.
    /// </summary>
    public sealed class CopyService
    {
        /// <summary>StarRocks' default replication_num.</summary>
        public const int DefaultReplicationNum = 3;

        private readonly StarRocksClient _source;
        private readonly StarRocksClient _destination;

        /// <summary>Creates the service for one source and one destination connection.</summary>
        public CopyService(StarRocksClient source, StarRocksClient destination)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _destination = destination ?? throw new ArgumentNullException(nameof(destination));
        }

        /// <summary>
        /// Refuses a copy into an older release: a snapshot is restorable by the same or a newer StarRocks only (a newer
        /// FE writes metadata an older one cannot read). Null when the copy is allowed.
        /// </summary>
        public static string? VersionRefusal(Version source, Version destination)
        {
            var s = new Version(source.Major, source.Minor);
            var d = new Version(destination.Major, destination.Minor);
            return d >= s ? null
                : $"A snapshot taken by StarRocks {source} cannot be restored by StarRocks {destination}: restore works from an older release into the same or a newer one, " +
                  "never backwards (the newer FE writes snapshot metadata the older one cannot read). Upgrade the destination to " +
                  $"{s.Major}.{s.Minor} or later, or copy into a cluster that runs it.";
        }

        /// <summary>Everything decided before anything runs; nothing is changed on either cluster.</summary>
        /// <exception cref="StarRocksBackupException">UnsupportedByServer (newer → older), RepositoryNotFound, InvalidArgument (no keys to create the destination repository, name clash), DatabaseNotFound.</exception>
        public async Task<CopyPlan> PlanAsync(CopyRequest request, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            string? refusal = VersionRefusal(_source.Server.Version, _destination.Server.Version);
            if (refusal != null)
            {
                throw new StarRocksBackupException(ErrorKind.UnsupportedByServer, refusal);
            }

            Sql.NameRules.CheckDatabaseName(request.Database);
            if (!await _source.Catalog.DatabaseExistsAsync(request.Database, observer, cancellationToken).ConfigureAwait(false))
            {
                throw new StarRocksBackupException(ErrorKind.DatabaseNotFound, $"Database '{request.Database}' does not exist on the source {_source.Options}.");
            }

            Repository repo = await _source.Repositories.GetAsync(request.Repository, observer, cancellationToken).ConfigureAwait(false)
                ?? throw new StarRocksBackupException(ErrorKind.RepositoryNotFound, $"Repository '{request.Repository}' does not exist on the source {_source.Options}.");
            if (repo.IsReadOnly)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"Repository '{repo.Name}' is READ ONLY on the source; the backup needs a writable repository there.");
            }

            var plan = new CopyPlan
            {
                SourceVersion = _source.Server.Version,
                DestinationVersion = _destination.Server.Version,
                Database = request.Database,
                TargetDatabase = request.TargetDatabase ?? request.Database,
                SourceRepository = repo.Name,
                Location = repo.Location,
            };
            Sql.NameRules.CheckDatabaseName(plan.TargetDatabase);

            IReadOnlyList<Repository> destRepos = await _destination.Repositories.ListAsync(observer, cancellationToken).ConfigureAwait(false);
            Repository? same = destRepos.FirstOrDefault(r => SameLocation(r.Location, repo.Location));
            if (same != null)
            {
                plan.DestinationRepository = same.Name;
            }
            else
            {
                string name = request.DestinationRepository ?? repo.Name;
                if (destRepos.Any(r => string.Equals(r.Name, name, StringComparison.Ordinal)))
                {
                    throw new StarRocksBackupException(ErrorKind.RepositoryExists,
                        $"The destination has a repository '{name}' on another location; name the one to create with -DestinationRepository.");
                }

                if (request.DestinationRepositorySpec == null)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"The destination has no repository on {Sql.SqlRedactor.RedactUriPasswords(repo.Location)} and one cannot be created without the storage keys " +
                        "(StarRocks never shows a repository's keys): give -StorageCredential (and -StorageEndpoint / -StorageRegion), or create a READ ONLY repository on the destination first.");
                }

                RepositorySpec spec = request.DestinationRepositorySpec(name, repo.Location);
                spec.ReadOnly = true;
                plan.DestinationRepository = name;
                plan.CreatesDestinationRepository = true;
                plan.CreateRepositorySql = _destination.Repositories.DescribeCreate(spec);
                plan.DestinationSpec = spec;
            }

            var backupRequest = new BackupRequest
            {
                Repository = repo.Name,
                Label = request.Label,
                LabelTemplate = "{database}_copy_{yyyyMMdd_HHmmss}",
                Timeout = request.Timeout,
            };
            if (request.Tables.Count == 0)
            {
                backupRequest.Targets.Add(new BackupTarget(request.Database));
            }

            foreach (BackupTarget t in request.Tables)
            {
                backupRequest.Targets.Add(new BackupTarget(request.Database, t.Table, t.Partitions));
            }

            plan.Backup = _source.Backups.Plan(backupRequest).Databases.Single();
            try
            {
                plan.DestinationAliveBackends = (await _destination.Catalog.ListBackendsAsync(observer, cancellationToken).ConfigureAwait(false)).Count(b => b.Alive);
            }
            catch (StarRocksBackupException ex) when (ex.Kind != ErrorKind.ConnectionFailed)
            {
                observer.Debug($"SHOW BACKENDS on the destination failed ({ex.Message}).");
            }

            plan.ReplicationNum = request.ReplicationNum
                ?? (plan.DestinationAliveBackends > 0 ? Math.Min(DefaultReplicationNum, plan.DestinationAliveBackends.Value) : (int?)null);
            plan.Steps = Steps(plan, request);
            return plan;
        }

        private static List<string> Steps(CopyPlan plan, CopyRequest request)
        {
            var steps = new List<string>
            {
                $"Source {plan.SourceVersion}: {plan.Backup.Sql}",
                $"Source: wait until backup job '{plan.Backup.Label}' is FINISHED" + (request.JobTimeout.HasValue ? $" (at most {request.JobTimeout})" : string.Empty),
            };
            steps.Add(plan.CreatesDestinationRepository
                ? $"Destination {plan.DestinationVersion}: {plan.CreateRepositorySql}"
                : $"Destination {plan.DestinationVersion}: use repository '{plan.DestinationRepository}' (same location {Sql.SqlRedactor.RedactUriPasswords(plan.Location)})");
            steps.Add($"Destination: wait until SHOW SNAPSHOT ON `{plan.DestinationRepository}` lists '{plan.Backup.Label}' (at most {request.VisibilityTimeout})");
            string what = plan.Backup.IsWholeDatabase ? "the whole snapshot" : plan.Backup.Describe();
            steps.Add($"Destination: RESTORE {what} of '{plan.Backup.Label}' into database '{plan.TargetDatabase}' with replication_num " +
                      (plan.ReplicationNum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "left to the server") +
                      (plan.DestinationAliveBackends.HasValue ? $" ({plan.DestinationAliveBackends} alive backend(s))" : string.Empty));
            steps.Add("Destination: wait until the restore job is FINISHED");
            steps.Add("Both: compare row counts per partition (information_schema.partitions_meta)");
            return steps;
        }

        /// <summary>Runs a plan from <see cref="PlanAsync"/>.</summary>
        /// <exception cref="StarRocksBackupException">JobFailed, Timeout (snapshot not visible on the destination), OverwriteRefused, …</exception>
        public async Task<CopyResult> RunAsync(CopyPlan plan, CopyRequest request, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            var jobWait = new WaitOptions();
            if (request.JobTimeout.HasValue)
            {
                jobWait.Timeout = request.JobTimeout.Value;
            }

            if (plan.CreatesDestinationRepository && plan.DestinationSpec != null)
            {
                observer.Verbose($"Creating the READ ONLY repository '{plan.DestinationRepository}' on the destination.");
                await _destination.Repositories.CreateAsync(plan.DestinationSpec, observer, cancellationToken).ConfigureAwait(false);
            }

            // Row counts and versions just before the snapshot: a partition whose restored version differs changed meanwhile.
            IReadOnlyList<Partition> before = await _source.Catalog.ListPartitionsAsync(plan.Database, null, includeTemporary: false, observer, cancellationToken).ConfigureAwait(false);

            BackupJob job = await _source.Backups.StartOneAsync(plan.Backup, new BackupStartOptions(), observer, cancellationToken).ConfigureAwait(false);
            var finished = (BackupJob)await _source.Jobs.WaitOneAsync(job, jobWait, observer, cancellationToken).ConfigureAwait(false);
            Snapshot snap = await _source.Snapshots.GetAsync(plan.SourceRepository, plan.Backup.Label, observer, cancellationToken).ConfigureAwait(false)
                ?? throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Snapshot '{plan.Backup.Label}' is not listed in '{plan.SourceRepository}' after its backup finished.");
            string timestamp = snap.Latest?.Text ?? throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Snapshot '{plan.Backup.Label}' has no timestamp.");

            await WaitVisibleAsync(plan.DestinationRepository, plan.Backup.Label, timestamp, request.VisibilityTimeout, observer, cancellationToken).ConfigureAwait(false);

            var restoreRequest = new RestoreRequest
            {
                Repository = plan.DestinationRepository,
                Snapshot = plan.Backup.Label,
                Timestamp = timestamp,
                SourceDatabase = plan.Database,
                TargetDatabase = plan.TargetDatabase,
                ReplicationNum = plan.ReplicationNum,
                Timeout = request.Timeout,
                AllowOverwrite = request.AllowOverwrite,
            };
            foreach (BackupTableSelection t in plan.Backup.Tables)
            {
                restoreRequest.Tables.Add(new RestoreTableRequest(t.Table, null, t.Partitions));
            }

            RestorePlan restorePlan = await _destination.Restores.PlanAsync(restoreRequest, observer, cancellationToken).ConfigureAwait(false);
            RestoreJob restore = await _destination.Restores.StartAsync(restorePlan, observer, cancellationToken).ConfigureAwait(false);
            var restored = (RestoreJob)await _destination.Jobs.WaitOneAsync(restore, jobWait, observer, cancellationToken).ConfigureAwait(false);

            IReadOnlyList<Partition> after = await _destination.Catalog.ListPartitionsAsync(plan.TargetDatabase, null, includeTemporary: false, observer, cancellationToken).ConfigureAwait(false);
            var checks = new List<PartitionRowCheck>();
            var tables = new HashSet<string>(plan.Backup.Tables.Select(t => t.Table), StringComparer.OrdinalIgnoreCase);
            foreach (Partition p in before.Where(p => plan.Backup.IsWholeDatabase || tables.Contains(p.Table)))
            {
                BackupTableSelection? sel = plan.Backup.Tables.FirstOrDefault(t => string.Equals(t.Table, p.Table, StringComparison.OrdinalIgnoreCase));
                if (sel != null && sel.Partitions.Count > 0 && !sel.Partitions.Contains(p.Name, StringComparer.Ordinal))
                {
                    continue;
                }

                Partition? d = after.FirstOrDefault(x => string.Equals(x.Table, p.Table, StringComparison.Ordinal) && string.Equals(x.Name, p.Name, StringComparison.Ordinal));
                bool unchanged = d != null && d.VisibleVersion == p.VisibleVersion;
                if (d != null && !unchanged)
                {
                    observer.Warning($"Partition {p.Table}.{p.Name} changed on the source while it was backed up (version {p.VisibleVersion} before, {d.VisibleVersion} restored); its row count cannot be compared.");
                }

                checks.Add(new PartitionRowCheck(p.Table, p.Name, unchanged ? p.RowCount : null, d?.RowCount));
            }

            var result = new CopyResult(plan, finished, restored, timestamp, checks);
            foreach (PartitionRowCheck c in checks.Where(c => !c.Matches && c.SourceRows.HasValue))
            {
                observer.Warning($"Partition {c.Table}.{c.Partition}: {c.SourceRows} row(s) on the source, {c.DestinationRows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} on the destination.");
            }

            return result;
        }

        private async Task WaitVisibleAsync(string repository, string label, string timestamp, TimeSpan timeout, IOperationObserver observer, CancellationToken ct)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            TimeSpan interval = TimeSpan.FromMilliseconds(200);
            while (true)
            {
                Snapshot? s = await _destination.Snapshots.GetAsync(repository, label, observer, ct).ConfigureAwait(false);
                if (s != null && s.Timestamps.Any(t => t.Text == timestamp))
                {
                    observer.Verbose($"Snapshot '{label}' ({timestamp}) is visible on the destination.");
                    return;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new StarRocksBackupException(ErrorKind.Timeout,
                        $"Snapshot '{label}' ({timestamp}) did not become visible in the destination's repository '{repository}' within {timeout}; " +
                        "check that both clusters use the same location and that the destination can read it.");
                }

                await Task.Delay(interval, ct).ConfigureAwait(false);
                interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 1.5, 5000));
            }
        }

        /// <summary>Same location, ignoring a trailing '/' and the s3/s3a scheme difference.</summary>
        public static bool SameLocation(string a, string b) => Normalize(a) == Normalize(b);

        private static string Normalize(string location)
        {
            string l = (location ?? string.Empty).Trim().TrimEnd('/');
            if (l.StartsWith("s3a://", StringComparison.OrdinalIgnoreCase) || l.StartsWith("s3n://", StringComparison.OrdinalIgnoreCase))
            {
                l = "s3://" + l.Substring(6);
            }

            return l;
        }
    }
}
