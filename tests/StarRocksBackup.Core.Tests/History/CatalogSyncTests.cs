using System.Text;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Tests.Storage;
using Xunit;
using static StarRocksBackup.Tests.History.CatalogFixtures;

namespace StarRocksBackup.Tests.History;

/// <summary>Rebuilding the catalog from the repository's <c>__info_</c> files, against the real S3 server.</summary>
public class CatalogSyncTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);

    [S3Fact]
    public async Task Sync_records_snapshots_taken_outside_the_module_once()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        var storage = new RepositoryStorage(store, S3TestStore.UniqueLocation(s3, "sync-once"), "repo");
        var catalog = new BackupCatalog(storage);
        string ts1 = await WriteInfoAsync(storage, "sales", "manual_1", T0, ("orders", 10, "p1", 101, 5), ("orders", 10, "p2", 102, 3), ("items", 11, "items", 201, 2));
        string ts2 = await WriteInfoAsync(storage, "crm", "manual_2", T0.AddHours(1), ("people", 20, "people", 301, 9));
        // Not job-info files: an interrupted upload and a name without a valid md5 suffix.
        S3Location folder = storage.SnapshotFolder("manual_1");
        await store.PutAsync(s3.Bucket, folder.KeyFor("__info_2026-11-01-03-00-00-000.part"), Encoding.UTF8.GetBytes("{"), CancellationToken.None);
        await store.PutAsync(s3.Bucket, folder.KeyFor("__info_2026-11-01-04-00-00-000.nomd5"), Encoding.UTF8.GetBytes("{"), CancellationToken.None);

        CatalogSyncResult first = await new CatalogSync(catalog).SyncAsync();
        Assert.Equal(2, first.Recorded.Count);
        Assert.Single(first.Skipped, s => s.Contains("nomd5"));

        BackupManifest sales = Assert.Single(await catalog.ListAsync("sales"));
        Assert.Equal(("manual_1", ts1, "sync", "unknown"), (sales.Label, sales.BackupTimestamp, sales.Source, sales.Kind));
        Assert.Null(sales.Inventory);
        Assert.Equal(3, sales.Partitions.Count);
        ManifestPartition p1 = sales.Partitions.Single(p => p.Partition == "p1");
        Assert.Equal((10L, 101L, 5L, (long?)null), (p1.TableId, p1.PartitionId, p1.VisibleVersion, p1.RowCount));
        Assert.Equal(T0, sales.CreatedAt);
        Assert.Equal(ts2, Assert.Single(await catalog.ListAsync("crm")).BackupTimestamp);

        CatalogSyncResult second = await new CatalogSync(catalog).SyncAsync();
        Assert.Empty(second.Recorded);
        Assert.Equal(2, second.AlreadyRecorded);
        Assert.Equal(2, (await catalog.ListAsync()).Count);
    }

    [S3Fact]
    public async Task A_run_stopped_before_the_catalog_write_is_recorded_from_its_pending_plan()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        var storage = new RepositoryStorage(store, S3TestStore.UniqueLocation(s3, "sync-pending"), "repo");
        var catalog = new BackupCatalog(storage);

        // The run wrote its plan (versions captured BEFORE the BACKUP), submitted the backup and died.
        BackupManifest draft = Manifest("sales", "run_1", T0, new[] { P("orders", "p1", 101, 5) }, new[] { P("orders", "p1", 101, 5), P("orders", "p2", 102, 3) });
        draft.BackupTimestamp = string.Empty;
        await catalog.WritePendingAsync(draft);
        // A load committed while the job ran: the snapshot holds version 6.
        string ts = await WriteInfoAsync(storage, "sales", "run_1", T0, ("orders", 10, "p1", 101, 6));
        // An old plan whose BACKUP never produced a snapshot, and a recent one that may still be running.
        BackupManifest stale = Manifest("sales", "never", T0.AddDays(-10), Array.Empty<ManifestPartition>());
        BackupManifest recent = Manifest("sales", "running", T0, Array.Empty<ManifestPartition>());
        await catalog.WritePendingAsync(stale);
        await catalog.WritePendingAsync(recent);

        CatalogSyncResult result = await new CatalogSync(catalog).SyncAsync(now: T0.AddHours(1));

        BackupManifest m = Assert.Single(result.Recorded);
        Assert.Equal(("module", "incremental", ts), (m.Source, m.Kind, m.BackupTimestamp));
        Assert.Equal(5, Assert.Single(m.Partitions).VisibleVersion);
        Assert.Equal(2, m.Inventory!.Count);
        Assert.Equal(new[] { "running" }, (await catalog.ListPendingAsync()).Select(p => p.Label));
        Assert.Equal(5, Assert.Single(Assert.Single(await catalog.ListAsync()).Partitions).VisibleVersion);
    }

    [S3Fact]
    public async Task Two_syncs_at_once_record_each_snapshot_exactly_once()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        using S3ObjectStore other = S3TestStore.Create(s3);
        S3Location location = S3TestStore.UniqueLocation(s3, "sync-race");
        var storage = new RepositoryStorage(store, location, "repo");
        for (int i = 0; i < 12; i++)
        {
            await WriteInfoAsync(storage, "db" + (i % 3), "snap_" + i, T0.AddMinutes(i), ("t", 1, "p" + i, 100 + i, i + 1));
        }

        CatalogSyncResult[] results = await Task.WhenAll(
            new CatalogSync(new BackupCatalog(storage)).SyncAsync(),
            new CatalogSync(new BackupCatalog(new RepositoryStorage(other, location, "repo"))).SyncAsync());

        Assert.Equal(12, results.Sum(r => r.Recorded.Count));
        Assert.Equal(12, results.Sum(r => r.Recorded.Count + r.AlreadyRecorded) - 12);
        IReadOnlyList<BackupManifest> all = await new BackupCatalog(storage).ListAsync(strict: true);
        Assert.Equal(12, all.Count);
        Assert.Equal(12, all.Select(m => m.Label).Distinct().Count());
    }

    [S3Fact]
    public async Task A_quick_sync_opens_only_the_folders_of_labels_not_recorded_or_pending()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        var storage = new RepositoryStorage(store, S3TestStore.UniqueLocation(s3, "sync-quick"), "repo");
        var catalog = new BackupCatalog(storage);
        for (int i = 0; i < 10; i++)
        {
            await WriteInfoAsync(storage, "db", "snap_" + i, T0.AddMinutes(i), ("t", 1, "p" + i, 100 + i, i + 1));
        }

        Assert.Equal(10, (await new CatalogSync(catalog).SyncAsync()).Recorded.Count);

        // One new snapshot taken outside the module, and one whose run left its plan pending.
        await WriteInfoAsync(storage, "db", "snap_new", T0.AddHours(1), ("t", 1, "p0", 100, 9));
        BackupManifest draft = Manifest("db", "run_pending", T0.AddHours(2), new[] { P("t", "p1", 101, 7) });
        draft.BackupTimestamp = string.Empty;
        await catalog.WritePendingAsync(draft);
        await WriteInfoAsync(storage, "db", "run_pending", T0.AddHours(2), ("t", 1, "p1", 101, 7));

        long before = store.RequestsSent;
        CatalogSyncResult quick = await new CatalogSync(catalog).SyncAsync(now: T0.AddHours(3), quick: true);
        long requests = store.RequestsSent - before;

        Assert.Equal(new[] { "snap_new", "run_pending" }, quick.Recorded.Select(m => m.Label));
        Assert.Equal(10, quick.AlreadyRecorded);
        // Three listings (manifests, pending, folders) and the pending plan's read; per unrecorded folder one listing, one
        // info read, one conditional write, the pending plan's removal and the index's read and write — never a listing
        // of the ten recorded folders (that would be ten more).
        Assert.InRange(requests, 4 + 2 * 6, 4 + 2 * 6 + 1);

        // A full sync still opens everything and finds nothing more.
        before = store.RequestsSent;
        CatalogSyncResult full = await new CatalogSync(catalog).SyncAsync(now: T0.AddHours(3));
        Assert.Empty(full.Recorded);
        Assert.Equal(12, full.AlreadyRecorded);
        Assert.True(store.RequestsSent - before >= 3 + 12, $"a full sync lists every folder ({store.RequestsSent - before} requests)");
    }

}
