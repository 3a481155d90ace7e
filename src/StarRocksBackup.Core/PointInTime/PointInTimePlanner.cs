using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.PointInTime
{
    /// <summary>
    /// Builds the RESTORE chain of a point-in-time rebuild from the catalog's manifests (pure: no I/O). The copy of
    /// partition (table, id) as of T is the newest manifest finished at or before T that lists it; which partitions
    /// existed at T is the inventory of the newest manifest (at or before T) that has one (<see cref="BackupCatalog.FindHolders"/>).
    /// Partitions one snapshot contributes are restored by one RESTORE; the RESTOREs run oldest snapshot first.
    /// </summary>
    public static class PointInTimePlanner
    {
        /// <summary>The default scratch suffix: <c>__asof_&lt;UTC yyyyMMddTHHmmssZ&gt;</c>.</summary>
        public static string DefaultSuffix(DateTimeOffset asOf) =>
            "__asof_" + asOf.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        /// <summary>Plans the chain.</summary>
        /// <exception cref="StarRocksBackupException">
        /// SnapshotNotFound (no backup finished by then, or a partition that existed then was never backed up),
        /// TableNotFound / PartitionNotFound (a selection the catalog has no copy of), InvalidArgument.
        /// </exception>
        public static PointInTimePlan Plan(IEnumerable<BackupManifest> manifests, PointInTimeRequest request, SqlDialect dialect, int? replicationNum)
        {
            if (manifests == null) throw new ArgumentNullException(nameof(manifests));
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (dialect == null) throw new ArgumentNullException(nameof(dialect));

            string database = NameRules.CheckDatabaseName(request.Database);
            string target = request.TargetDatabase ?? database;
            NameRules.CheckDatabaseName(target);
            bool sameDatabase = string.Equals(target, database, StringComparison.Ordinal);
            string suffix = request.TableSuffix ?? (sameDatabase ? DefaultSuffix(request.AsOf) : string.Empty);
            if (sameDatabase && suffix.Length == 0)
            {
                throw new StarRocksBackupException(ErrorKind.OverwriteRefused,
                    $"Rebuilding into '{database}' itself without a table suffix would restore over the live tables; give a suffix or another database.");
            }

            List<BackupManifest> all = manifests.Where(m => string.Equals(m.Database, database, StringComparison.Ordinal)).ToList();
            List<BackupManifest> upto = BackupCatalog.Order(all.Where(m => m.FinishedAt <= request.AsOf)).ToList();
            if (upto.Count == 0)
            {
                string earliest = all.Count == 0 ? "the catalog has no backup of it" : $"the earliest finished {Utc(BackupCatalog.Order(all).First().FinishedAt)}";
                throw new StarRocksBackupException(ErrorKind.SnapshotNotFound,
                    $"No backup of database '{database}' in repository '{request.Repository}' finished at or before {Utc(request.AsOf)} ({earliest}).");
            }

            IReadOnlyList<PartitionHolder> holders = BackupCatalog.FindHolders(upto, null, request.AsOf);
            BackupManifest? inventory = upto.LastOrDefault(m => m.Inventory != null);
            var warnings = new List<string>();
            if (inventory == null)
            {
                warnings.Add("No manifest up to that time records an inventory (snapshots rebuilt from the repository): every partition any snapshot holds is restored, including partitions that may have been dropped before then.");
            }
            else
            {
                // A partition that existed then but that no snapshot (up to then) holds cannot be rebuilt.
                var held = new HashSet<(string, long)>(holders.Select(h => (h.Partition.Table, h.Partition.PartitionId)));
                var lost = inventory.Inventory!.Where(p => !held.Contains((p.Table, p.PartitionId)))
                    .Where(p => request.Tables.Count == 0 || request.Tables.Any(s => s.Table == p.Table && (s.Partitions.Count == 0 || s.Partitions.Contains(p.Partition))))
                    .ToList();
                if (lost.Count > 0)
                {
                    throw new StarRocksBackupException(ErrorKind.SnapshotNotFound,
                        $"No snapshot finished by {Utc(request.AsOf)} holds {string.Join(", ", lost.Select(p => $"{p.Table}.{p.Partition} (id {p.PartitionId})"))}, " +
                        $"which existed then (inventory of '{inventory.Label}'); the state at that time cannot be rebuilt exactly.");
                }
            }

            List<PartitionHolder> chosen = Select(holders, request, database);
            var tables = chosen.GroupBy(h => h.Partition.Table, StringComparer.Ordinal)
                .Select(g => new PointInTimeTable(g.Key, Target(g.Key, suffix),
                    g.OrderBy(h => h.Partition.Partition, StringComparer.Ordinal).Select(h => new PointInTimePartition(h.Partition, h.Manifest)).ToList()))
                .OrderBy(t => t.Table, StringComparer.Ordinal).ToList();
            foreach (PointInTimeTable t in tables)
            {
                NameRules.CheckTableName(t.TargetTable);
            }

            // One RESTORE per snapshot, oldest first.
            var steps = new List<PointInTimeStep>();
            foreach (var bySnapshot in chosen.GroupBy(h => h.Manifest).OrderBy(g => g.Key.FinishedAt).ThenBy(g => g.Key.BackupTimestamp, StringComparer.Ordinal))
            {
                BackupManifest m = bySnapshot.Key;
                var stepTables = new List<(string Table, string TargetTable, IReadOnlyList<string> Partitions)>();
                var refs = new List<SqlTableRef>();
                foreach (var byTable in bySnapshot.GroupBy(h => h.Partition.Table, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var wanted = byTable.Select(h => h.Partition.Partition).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();
                    var inSnapshot = m.Partitions.Where(p => p.Table == byTable.Key).Select(p => p.Partition).Distinct(StringComparer.Ordinal).ToList();
                    // Everything the snapshot holds of the table: no PARTITION clause (also right for unpartitioned tables).
                    IReadOnlyList<string> parts = inSnapshot.Count == wanted.Count && inSnapshot.All(wanted.Contains) ? Array.Empty<string>() : wanted;
                    string targetTable = Target(byTable.Key, suffix);
                    stepTables.Add((byTable.Key, targetTable, parts));
                    refs.Add(new SqlTableRef(byTable.Key, parts, targetTable == byTable.Key ? null : targetTable));
                }

                string sql = dialect.Restore(m.Label, request.Repository, database, target, refs, m.BackupTimestamp, replicationNum, request.Timeout, allowLoad: false);
                steps.Add(new PointInTimeStep(m, stepTables, sql));
            }

            return new PointInTimePlan
            {
                Repository = request.Repository,
                Database = database,
                TargetDatabase = target,
                AsOf = request.AsOf,
                InventorySnapshot = inventory?.Label,
                Tables = tables,
                Steps = steps,
                ReplicationNum = replicationNum,
                Timeout = request.Timeout,
                Warnings = warnings,
            };
        }

        private static List<PartitionHolder> Select(IReadOnlyList<PartitionHolder> holders, PointInTimeRequest request, string database)
        {
            if (request.Tables.Count == 0)
            {
                if (holders.Count == 0)
                {
                    throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"The catalog has no partition of database '{database}' as of {Utc(request.AsOf)}.");
                }

                return holders.ToList();
            }

            var chosen = new List<PartitionHolder>();
            foreach (var byTable in request.Tables.GroupBy(s => s.Table, StringComparer.Ordinal))
            {
                NameRules.CheckTableName(byTable.Key);
                var ofTable = holders.Where(h => h.Partition.Table == byTable.Key).ToList();
                if (ofTable.Count == 0)
                {
                    throw new StarRocksBackupException(ErrorKind.TableNotFound,
                        $"The catalog has no copy of table '{database}.{byTable.Key}' as of {Utc(request.AsOf)} (it did not exist then, or was never backed up).");
                }

                if (byTable.Any(s => s.Partitions.Count == 0))
                {
                    chosen.AddRange(ofTable);
                    continue;
                }

                foreach (string p in byTable.SelectMany(s => s.Partitions).Distinct(StringComparer.Ordinal))
                {
                    PartitionHolder h = ofTable.FirstOrDefault(x => x.Partition.Partition == p)
                        ?? throw new StarRocksBackupException(ErrorKind.PartitionNotFound,
                            $"Partition '{p}' of table '{database}.{byTable.Key}' did not exist as of {Utc(request.AsOf)}, or no snapshot holds it (the table had {string.Join(", ", ofTable.Select(x => x.Partition.Partition))}).");
                    chosen.Add(h);
                }
            }

            return chosen;
        }

        private static string Target(string table, string suffix) => table + suffix;

        private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
    }
}
