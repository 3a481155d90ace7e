using System;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// A server repository (SHOW REPOSITORIES) together with direct access to its objects: the location comes from the
    /// server, the keys from the caller (SHOW REPOSITORIES never reveals them). Owns the object store it creates.
    /// </summary>
    public sealed class RepositoryAccess : IDisposable
    {
        private RepositoryAccess(Repository repository, RepositoryStorage storage)
        {
            Repository = repository;
            Storage = storage;
        }

        /// <summary>The repository as the server lists it.</summary>
        public Repository Repository { get; }

        /// <summary>Its objects.</summary>
        public RepositoryStorage Storage { get; }

        /// <summary>Looks the repository up on the server and opens its storage with <paramref name="options"/>.</summary>
        /// <exception cref="StarRocksBackupException">RepositoryNotFound; InvalidArgument when the location is not S3-compatible storage.</exception>
        public static async Task<RepositoryAccess> OpenAsync(StarRocksClient client, string repository, ObjectStoreOptions options, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            Repository repo = await client.Repositories.GetAsync(repository, observer, cancellationToken).ConfigureAwait(false)
                ?? throw new StarRocksBackupException(ErrorKind.RepositoryNotFound, $"Repository '{repository}' does not exist on {client.Options}.");
            return await OpenAsync(repo, options, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Opens the storage of a repository row already read.</summary>
        public static async Task<RepositoryAccess> OpenAsync(Repository repository, ObjectStoreOptions options, CancellationToken cancellationToken)
        {
            if (!S3Location.TryParse(repository.Location, out S3Location? location, out string? error))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"Repository '{repository.Name}' is not on S3-compatible storage, which direct access needs: {error}");
            }

            var store = new S3ObjectStore(options);
            try
            {
                RepositoryStorage storage;
                try
                {
                    storage = await RepositoryStorage.OpenAsync(store, location!, repository.Name, cancellationToken).ConfigureAwait(false);
                }
                catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError)
                {
                    // The legacy-root probe could not list: use the current root and let the caller's own requests report
                    // the storage error (Test-SrRepository turns it into StorageOk = false instead of failing).
                    storage = new RepositoryStorage(store, location!, repository.Name);
                }

                return new RepositoryAccess(repository, storage);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        /// <inheritdoc />
        public void Dispose() => Storage.Store.Dispose();

        /// <inheritdoc />
        public override string ToString() => Storage.ToString();
    }
}
