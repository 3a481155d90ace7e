using StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Verification;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Retention;

/// <summary>Test-SrSnapshot's Core against snapshots the simulator wrote to the real S3 server.</summary>
public sealed class SnapshotVerifierTests
{
    [S3Theory]
    [InlineData("3.3.9")]
    [InlineData("4.2.0")]
    public async Task Clean_snapshot_passes_and_a_rewritten_missing_and_stray_object_are_found(string version)
    {
        await using RepoFixture f = await RepoFixture.StartAsync(version, "verify");
        await f.Sim.SeedAsync("sales");
        string ts = await f.BackupAsync("sales", "snap");
        var verifier = new SnapshotVerifier(f.Storage, maxParallelReads: 3);

        SnapshotVerificationResult clean = await verifier.VerifyAsync("snap", ts, null, default);
        Assert.True(clean.Passed, string.Join("\n", clean.Findings));
        Assert.Equal("sales", clean.Database);
        Assert.True(clean.FilesListed >= 3);
        Assert.Equal(clean.FilesListed + 2, clean.ObjectsChecked); // + info + meta
        Assert.Matches(@"^BackupMeta parsed \(\d+ table\(s\), 0 view\(s\), 0 materialized view\(s\), 0 function\(s\), 0 catalog\(s\)\), MD5 checked$", clean.MetaCheck);
        string record = await verifier.RecordAsync(clean, DateTime.UtcNow, default);
        Assert.StartsWith(f.Storage.ModuleFolder.Prefix + "verifications/snap/" + ts + "/", record);

        SnapshotFolderListing listing = await SnapshotFolderListing.ListAsync(f.Storage, "snap", default);
        List<ObjectInfo> data = listing.DataFiles.OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
        string rewritten = data[0].Key;
        string missing = data[1].Key;
        await f.Store.PutAsync(f.Bucket, rewritten, "tampered"u8.ToArray(), default);
        await f.Store.DeleteAsync(f.Bucket, missing, default);
        string stray = listing.FolderPrefix + "__ss_content/leftover.dat.part";
        await f.Store.PutAsync(f.Bucket, stray, "x"u8.ToArray(), default);

        SnapshotVerificationResult bad = await verifier.VerifyAsync("snap", ts, null, default);
        Assert.False(bad.Passed);
        Assert.Equal(new[] { rewritten }, bad.OfKind(FindingKinds.Corrupt).Select(x => x.Key));
        Assert.Equal(new[] { missing }, bad.OfKind(FindingKinds.Missing).Select(x => x.Key));
        Assert.Equal(new[] { stray }, bad.OfKind(FindingKinds.Stray).Select(x => x.Key));
        Assert.Empty(bad.OfKind(FindingKinds.Unreadable));
        await verifier.RecordAsync(bad, DateTime.UtcNow.AddSeconds(1), default);

        IReadOnlyList<VerificationRecord> records = await VerificationRecord.ListAsync(f.Storage, null, default);
        Assert.Equal(new[] { true, false }, records.OrderBy(r => r.AtUtc).Select(r => r.Passed));
        Assert.All(records, r => Assert.Equal(VerificationRecord.StorageKind, r.Kind));
        Assert.Equal(3, records.OrderBy(r => r.AtUtc).Last().Findings);
    }

    [S3Fact]
    public async Task A_file_under_the_wrong_tablet_folder_and_a_corrupt_info_file_are_found()
    {
        await using RepoFixture f = await RepoFixture.StartAsync("3.3.9", "verify2");
        await f.Sim.SeedAsync("sales");
        string ts = await f.BackupAsync("sales", "snap");
        SnapshotFolderListing listing = await SnapshotFolderListing.ListAsync(f.Storage, "snap", default);
        ObjectInfo moved = listing.DataFiles[0];
        string name = moved.Key.Substring(moved.Key.LastIndexOf('/') + 1);
        string elsewhere = listing.FolderPrefix + "__ss_content/__db_1/__tbl_1/__part_1/__idx_1/__1/" + name;
        await f.Store.PutAsync(f.Bucket, elsewhere, await f.Store.GetAsync(f.Bucket, moved.Key, default), default);
        await f.Store.DeleteAsync(f.Bucket, moved.Key, default);
        var result = await new SnapshotVerifier(f.Storage).VerifyAsync("snap", ts, null, default);
        Assert.Equal(new[] { moved.Key }, result.OfKind(FindingKinds.Missing).Select(x => x.Key));

        InfoObject info = listing.ValidInfoFiles.Single();
        await f.Store.PutAsync(f.Bucket, info.Object.Key, "{\"not\":\"info\"}"u8.ToArray(), default);
        var broken = await new SnapshotVerifier(f.Storage).VerifyAsync("snap", ts, null, default);
        Assert.Contains(broken.Findings, x => x.Kind == FindingKinds.Corrupt && x.Key == info.Object.Key);
        Assert.Contains(broken.Findings, x => x.Kind == FindingKinds.Unreadable && x.Key == info.Object.Key);
    }
}

/// <summary>IObjectStore.DeleteObjectsAsync against the real S3 server: batches, parallelism, look-alike prefixes.</summary>
public sealed class BatchedDeleteTests
{
    [S3Fact]
    public async Task Deletes_in_batches_with_bounded_parallelism_and_only_the_keys_given()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using var store = StarRocksBackup.Tests.Storage.S3TestStore.Create(s3);
        store.DeleteBatchSize = 7;
        S3Location at = StarRocksBackup.Tests.Storage.S3TestStore.UniqueLocation(s3, "batch-delete");
        var keys = Enumerable.Range(0, 40).Select(i => at.Prefix + "a/" + i.ToString("D3")).ToList();
        foreach (string k in keys.Concat(new[] { at.Prefix + "a2/keep", at.Prefix + "a/keep" }))
        {
            await store.PutAsync(at.Bucket, k, "x"u8.ToArray(), default);
        }

        long before = store.RequestsSent;
        int deleted = await store.DeleteObjectsAsync(at.Bucket, keys.Concat(new[] { at.Prefix + "a/missing" }).ToList(), 3, default);
        Assert.Equal(41, deleted);
        Assert.Equal(6, store.RequestsSent - before); // ceil(41 / 7) DeleteObjects requests
        var left = (await store.ListAsync(at.Bucket, at.Prefix, null, default)).Objects.Select(o => o.Key).OrderBy(k => k, StringComparer.Ordinal);
        Assert.Equal(new[] { at.Prefix + "a/keep", at.Prefix + "a2/keep" }, left);
        await store.DeleteObjectsAsync(at.Bucket, left.ToList(), 2, default);
    }
}
