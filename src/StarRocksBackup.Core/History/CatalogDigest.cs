using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.History
{
    /// <summary>
    /// What change detection needs from one database's catalog: the newest recorded copy of every partition (by table and
    /// partition id), every partition name and id any manifest held or inventoried, and the manifests' headers. Built from
    /// the manifests, and kept in object storage as derived data (<see cref="BackupCatalog.IndexFolder"/>) so that a
    /// nightly run reads one object plus the manifests recorded since, instead of every manifest of the database's history.
    /// <see cref="Covers"/> names the manifests it was built from; a reader adds the ones it lacks and rebuilds it when a
    /// manifest it covers has gone, so a stale or half-written index is never trusted.
    /// </summary>
    /// <remarks>
    /// Kept per table: the newest copy of each partition id as a compact entry (a <see cref="PartitionHolder"/> is made
    /// only when asked for), and the names and ids seen beyond those of the held copies. The copies' own names and ids
    /// count as seen without being stored twice, in memory or in the index object.
    /// </remarks>
    public sealed partial class CatalogDigest
    {
        private readonly Dictionary<string, TableDigest> _tables = new Dictionary<string, TableDigest>(StringComparer.Ordinal);
        private readonly List<BackupManifest> _headers = new List<BackupManifest>();
        private readonly HashSet<string> _covers = new HashSet<string>(StringComparer.Ordinal);
        private TableDigest? _last;   // the table of the previous lookup: partitions come grouped by table

        /// <summary>An empty digest of <paramref name="database"/>.</summary>
        public CatalogDigest(string database) => Database = database ?? throw new ArgumentNullException(nameof(database));

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The manifests (object names, <c>&lt;db&gt;/&lt;ts&gt;_&lt;label&gt;.json</c>) this digest was built from.</summary>
        public IReadOnlyCollection<string> Covers => _covers;

        /// <summary>The manifests' headers, oldest first (their partition lists are not kept).</summary>
        public IReadOnlyList<BackupManifest> Manifests => BackupCatalog.Order(_headers).ToList();

        /// <summary>A digest of <paramref name="manifests"/>.</summary>
        public static CatalogDigest From(string database, IEnumerable<BackupManifest> manifests)
        {
            var digest = new CatalogDigest(database);
            foreach (BackupManifest m in manifests)
            {
                digest.Add(m);
            }

            return digest;
        }

        /// <summary>
        /// Adds one manifest (in any order: the newest copy of a partition wins by finish time, timestamp, label), read from
        /// the object <paramref name="objectName"/> (default: its own <see cref="BackupManifest.ObjectName"/>).
        /// </summary>
        public void Add(BackupManifest manifest, string? objectName = null)
        {
            if (manifest is null)
            {
                throw new ArgumentNullException(nameof(manifest));
            }

            if (!_covers.Add(objectName ?? manifest.ObjectName()))
            {
                return;
            }

            int m = _headers.Count;
            _headers.Add(Header(manifest));
            foreach (ManifestPartition p in manifest.Partitions)
            {
                TableDigest t = Table(p.Table);
                if (!t.Held.TryGetValue(p.PartitionId, out Held held) || Compare(_headers[m], _headers[held.Manifest]) > 0)
                {
                    t.Hold(p.PartitionId, new Held(m, p.Partition, p.TableId, p.VisibleVersion, p.RowCount, p.DataSizeBytes));
                }

                t.See(p.Partition, p.PartitionId);
            }

            foreach (ManifestPartition p in manifest.Inventory ?? Enumerable.Empty<ManifestPartition>())
            {
                Table(p.Table).See(p.Partition, p.PartitionId);
            }
        }

        /// <summary>The newest recorded copy of a partition, or null.</summary>
        public PartitionHolder? Newest(string table, long partitionId) =>
            Find(table) is TableDigest t && t.Held.TryGetValue(partitionId, out Held h) ? Holder(t, partitionId, h) : null;

        /// <summary>The VISIBLE_VERSION of the newest recorded copy of a partition, without making its <see cref="PartitionHolder"/>.</summary>
        internal bool TryGetNewestVersion(string table, long partitionId, out long version)
        {
            if (Find(table) is TableDigest t && t.Held.TryGetValue(partitionId, out Held h))
            {
                version = h.Version;
                return true;
            }

            version = 0;
            return false;
        }

        /// <summary>True when some manifest holds a partition of <paramref name="table"/>.</summary>
        public bool HoldsTable(string table) => Find(table) is TableDigest t && t.Held.Count > 0;

        /// <summary>True when a manifest held or inventoried partition id <paramref name="partitionId"/> of <paramref name="table"/>.</summary>
        public bool SawId(string table, long partitionId) =>
            Find(table) is TableDigest t && (t.Held.ContainsKey(partitionId) || t.Ids.Contains(partitionId));

        /// <summary>True when a manifest held or inventoried a partition named <paramref name="partition"/> of <paramref name="table"/>.</summary>
        public bool SawName(string table, string partition) =>
            Find(table) is TableDigest t && (t.Names.Contains(partition) || t.HeldNames().Contains(partition));

        /// <summary>The order of <see cref="BackupCatalog.Order"/>: finish time, then backup timestamp, then label.</summary>
        internal static int Compare(BackupManifest a, BackupManifest b)
        {
            int c = a.FinishedAt.CompareTo(b.FinishedAt);
            if (c == 0)
            {
                c = string.CompareOrdinal(a.BackupTimestamp, b.BackupTimestamp);
            }

            return c != 0 ? c : string.CompareOrdinal(a.Label, b.Label);
        }

        private PartitionHolder Holder(TableDigest t, long partitionId, Held h) => new PartitionHolder(_headers[h.Manifest], new ManifestPartition
        {
            Table = t.Name, TableId = h.TableId, Partition = h.Name, PartitionId = partitionId, VisibleVersion = h.Version, RowCount = h.RowCount, DataSizeBytes = h.DataSizeBytes,
        });

        private TableDigest? Find(string table)
        {
            TableDigest? last = _last;
            if (last != null && (ReferenceEquals(last.Name, table) || string.Equals(last.Name, table, StringComparison.Ordinal)))
            {
                return last;
            }

            if (_tables.TryGetValue(table, out TableDigest? t))
            {
                _last = t;
            }

            return t;
        }

        private TableDigest Table(string table)
        {
            if (!_tables.TryGetValue(table, out TableDigest? t))
            {
                t = new TableDigest(table);
                _tables[table] = t;
            }

            return t;
        }

        private static BackupManifest Header(BackupManifest m) => new BackupManifest
        {
            Schema = m.Schema, Label = m.Label, BackupTimestamp = m.BackupTimestamp, Repository = m.Repository, Database = m.Database,
            Source = m.Source, Kind = m.Kind, Cluster = m.Cluster, CreatedAt = m.CreatedAt, FinishedAt = m.FinishedAt, State = m.State,
        };

        /// <summary>The newest copy of one partition id: the manifest (index into the headers) and what it recorded.</summary>
        private readonly struct Held
        {
            public Held(int manifest, string name, long tableId, long version, long? rowCount, long? dataSizeBytes)
            {
                Manifest = manifest;
                Name = name;
                TableId = tableId;
                Version = version;
                RowCount = rowCount;
                DataSizeBytes = dataSizeBytes;
            }

            public int Manifest { get; }

            public string Name { get; }

            public long TableId { get; }

            public long Version { get; }

            public long? RowCount { get; }

            public long? DataSizeBytes { get; }
        }

        /// <summary>One table: held copies by partition id; names and ids seen (beyond the held copies' own, which count too).</summary>
        private sealed class TableDigest
        {
            private HashSet<string>? _heldNames;

            public TableDigest(string name) => Name = name;

            public string Name { get; }

            public Dictionary<long, Held> Held { get; private set; } = new Dictionary<long, Held>();

            public HashSet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal);

            public HashSet<long> Ids { get; } = new HashSet<long>();

            /// <summary>Sizes the empty copy table for <paramref name="count"/> copies (the index object says how many follow).</summary>
            public void Reserve(int count)
            {
                if (Held.Count == 0 && count > 0 && count <= 10_000_000)
                {
                    Held = new Dictionary<long, Held>(count);
                }
            }

            public void Hold(long partitionId, Held copy)
            {
                if (Held.TryGetValue(partitionId, out Held replaced))
                {
                    Names.Add(replaced.Name);   // a renamed partition: its older name stays seen
                }

                Held[partitionId] = copy;
                _heldNames = null;
            }

            /// <summary>Records a name and id as seen (those of a held copy need not be recorded).</summary>
            public void See(string name, long partitionId)
            {
                if (!(Held.TryGetValue(partitionId, out Held h) && string.Equals(h.Name, name, StringComparison.Ordinal)))
                {
                    Names.Add(name);
                }

                if (!Held.ContainsKey(partitionId))
                {
                    Ids.Add(partitionId);
                }
            }

            /// <summary>The names of the held copies (made when first asked: only a partition the catalog does not hold needs it).</summary>
            public HashSet<string> HeldNames()
            {
                HashSet<string>? names = _heldNames;
                if (names is null)
                {
                    names = new HashSet<string>(Held.Values.Select(h => h.Name), StringComparer.Ordinal);
                    _heldNames = names;
                }

                return names;
            }
        }
    }
}
