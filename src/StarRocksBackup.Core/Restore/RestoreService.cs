using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.Restore
{
    /// <summary>Plans (preflight) and starts restores.</summary>
    public sealed partial class RestoreService
    {
        /// <summary>StarRocks' default replication_num.</summary>
        public const int DefaultReplicationNum = 3;

        private readonly StarRocksClient _client;

        internal RestoreService(StarRocksClient client) => _client = client;

        /// <summary>
        /// Resolves the snapshot timestamp (latest unless given), the source and target databases, the tables and
        /// whether each exists, and replication_num; refuses an overwrite unless allowed. Sends only SHOW statements.
        /// </summary>
        /// <exception cref="StarRocksBackupException">SnapshotNotFound, RepositoryNotFound, TableNotFound, PartitionNotFound, OverwriteRefused, InvalidArgument.</exception>
        public async Task<RestorePlan> PlanAsync(RestoreRequest request, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            observer ??= NullObserver.Instance;
            CancellationToken ct = cancellationToken;
            NameRules.CheckRepositoryName(request.Repository);
            NameRules.CheckLabel(request.Snapshot);
            // Views / MVs / functions before 3.4: refused before anything is asked of the server.
            _client.Dialect.CheckObjectsSupported(request.Objects.Select(o => new SqlObjectRef(o.Kind, o.Name, o.Alias)).ToList(), "RESTORE");
            if (request.SourceDatabase != null) NameRules.CheckDatabaseName(request.SourceDatabase);
            if (request.TargetDatabase != null) NameRules.CheckDatabaseName(request.TargetDatabase);
            if (Model.Database.IsSystemName(request.TargetDatabase))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"'{request.TargetDatabase}' is a StarRocks system database; restore into a user database.");
            }

            foreach (RestoreTableRequest t in request.Tables)
            {
                NameRules.CheckTableName(t.Table);
                if (t.Alias != null) NameRules.CheckTableName(t.Alias);
                foreach (string p in t.Partitions) NameRules.CheckPartitionName(p);
            }

            var warnings = new List<string>();
            if (_client.Server.RunMode == RunMode.SharedData)
            {
                warnings.Add("This is a shared-data cluster; StarRocks documents BACKUP/RESTORE as unsupported there.");
            }

            // 1. The timestamp.
            Snapshot? snap = await _client.Snapshots.GetAsync(request.Repository, request.Snapshot, observer, ct).ConfigureAwait(false);
            if (snap == null || snap.Timestamps.Count == 0)
            {
                throw new StarRocksBackupException(ErrorKind.SnapshotNotFound,
                    $"Repository '{request.Repository}' has no snapshot '{request.Snapshot}'{(snap != null ? $" ({snap.Status})" : string.Empty)}.");
            }

            SnapshotTimestamp ts;
            if (request.Timestamp == null)
            {
                ts = snap.Latest!;
            }
            else
            {
                ts = snap.Timestamps.FirstOrDefault(x => x.Text == request.Timestamp.Trim())
                     ?? throw new StarRocksBackupException(ErrorKind.SnapshotNotFound,
                         $"Snapshot '{request.Snapshot}' in '{request.Repository}' has no timestamp {request.Timestamp}; it has {string.Join(", ", snap.Timestamps.Select(x => x.Text))}.");
            }

            // 2. What the snapshot holds.
            SnapshotDetail? detail = null;
            try
            {
                detail = await _client.Snapshots.GetDetailAsync(request.Repository, request.Snapshot, ts.Text, observer, ct).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.SnapshotNotFound && request.SourceDatabase != null)
            {
                warnings.Add($"The snapshot's details could not be read ({ex.Message}); tables were not checked against it.");
            }

            string source = request.SourceDatabase ?? detail?.Database
                            ?? throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Cannot tell which database snapshot '{request.Snapshot}' holds.");
            if (detail != null && detail.Database.Length > 0 && !string.Equals(detail.Database, source, StringComparison.Ordinal))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"Snapshot '{request.Snapshot}' holds database '{detail.Database}', not '{source}'.");
            }

            string target = request.TargetDatabase ?? source;
            NameRules.CheckDatabaseName(source);
            if (Model.Database.IsSystemName(target))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"Snapshot '{request.Snapshot}' would restore into the StarRocks system database '{target}'; give -AsDatabase (a user database).");
            }

            // 3. Tables and partitions against the snapshot.
            var planned = new List<(string Source, string Target, IReadOnlyList<string> Parts)>();
            CheckObjects(request, detail);
            if (request.Tables.Count == 0 && request.Objects.Count == 0)
            {
                foreach (SnapshotTable t in detail?.Tables ?? Array.Empty<SnapshotTable>())
                {
                    planned.Add((t.Name, t.Name, Array.Empty<string>()));
                }
            }
            else
            {
                foreach (RestoreTableRequest t in request.Tables)
                {
                    SnapshotTable? st = detail?.Tables.FirstOrDefault(x => string.Equals(x.Name, t.Table, StringComparison.Ordinal));
                    if (detail != null && detail.Tables.Count > 0 && st == null)
                    {
                        throw new StarRocksBackupException(ErrorKind.TableNotFound,
                            $"Table '{t.Table}' is not in snapshot '{request.Snapshot}' (it has {string.Join(", ", detail.Tables.Select(x => x.Name))}).");
                    }

                    foreach (string p in t.Partitions)
                    {
                        if (st != null && st.Partitions.Count > 0 && !st.Partitions.Any(x => string.Equals(x.Name, p, StringComparison.Ordinal)))
                        {
                            throw new StarRocksBackupException(ErrorKind.PartitionNotFound,
                                $"Partition '{p}' of table '{t.Table}' is not in snapshot '{request.Snapshot}'.");
                        }
                    }

                    planned.Add((t.Table, t.Alias ?? t.Table, t.Partitions.Distinct(StringComparer.Ordinal).ToList()));
                }
            }

            var dupTargets = planned.GroupBy(p => p.Target, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (dupTargets.Count > 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"Two tables would be restored as '{dupTargets[0]}'.");
            }

            // 4. Existing targets.
            bool dbExists = await _client.Catalog.DatabaseExistsAsync(target, observer, ct).ConfigureAwait(false);
            var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (dbExists)
            {
                foreach (Table t in await _client.Catalog.ListTablesAsync(target, observer, ct).ConfigureAwait(false))
                {
                    existing.Add(t.Name);
                }
            }

            var tables = planned.Select(p => new RestoreTablePlan(p.Source, p.Target, p.Parts, existing.Contains(p.Target))).ToList();
            var overwrites = tables.Where(t => t.Overwrite).ToList();
            if (overwrites.Count > 0 && !request.AllowOverwrite)
            {
                throw new StarRocksBackupException(ErrorKind.OverwriteRefused,
                    $"Restoring would overwrite existing table(s) {string.Join(", ", overwrites.Select(t => $"'{target}.{t.TargetTable}'"))}. " +
                    "A restore that fails after COMMIT can leave an overwritten table unusable, so this is refused unless overwriting is explicitly allowed " +
                    "(or restore under another name / into another database).");
            }

            if (overwrites.Count > 0)
            {
                warnings.Add($"Existing table(s) will be overwritten: {string.Join(", ", overwrites.Select(t => t.TargetTable))}. " +
                             "They must have the same schema; a failure after COMMIT can leave them unusable.");
            }

            if (request.Tables.Count == 0 && detail == null)
            {
                warnings.Add("The snapshot's table list could not be read, so existing tables were not checked.");
            }

            // 5. replication_num.
            int? alive = null;
            try
            {
                alive = (await _client.Catalog.ListBackendsAsync(observer, ct).ConfigureAwait(false)).Count(b => b.Alive);
            }
            catch (StarRocksBackupException ex) when (ex.Kind != ErrorKind.ConnectionFailed)
            {
                observer.Debug($"SHOW BACKENDS failed ({ex.Message}); replication_num cannot be checked against alive backends.");
            }

            int? replication;
            string reason;
            if (request.ReplicationNum.HasValue)
            {
                replication = request.ReplicationNum.Value;
                reason = "given";
                if (alive.HasValue && replication > alive.Value)
                {
                    warnings.Add($"replication_num {replication} is higher than the {alive} alive backend(s); the restore will fail to create replicas.");
                }
            }
            else if (alive.HasValue && alive.Value > 0)
            {
                replication = Math.Min(DefaultReplicationNum, alive.Value);
                reason = replication < DefaultReplicationNum
                    ? $"lowered from StarRocks' default {DefaultReplicationNum} to the {alive} alive backend(s)"
                    : $"StarRocks' default; {alive} backend(s) alive";
            }
            else
            {
                replication = null;
                reason = alive == 0 ? "no alive backend was seen; left to the server" : "alive backends unknown; left to the server";
                warnings.Add("replication_num is left to the server's default (3) because the alive backends could not be counted.");
            }

            bool whole = request.Tables.Count == 0 && request.Objects.Count == 0;
            string sql = _client.Dialect.Restore(request.Snapshot, request.Repository, source, target,
                whole ? null : tables.Select(t => new SqlTableRef(t.SourceTable, t.Partitions, t.TargetTable == t.SourceTable ? null : t.TargetTable)).ToList(),
                request.Objects.Select(o => new SqlObjectRef(o.Kind, o.Name, o.Alias)).ToList(),
                ts.Text, replication, request.Timeout, request.AllowLoad);

            var prerequisites = new List<string>();
            if (!dbExists && !_client.Server.SupportsBackupDatabaseSyntax)
            {
                // The legacy form (db.label) resolves the database before restoring, so it must exist.
                prerequisites.Add(_client.Dialect.CreateDatabaseIfNotExists(target));
            }

            if (!_client.Server.SupportsBackupDatabaseSyntax && !string.Equals(source, target, StringComparison.Ordinal))
            {
                // Nothing the user can act on, so not a warning: before 3.4 RESTORE has no 'DATABASE x AS y' and the
                // target database is named in the label instead (`target`.`label`), with the same result.
                observer.Verbose($"StarRocks {_client.Server.Version} restores into another database by naming it in the label (`{target}`.`{request.Snapshot}`); 3.4+ would write DATABASE `{source}` AS `{target}`.");
            }

            foreach (string w in warnings)
            {
                observer.Warning(w);
            }

            return new RestorePlan
            {
                Repository = request.Repository,
                Snapshot = request.Snapshot,
                Timestamp = ts.Text,
                TimestampIsLatest = request.Timestamp == null,
                SourceDatabase = source,
                TargetDatabase = target,
                TargetDatabaseExists = dbExists,
                WholeSnapshot = whole,
                Tables = tables,
                Objects = request.Objects.ToList(),
                ReplicationNum = replication,
                ReplicationNumReason = reason,
                AliveBackends = alive,
                AllowLoad = request.AllowLoad,
                Timeout = request.Timeout,
                Warnings = warnings,
                Sql = SqlRedactor.Redact(sql),
                RawSql = sql,
                PrerequisiteSql = prerequisites,
            };
        }

        /// <summary>Sends the plan's RESTORE and returns the started job (from SHOW RESTORE FROM the target database).</summary>
        /// <exception cref="StarRocksBackupException">JobInProgress, SnapshotNotFound, ServerError, …</exception>
        public async Task<RestoreJob> StartAsync(RestorePlan plan, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (plan == null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            observer ??= NullObserver.Instance;
            foreach (string pre in plan.PrerequisiteSql)
            {
                observer.Verbose($"Creating database '{plan.TargetDatabase}' first: StarRocks before 3.4 restores only into an existing database.");
                await _client.Session.ExecuteAsync(pre, StatementSafety.Idempotent, observer, cancellationToken).ConfigureAwait(false);
            }

            observer.Verbose($"Starting restore of snapshot '{plan.Snapshot}' ({plan.Timestamp}) into database '{plan.TargetDatabase}'.");
            try
            {
                await _client.Session.ExecuteAsync(plan.RawSql, StatementSafety.NonIdempotent, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.OutcomeUnknown)
            {
                observer.Warning($"The connection dropped while RESTORE into '{plan.TargetDatabase}' was being submitted; checking whether the server accepted it.");
                RestoreJob? found = await FindJobAsync(plan, observer, cancellationToken).ConfigureAwait(false);
                if (found != null)
                {
                    return found;
                }

                throw;
            }

            return await FindJobAsync(plan, observer, cancellationToken).ConfigureAwait(false)
                   ?? throw new StarRocksBackupException(ErrorKind.JobNotFound,
                       $"RESTORE into '{plan.TargetDatabase}' was accepted but SHOW RESTORE does not list job '{plan.Snapshot}'.") { Statement = plan.Sql };
        }

        private async Task<RestoreJob?> FindJobAsync(RestorePlan plan, IOperationObserver observer, CancellationToken ct)
        {
            IReadOnlyList<RestoreJob> jobs = await _client.Jobs.ListRestoreJobsAsync(plan.TargetDatabase, observer, ct).ConfigureAwait(false);
            RestoreJob? r = jobs.FirstOrDefault(j => string.Equals(j.Label, plan.Snapshot, StringComparison.Ordinal)
                                                     && (j.Timestamp.Length == 0 || j.Timestamp == plan.Timestamp));
            if (r == null)
            {
                return null;
            }

            return r.WithRepository(plan.Repository);
        }
    }
}
