using System.Text;
using System.Text.Json;
using StarRocksBackup.Core;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests.Storage;
using Xunit;
using static StarRocksBackup.Tests.History.CatalogFixtures;

namespace StarRocksBackup.Tests.History;

/// <summary>The backup catalog against the real S3 server (Ceph radosgw), each test under its own prefix.</summary>
public class BackupCatalogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);

    private static (S3ObjectStore Store, BackupCatalog Catalog) Open(S3Settings s3, string tag, RecordingObserver? observer = null, S3Location? at = null)
    {
        var store = S3TestStore.Create(s3);
        S3Location location = at ?? S3TestStore.UniqueLocation(s3, tag);
        return (store, new BackupCatalog(new RepositoryStorage(store, location, "repo"), observer));
    }

    [S3Fact]
    public async Task Record_writes_one_camelCase_manifest_under_the_contract_path_and_lists_it_back()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        var (store, catalog) = Open(s3, "cat-rt");
        using S3ObjectStore _ = store;
        BackupManifest m = Manifest("sales", "sales_20261101", T0, new[] { P("orders", "p1", 101, 7) }, new[] { P("orders", "p1", 101, 7), P("orders", "p2", 102, 1) });

        Assert.True(await catalog.RecordAsync(m));
        string key = catalog.ManifestFolder.KeyFor($"sales/{m.BackupTimestamp}_sales_20261101.json");
        Assert.EndsWith($"/__starrocksbackup_repo/catalog/manifests/sales/2026-11-01-02-00-00-000_sales_20261101.json", key);
        using JsonDocument doc = JsonDocument.Parse(await store.GetAsync(s3.Bucket, key, CancellationToken.None));
        JsonElement root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal("2026-11-01-02-00-00-000", root.GetProperty("backupTimestamp").GetString());
        Assert.Equal("2026-11-01T02:00:00.000Z", root.GetProperty("finishedAt").GetString());
        Assert.Equal("FINISHED", root.GetProperty("state").GetString());
        Assert.Equal(101, root.GetProperty("partitions")[0].GetProperty("partitionId").GetInt64());
        Assert.Equal(7, root.GetProperty("partitions")[0].GetProperty("visibleVersion").GetInt64());
        Assert.Equal(2, root.GetProperty("inventory").GetArrayLength());

        BackupManifest back = Assert.Single(await catalog.ListAsync("sales"));
        Assert.Equal(m.Label, back.Label);
        Assert.Equal(m.FinishedAt, back.FinishedAt);
        Assert.Equal(2, back.Inventory!.Count);
        Assert.Empty(await catalog.ListAsync("crm"));
        Assert.True(await catalog.IsRecordedAsync("sales", m.BackupTimestamp, m.Label));
    }

    [S3Fact]
    public async Task Recording_the_same_job_again_changes_nothing_and_reports_false()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        var (store, catalog) = Open(s3, "cat-twice");
        using S3ObjectStore _ = store;
        BackupManifest first = Manifest("sales", "l1", T0, new[] { P("orders", "p1", 101, 7) });
        BackupManifest second = Manifest("sales", "l1", T0, new[] { P("orders", "p1", 101, 99) });

        Assert.True(await catalog.RecordAsync(first));
        Assert.False(await catalog.RecordAsync(second));
        Assert.Equal(7, Assert.Single(Assert.Single(await catalog.ListAsync()).Partitions).VisibleVersion);
    }

    [S3Fact]
    public async Task The_S3_server_honours_If_None_Match_so_the_create_is_atomic()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        string key = S3TestStore.UniqueLocation(s3, "cat-cond").KeyFor("x.json");
        Assert.True(await store.PutIfAbsentAsync(s3.Bucket, key, Encoding.UTF8.GetBytes("a"), CancellationToken.None));
        Assert.False(await store.PutIfAbsentAsync(s3.Bucket, key, Encoding.UTF8.GetBytes("b"), CancellationToken.None));
        Assert.True(store.SupportsConditionalWrites, "radosgw answered the conditional PUT without 501");
        Assert.Equal("a", Encoding.UTF8.GetString(await store.GetAsync(s3.Bucket, key, CancellationToken.None)));
    }

    [S3Fact]
    public async Task Two_runs_racing_to_record_the_same_jobs_leave_exactly_one_whole_manifest_each()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        S3Location location = S3TestStore.UniqueLocation(s3, "cat-race");
        var (storeA, a) = Open(s3, "", at: location);
        var (storeB, b) = Open(s3, "", at: location);
        using S3ObjectStore _a = storeA, _b = storeB;

        // 20 jobs; each "run" records every job with its own content, both at once.
        var jobs = Enumerable.Range(0, 20).Select(i => T0.AddMinutes(i)).ToList();
        async Task<int> Run(BackupCatalog c, string cluster, long version)
        {
            var wins = await Task.WhenAll(jobs.Select(t =>
            {
                BackupManifest m = Manifest("sales", "lbl_" + t.Minute, t, new[] { P("orders", "p1", 101, version) });
                m.Cluster = cluster;
                return c.RecordAsync(m);
            }));
            return wins.Count(w => w);
        }

        int[] won = await Task.WhenAll(Run(a, "A", 1), Run(b, "B", 2));
        Assert.Equal(20, won.Sum());

        IReadOnlyList<BackupManifest> all = await a.ListAsync(strict: true);
        Assert.Equal(20, all.Count);
        foreach (BackupManifest m in all)
        {
            // Whole and consistent: each manifest is entirely one writer's.
            long expected = m.Cluster == "A" ? 1 : 2;
            Assert.Equal(expected, Assert.Single(m.Partitions).VisibleVersion);
        }
    }

    [S3Fact]
    public async Task A_corrupt_manifest_is_reported_and_left_out_or_refused_when_strict()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        var observer = new RecordingObserver();
        var (store, catalog) = Open(s3, "cat-corrupt", observer);
        using S3ObjectStore _ = store;
        await catalog.RecordAsync(Manifest("sales", "good", T0, new[] { P("orders", "p1", 101, 7) }));
        await store.PutAsync(s3.Bucket, catalog.ManifestFolder.KeyFor("sales/2026-11-02-00-00-00-000_bad.json"), Encoding.UTF8.GetBytes("{\"schema\":1,"), CancellationToken.None);
        await store.PutAsync(s3.Bucket, catalog.ManifestFolder.KeyFor("sales/2026-11-03-00-00-00-000_future.json"),
            Encoding.UTF8.GetBytes("{\"schema\":2,\"label\":\"future\",\"backupTimestamp\":\"2026-11-03-00-00-00-000\",\"database\":\"sales\"}"), CancellationToken.None);

        Assert.Equal("good", Assert.Single(await catalog.ListAsync()).Label);
        Assert.Contains(observer.Warnings, w => w.Contains("_bad.json") && w.Contains("not valid JSON"));
        Assert.Contains(observer.Warnings, w => w.Contains("schema 2"));
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => catalog.ListAsync(strict: true));
        Assert.Equal(ErrorKind.InvalidConfiguration, ex.Kind);
    }

    [S3Fact]
    public async Task Record_refuses_names_that_would_escape_the_catalog_folder()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        var (store, catalog) = Open(s3, "cat-bad");
        using S3ObjectStore _ = store;
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => catalog.RecordAsync(Manifest("../x", "l", T0, Array.Empty<ManifestPartition>())));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        BackupManifest badTs = Manifest("sales", "l", T0, Array.Empty<ManifestPartition>());
        badTs.BackupTimestamp = "yesterday";
        Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<StarRocksBackupException>(() => catalog.RecordAsync(badTs))).Kind);
    }
}
