using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.History
{
    public static partial class ChangeDetector
    {
        /// <summary>
        /// Opens <paramref name="repository"/>'s catalog and detects <paramref name="database"/>'s changes, reading the
        /// partitions (the one partitions_meta query) while the catalog is being opened (SHOW REPOSITORIES, the S3 client,
        /// the repository root's listing): the two are independent, and in a new process both are first uses of their
        /// libraries (bench/README.md, "Fifth session"). The outcome is that of opening the catalog first: its errors
        /// (RepositoryNotFound, storage) are reported before any error of the query (DatabaseNotFound), which is then
        /// cancelled and discarded.
        /// </summary>
        public static async Task<DatabaseChanges> OpenAndDetectAsync(StarRocksClient client, string repository, ObjectStoreOptions storage, string database,
            ChangeDetectionOptions? options = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (client is null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            observer ??= NullObserver.Instance;
            using var early = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task<IReadOnlyList<Partition>> partitions = client.Catalog.ListPartitionsAsync(database, null, includeTemporary: false, observer, early.Token);
            CatalogAccess access;
            try
            {
                access = await CatalogAccess.OpenAsync(client, repository, storage, observer, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                early.Cancel();
                await Settle(partitions).ConfigureAwait(false);
                throw;
            }

            using (access)
            {
                Task<CatalogDigest> digest = access.Catalog.DigestAsync(database, observer, cancellationToken);
                IReadOnlyList<Partition> current;
                try
                {
                    current = await partitions.ConfigureAwait(false);
                }
                catch
                {
                    // The digest reads through the store disposed on the way out: let it finish (its outcome is moot).
                    await Settle(digest).ConfigureAwait(false);
                    throw;
                }

                return Detect(database, current, await digest.ConfigureAwait(false), options);
            }
        }

        /// <summary>Waits for <paramref name="task"/> and drops its outcome (the caller reports an earlier error).</summary>
        private static async Task Settle(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Deliberately ignored: an error of the other branch is the one reported.
            }
        }
    }
}
