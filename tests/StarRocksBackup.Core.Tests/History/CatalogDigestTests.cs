using System.Text;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Tests.Storage;
using Xunit;
using Xunit.Abstractions;
using static StarRocksBackup.Tests.History.CatalogFixtures;

namespace StarRocksBackup.Tests.History;

/// <summary>
/// The catalog digest (derived index of a database's manifests): change detection against it equals detection against
/// every manifest, whatever the order manifests were added in and after a round trip through its JSON; and the index
/// object in storage is read, extended and rebuilt as the manifests change.
/// </summary>
public class CatalogDigestTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly ITestOutputHelper _out;

    public CatalogDigestTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Detection_against_the_digest_equals_detection_against_every_manifest_over_random_histories()
    {
        int cases = 0;
        for (int seed = 1; seed <= 300; seed++)
        {
            var rnd = new Random(seed);
            (List<BackupManifest> manifests, List<Partition> now) = History(rnd);
            var options = new ChangeDetectionOptions { Now = new DateTime(2026, 12, 1), LateDataAge = TimeSpan.FromDays(rnd.Next(0, 2) * 30), Full = rnd.Next(10) == 0 };
            string expected = Describe(ChangeDetector.Detect("db", now, manifests, options));

            List<BackupManifest> shuffled = manifests.OrderBy(_ => rnd.Next()).ToList();
            var built = new CatalogDigest("db");
            foreach (BackupManifest m in shuffled)
            {
                built.Add(m);
            }

            CatalogDigest? roundTripped = CatalogDigest.TryParse(built.Serialize(), "db");
            Assert.NotNull(roundTripped);
            Assert.Equal(expected, Describe(ChangeDetector.Detect("db", now, built, options)));
            Assert.Equal(expected, Describe(ChangeDetector.Detect("db", now, roundTripped!, options)));
            Assert.Equal(manifests.Select(m => m.ObjectName()).OrderBy(x => x, StringComparer.Ordinal), roundTripped!.Covers.OrderBy(x => x, StringComparer.Ordinal));
            cases++;
        }

        _out.WriteLine($"{cases} random histories compared");
        Assert.Equal(300, cases);
    }

    [Fact]
    public void An_index_of_another_database_schema_or_shape_is_not_trusted()
    {
        CatalogDigest d = CatalogDigest.From("db", new[] { Manifest("db", "l1", T0, new[] { P("t", "p1", 1, 2) }) });
        byte[] json = d.Serialize();
        Assert.NotNull(CatalogDigest.TryParse(json, "db"));
        Assert.Null(CatalogDigest.TryParse(json, "other"));
        Assert.Null(CatalogDigest.TryParse(Encoding.UTF8.GetBytes("{\"schema\": 99, \"database\": \"db\"}"), "db"));
        Assert.Null(CatalogDigest.TryParse(Encoding.UTF8.GetBytes("{\"schema\": 1, \"database\": \"db\", \"holders\": [{\"m\": 5, \"p\": {\"table\": \"t\"}}]}"), "db"));
        Assert.Null(CatalogDigest.TryParse(Encoding.UTF8.GetBytes("not json"), "db"));

        // Schema 2's own shape: a copy pointing past the headers, entries before the table's name, a copy of the wrong
        // arity or types, a truncated object: each is rebuilt, never half-trusted.
        string head = "{\"schema\": 2, \"database\": \"db\", \"covers\": [], \"manifests\": [{\"label\": \"l1\"}], \"tables\": [";
        Assert.NotNull(CatalogDigest.TryParse(Encoding.UTF8.GetBytes(head + "{\"table\": \"t\", \"held\": [[0, \"p1\", 1, 2, null, null, 0]]}]}"), "db"));
        Assert.Null(CatalogDigest.TryParse(Encoding.UTF8.GetBytes(head + "{\"table\": \"t\", \"held\": [[1, \"p1\", 1, 2, null, null, 0]]}]}"), "db"));
        Assert.Null(CatalogDigest.TryParse(Encoding.UTF8.GetBytes(head + "{\"held\": [[0, \"p1\", 1, 2, null, null, 0]], \"table\": \"t\"}]}"), "db"));
        Assert.Null(CatalogDigest.TryParse(Encoding.UTF8.GetBytes(head + "{\"table\": \"t\", \"held\": [[0, \"p1\", 1, 2, null, null]]}]}"), "db"));
        Assert.Null(CatalogDigest.TryParse(Encoding.UTF8.GetBytes(head + "{\"table\": \"t\", \"held\": [[0, 5, 1, 2, null, null, 0]]}]}"), "db"));
        Assert.Null(CatalogDigest.TryParse(Encoding.UTF8.GetBytes(head + "{\"table\": \"t\", \"held\": [[0, \"p1\", 1, 2, null, null, 0]]}"), "db"));
        Assert.Null(CatalogDigest.TryParse(Encoding.UTF8.GetBytes("{\"database\": \"db\", \"tables\": []}"), "db"));
    }

    [Fact]
    public void The_index_stores_each_copy_once_and_only_the_names_and_ids_its_copies_do_not_carry()
    {
        // One full manifest whose inventory equals what it holds (the benchmark's shape): nothing seen beyond the copies.
        var parts = Enumerable.Range(0, 50).Select(i => P("t", "p" + i, 100 + i, 3)).ToArray();
        CatalogDigest d = CatalogDigest.From("db", new[] { Manifest("db", "full", T0, parts, parts) });
        using var json = System.Text.Json.JsonDocument.Parse(d.Serialize());
        System.Text.Json.JsonElement table = json.RootElement.GetProperty("tables")[0];
        Assert.Equal(50, table.GetProperty("held").GetArrayLength());
        Assert.Equal(0, table.GetProperty("names").GetArrayLength());
        Assert.Equal(0, table.GetProperty("ids").GetArrayLength());

        // A partition renamed, and one dropped (inventoried before, gone now): the old name and the dropped id are kept.
        var renamed = P("t", "p0_new", 100, 4);
        BackupManifest later = Manifest("db", "incr", T0.AddDays(1), new[] { renamed }, parts.Skip(2).Append(renamed).ToArray());
        BackupManifest earlier = Manifest("db", "older", T0.AddDays(-1), new[] { P("t", "gone", 7, 1) }, new[] { P("t", "gone", 7, 1), P("t", "inventoried_only", 8, 1) });
        BackupManifest full = Manifest("db", "full", T0, parts, parts);
        foreach (BackupManifest[] order in new[] { new[] { later, earlier, full }, new[] { full, earlier, later } })   // the copy of id 100 replaced, or not
        {
            CatalogDigest again = CatalogDigest.TryParse(CatalogDigest.From("db", order).Serialize(), "db")!;
            AssertSeen(again);
        }

        static void AssertSeen(CatalogDigest again)
        {
            Assert.Equal(("incr", "p0_new", 4L), (again.Newest("t", 100)!.Manifest.Label, again.Newest("t", 100)!.Partition.Partition, again.Newest("t", 100)!.Partition.VisibleVersion));
            Assert.True(again.SawName("t", "p0") && again.SawName("t", "p0_new") && again.SawName("t", "gone") && again.SawName("t", "p49"));
            Assert.False(again.SawName("t", "p50"));
            Assert.True(again.SawId("t", 7) && again.SawId("t", 8) && again.SawName("t", "inventoried_only") && again.SawId("t", 149) && again.HoldsTable("t"));
            Assert.False(again.SawId("t", 150) || again.HoldsTable("u") || again.SawName("u", "p0"));
        }
    }

    [S3Fact]
    public async Task The_index_is_written_on_first_use_then_extended_by_new_manifests_and_rebuilt_when_one_it_covers_is_gone()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        var catalog = new BackupCatalog(new RepositoryStorage(store, S3TestStore.UniqueLocation(s3, "digest"), "repo"));
        string indexKey = catalog.IndexFolder.KeyFor("db.json");
        for (int i = 0; i < 6; i++)
        {
            await catalog.RecordAsync(Manifest("db", "l" + i, T0.AddDays(i), new[] { P("t", "p" + i, 100 + i, 1) }, new[] { P("t", "p0", 100, 1) }));
        }

        // Each recording extended the index: a plan lists and reads the index, and reads no manifest.
        long before = store.RequestsSent;
        CatalogDigest recorded = await catalog.DigestAsync("db");
        Assert.Equal(2, store.RequestsSent - before);
        Assert.Equal(6, recorded.Covers.Count);
        Assert.Equal("l5", recorded.Newest("t", 105)!.Manifest.Label);

        // No index (written by an older module, or deleted: it is derived data): every manifest read, the index written.
        await store.DeleteAsync(s3.Bucket, indexKey, default);
        before = store.RequestsSent;
        CatalogDigest first = await catalog.DigestAsync("db");
        Assert.Equal(2 + 6 + 1, store.RequestsSent - before);   // list + index read + 6 manifests + index write
        Assert.Equal(6, first.Covers.Count);
        Assert.True(await store.ExistsAsync(s3.Bucket, indexKey, default));

        // Nothing new: one listing and one index read, no manifest read, nothing written.
        before = store.RequestsSent;
        CatalogDigest second = await catalog.DigestAsync("db");
        Assert.Equal(2, store.RequestsSent - before);
        Assert.Equal("l5", second.Newest("t", 105)!.Manifest.Label);

        // A manifest the index does not cover (another writer's index write won a race): read alone, the index extended.
        BackupManifest l6 = Manifest("db", "l6", T0.AddDays(6), new[] { P("t", "p5", 105, 2) });
        await store.PutAsync(s3.Bucket, catalog.ManifestFolder.KeyFor(l6.ObjectName()), ManifestJson.Serialize(l6), default);
        before = store.RequestsSent;
        CatalogDigest third = await catalog.DigestAsync("db");
        Assert.Equal(2 + 1 + 1, store.RequestsSent - before);
        Assert.Equal(("l6", 2L), (third.Newest("t", 105)!.Manifest.Label, third.Newest("t", 105)!.Partition.VisibleVersion));

        // A covered manifest removed (retention): the index is not trusted and is rebuilt from what is there.
        await store.DeleteAsync(s3.Bucket, catalog.ManifestFolder.KeyFor(l6.ObjectName()), default);
        CatalogDigest fourth = await catalog.DigestAsync("db");
        Assert.Equal(6, fourth.Covers.Count);
        Assert.Equal(("l5", 1L), (fourth.Newest("t", 105)!.Manifest.Label, fourth.Newest("t", 105)!.Partition.VisibleVersion));

        // A damaged index: rebuilt, same answer; and a recording on top of a damaged index starts it again from itself,
        // which the next plan completes from its listing.
        await store.PutAsync(s3.Bucket, indexKey, Encoding.UTF8.GetBytes("{ half"), default);
        CatalogDigest fifth = await catalog.DigestAsync("db");
        Assert.Equal(6, fifth.Covers.Count);
        Assert.Equal("l5", fifth.Newest("t", 105)!.Manifest.Label);
        await store.PutAsync(s3.Bucket, indexKey, Encoding.UTF8.GetBytes("{ half"), default);
        await catalog.RecordAsync(Manifest("db", "l7", T0.AddDays(7), new[] { P("t", "p1", 101, 3) }));
        Assert.Single(CatalogDigest.TryParse(await store.GetAsync(s3.Bucket, indexKey, default), "db")!.Covers);
        CatalogDigest sixth = await catalog.DigestAsync("db");
        Assert.Equal(7, sixth.Covers.Count);
        Assert.Equal(("l7", 3L), (sixth.Newest("t", 101)!.Manifest.Label, sixth.Newest("t", 101)!.Partition.VisibleVersion));
        Assert.Equal("l5", sixth.Newest("t", 105)!.Manifest.Label);
    }

    /// <summary>A random history of full/incremental manifests over tables whose partitions change, drop and come back.</summary>
    private static (List<BackupManifest> Manifests, List<Partition> Now) History(Random rnd)
    {
        var live = new Dictionary<(string Table, string Name), (long Id, long Version)>();
        long nextId = 1;
        string[] tables = Enumerable.Range(0, rnd.Next(1, 4)).Select(i => "t" + i).ToArray();
        foreach (string t in tables)
        {
            for (int p = 0; p < rnd.Next(1, 6); p++)
            {
                live[(t, "p" + p)] = (nextId++, 1);
            }
        }

        var manifests = new List<BackupManifest>();
        int runs = rnd.Next(0, 8);
        for (int run = 0; run < runs; run++)
        {
            foreach (var key in live.Keys.ToList())
            {
                int roll = rnd.Next(10);
                if (roll < 3)
                {
                    live[key] = (live[key].Id, live[key].Version + 1);
                }
                else if (roll == 3)
                {
                    live[key] = (nextId++, 1);   // dropped and re-created
                }
                else if (roll == 4 && rnd.Next(3) == 0)
                {
                    (long id, long version) = live[key];   // renamed (ALTER TABLE RENAME PARTITION keeps the id)
                    live.Remove(key);
                    live[(key.Table, key.Name + "r" + run)] = (id, version);
                }
            }

            if (rnd.Next(5) == 0)
            {
                live[(tables[rnd.Next(tables.Length)], "n" + run)] = (nextId++, 1);
            }

            var inventory = live.Select(kv => P(kv.Key.Table, kv.Key.Name, kv.Value.Id, kv.Value.Version)).ToList();
            var held = inventory.Where(_ => rnd.Next(3) > 0).ToList();
            // Some finish at the same instant: the order then falls back to timestamp and label.
            DateTimeOffset finished = T0.AddDays(run / 2);
            BackupManifest m = Manifest("db", $"run{run}", finished, held, rnd.Next(4) == 0 ? null : inventory);
            m.BackupTimestamp = T0.AddDays(run / 2).AddSeconds(rnd.Next(3)).UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss-fff");
            manifests.Add(m);
        }

        foreach (var key in live.Keys.ToList().Where(_ => rnd.Next(4) == 0))
        {
            live[key] = (live[key].Id, live[key].Version + 1);
        }

        var now = live.Select(kv => new Partition
        {
            Database = "db", Table = kv.Key.Table, Name = kv.Key.Name, PartitionId = kv.Value.Id, VisibleVersion = kv.Value.Version,
            PartitionValue = rnd.Next(2) == 0 ? "[types: [DATE]; keys: [2026-01-01]; ..types: [DATE]; keys: [2026-02-01]; )" : string.Empty,
        }).ToList();
        return (manifests, now);
    }

    private static string Describe(DatabaseChanges changes) =>
        string.Join("\n", changes.Changes.Select(c => $"{c.Current.Table}.{c.Current.Name}#{c.Current.PartitionId}:{c.Reason}:{c.LastBackup?.Manifest.Label}:{c.LastBackup?.Partition.VisibleVersion}")
            .OrderBy(x => x, StringComparer.Ordinal));
}
