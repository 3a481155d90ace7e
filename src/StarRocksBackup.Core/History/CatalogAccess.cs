using System;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.History
{
    /// <summary>The catalog of a repository the server knows, opened over object storage (owns its S3 client).</summary>
    public sealed class CatalogAccess : IDisposable
    {
        private readonly IObjectStore _store;

        private CatalogAccess(IObjectStore store, BackupCatalog catalog)
        {
            _store = store;
            Catalog = catalog;
        }

        /// <summary>The catalog.</summary>
        public BackupCatalog Catalog { get; }

        /// <summary>
        /// Looks the repository up (SHOW REPOSITORIES gives its location) and opens its catalog with <paramref name="storage"/>.
        /// </summary>
        /// <exception cref="StarRocksBackupException">RepositoryNotFound; InvalidArgument for a location that is not S3-compatible (hdfs://).</exception>
        public static async Task<CatalogAccess> OpenAsync(StarRocksClient client, string repository, ObjectStoreOptions storage, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            Repository repo = await client.Repositories.GetAsync(repository, observer, cancellationToken).ConfigureAwait(false)
                ?? throw new StarRocksBackupException(ErrorKind.RepositoryNotFound, $"Repository '{repository}' does not exist.");
            if (!S3Location.TryParse(repo.Location, out S3Location? location, out string? error) || location is null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"The backup catalog needs S3-compatible storage; repository '{repository}' is at a location the module cannot reach directly ({error}).");
            }

            var store = new S3ObjectStore(storage);
            try
            {
                RepositoryStorage rs = await RepositoryStorage.OpenAsync(store, location, repository, cancellationToken).ConfigureAwait(false);
                observer.Verbose($"Backup catalog of repository '{repository}': {rs.ModuleFolder}catalog/ ({storage}).");
                return new CatalogAccess(store, new BackupCatalog(rs, observer));
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        /// <inheritdoc />
        public void Dispose() => _store.Dispose();
    }
}
