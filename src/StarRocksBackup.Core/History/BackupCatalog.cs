using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.History
{
    /// <summary>
    /// The backup catalog of one repository, in the module's own folder beside it
    /// (<c>&lt;location&gt;/__starrocksbackup_&lt;repo&gt;/catalog/</c>), so it survives the loss of the cluster. One immutable
    /// manifest per finished backup job under a unique name, created with a conditional PUT (<c>If-None-Match: *</c>):
    /// concurrent runs never overwrite each other and a crash leaves either the whole manifest or none (a PUT is atomic).
    /// There is no index: the listing of <c>catalog/manifests/</c> is the catalog.
    /// </summary>
    public sealed partial class BackupCatalog
    {
        private const int ReadConcurrency = 8;
        private readonly RepositoryStorage _storage;
        private readonly IOperationObserver _observer;

        /// <summary>The catalog of the repository reached through <paramref name="storage"/>.</summary>
        public BackupCatalog(RepositoryStorage storage, IOperationObserver? observer = null)
        {
            _storage = storage ?? throw new ArgumentNullException(nameof(storage));
            _observer = observer ?? NullObserver.Instance;
        }

        /// <summary>The repository's storage.</summary>
        public RepositoryStorage Storage => _storage;

        /// <summary><c>&lt;module folder&gt;/catalog/manifests/</c>.</summary>
        public S3Location ManifestFolder => _storage.ModuleFolder.Child("catalog/manifests/");

        /// <summary>
        /// <c>&lt;module folder&gt;/catalog/pending/</c>: what a run planned for a backup it submitted, written before the BACKUP
        /// statement and removed once the manifest exists, so a run killed between backup and catalog write loses nothing.
        /// </summary>
        public S3Location PendingFolder => _storage.ModuleFolder.Child("catalog/pending/");

        /// <summary>
        /// Records a finished backup. Returns false when a manifest for the same database, timestamp and label already
        /// exists (it is left as it is: recording is idempotent, and the first writer wins).
        /// </summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument for a manifest without label, timestamp or database; ObjectStorageError.</exception>
        public async Task<bool> RecordAsync(BackupManifest manifest, CancellationToken cancellationToken = default)
        {
            Validate(manifest);
            manifest.Schema = BackupManifest.CurrentSchema;
            manifest.State = "FINISHED";
            manifest.Repository = string.IsNullOrEmpty(manifest.Repository) ? _storage.RepositoryName : manifest.Repository;
            string key = ManifestFolder.KeyFor(manifest.ObjectName());
            // The index (extended below) is read while the manifest is written, and the pending plan removed while the
            // index is written: two round trips after the job, not four (a policy run ends with its last database's).
            Task<byte[]?> indexRead = TryGetAsync(IndexFolder.Bucket, IndexKey(manifest.Database), cancellationToken);
            bool written;
            try
            {
                written = await _storage.Store.PutIfAbsentAsync(ManifestFolder.Bucket, key, ManifestJson.Serialize(manifest), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await ObserveAsync(indexRead).ConfigureAwait(false);
                throw;
            }

            _observer.Verbose(written
                ? $"Catalog: recorded {manifest} in s3://{ManifestFolder.Bucket}/{key}."
                : $"Catalog: {manifest.Database}/{manifest.Label}@{manifest.BackupTimestamp} was already recorded.");
            if (!written)
            {
                await ObserveAsync(indexRead).ConfigureAwait(false);
                return false;
            }

            await Task.WhenAll(
                DeletePendingAsync(manifest.Database, manifest.Label, cancellationToken),
                ExtendIndexAsync(manifest, key.Substring(ManifestFolder.Prefix.Length), indexRead, cancellationToken)).ConfigureAwait(false);
            return true;
        }

        /// <summary>True when a manifest exists for the job.</summary>
        public Task<bool> IsRecordedAsync(string database, string backupTimestamp, string label, CancellationToken cancellationToken = default)
        {
            var probe = new BackupManifest { Database = database, BackupTimestamp = backupTimestamp, Label = label };
            Validate(probe);
            return _storage.Store.ExistsAsync(ManifestFolder.Bucket, ManifestFolder.KeyFor(probe.ObjectName()), cancellationToken);
        }

        /// <summary>
        /// Every manifest (of one database when <paramref name="database"/> is given), oldest first (by finish time, then
        /// timestamp). A manifest that cannot be read is reported as a warning and left out, unless <paramref name="strict"/>.
        /// </summary>
        public async Task<IReadOnlyList<BackupManifest>> ListAsync(string? database = null, bool strict = false, CancellationToken cancellationToken = default)
        {
            string prefix = database is null ? ManifestFolder.Prefix : ManifestFolder.KeyFor(CheckSegment(database, "database") + "/");
            ObjectListing listing = await _storage.Store.ListAsync(ManifestFolder.Bucket, prefix, null, cancellationToken).ConfigureAwait(false);
            List<BackupManifest> manifests = await ReadAllAsync(listing.Objects.Where(o => o.Key.EndsWith(".json", StringComparison.Ordinal)).Select(o => o.Key), strict, cancellationToken).ConfigureAwait(false);
            return Order(manifests).ToList();
        }

        /// <summary>
        /// The jobs recorded, as <c>(database, backupTimestamp, label)</c>, from object names alone (one listing, no reads).
        /// </summary>
        public async Task<IReadOnlyCollection<RecordedJob>> ListRecordedAsync(CancellationToken cancellationToken = default)
        {
            ObjectListing listing = await _storage.Store.ListAsync(ManifestFolder.Bucket, ManifestFolder.Prefix, null, cancellationToken).ConfigureAwait(false);
            var jobs = new List<RecordedJob>();
            foreach (ObjectInfo o in listing.Objects)
            {
                RecordedJob? job = RecordedJob.FromObjectName(o.Key.Substring(ManifestFolder.Prefix.Length));
                if (job != null)
                {
                    jobs.Add(job);
                }
            }

            return jobs;
        }

        /// <summary>Writes (or replaces) the plan of a backup about to be submitted: see <see cref="PendingFolder"/>.</summary>
        public Task WritePendingAsync(BackupManifest draft, CancellationToken cancellationToken = default)
        {
            if (draft is null)
            {
                throw new ArgumentNullException(nameof(draft));
            }

            CheckSegment(draft.Database, "database");
            CheckSegment(draft.Label, "label");
            return _storage.Store.PutAsync(PendingFolder.Bucket, PendingKey(draft.Database, draft.Label), ManifestJson.SerializePending(draft), cancellationToken);
        }

        /// <summary>Every pending plan (see <see cref="PendingFolder"/>).</summary>
        public async Task<IReadOnlyList<BackupManifest>> ListPendingAsync(CancellationToken cancellationToken = default)
        {
            ObjectListing listing = await _storage.Store.ListAsync(PendingFolder.Bucket, PendingFolder.Prefix, null, cancellationToken).ConfigureAwait(false);
            return await ReadAllAsync(listing.Objects.Where(o => o.Key.EndsWith(".json", StringComparison.Ordinal)).Select(o => o.Key), strict: false, cancellationToken, pending: true).ConfigureAwait(false);
        }

        /// <summary>The pending plan of one label, or null.</summary>
        public async Task<BackupManifest?> GetPendingAsync(string database, string label, CancellationToken cancellationToken = default)
        {
            string key = PendingKey(CheckSegment(database, "database"), CheckSegment(label, "label"));
            List<BackupManifest> read = await ReadAllAsync(new[] { key }, strict: false, cancellationToken, pending: true).ConfigureAwait(false);
            return read.FirstOrDefault();
        }

        /// <summary>Removes the pending plan of a label (no error when there is none).</summary>
        public Task DeletePendingAsync(string database, string label, CancellationToken cancellationToken = default) =>
            _storage.Store.DeleteAsync(PendingFolder.Bucket, PendingKey(CheckSegment(database, "database"), CheckSegment(label, "label")), cancellationToken);

        /// <summary>
        /// Which snapshot holds partition <paramref name="partition"/> (by name) of <paramref name="table"/> as of
        /// <paramref name="asOf"/> (null: now): the newest manifest finished at or before it that lists the partition.
        /// </summary>
        public static PartitionHolder? FindHolder(IEnumerable<BackupManifest> manifests, string table, string partition, DateTimeOffset? asOf = null) =>
            FindHolders(manifests, table, asOf).Where(h => string.Equals(h.Partition.Partition, partition, StringComparison.Ordinal))
                .OrderByDescending(h => h.Manifest.FinishedAt).ThenByDescending(h => h.Manifest.BackupTimestamp, StringComparer.Ordinal)
                .FirstOrDefault();

        /// <summary>The holder of partition id <paramref name="partitionId"/> of <paramref name="table"/> as of <paramref name="asOf"/>.</summary>
        public static PartitionHolder? FindHolder(IEnumerable<BackupManifest> manifests, string table, long partitionId, DateTimeOffset? asOf = null)
        {
            foreach (BackupManifest m in Order(Upto(manifests, asOf)).Reverse())
            {
                ManifestPartition? p = m.Partitions.FirstOrDefault(x => x.PartitionId == partitionId && string.Equals(x.Table, table, StringComparison.Ordinal));
                if (p != null)
                {
                    return new PartitionHolder(m, p);
                }
            }

            return null;
        }

        /// <summary>
        /// For every partition (of <paramref name="table"/>, or of every table) that existed as of <paramref name="asOf"/>, the
        /// snapshot holding its newest copy. The partitions that existed are the inventory of the newest manifest with one,
        /// plus what newer manifests hold; without any inventory, every (table, partition id) some manifest holds. A partition
        /// never backed up has no holder and is not listed.
        /// </summary>
        public static IReadOnlyList<PartitionHolder> FindHolders(IEnumerable<BackupManifest> manifests, string? table, DateTimeOffset? asOf = null)
        {
            List<BackupManifest> ordered = Order(Upto(manifests, asOf)).ToList();
            bool Wanted(ManifestPartition p) => table is null || string.Equals(p.Table, table, StringComparison.Ordinal);

            // Newest copy of every (table, partitionId).
            var newest = new Dictionary<(string, long), PartitionHolder>();
            foreach (BackupManifest m in ordered)
            {
                foreach (ManifestPartition p in m.Partitions.Where(Wanted))
                {
                    newest[(p.Table, p.PartitionId)] = new PartitionHolder(m, p);
                }
            }

            int lastInventory = ordered.FindLastIndex(m => m.Inventory != null && m.Inventory.Any(Wanted));
            if (lastInventory < 0)
            {
                return newest.Values.OrderBy(h => h.Partition.Table, StringComparer.Ordinal).ThenBy(h => h.Partition.Partition, StringComparer.Ordinal).ToList();
            }

            var existed = new HashSet<(string, long)>(ordered[lastInventory].Inventory!.Where(Wanted).Select(p => (p.Table, p.PartitionId)));
            HashSet<string> inventoried = new HashSet<string>(ordered[lastInventory].Inventory!.Select(p => p.Table), StringComparer.Ordinal);
            foreach (BackupManifest m in ordered.Skip(lastInventory + 1))
            {
                foreach (ManifestPartition p in m.Partitions.Where(Wanted))
                {
                    existed.Add((p.Table, p.PartitionId));
                }
            }

            // Tables the inventory did not cover (not backed up by that run) keep every copy.
            foreach (KeyValuePair<(string, long), PartitionHolder> kv in newest.Where(kv => !inventoried.Contains(kv.Key.Item1)))
            {
                existed.Add(kv.Key);
            }

            return newest.Where(kv => existed.Contains(kv.Key)).Select(kv => kv.Value)
                .OrderBy(h => h.Partition.Table, StringComparer.Ordinal).ThenBy(h => h.Partition.Partition, StringComparer.Ordinal).ToList();
        }

        /// <summary>Manifests ordered oldest first: by finish time, then backup timestamp, then label.</summary>
        public static IEnumerable<BackupManifest> Order(IEnumerable<BackupManifest> manifests) =>
            manifests.OrderBy(m => m.FinishedAt).ThenBy(m => m.BackupTimestamp, StringComparer.Ordinal).ThenBy(m => m.Label, StringComparer.Ordinal);

        private static IEnumerable<BackupManifest> Upto(IEnumerable<BackupManifest> manifests, DateTimeOffset? asOf) =>
            asOf is DateTimeOffset t ? manifests.Where(m => m.FinishedAt <= t) : manifests;

        private string PendingKey(string database, string label) => PendingFolder.KeyFor(database + "/" + label + ".json");

        private async Task<List<BackupManifest>> ReadAllAsync(IEnumerable<string> keys, bool strict, CancellationToken cancellationToken, bool pending = false) =>
            (await ReadKeyedAsync(keys, strict, cancellationToken, pending).ConfigureAwait(false)).Select(r => r.Manifest).ToList();

        /// <summary>Reads the objects at <paramref name="keys"/> (8 at a time), each with its key; unreadable or vanished ones are left out.</summary>
        private async Task<List<(string Key, BackupManifest Manifest)>> ReadKeyedAsync(IEnumerable<string> keys, bool strict, CancellationToken cancellationToken, bool pending = false)
        {
            using var gate = new SemaphoreSlim(ReadConcurrency);
            var tasks = keys.Select(async key =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    byte[] bytes = await _storage.Store.GetAsync(ManifestFolder.Bucket, key, cancellationToken).ConfigureAwait(false);
                    string origin = $"s3://{ManifestFolder.Bucket}/{key}";
                    return ((string Key, BackupManifest Manifest)?)(key, pending ? ManifestJson.ParsePending(bytes, origin) : ManifestJson.Parse(bytes, origin));
                }
                catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError)
                {
                    // Listed, then deleted before it was read (a plan recorded by a concurrent run): it is gone, not broken.
                    if (await _storage.Store.ExistsAsync(ManifestFolder.Bucket, key, cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }

                    return null;
                }
                catch (StarRocksBackupException ex) when (!strict && ex.Kind == ErrorKind.InvalidConfiguration)
                {
                    _observer.Warning((pending ? "Catalog: ignoring pending plan: " : "Catalog: ignoring manifest: ") + ex.Message);
                    return null;
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            (string Key, BackupManifest Manifest)?[] read = await Task.WhenAll(tasks).ConfigureAwait(false);
            return read.Where(m => m != null).Select(m => m!.Value).ToList();
        }

        private static void Validate(BackupManifest manifest)
        {
            if (manifest is null)
            {
                throw new ArgumentNullException(nameof(manifest));
            }

            CheckSegment(manifest.Database, "database");
            CheckSegment(manifest.Label, "label");
            if (Model.SnapshotTimestamp.TryParse(manifest.BackupTimestamp) is null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"'{manifest.BackupTimestamp}' is not a StarRocks backup timestamp (yyyy-MM-dd-HH-mm-ss-SSS).");
            }
        }

        private static string CheckSegment(string? value, string what)
        {
            if (string.IsNullOrEmpty(value) || value!.IndexOf('/') >= 0 || value.IndexOf('\\') >= 0 || value == "." || value == "..")
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"'{value}' is not a valid {what} name for the catalog.");
            }

            return value;
        }
    }

    /// <summary>A partition copy: the manifest (snapshot) and the partition entry in it.</summary>
    public sealed class PartitionHolder
    {
        /// <summary>Creates a holder.</summary>
        public PartitionHolder(BackupManifest manifest, ManifestPartition partition)
        {
            Manifest = manifest ?? throw new ArgumentNullException(nameof(manifest));
            Partition = partition ?? throw new ArgumentNullException(nameof(partition));
        }

        /// <summary>The snapshot's manifest.</summary>
        public BackupManifest Manifest { get; }

        /// <summary>The partition as that snapshot holds it.</summary>
        public ManifestPartition Partition { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Partition} in {Manifest.Label}@{Manifest.BackupTimestamp}";
    }

    /// <summary>A job the catalog has a manifest for, known from the manifest's object name.</summary>
    public sealed class RecordedJob
    {
        private RecordedJob(string database, string backupTimestamp, string label)
        {
            Database = database;
            BackupTimestamp = backupTimestamp;
            Label = label;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The backup timestamp.</summary>
        public string BackupTimestamp { get; }

        /// <summary>The label.</summary>
        public string Label { get; }

        /// <summary>Parses <c>&lt;database&gt;/&lt;timestamp&gt;_&lt;label&gt;.json</c>; null for anything else.</summary>
        public static RecordedJob? FromObjectName(string name)
        {
            int slash = name.IndexOf('/');
            if (slash <= 0 || !name.EndsWith(".json", StringComparison.Ordinal))
            {
                return null;
            }

            // A timestamp never holds '_' (yyyy-MM-dd-HH-mm-ss[-SSS]); a label may.
            string rest = name.Substring(slash + 1, name.Length - slash - 1 - ".json".Length);
            int sep = rest.IndexOf('_');
            if (sep <= 0 || sep == rest.Length - 1 || rest.IndexOf('/') >= 0 || Model.SnapshotTimestamp.TryParse(rest.Substring(0, sep)) is null)
            {
                return null;
            }

            return new RecordedJob(name.Substring(0, slash), rest.Substring(0, sep), rest.Substring(sep + 1));
        }

        /// <inheritdoc />
        public override string ToString() => $"{Database}/{Label}@{BackupTimestamp}";
    }
}
