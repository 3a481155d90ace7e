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
            if (storage is null)
            {
                throw new ArgumentNullException(nameof(storage));
            }

            // The S3 client does not need the repository's location, and its construction is the AWS SDK's first use in a
            // new process (configuration, endpoint data: ~0.1 s, bench/README.md "Fifth session"), so it is built on the
            // thread pool while SHOW REPOSITORIES is answered. The outcome is the same as building it afterwards: a
            // missing or non-S3 repository is reported first (the store, or its construction error, is discarded).
            Task<S3ObjectStore> creating = Task.Run(() => new S3ObjectStore(storage));
            S3Location? location;
            try
            {
                Repository repo = await client.Repositories.GetAsync(repository, observer, cancellationToken).ConfigureAwait(false)
                    ?? throw new StarRocksBackupException(ErrorKind.RepositoryNotFound, $"Repository '{repository}' does not exist.");
                if (!S3Location.TryParse(repo.Location, out location, out string? error) || location is null)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"The backup catalog needs S3-compatible storage; repository '{repository}' is at a location the module cannot reach directly ({error}).");
                }
            }
            catch
            {
                _ = creating.ContinueWith(t =>
                {
                    if (t.Status == TaskStatus.RanToCompletion)
                    {
                        t.Result.Dispose();
                    }

                    return t.Exception;   // observed: a construction error after a lookup error is not reported twice
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }

            S3ObjectStore store = await creating.ConfigureAwait(false);
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
