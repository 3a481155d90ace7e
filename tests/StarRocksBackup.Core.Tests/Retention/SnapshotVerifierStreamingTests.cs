using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Verification;
using StarRocksBackup.Tests;
using StarRocksBackup.Tests.Storage;
using Xunit;

namespace StarRocksBackup.Core.Tests.Retention;

/// <summary>
/// The bounded-memory verifier: the listing consumed page by page, the info file walked without a parsed model, the
/// expected files held as hashes, findings capped per kind with a count of the rest.
/// </summary>
public sealed class SnapshotVerifierStreamingTests
{
    [S3Fact]
    public async Task Many_small_pages_find_the_same_and_findings_beyond_the_cap_are_counted()
    {
        await using RepoFixture f = await RepoFixture.StartAsync("3.3.9", "verify-pages");
        await f.Sim.SeedAsync("sales");
        string ts = await f.BackupAsync("sales", "snap");
        f.Store.PageSize = 2; // the listing arrives in pages of two keys: many pages, each prefetched while the last is hashed
        var verifier = new SnapshotVerifier(f.Storage, maxParallelReads: 2) { MaxFindingsPerKind = 2 };

        SnapshotVerificationResult clean = await verifier.VerifyAsync("snap", ts, null, default);
        Assert.True(clean.Passed, string.Join("\n", clean.Findings));
        Assert.Equal(clean.FilesListed + 2, clean.ObjectsChecked);
        Assert.Equal(0, clean.FindingCount);

        SnapshotFolderListing listing = await SnapshotFolderListing.ListAsync(f.Storage, "snap", default);
        List<string> data = listing.DataFiles.Select(o => o.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.True(data.Count >= 3, "the seeded snapshot has at least three data files");
        await f.Store.DeleteObjectsAsync(f.Bucket, data, 4, default);
        string tabletFolder = data[0].Substring(0, data[0].LastIndexOf('/') + 1);
        string[] strays = { tabletFolder + "0.dat.part", listing.FolderPrefix + "__info_" + ts + ".part", listing.FolderPrefix + "__ss_content/x.part" };
        foreach (string s in strays)
        {
            await f.Store.PutAsync(f.Bucket, s, "x"u8.ToArray(), default);
        }

        SnapshotVerificationResult bad = await verifier.VerifyAsync("snap", ts, null, default);
        Assert.False(bad.Passed);
        Assert.Equal(data.Count, bad.FindingCounts[FindingKinds.Missing]);
        Assert.Equal(2, bad.OfKind(FindingKinds.Missing).Count());
        Assert.All(bad.OfKind(FindingKinds.Missing), m => Assert.Contains(m.Key, data));
        Assert.Equal(3, bad.FindingCounts[FindingKinds.Stray]);
        Assert.Equal(2, bad.OfKind(FindingKinds.Stray).Count());
        Assert.Equal(data.Count + 3, bad.FindingCount);
        Assert.Equal(data.Count + 3 - 4, bad.FindingsOmitted);
        Assert.Contains($"{data.Count} missing", bad.Summary);
        Assert.Contains("3 stray", bad.Summary);
        Assert.Contains($"{bad.FindingsOmitted} finding(s) counted without their key", bad.Summary);
        Assert.Equal(2, bad.ObjectsChecked); // info + meta; nothing left to hash

        // With the default cap every key is kept.
        SnapshotVerificationResult all = await new SnapshotVerifier(f.Storage).VerifyAsync("snap", ts, null, default);
        Assert.Equal(data, all.OfKind(FindingKinds.Missing).Select(m => m.Key));
        Assert.Equal(strays.OrderBy(k => k, StringComparer.Ordinal), all.OfKind(FindingKinds.Stray).Select(m => m.Key));
        Assert.Equal(0, all.FindingsOmitted);
    }

    [S3Fact]
    public async Task A_file_listed_twice_is_checked_once_and_a_listed_name_without_an_md5_is_unreadable()
    {
        await using RepoFixture f = await RepoFixture.StartAsync("4.2.0", "verify-dup");
        await f.Sim.SeedAsync("sales");
        string ts = await f.BackupAsync("sales", "snap");
        SnapshotFolderListing listing = await SnapshotFolderListing.ListAsync(f.Storage, "snap", default);
        InfoObject info = listing.ValidInfoFiles.Single();
        byte[] original = await f.Store.GetAsync(f.Bucket, info.Object.Key, default);
        int listedBefore = SnapshotInfoFile.Parse(original).DataFiles().Count();

        // Rewrite the info file: its first tablet lists its first file twice and a file "plain.dat" without an MD5 suffix.
        JsonNode root = JsonNode.Parse(original)!;
        JsonArray files = FirstTablet(root);
        string first = (string)files[0]!;
        files.Add(first);
        files.Add("plain.dat");
        byte[] rewritten = Encoding.UTF8.GetBytes(root.ToJsonString());
        await f.Store.DeleteAsync(f.Bucket, info.Object.Key, default);
        await f.Store.PutAsync(f.Bucket, listing.FolderPrefix + "__info_" + ts + "." + Convert.ToHexStringLower(MD5.HashData(rewritten)), rewritten, default);
        string firstKey = listing.DataFiles.Select(o => o.Key).Single(k => k.EndsWith("/" + first, StringComparison.Ordinal));
        string plainKey = firstKey.Substring(0, firstKey.LastIndexOf('/') + 1) + "plain.dat";
        await f.Store.PutAsync(f.Bucket, plainKey, "no md5 in my name"u8.ToArray(), default);

        SnapshotVerificationResult r = await new SnapshotVerifier(f.Storage).VerifyAsync("snap", ts, null, default);
        Assert.Equal(listedBefore + 2, r.FilesListed);
        Assert.Equal(listedBefore + 2, r.ObjectsChecked); // each distinct hashable file once, + info + meta
        VerificationFinding only = Assert.Single(r.Findings);
        Assert.Equal(FindingKinds.Unreadable, only.Kind);
        Assert.Equal(plainKey, only.Key);
    }

    [Fact]
    public void The_walker_yields_what_the_parsed_model_lists_including_sub_partitions()
    {
        const string json = """
            {"name":"l","database":"db","id":7,"backup_objects":{
              "t1":{"id":11,"partitions":{
                "p1":{"id":21,"version":3,"indexes":{"t1":{"id":31,"tablets":{"41":["a.dat.00000000000000000000000000000001","b.dat.00000000000000000000000000000002"],"42":[]}}}},
                "p2":{"id":22,"version":4,"subPartitions":{"23":{"id":23,"version":4,"indexes":{"t1":{"id":31,"tablets":{"43":["c.dat.00000000000000000000000000000003"]}}}},
                                                          "24":{"id":24,"indexes":{"t1":{"id":32,"tablets":{"44":["d.dat.00000000000000000000000000000004"]}}}}}}}},
              "v":{"id":12},
              "t2":{"partitions":{"q":{"indexes":{"i":{"id":33,"tablets":{"45":["e"]}}}}}, "id":13}},
             "backup_result":"succeed"}
            """;
        byte[] content = Encoding.UTF8.GetBytes(json);
        var walked = new List<string>();
        string db = SnapshotInfoWalker.Walk(content, (folder, name) => walked.Add(folder + name));
        Assert.Equal("db", db);
        Assert.Equal(SnapshotInfoFile.Parse(content).DataFiles(), walked);
        Assert.Equal("__ss_content/__db_7/__tbl_11/__part_23/__idx_31/__43/c.dat.00000000000000000000000000000003", walked[2]);
        Assert.Equal("__ss_content/__db_7/__tbl_13/__part_0/__idx_33/__45/e", walked[4]);

        var bad = Assert.Throws<StarRocksBackupException>(() => SnapshotInfoWalker.Walk(Encoding.UTF8.GetBytes(json.Replace("\"e\"", "\"../e\"")), (_, _) => { }));
        Assert.Equal(ErrorKind.InvalidConfiguration, bad.Kind);
        Assert.Contains("../e", bad.Message);
        Assert.Equal(ErrorKind.InvalidConfiguration, Assert.Throws<StarRocksBackupException>(() => SnapshotInfoWalker.Walk("{\"not\":1}"u8.ToArray(), (_, _) => { })).Kind);
        Assert.Equal(ErrorKind.InvalidConfiguration, Assert.Throws<StarRocksBackupException>(() => SnapshotInfoWalker.Walk("{\"backup_objects\":"u8.ToArray(), (_, _) => { })).Kind);
    }

    [Theory]
    [InlineData("""{"backup_objects":{"t":{"partitions":{"p":{"indexes":{"i":{"tablets":{"5":["a"]},"id":4}},"id":3}},"id":2}},"id":1}""")] // ids after their children
    [InlineData("""{"id":"9","backup_objects":{"t":{"id":"8","partitions":{"p":{"id":"7","indexes":{"i":{"id":"6","tablets":{"5":["a","b"]}}}}}}}}""")] // ids as strings
    [InlineData("""{"id":1,"id":2,"backup_objects":{"t":{"id":3,"partitions":{"p":{"id":4,"indexes":{"i":{"id":5,"tablets":{"6":["a"],"6":["b"]}}}}}}}}""")] // repeated keys: the last counts
    [InlineData("""{"id":1,"backup_objects":{"t":{"id":2,"partitions":{"p":{"id":3,"subPartitions":{},"indexes":{"i":{"id":4,"tablets":{"5":["a"],"6":"x","7":[]}}}}}}}}""")] // empty subPartitions, a tablet that is not a list
    [InlineData("""{"id":1,"backup_objects":{"t":7,"u":{"id":2,"partitions":[]},"v":{"id":3,"partitions":{"p":{"id":4}}}}}""")] // tables without partitions, a partition without indexes
    [InlineData("""{"id":1,"backup_objects":{"t":{"id":2,"partitions":{"p":5}}}}""")] // a partition that is not an object
    [InlineData("""{"id":1,"backup_objects":{"t":{"id":2,"partitions":{"p":{"id":3,"indexes":{"i":[]}}}}}}""")] // an index that is not an object
    [InlineData("""{"id":1,"backup_objects":{"t":{"id":2,"partitions":{"p":{"id":3,"subPartitions":{"x":{"indexes":{}}}}}}}}""")] // a sub-partition name that is not a number
    [InlineData("""{"id":1,"backup_objects":{"t":{"id":2,"partitions":{"p":{"id":3,"indexes":{"i":{"id":4,"tablets":{"5":[7]}}}}}}}}""")] // a file name that is not text
    [InlineData("""{"id":1,"backup_objects":{"t":{"id":2,"partitions":{"p":{"id":3,"indexes":{"i":{"id":4,"tablets":{"-5":["a"]}}}}}}}}""")] // a tablet id that is not a number
    [InlineData("""{"id":1,"backup_objects":{}} {}""")] // trailing content
    [InlineData("""{"id":1,"backup_objects":{"t":{"id":2,"partitions":{"p":{"id":3,"indexes":{"i":{"id":4,"tablets":{"5":["a"]}}}}}}}""")] // truncated
    [InlineData("""[1,2]""")]
    [InlineData("")]
    public void The_walker_and_the_parsed_model_agree_on_odd_files(string json)
    {
        byte[] content = Encoding.UTF8.GetBytes(json);
        List<string>? parsed = null;
        try
        {
            parsed = SnapshotInfoFile.Parse(content).DataFiles().ToList();
        }
        catch (StarRocksBackupException ex)
        {
            Assert.Equal(ErrorKind.InvalidConfiguration, ex.Kind);
        }

        var walked = new List<string>();
        if (parsed is null)
        {
            Assert.Equal(ErrorKind.InvalidConfiguration, Assert.Throws<StarRocksBackupException>(() => SnapshotInfoWalker.Walk(content, (folder, name) => walked.Add(folder + name))).Kind);
        }
        else
        {
            SnapshotInfoWalker.Walk(content, (folder, name) => walked.Add(folder + name));
            Assert.Equal(parsed, walked);
        }
    }

    [Fact]
    public void Expected_set_marks_each_file_once_and_reports_only_the_unseen()
    {
        byte[] info = Encoding.UTF8.GetBytes("""
            {"id":1,"database":"d","backup_objects":{"t":{"id":2,"partitions":{"p":{"id":3,"indexes":{"i":{"id":4,"tablets":{"5":["x.1","y.2","x.1"],"6":["x.1"]}}}}}}}}
            """);
        ExpectedFileSet set = ExpectedFileSet.Build(info);
        Assert.Equal(4, set.Listed);
        Assert.Equal(3, set.Distinct);
        const string prefix = "root/__ss_snap/";
        Assert.True(set.MarkSeen(prefix + "__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__5/x.1", prefix.Length));
        Assert.False(set.MarkSeen(prefix + "__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__5/x.1", prefix.Length)); // seen already
        Assert.False(set.MarkSeen(prefix + "__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__7/x.1", prefix.Length)); // not listed: wrong tablet folder
        Assert.False(set.MarkSeen(prefix + "__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__5/x.", prefix.Length));
        Assert.Equal(2, set.CountUnseen());
        var missing = new List<string>();
        set.ForEachUnseen(info, missing.Add);
        Assert.Equal(new[] { "__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__5/y.2", "__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__6/x.1" }, missing);
        Assert.Equal(0, set.CountUnseen());
    }

    [S3Fact]
    public async Task Missing_files_are_counted_when_the_info_file_changed_before_they_could_be_named()
    {
        // The info file's bytes are not held while objects are read; it is read again to name missing files. If it
        // changed meanwhile (same key, other content), the missing files are still counted and the info file reported.
        await using RepoFixture f = await RepoFixture.StartAsync("3.3.9", "verify-reread");
        await f.Sim.SeedAsync("sales");
        string ts = await f.BackupAsync("sales", "snap");
        SnapshotFolderListing listing = await SnapshotFolderListing.ListAsync(f.Storage, "snap", default);
        string gone = listing.DataFiles.Select(o => o.Key).OrderBy(k => k, StringComparer.Ordinal).First();
        await f.Store.DeleteAsync(f.Bucket, gone, default);

        SnapshotVerificationResult named = await new SnapshotVerifier(f.Storage).VerifyAsync("snap", ts, null, default);
        Assert.Equal(gone, Assert.Single(named.Findings).Key); // read again, same MD5: the missing file is named

        string infoKey = listing.ValidInfoFiles.Single().Object.Key;
        byte[] original = await f.Store.GetAsync(f.Bucket, infoKey, default);
        var rewriter = new RewriteOnCompletion(() => f.Store.PutAsync(f.Bucket, infoKey, original.Concat(" "u8.ToArray()).ToArray(), default));
        SnapshotVerificationResult counted = await new SnapshotVerifier(f.Storage).VerifyAsync("snap", ts, rewriter, default);
        Assert.True(rewriter.Done);
        Assert.False(counted.Passed);
        Assert.Equal(1, counted.FindingCounts[FindingKinds.Missing]);
        Assert.Empty(counted.OfKind(FindingKinds.Missing)); // counted, not named
        VerificationFinding info = Assert.Single(counted.OfKind(FindingKinds.Unreadable));
        Assert.Equal(infoKey, info.Key);
        Assert.Contains("1 listed file(s) are not in storage", info.Detail);
        Assert.Contains("changed during the verification", info.Detail);
        Assert.Equal(2, counted.FindingCount);
    }

    /// <summary>Rewrites the info file when the hashing pass reports completion (before missing files are named).</summary>
    private sealed class RewriteOnCompletion(Func<Task> rewrite) : IOperationObserver
    {
        public bool Done { get; private set; }

        public void Verbose(string message)
        {
        }

        public void Debug(string message)
        {
        }

        public void Warning(string message)
        {
        }

        public void Progress(OperationProgress progress)
        {
            if (progress.Completed && !Done)
            {
                rewrite().GetAwaiter().GetResult();
                Done = true;
            }
        }
    }

    [S3Fact]
    public async Task ListPages_delivers_every_key_in_order_page_by_page_and_a_failing_page_stops_it()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        S3Location root = S3TestStore.UniqueLocation(s3, "store-pages");
        string[] keys = { "b/2", "a/1", "c", "b/10", "a/1/x" };
        foreach (string k in keys)
        {
            await store.PutAsync(s3.Bucket, root.KeyFor(k), new byte[] { 1 }, default);
        }

        store.PageSize = 2;
        var pages = new List<List<string>>();
        await store.ListPagesAsync(s3.Bucket, root.Prefix, page =>
        {
            pages.Add(page.Select(o => o.Key).ToList());
            return Task.CompletedTask;
        }, default);
        Assert.Equal(new[] { 2, 2, 1 }, pages.Select(p => p.Count));
        Assert.Equal(keys.Select(root.KeyFor).OrderBy(k => k, StringComparer.Ordinal), pages.SelectMany(p => p));

        int calls = 0;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ListPagesAsync(s3.Bucket, root.Prefix, async _ =>
        {
            calls++;
            await Task.Yield();
            throw new InvalidOperationException("stop");
        }, default));
        Assert.Equal("stop", ex.Message);
        Assert.Equal(1, calls);

        int none = 0;
        await store.ListPagesAsync(s3.Bucket, root.KeyFor("nothing/"), p => { none += p.Count; return Task.CompletedTask; }, default);
        Assert.Equal(0, none);
        await store.DeleteObjectsAsync(s3.Bucket, keys.Select(root.KeyFor).ToList(), 2, default);
    }

    private static JsonArray FirstTablet(JsonNode root)
    {
        foreach (var table in root["backup_objects"]!.AsObject())
        {
            foreach (var p in table.Value!["partitions"]?.AsObject() ?? new JsonObject())
            {
                foreach (var i in p.Value!["indexes"]?.AsObject() ?? new JsonObject())
                {
                    foreach (var t in i.Value!["tablets"]!.AsObject())
                    {
                        if (t.Value is JsonArray a && a.Count > 0) return a;
                    }
                }
            }
        }

        throw new InvalidOperationException("no tablet with files");
    }
}
