using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Tests.Storage;
using Xunit;

namespace StarRocksBackup.Tests.ClusterSnapshots;

/// <summary>Find the restorable snapshot in prepared bucket states on the real S3 server.</summary>
public class ClusterSnapshotFinderTests
{
    private const string Svc = "5f3c2a9e-1b7d-4c0e-9a61-2d8f0b4e7c13";
    private const long T1 = 1739446285344; // 2025-02-13
    private const long T2 = T1 + 600_000;
    private const long T3 = T2 + 600_000;

    private static (S3ObjectStore Store, SnapshotBucket Bucket) Prepare(string tag)
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        S3ObjectStore store = S3TestStore.Create(s3);
        return (store, new SnapshotBucket(store, S3TestStore.UniqueLocation(s3, tag)));
    }

    private static Task<ClusterSnapshotSearchResult> Find(IObjectStore store, S3Location location, string? serviceId = null, bool verify = false,
        IReadOnlyList<ClusterSnapshotJob>? jobs = null) =>
        new ClusterSnapshotFinder(store).FindAsync(new ClusterSnapshotSearch(location) { ServiceId = serviceId, VerifyChecksum = verify, Jobs = jobs },
            NullObserver.Instance, CancellationToken.None);

    [S3Fact]
    public async Task No_snapshot_folder_selects_nothing_and_says_why()
    {
        var (store, bucket) = Prepare("find-none");
        using var _ = store;
        await bucket.Put(bucket.Volume.KeyFor($"{Svc}/meta/image/"), ""); // a bare directory marker
        ClusterSnapshotSearchResult result = await Find(store, bucket.Volume, Svc);
        Assert.Null(result.Selected);
        Assert.Empty(result.Candidates);
        Assert.Contains("No automated_cluster_snapshot_<epoch ms> folder exists", result.Why);

        ClusterSnapshotSearchResult empty = await Find(store, bucket.Volume.Child("nothing-here/"));
        Assert.Null(empty.Selected);
        Assert.Null(empty.ServiceId);
        Assert.Contains("No <service id>/meta/image/ folder", empty.Why);
    }

    [S3Fact]
    public async Task One_complete_snapshot_is_selected_and_the_service_id_is_discovered()
    {
        var (store, bucket) = Prepare("find-one");
        using var _ = store;
        string name = await bucket.WriteSnapshotAsync(Svc, T1);
        await bucket.Put(bucket.Volume.KeyFor($"{Svc}/db10001/t1/data.dat"), "data"); // the cluster's data next to meta

        ClusterSnapshotSearchResult result = await Find(store, bucket.Volume);
        Assert.Equal(Svc, result.ServiceId);
        ClusterSnapshotCandidate selected = Assert.IsType<ClusterSnapshotCandidate>(result.Selected);
        Assert.Equal(name, selected.Name);
        Assert.Equal(ClusterSnapshotVerdict.Selected, selected.Verdict);
        Assert.Equal($"{bucket.Volume.ToUriWithoutTrailingSlash()}/{Svc}/meta/image/{name}", selected.SnapshotPath);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T1), selected.CreatedAt);
        Assert.Equal(1200, selected.FeImageJournalId);
        Assert.Equal(77, selected.StarMgrImageJournalId);
        Assert.Contains("only snapshot folder and it is complete", result.Why);
        Assert.False(result.CrossChecked);
    }

    [S3Fact]
    public async Task Two_folders_with_the_newer_incomplete_selects_the_older()
    {
        var (store, bucket) = Prepare("find-newer-incomplete");
        using var _ = store;
        string older = await bucket.WriteSnapshotAsync(Svc, T1);
        string newer = await bucket.WriteSnapshotAsync(Svc, T2, FolderState.NoStarMgrImage, feJournalId: 1300);

        ClusterSnapshotSearchResult result = await Find(store, bucket.Volume, Svc);
        Assert.Equal(older, result.Selected!.Name);
        ClusterSnapshotCandidate n = result.Candidates.Single(c => c.Name == newer);
        Assert.Equal(ClusterSnapshotVerdict.Incomplete, n.Verdict);
        Assert.Contains("StarManager image", n.Why);
        Assert.Contains($"The newest, {newer}: it is incomplete", result.Why);
        Assert.Contains($"restore from the older one: {older}", result.Why);
    }

    [S3Fact]
    public async Task Two_complete_folders_select_the_older_because_the_newer_was_interrupted()
    {
        var (store, bucket) = Prepare("find-two-complete");
        using var _ = store;
        string older = await bucket.WriteSnapshotAsync(Svc, T1);
        string newer = await bucket.WriteSnapshotAsync(Svc, T2, feJournalId: 1300);

        ClusterSnapshotSearchResult result = await Find(store, bucket.Volume, Svc);
        Assert.Equal(older, result.Selected!.Name);
        ClusterSnapshotCandidate n = result.Candidates.Single(c => c.Name == newer);
        Assert.Equal(ClusterSnapshotVerdict.CompleteNotSelected, n.Verdict);
        Assert.True(n.IsComplete);
        Assert.Contains("interrupted", n.Why);
        Assert.Contains("deletes the previous snapshot only after the new one is FINISHED", result.Why);
        Assert.Equal(new[] { older, newer }, result.Candidates.Select(c => c.Name));
    }

    [S3Fact]
    public async Task Junk_folders_and_stray_objects_are_ignored_with_a_reason()
    {
        var (store, bucket) = Prepare("find-junk");
        using var _ = store;
        string good = await bucket.WriteSnapshotAsync(Svc, T1);
        S3Location image = bucket.ImageDir(Svc);
        await bucket.Put(image.KeyFor("automated_cluster_snapshot_abc/VERSION"), "x");
        await bucket.Put(image.KeyFor("automated_cluster_snapshot_12/VERSION"), "x");
        await bucket.Put(image.KeyFor("tmp_copy/v2/image.5"), "x");
        await bucket.Put(image.KeyFor("image.1200"), "a stray FE image");

        ClusterSnapshotSearchResult result = await Find(store, bucket.Volume, Svc);
        Assert.Equal(good, result.Selected!.Name);
        Assert.Contains("only snapshot folder", result.Why);
        var ignored = result.Candidates.Where(c => c.Verdict == ClusterSnapshotVerdict.Ignored).ToDictionary(c => c.Name);
        Assert.Equal(4, ignored.Count);
        Assert.Contains("not an epoch-milliseconds number", ignored["automated_cluster_snapshot_abc"].Why);
        Assert.Contains("not a plausible snapshot time", ignored["automated_cluster_snapshot_12"].Why);
        Assert.Contains("not an automated cluster snapshot", ignored["tmp_copy"].Why);
        Assert.Contains("stray object", ignored["image.1200"].Why);
        Assert.Equal(good, result.Candidates[0].Name); // junk is listed last
    }

    [S3Fact]
    public async Task Incomplete_only_selects_nothing_and_lists_every_problem()
    {
        var (store, bucket) = Prepare("find-incomplete");
        using var _ = store;
        string a = await bucket.WriteSnapshotAsync(Svc, T1, FolderState.NoChecksum);
        string b = await bucket.WriteSnapshotAsync(Svc, T2, FolderState.OnlyCheckpoint);

        ClusterSnapshotSearchResult result = await Find(store, bucket.Volume, Svc);
        Assert.Null(result.Selected);
        Assert.All(result.Candidates, c => Assert.Equal(ClusterSnapshotVerdict.Incomplete, c.Verdict));
        Assert.Contains("None of the 2 snapshot folder(s)", result.Why);
        Assert.Contains($"{a}: v2/checksum.1200 is missing or empty", result.Why);
        Assert.Contains($"{b}: only image.ckpt is present", result.Why);
    }

    [S3Fact]
    public async Task A_checksum_file_StarRocks_cannot_parse_makes_the_folder_incomplete()
    {
        // ImageLoader.checkCheckSum reads it with Long.parseLong(Files.readString(...)): a trailing newline is fatal.
        var (store, bucket) = Prepare("find-checksum-text");
        using var _ = store;
        string older = await bucket.WriteSnapshotAsync(Svc, T1);
        string newer = await bucket.WriteSnapshotAsync(Svc, T2, FolderState.ChecksumWithNewline);

        ClusterSnapshotSearchResult result = await Find(store, bucket.Volume, Svc);
        Assert.Equal(older, result.Selected?.Name);
        ClusterSnapshotCandidate bad = result.Candidates.Single(c => c.Name == newer);
        Assert.Equal(ClusterSnapshotVerdict.Incomplete, bad.Verdict);
        Assert.Contains(bad.Problems, p => p.Contains("v2/checksum.1200 does not hold a CRC32 number StarRocks can read", StringComparison.Ordinal));
    }

    [S3Fact]
    public async Task Older_folders_all_incomplete_selects_the_newest_complete_with_a_caution()
    {
        var (store, bucket) = Prepare("find-older-broken");
        using var _ = store;
        await bucket.WriteSnapshotAsync(Svc, T1, FolderState.NoVersion);
        string newest = await bucket.WriteSnapshotAsync(Svc, T2);
        ClusterSnapshotSearchResult result = await Find(store, bucket.Volume, Svc);
        Assert.Equal(newest, result.Selected!.Name);
        Assert.Contains("every older one is incomplete", result.Why);
        Assert.Contains("cross-check", result.Why);
    }

    [S3Fact]
    public async Task Three_folders_pick_the_newest_complete_below_the_interrupted_one()
    {
        var (store, bucket) = Prepare("find-three");
        using var _ = store;
        string first = await bucket.WriteSnapshotAsync(Svc, T1);
        string second = await bucket.WriteSnapshotAsync(Svc, T2);
        await bucket.WriteSnapshotAsync(Svc, T3);
        ClusterSnapshotSearchResult result = await Find(store, bucket.Volume, Svc);
        Assert.Equal(second, result.Selected!.Name);
        Assert.Contains("older than", result.Candidates.Single(c => c.Name == first).Why);
    }

    [S3Fact]
    public async Task Checksum_verification_rejects_a_damaged_image_and_confirms_a_good_one()
    {
        var (store, bucket) = Prepare("find-crc");
        using var _ = store;
        string good = await bucket.WriteSnapshotAsync(Svc, T1);
        string damaged = await bucket.WriteSnapshotAsync(Svc, T2, FolderState.DamagedImage);

        ClusterSnapshotSearchResult quick = await Find(store, bucket.Volume, Svc);
        Assert.True(quick.Candidates.Single(c => c.Name == damaged).IsComplete); // structure alone cannot see it
        Assert.False(quick.Selected!.ChecksumVerified);

        ClusterSnapshotSearchResult verified = await Find(store, bucket.Volume, Svc, verify: true);
        Assert.Equal(good, verified.Selected!.Name);
        Assert.True(verified.Selected.ChecksumVerified);
        ClusterSnapshotCandidate bad = verified.Candidates.Single(c => c.Name == damaged);
        Assert.Equal(ClusterSnapshotVerdict.Incomplete, bad.Verdict);
        Assert.Contains("the image is damaged", bad.Why);
    }

    [S3Fact]
    public async Task Cross_check_with_a_live_cluster_prefers_the_snapshot_it_reports_finished()
    {
        var (store, bucket) = Prepare("find-cross");
        using var _ = store;
        string older = await bucket.WriteSnapshotAsync(Svc, T1);
        string newer = await bucket.WriteSnapshotAsync(Svc, T2);
        var jobs = new List<ClusterSnapshotJob>
        {
            new() { SnapshotName = older, JobId = 1, State = ClusterSnapshotJobState.Expired, RawState = "EXPIRED" },
            new() { SnapshotName = newer, JobId = 2, State = ClusterSnapshotJobState.Finished, RawState = "FINISHED" },
        };
        ClusterSnapshotSearchResult finished = await Find(store, bucket.Volume, Svc, jobs: jobs);
        Assert.True(finished.CrossChecked);
        Assert.Equal(newer, finished.Selected!.Name);
        Assert.Equal(ClusterSnapshotJobState.Finished, finished.Selected.JobState);
        Assert.Contains("FINISHED on the live cluster", finished.Why);

        var unfinished = new List<ClusterSnapshotJob>
        {
            new() { SnapshotName = older, JobId = 1, State = ClusterSnapshotJobState.Finished, RawState = "FINISHED" },
            new() { SnapshotName = newer, JobId = 2, State = ClusterSnapshotJobState.Uploading, RawState = "UPLOADING" },
        };
        ClusterSnapshotSearchResult uploading = await Find(store, bucket.Volume, Svc, jobs: unfinished);
        Assert.Equal(older, uploading.Selected!.Name);
        Assert.Contains("UPLOADING, not FINISHED", uploading.Candidates.Single(c => c.Name == newer).Why);

        ClusterSnapshotSearchResult none = await Find(store, bucket.Volume, Svc, jobs: new List<ClusterSnapshotJob>());
        Assert.Equal(older, none.Selected!.Name);
        Assert.StartsWith("The live cluster reports none of the complete folders as FINISHED", none.Why);
    }

    [S3Fact]
    public async Task Several_clusters_under_one_location_need_a_service_id()
    {
        var (store, bucket) = Prepare("find-multi");
        using var _ = store;
        await bucket.WriteSnapshotAsync("svc-a", T1);
        string b = await bucket.WriteSnapshotAsync("svc-b", T2);
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => Find(store, bucket.Volume));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("svc-a, svc-b", ex.Message);

        ClusterSnapshotSearchResult result = await Find(store, bucket.Volume, "svc-b");
        Assert.Equal(b, result.Selected!.Name);
    }

    [S3Fact]
    public async Task Pasted_cluster_meta_and_snapshot_paths_are_walked_back_to_the_cluster()
    {
        var (store, bucket) = Prepare("find-paths");
        using var _ = store;
        string name = await bucket.WriteSnapshotAsync(Svc, T1);
        foreach (string pasted in new[] { $"{Svc}/", $"{Svc}/meta", $"{Svc}/meta/image/", $"{Svc}/meta/image/{name}" })
        {
            ClusterSnapshotSearchResult result = await Find(store, bucket.Volume.Child(pasted));
            Assert.Equal(Svc, result.ServiceId);
            Assert.Equal(name, result.Selected!.Name);
            Assert.Equal(bucket.Volume, result.Location); // the volume location, for the storage_volumes entry
        }

        ClusterSnapshotSearchResult withId = await Find(store, bucket.Volume.Child(Svc + "/"), Svc);
        Assert.Equal(name, withId.Selected!.Name);
        Assert.Equal(bucket.Volume, withId.Location);
    }
}
