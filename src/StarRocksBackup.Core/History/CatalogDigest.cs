using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

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
    public sealed class CatalogDigest
    {
        /// <summary>The index object's schema.</summary>
        public const int CurrentSchema = 1;

        private readonly Dictionary<(string Table, long Id), PartitionHolder> _newest = new Dictionary<(string, long), PartitionHolder>();
        private readonly Dictionary<string, HashSet<string>> _namesSeen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        private readonly HashSet<(string Table, long Id)> _idsSeen = new HashSet<(string, long)>();
        private readonly List<BackupManifest> _headers = new List<BackupManifest>();
        private readonly HashSet<string> _covers = new HashSet<string>(StringComparer.Ordinal);
        private HashSet<string>? _tablesHeld;

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

            BackupManifest header = Header(manifest);
            _headers.Add(header);
            _tablesHeld = null;
            foreach (ManifestPartition p in manifest.Partitions)
            {
                var key = (p.Table, p.PartitionId);
                if (!_newest.TryGetValue(key, out PartitionHolder? held) || Compare(header, held.Manifest) > 0)
                {
                    _newest[key] = new PartitionHolder(header, p);
                }

                See(p);
            }

            foreach (ManifestPartition p in manifest.Inventory ?? Enumerable.Empty<ManifestPartition>())
            {
                See(p);
            }
        }

        /// <summary>The newest recorded copy of a partition, or null.</summary>
        public PartitionHolder? Newest(string table, long partitionId) => _newest.TryGetValue((table, partitionId), out PartitionHolder? h) ? h : null;

        /// <summary>True when some manifest holds a partition of <paramref name="table"/>.</summary>
        public bool HoldsTable(string table)
        {
            _tablesHeld ??= new HashSet<string>(_newest.Keys.Select(k => k.Table), StringComparer.Ordinal);
            return _tablesHeld.Contains(table);
        }

        /// <summary>True when a manifest held or inventoried partition id <paramref name="partitionId"/> of <paramref name="table"/>.</summary>
        public bool SawId(string table, long partitionId) => _idsSeen.Contains((table, partitionId));

        /// <summary>True when a manifest held or inventoried a partition named <paramref name="partition"/> of <paramref name="table"/>.</summary>
        public bool SawName(string table, string partition) => _namesSeen.TryGetValue(table, out HashSet<string>? names) && names.Contains(partition);

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

        private void See(ManifestPartition p)
        {
            if (!_namesSeen.TryGetValue(p.Table, out HashSet<string>? names))
            {
                names = new HashSet<string>(StringComparer.Ordinal);
                _namesSeen[p.Table] = names;
            }

            names.Add(p.Partition);
            _idsSeen.Add((p.Table, p.PartitionId));
        }

        private static BackupManifest Header(BackupManifest m) => new BackupManifest
        {
            Schema = m.Schema, Label = m.Label, BackupTimestamp = m.BackupTimestamp, Repository = m.Repository, Database = m.Database,
            Source = m.Source, Kind = m.Kind, Cluster = m.Cluster, CreatedAt = m.CreatedAt, FinishedAt = m.FinishedAt, State = m.State,
        };

        // ---- the index object (JSON) ----

        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        /// <summary>The index object's UTF-8 JSON.</summary>
        public byte[] Serialize()
        {
            var headerIndex = new Dictionary<BackupManifest, int>();
            var dto = new IndexDto { Schema = CurrentSchema, Database = Database, Covers = _covers.OrderBy(c => c, StringComparer.Ordinal).ToList() };
            foreach (BackupManifest h in _headers)
            {
                headerIndex[h] = dto.Manifests.Count;
                dto.Manifests.Add(h);
            }

            foreach (PartitionHolder h in _newest.Values)
            {
                dto.Holders.Add(new HolderDto { M = headerIndex[h.Manifest], P = h.Partition });
            }

            foreach (KeyValuePair<string, HashSet<string>> t in _namesSeen)
            {
                dto.Names.Add(new SeenDto { Table = t.Key, Partitions = t.Value.OrderBy(n => n, StringComparer.Ordinal).ToList() });
            }

            foreach (IGrouping<string, (string Table, long Id)> t in _idsSeen.GroupBy(i => i.Table, StringComparer.Ordinal))
            {
                dto.Ids.Add(new SeenIdsDto { Table = t.Key, Ids = t.Select(i => i.Id).OrderBy(i => i).ToList() });
            }

            return JsonSerializer.SerializeToUtf8Bytes(dto, s_json);
        }

        /// <summary>Reads an index object; null when it is unreadable or of another schema or database (it is then rebuilt).</summary>
        public static CatalogDigest? TryParse(byte[] utf8, string database)
        {
            IndexDto? dto;
            try
            {
                dto = JsonSerializer.Deserialize<IndexDto>(utf8, s_json);
            }
            catch (JsonException)
            {
                return null;
            }

            if (dto is null || dto.Schema != CurrentSchema || !string.Equals(dto.Database, database, StringComparison.Ordinal)
                || dto.Holders.Any(h => h.P is null || h.M < 0 || h.M >= dto.Manifests.Count))
            {
                return null;
            }

            var digest = new CatalogDigest(database);
            digest._headers.AddRange(dto.Manifests);
            foreach (string c in dto.Covers)
            {
                digest._covers.Add(c);
            }

            foreach (HolderDto h in dto.Holders)
            {
                digest._newest[(h.P!.Table, h.P.PartitionId)] = new PartitionHolder(dto.Manifests[h.M], h.P);
            }

            foreach (SeenDto s in dto.Names)
            {
                digest._namesSeen[s.Table] = new HashSet<string>(s.Partitions, StringComparer.Ordinal);
            }

            foreach (SeenIdsDto s in dto.Ids)
            {
                foreach (long id in s.Ids)
                {
                    digest._idsSeen.Add((s.Table, id));
                }
            }

            return digest;
        }

        private sealed class IndexDto
        {
            public int Schema { get; set; }

            public string Database { get; set; } = string.Empty;

            public List<string> Covers { get; set; } = new List<string>();

            public List<BackupManifest> Manifests { get; set; } = new List<BackupManifest>();

            public List<HolderDto> Holders { get; set; } = new List<HolderDto>();

            public List<SeenDto> Names { get; set; } = new List<SeenDto>();

            public List<SeenIdsDto> Ids { get; set; } = new List<SeenIdsDto>();
        }

        private sealed class HolderDto
        {
            public int M { get; set; }

            public ManifestPartition? P { get; set; }
        }

        private sealed class SeenDto
        {
            public string Table { get; set; } = string.Empty;

            public List<string> Partitions { get; set; } = new List<string>();
        }

        private sealed class SeenIdsDto
        {
            public string Table { get; set; } = string.Empty;

            public List<long> Ids { get; set; } = new List<long>();
        }
    }
}
