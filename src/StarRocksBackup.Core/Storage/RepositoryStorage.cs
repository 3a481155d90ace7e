using System;
using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// Direct access to the objects of one StarRocks repository, for the work StarRocks cannot do itself (deleting
    /// snapshots before 4.2, verifying files, the module's backup catalog). Knows StarRocks' layout
    /// (<c>&lt;location&gt;/__starrocks_repository_&lt;name&gt;/__ss_&lt;label&gt;/…</c>, facts §5.1) and the module's own folder
    /// beside it (<see cref="ModuleFolder"/>), which StarRocks never reads.
    /// </summary>
    /// <remarks>
    /// The module folder is a sibling of the repository root, not a child: nothing StarRocks lists or deletes (SHOW
    /// SNAPSHOT lists <c>__ss_*</c> under the root; 4.2's DROP SNAPSHOT deletes <c>__ss_&lt;label&gt;</c>) can reach it, and
    /// it is keyed by the repository name like StarRocks' own root, so two clusters that create the same repository
    /// on one location share it as they share the snapshots.
    /// </remarks>
    public sealed class RepositoryStorage
    {
        /// <summary>The folder name of a repository root: <c>__starrocks_repository_</c> + name.</summary>
        public const string RootPrefix = "__starrocks_repository_";

        /// <summary>The legacy root name StarRocks still uses when it exists: <c>__palo_repository_</c> + name.</summary>
        public const string LegacyRootPrefix = "__palo_repository_";

        /// <summary>The module's own folder beside the root: <c>__starrocksbackup_</c> + name.</summary>
        public const string ModuleFolderPrefix = "__starrocksbackup_";

        /// <summary>The folder prefix of one snapshot label below the root.</summary>
        public const string SnapshotFolderPrefix = "__ss_";

        /// <summary>Creates access to repository <paramref name="repositoryName"/> at <paramref name="location"/>.</summary>
        public RepositoryStorage(IObjectStore store, S3Location location, string repositoryName, bool legacyRoot = false)
        {
            Store = store ?? throw new ArgumentNullException(nameof(store));
            Location = location ?? throw new ArgumentNullException(nameof(location));
            if (string.IsNullOrEmpty(repositoryName) || repositoryName.IndexOf('/') >= 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"'{repositoryName}' is not a repository name.");
            }

            RepositoryName = repositoryName;
            Root = location.Child((legacyRoot ? LegacyRootPrefix : RootPrefix) + repositoryName + "/");
            ModuleFolder = location.Child(ModuleFolderPrefix + repositoryName + "/");
        }

        /// <summary>The object store (owned by the caller).</summary>
        public IObjectStore Store { get; }

        /// <summary>The repository's location as StarRocks was given it (SHOW REPOSITORIES' Location).</summary>
        public S3Location Location { get; }

        /// <summary>The repository's name.</summary>
        public string RepositoryName { get; }

        /// <summary>The repository root: <c>&lt;location&gt;/__starrocks_repository_&lt;name&gt;/</c>.</summary>
        public S3Location Root { get; }

        /// <summary>The module's own folder: <c>&lt;location&gt;/__starrocksbackup_&lt;name&gt;/</c> (catalog, verification records, deletion journals).</summary>
        public S3Location ModuleFolder { get; }

        /// <summary>The folder of snapshot <paramref name="label"/>: <c>&lt;root&gt;/__ss_&lt;label&gt;/</c>.</summary>
        public S3Location SnapshotFolder(string label)
        {
            if (string.IsNullOrEmpty(label) || label.IndexOf('/') >= 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"'{label}' is not a snapshot label.");
            }

            return Root.Child(SnapshotFolderPrefix + label + "/");
        }

        /// <summary>
        /// Opens the repository, using the legacy <c>__palo_repository_</c> root when it exists and the current one does
        /// not, as StarRocks' Repository does.
        /// </summary>
        public static async Task<RepositoryStorage> OpenAsync(IObjectStore store, S3Location location, string repositoryName, CancellationToken cancellationToken)
        {
            var current = new RepositoryStorage(store, location, repositoryName);
            ObjectListing now = await store.ListAsync(location.Bucket, current.Root.Prefix, "/", cancellationToken).ConfigureAwait(false);
            if (now.Objects.Count > 0 || now.CommonPrefixes.Count > 0)
            {
                return current;
            }

            var legacy = new RepositoryStorage(store, location, repositoryName, legacyRoot: true);
            ObjectListing old = await store.ListAsync(location.Bucket, legacy.Root.Prefix, "/", cancellationToken).ConfigureAwait(false);
            return old.Objects.Count > 0 || old.CommonPrefixes.Count > 0 ? legacy : current;
        }

        /// <inheritdoc />
        public override string ToString() => $"repository '{RepositoryName}' at {Root}";
    }
}
