using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.History
{
    /// <summary>
    /// Reads what change detection needs for many databases: their partitions (one partitions_meta statement for all of
    /// them, or one each) and their catalog digests, <see cref="Concurrency"/> databases at a time, the biggest first.
    /// Shared by policy runs and <c>Get-SrPartition -Changed</c> over every database.
    /// </summary>
    internal static class ChangeReader
    {
        /// <summary>
        /// Databases whose catalogs (and own statements) are read at once. A policy run sends its BACKUPs two at a time at
        /// the FE's pace (a few ms each on the simulator, 20-100 ms on a real FE, which lists the repository per BACKUP),
        /// and a few readers stay ahead of it; more only load the object store while the first BACKUPs wait
        /// (bench/README.md, sixth session: with 16 at once the first BACKUP left later than with 4).
        /// </summary>
        public const int Concurrency = 4;

        /// <summary>One database's result, or why it could not be made.</summary>
        public sealed class Outcome<T>
            where T : class
        {
            public T? Value { get; set; }

            public StarRocksBackupException? Error { get; set; }
        }

        /// <summary>
        /// Whether <paramref name="selected"/> of the cluster's <paramref name="databases"/> are read with one partitions_meta
        /// statement: two or more, and at least half of them. StarRocks' schema scanner is handed a DB_NAME equality (the
        /// FE then walks that database alone) but not an IN list, so one statement walks every database the user can see:
        /// cheaper than a statement per database when the read covers most of the cluster, dearer when it covers a few
        /// databases of a big one.
        /// </summary>
        public static bool ReadTogether(int selected, int databases) => selected >= 2 && selected * 2 >= databases;

        /// <summary>
        /// Reads <paramref name="databases"/> and makes each one's result with <paramref name="make"/> (index, its current
        /// partitions without temporary ones, its digest). With <paramref name="together"/>, their partitions come from one
        /// statement first and the catalogs are read biggest database first (by that statement's sizes); a database the
        /// statement has no row for (empty, or dropped since it was listed), and every database where the statement is
        /// refused, is read alone, so each failure is its own database's. Results in <paramref name="databases"/>' order;
        /// <paramref name="ordered"/> hears the order they are read in (indexes) before any is, <paramref name="done"/> of
        /// each as soon as it is made.
        /// </summary>
        public static async Task<Outcome<T>[]> ReadManyAsync<T>(StarRocksClient client, BackupCatalog catalog, IReadOnlyList<string> databases, bool together,
            Func<int, IReadOnlyList<Partition>, CatalogDigest, T> make, IOperationObserver observer, CancellationToken ct,
            Action<int, Outcome<T>>? done = null, Action<IReadOnlyList<int>>? ordered = null)
            where T : class
        {
            var outcomes = new Outcome<T>[databases.Count];
            if (databases.Count == 0)
            {
                return outcomes;
            }

            IReadOnlyDictionary<string, IReadOnlyList<Partition>>? read = together ? await ListTogetherAsync(client, databases, observer, ct).ConfigureAwait(false) : null;
            long SizeOf(int i) => read != null && read.TryGetValue(databases[i], out IReadOnlyList<Partition>? ps) ? ps.Sum(p => p.DataSizeBytes ?? 0) : 0;
            // The semaphore lets waiters in as they came: the biggest databases are read (and can be sent) first.
            List<int> order = Enumerable.Range(0, databases.Count).OrderByDescending(SizeOf).ThenBy(i => i).ToList();
            ordered?.Invoke(order);
            using (var reading = new SemaphoreSlim(Concurrency))
            {
                await Task.WhenAll(order.Select(async i =>
                {
                    string database = databases[i];
                    try
                    {
                        await reading.WaitAsync(ct).ConfigureAwait(false);
                        try
                        {
                            // The catalog (object storage) and a database's own statement are independent: both at once.
                            Task<CatalogDigest> digest = catalog.DigestAsync(database, observer, ct);
                            IReadOnlyList<Partition> current;
                            try
                            {
                                current = read != null && read.TryGetValue(database, out IReadOnlyList<Partition>? known)
                                    ? known
                                    : await client.Catalog.ListPartitionsAsync(database, null, includeTemporary: false, observer, ct).ConfigureAwait(false);
                            }
                            catch
                            {
                                await BackupCatalog.ObserveAsync(digest).ConfigureAwait(false);
                                throw;
                            }

                            outcomes[i] = new Outcome<T> { Value = make(i, current, await digest.ConfigureAwait(false)) };
                        }
                        finally
                        {
                            reading.Release();
                        }
                    }
                    catch (StarRocksBackupException ex)
                    {
                        outcomes[i] = new Outcome<T> { Error = ex };
                    }

                    done?.Invoke(i, outcomes[i]);
                })).ConfigureAwait(false);
            }

            return outcomes;
        }

        /// <summary>The partitions of <paramref name="databases"/> from one statement; null when each must be read alone.</summary>
        private static async Task<IReadOnlyDictionary<string, IReadOnlyList<Partition>>?> ListTogetherAsync(StarRocksClient client, IReadOnlyList<string> databases,
            IOperationObserver observer, CancellationToken ct)
        {
            if (databases.Count < 2)
            {
                return null;
            }

            try
            {
                return await client.Catalog.ListPartitionsOfDatabasesAsync(databases, includeTemporary: false, observer, ct).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex)
            {
                observer.Debug($"The partitions of {databases.Count} databases could not be read together ({ex.Message}); reading each alone.");
                return null;
            }
        }
    }
}
