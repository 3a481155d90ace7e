using System.Collections.Concurrent;
using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Tests.Storage;
using Xunit;

namespace StarRocksBackup.Tests.ClusterSnapshots;

/// <summary>
/// The secret key never appears in observer messages, exception messages or ToString of anything these code paths
/// produce (the only place a secret is written is the cluster_snapshot.yaml / Helm values text itself).
/// </summary>
public class SecretsScanTests
{
    private const string VolumeSecret = "VolSecret+9f8e7d6c5b4a/3e2d1c0b";
    private const string VolumeAccess = "AKIAVOLUMEACCESSKEY1";

    private sealed class RecordingObserver : IOperationObserver
    {
        public ConcurrentQueue<string> Messages { get; } = new();
        public void Verbose(string message) => Messages.Enqueue(message);
        public void Debug(string message) => Messages.Enqueue(message);
        public void Warning(string message) => Messages.Enqueue(message);
        public void Progress(OperationProgress progress) => Messages.Enqueue(progress.ToString());
    }

    private static void AssertClean(string text, params string[] secrets)
    {
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, text);
        }
    }

    [S3Fact]
    public async Task Finder_messages_results_and_errors_never_hold_the_storage_secret()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        var bucket = new SnapshotBucket(store, S3TestStore.UniqueLocation(s3, "scan-find"));
        await bucket.WriteSnapshotAsync("svc", 1739446285344);
        await bucket.WriteSnapshotAsync("svc", 1739446885344, FolderState.NoChecksum);
        await bucket.Put(bucket.ImageDir("svc").KeyFor("junk/x"), "x");

        var observer = new RecordingObserver();
        ClusterSnapshotSearchResult result = await new ClusterSnapshotFinder(store).FindAsync(
            new ClusterSnapshotSearch(bucket.Volume) { VerifyChecksum = true }, observer, CancellationToken.None);
        Assert.NotEmpty(observer.Messages);
        string all = string.Join("\n", observer.Messages) + result.Why + store
            + string.Join("\n", result.Candidates.Select(c => c + c.Why + string.Join(";", c.Problems) + c.SnapshotPath + c.Folder));
        AssertClean(all, s3.SecretKey);

        using var wrong = new S3ObjectStore(S3TestStore.Options(s3, VolumeSecret));
        var failing = new RecordingObserver();
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() =>
            new ClusterSnapshotFinder(wrong).FindAsync(new ClusterSnapshotSearch(bucket.Volume), failing, CancellationToken.None));
        AssertClean(ex.ToString() + string.Join("\n", failing.Messages) + wrong, VolumeSecret);
    }

    [Fact]
    public async Task Service_messages_and_errors_never_hold_volume_credentials()
    {
        var session = new FakeSession()
            .Answer(ClusterSnapshotService.ShowStorageVolumes, FakeSession.Table(new[] { "Storage Volume" }, new[] { "v" }))
            .Answer("DESC STORAGE VOLUME `v`", FakeSession.Table(new[] { "Name", "Type", "IsDefault", "Location", "Params", "Enabled", "Comment" },
                new[] { "v", "S3", "true", "s3://b/p", $"{{\"aws.s3.access_key\":\"{VolumeAccess}\",\"aws.s3.secret_key\":\"{VolumeSecret}\",\"aws.s3.region\":\"r\"}}", "true", "" }))
            .Fail("ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON STORAGE VOLUME `v`", 5064, "Getting analyzing error. Detail message: Automated snapshot has been turn on.");
        var service = new ClusterSnapshotService(FakeSession.Client(session));
        var observer = new RecordingObserver();
        IReadOnlyList<StorageVolume> volumes = await service.ListStorageVolumesAsync(null, observer);
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => service.EnableAsync("v", observer));
        string all = string.Join("\n", observer.Messages) + ex + string.Join("\n", volumes.Select(v => v + string.Join(",", v.Properties)))
            + SnapshotStorageVolume.From(volumes[0]);
        AssertClean(all, VolumeSecret, VolumeAccess);
    }

    [Fact]
    public void Config_objects_errors_and_placeholder_output_never_hold_credentials()
    {
        SnapshotStorageVolume volume = new SnapshotStorageVolume { Name = "v", Type = "S3", Location = "s3://b/p" }
            .WithCredential(VolumeAccess, new Secret(VolumeSecret));
        var config = new ClusterSnapshotConfig { ClusterSnapshotPath = "s3://b/p/svc/meta/image/automated_cluster_snapshot_1739446285344", StorageVolumeName = "v", StorageVolumes = new[] { volume } };

        string placeholders = ClusterSnapshotConfigWriter.Render(config, new ClusterSnapshotConfigWriteOptions { SecretPlaceholders = true })
            + ClusterSnapshotConfigWriter.Render(config, new ClusterSnapshotConfigWriteOptions { SecretPlaceholders = true, Format = ClusterSnapshotConfigFormat.HelmValues });
        AssertClean(placeholders + volume + string.Join(",", volume.Properties) + config, VolumeSecret, VolumeAccess);

        var broken = new ClusterSnapshotConfig { ClusterSnapshotPath = "", StorageVolumeName = "other", StorageVolumes = new[] { volume.With("aws.s3.region", new Secret("")) } };
        var ex = Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigWriter.Render(broken));
        AssertClean(ex.ToString(), VolumeSecret, VolumeAccess);

        // The one place the secret belongs: the file content.
        Assert.Contains(VolumeSecret, ClusterSnapshotConfigWriter.Render(config));
    }
}
