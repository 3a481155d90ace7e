using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.History
{
    /// <summary>Why a partition is (or, for late data, is not) backed up.</summary>
    public enum PartitionChangeReason
    {
        /// <summary>The partition appeared since the table was last backed up.</summary>
        New,

        /// <summary>Its VISIBLE_VERSION differs from the version recorded at its last backup (a load or DML committed).</summary>
        Changed,

        /// <summary>No backup in the catalog holds it (the table was never backed up, or the partition was left out so far).</summary>
        NeverBackedUp,

        /// <summary>A partition of that name was backed up, but with another id: it was dropped and re-created.</summary>
        Recreated,

        /// <summary>Changed, but its range is older than the late-data age and it was backed up already: reported, not backed up.</summary>
        LateDataIgnored,

        /// <summary>Unchanged, backed up again because a full backup is due.</summary>
        Full,
    }

    /// <summary>A partition with the reason it needs a backup.</summary>
    public sealed class PartitionChange
    {
        /// <summary>Creates an entry.</summary>
        public PartitionChange(Partition current, PartitionChangeReason reason, PartitionHolder? lastBackup)
        {
            Current = current;
            Reason = reason;
            LastBackup = lastBackup;
        }

        /// <summary>The partition as partitions_meta shows it now (id and version captured by the plan's query).</summary>
        public Partition Current { get; }

        /// <summary>Why.</summary>
        public PartitionChangeReason Reason { get; }

        /// <summary>The newest backup of this partition id, when any.</summary>
        public PartitionHolder? LastBackup { get; }

        /// <summary>False for <see cref="PartitionChangeReason.LateDataIgnored"/>.</summary>
        public bool NeedsBackup => Reason != PartitionChangeReason.LateDataIgnored;

        /// <inheritdoc />
        public override string ToString() => $"{Current} {Reason} (version {Current.VisibleVersion}, recorded {LastBackup?.Partition.VisibleVersion.ToString() ?? "none"})";
    }

    /// <summary>How changes are judged.</summary>
    public sealed class ChangeDetectionOptions
    {
        /// <summary>
        /// Late-data age: a changed partition whose DATE/DATETIME range ended more than this long ago and that was backed up
        /// already keeps its existing copy (the clean one). Null: no late-data rule.
        /// </summary>
        public TimeSpan? LateDataAge { get; set; }

        /// <summary>Back up late data anyway (the partitions are reported as <see cref="PartitionChangeReason.Changed"/>).</summary>
        public bool IncludeLateData { get; set; }

        /// <summary>A full backup: every selected partition, unchanged ones with reason <see cref="PartitionChangeReason.Full"/>.</summary>
        public bool Full { get; set; }

        /// <summary>Which tables count (null: every table).</summary>
        public Func<string, bool>? TableFilter { get; set; }

        /// <summary>The clock range bounds are compared with (FE local time; default: this machine's local time).</summary>
        public DateTime? Now { get; set; }
    }

    /// <summary>The changes of one database.</summary>
    public sealed class DatabaseChanges
    {
        internal DatabaseChanges(string database, IReadOnlyList<Partition> partitions, IReadOnlyList<PartitionChange> changes, IReadOnlyList<BackupManifest> manifests)
        {
            Database = database;
            Partitions = partitions;
            Changes = changes;
            Manifests = manifests;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>Every selected (non-temporary) partition now: the inventory a backup of these changes records.</summary>
        public IReadOnlyList<Partition> Partitions { get; }

        /// <summary>Partitions needing a backup, and late data ignored (see <see cref="PartitionChange.NeedsBackup"/>).</summary>
        public IReadOnlyList<PartitionChange> Changes { get; }

        /// <summary>The headers of the database's manifests the comparison used (oldest first; partition lists not kept).</summary>
        public IReadOnlyList<BackupManifest> Manifests { get; }

        /// <summary>The partitions to back up.</summary>
        public IEnumerable<PartitionChange> ToBackUp => Changes.Where(c => c.NeedsBackup);
    }

    /// <summary>
    /// Change detection by version: each partition's id and VISIBLE_VERSION (one partitions_meta query per database, or SHOW
    /// PARTITIONS per table where partitions_meta is missing) against what the catalog recorded at its last backup.
    /// </summary>
    public static class ChangeDetector
    {
        /// <summary>Queries the database's partitions and compares them with the catalog (its digest: see <see cref="BackupCatalog.DigestAsync"/>).</summary>
        public static async Task<DatabaseChanges> DetectAsync(StarRocksClient client, BackupCatalog catalog, string database, ChangeDetectionOptions? options = null,
            IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            // The partitions and the catalog are read at once (ChangeReader's own statement per database).
            return (await DetectManyAsync(client, catalog, new[] { database }, 1, options, observer, cancellationToken).ConfigureAwait(false))[0];
        }

        /// <summary>
        /// <see cref="DetectAsync"/> for several databases: their partitions from one partitions_meta statement when they are
        /// two or more and at least half of the cluster's <paramref name="databasesInCluster"/> (else one each), their
        /// catalogs read a few at a time. In <paramref name="databases"/>' order; throws the first failure in that order.
        /// </summary>
        public static async Task<IReadOnlyList<DatabaseChanges>> DetectManyAsync(StarRocksClient client, BackupCatalog catalog, IReadOnlyList<string> databases,
            int databasesInCluster, ChangeDetectionOptions? options = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            ChangeReader.Outcome<DatabaseChanges>[] read = await ChangeReader.ReadManyAsync(client, catalog, databases,
                ChangeReader.ReadTogether(databases.Count, databasesInCluster), (i, current, digest) => Detect(databases[i], current, digest, options),
                observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            ChangeReader.Outcome<DatabaseChanges>? failed = read.FirstOrDefault(o => o.Error != null);
            if (failed != null)
            {
                throw failed.Error!;
            }

            return read.Select(o => o.Value!).ToList();
        }

        /// <summary>The comparison itself (no I/O), against every manifest of the database.</summary>
        public static DatabaseChanges Detect(string database, IReadOnlyList<Partition> current, IReadOnlyList<BackupManifest> manifests, ChangeDetectionOptions? options = null) =>
            Detect(database, current, CatalogDigest.From(database, manifests), options);

        /// <summary>The comparison itself (no I/O), against the digest of the database's manifests.</summary>
        public static DatabaseChanges Detect(string database, IReadOnlyList<Partition> current, CatalogDigest catalog, ChangeDetectionOptions? options = null)
        {
            options ??= new ChangeDetectionOptions();
            Func<string, bool> filter = options.TableFilter ?? (_ => true);
            var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);   // the filter once per table, not per partition
            bool Wanted(string table)
            {
                if (!verdicts.TryGetValue(table, out bool keep))
                {
                    keep = filter(table);
                    verdicts[table] = keep;
                }

                return keep;
            }

            var selected = new List<Partition>(current.Count);
            DateTime now = options.Now ?? DateTime.Now;
            var changes = new List<PartitionChange>();
            string? lastTable = null;
            bool lastWanted = false;
            foreach (Partition p in current)
            {
                if (!ReferenceEquals(p.Table, lastTable))
                {
                    lastTable = p.Table;
                    lastWanted = Wanted(p.Table);
                }

                if (p.IsTemp || !lastWanted)
                {
                    continue;
                }

                selected.Add(p);
                long id = p.PartitionId ?? -1;

                // The version alone decides an unchanged partition: its holder is made only when it goes into a change.
                if (catalog.TryGetNewestVersion(p.Table, id, out long recorded))
                {
                    if (p.VisibleVersion is long v && v == recorded)
                    {
                        if (options.Full)
                        {
                            changes.Add(new PartitionChange(p, PartitionChangeReason.Full, catalog.Newest(p.Table, id)));
                        }

                        continue;
                    }

                    bool late = options.LateDataAge is TimeSpan age && p.RangeUpperBound is DateTime upper && upper <= now - age;
                    PartitionChangeReason reason = late && !options.IncludeLateData && !options.Full ? PartitionChangeReason.LateDataIgnored : PartitionChangeReason.Changed;
                    changes.Add(new PartitionChange(p, reason, catalog.Newest(p.Table, id)));
                    continue;
                }

                PartitionChangeReason why;
                if (!catalog.HoldsTable(p.Table) || catalog.SawId(p.Table, id))
                {
                    why = PartitionChangeReason.NeverBackedUp;
                }
                else if (catalog.SawName(p.Table, p.Name))
                {
                    why = PartitionChangeReason.Recreated;
                }
                else
                {
                    why = PartitionChangeReason.New;
                }

                changes.Add(new PartitionChange(p, why, null));
            }

            return new DatabaseChanges(database, selected, changes, catalog.Manifests);
        }

        /// <summary>A manifest entry for a partition as the plan's query saw it.</summary>
        public static ManifestPartition ToManifest(Partition p) => new ManifestPartition
        {
            Table = p.Table,
            Partition = p.Name,
            PartitionId = p.PartitionId ?? 0,
            VisibleVersion = p.VisibleVersion ?? 0,
            RowCount = p.RowCount,
            DataSizeBytes = p.DataSizeBytes,
        };
    }
}
