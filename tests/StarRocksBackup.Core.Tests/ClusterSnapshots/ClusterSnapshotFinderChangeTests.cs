using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests.Storage;
using Xunit;

namespace StarRocksBackup.Tests.ClusterSnapshots;

/// <summary>
/// A newer automated cluster snapshot finishes while the finder reads: StarRocks deletes the previous folder, so an
/// object the listing named is gone when it is read. On the real S3 server, through a store that makes that change
/// at the exact moment (before a given read).
/// </summary>
public class ClusterSnapshotFinderChangeTests
{
    private const string Svc = "7a1e0c55-2b9d-4f3a-8c44-6e0f9d2b1a77";
    private const long T1 = 1739446285344;
    private const long T2 = T1 + 600_000;

    private static (S3ObjectStore Store, SnapshotBucket Bucket) Prepare(string tag)
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        S3ObjectStore store = S3TestStore.Create(s3);
        return (store, new SnapshotBucket(store, S3TestStore.UniqueLocation(s3, tag)));
    }

    private static async Task DeleteFolderAsync(IObjectStore store, SnapshotBucket bucket, string name)
    {
        S3Location folder = bucket.ImageDir(Svc).Child(name + "/");
        ObjectListing objects = await store.ListAsync(folder.Bucket, folder.Prefix, null, CancellationToken.None);
        Assert.NotEmpty(objects.Objects);
        await store.DeleteObjectsAsync(folder.Bucket, objects.Objects.Select(o => o.Key).ToList(), 4, CancellationToken.None);
    }

    private static Task<ClusterSnapshotSearchResult> Find(IObjectStore store, SnapshotBucket bucket, IOperationObserver observer, bool verify = false) =>
        new ClusterSnapshotFinder(store).FindAsync(new ClusterSnapshotSearch(bucket.Volume) { ServiceId = Svc, VerifyChecksum = verify }, observer, CancellationToken.None);

    private static bool IsImageDirListing(ChangingStore.Call c, SnapshotBucket bucket) =>
        c.Operation == "list" && c.Key == bucket.ImageDir(Svc).Prefix;

    [S3Theory]
    [InlineData("get")]  // the checksum file (404 on GET)
    [InlineData("open")] // the FE image, opened for the CRC32 check (404 on GET)
    [InlineData("list")] // the folder's own listing comes back empty
    public async Task The_older_folder_deleted_between_listing_and_read_is_listed_again_and_the_newer_selected(string when)
    {
        var (s3, bucket) = Prepare("find-changing-" + when);
        using var _ = s3;
        string older = await bucket.WriteSnapshotAsync(Svc, T1);
        string newer = await bucket.WriteSnapshotAsync(Svc, T2, FolderState.NoChecksum, feJournalId: 1300);
        var store = new ChangingStore(s3);
        string olderPrefix = bucket.ImageDir(Svc).Child(older + "/").Prefix;
        // The moment the finder first reads the older folder, the newer snapshot finishes (its checksum is written) and
        // StarRocks deletes the older folder.
        store.Before = async c =>
        {
            if (c.Operation == when && c.Key.StartsWith(olderPrefix, StringComparison.Ordinal) && store.Changes == 0)
            {
                store.Changes++;
                await bucket.WriteSnapshotAsync(Svc, T2, feJournalId: 1300);
                await DeleteFolderAsync(s3, bucket, older);
            }
        };

        var observer = new RecordingObserver();
        ClusterSnapshotSearchResult result = await Find(store, bucket, observer, verify: when == "open");

        Assert.Equal(1, store.Changes);
        Assert.Equal(newer, result.Selected?.Name);
        Assert.Equal(new[] { newer }, result.Candidates.Select(c => c.Name));
        Assert.Equal(2, store.Calls.Count(c => IsImageDirListing(c, bucket)));
        Assert.Contains(observer.Messages, m => m.StartsWith("VERB " + older + " vanished while it was read", StringComparison.Ordinal));
        Assert.Empty(observer.Warnings);
    }

    [S3Fact]
    public async Task A_folder_that_vanishes_again_after_the_second_listing_is_left_out_with_a_warning()
    {
        var (s3, bucket) = Prepare("find-changing-twice");
        using var _ = s3;
        string older = await bucket.WriteSnapshotAsync(Svc, T1);
        string newer = await bucket.WriteSnapshotAsync(Svc, T2, feJournalId: 1300);
        var store = new ChangingStore(s3);
        string imagePrefix = bucket.ImageDir(Svc).Prefix;
        // Every folder is deleted the moment its checksum is read, twice: first the older, then (after the second
        // listing) the newer.
        store.Before = async c =>
        {
            if (c.Operation == "get" && c.Key.StartsWith(imagePrefix, StringComparison.Ordinal) && store.Changes < 2)
            {
                store.Changes++;
                await DeleteFolderAsync(s3, bucket, c.Key.Substring(imagePrefix.Length).Split('/')[0]);
            }
        };

        var observer = new RecordingObserver();
        ClusterSnapshotSearchResult result = await Find(store, bucket, observer);

        Assert.Equal(2, store.Changes);
        Assert.Equal(2, store.Calls.Count(c => IsImageDirListing(c, bucket)));
        Assert.Null(result.Selected);
        Assert.Empty(result.Candidates);
        Assert.Contains(observer.Messages, m => m.StartsWith("VERB " + older + " vanished", StringComparison.Ordinal));
        string warning = Assert.Single(observer.Warnings);
        Assert.Contains(newer, warning);
        Assert.Contains("vanished while it was read", warning);
    }

    [S3Fact]
    public async Task A_read_failure_of_an_object_that_still_exists_is_still_an_error()
    {
        var (s3, bucket) = Prepare("find-changing-denied");
        using var _ = s3;
        await bucket.WriteSnapshotAsync(Svc, T1);
        var store = new ChangingStore(s3)
        {
            Before = c => c.Operation == "get"
                ? throw new StarRocksBackupException(ErrorKind.ObjectStorageError, "Object storage get failed: AccessDenied (HTTP 403)")
                : Task.CompletedTask,
        };

        StarRocksBackupException ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => Find(store, bucket, new RecordingObserver()));
        Assert.Equal(ErrorKind.ObjectStorageError, ex.Kind);
        Assert.Contains("AccessDenied", ex.Message);
        Assert.Equal(1, store.Calls.Count(c => IsImageDirListing(c, bucket)));
    }
}

/// <summary>An <see cref="IObjectStore"/> over the real one that runs <see cref="Before"/> ahead of every call and records the calls.</summary>
internal sealed class ChangingStore : IObjectStore
{
    private readonly IObjectStore _inner;

    public ChangingStore(IObjectStore inner) => _inner = inner;

    /// <summary>One call: the operation (list, get, open, put, delete, head, delete-batch) and the key or prefix.</summary>
    public sealed record Call(string Operation, string Key);

    public Func<Call, Task> Before { get; set; } = _ => Task.CompletedTask;

    /// <summary>Changes made by <see cref="Before"/> (the test counts them).</summary>
    public int Changes { get; set; }

    public List<Call> Calls { get; } = new();

    private async Task Enter(string operation, string key)
    {
        var call = new Call(operation, key);
        lock (Calls)
        {
            Calls.Add(call);
        }

        await Before(call);
    }

    public async Task<ObjectListing> ListAsync(string bucket, string prefix, string? delimiter, CancellationToken cancellationToken)
    {
        await Enter("list", prefix);
        return await _inner.ListAsync(bucket, prefix, delimiter, cancellationToken);
    }

    public async Task ListPagesAsync(string bucket, string prefix, Func<IReadOnlyList<ObjectInfo>, Task> onPage, CancellationToken cancellationToken)
    {
        await Enter("list-pages", prefix);
        await _inner.ListPagesAsync(bucket, prefix, onPage, cancellationToken);
    }

    public async Task<byte[]> GetAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        await Enter("get", key);
        return await _inner.GetAsync(bucket, key, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        await Enter("open", key);
        return await _inner.OpenReadAsync(bucket, key, cancellationToken);
    }

    public async Task PutAsync(string bucket, string key, byte[] content, CancellationToken cancellationToken)
    {
        await Enter("put", key);
        await _inner.PutAsync(bucket, key, content, cancellationToken);
    }

    public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        await Enter("delete", key);
        await _inner.DeleteAsync(bucket, key, cancellationToken);
    }

    public async Task<bool> ExistsAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        await Enter("head", key);
        return await _inner.ExistsAsync(bucket, key, cancellationToken);
    }

    public async Task<int> DeleteObjectsAsync(string bucket, IReadOnlyList<string> keys, int maxParallelRequests, CancellationToken cancellationToken)
    {
        await Enter("delete-batch", keys.Count > 0 ? keys[0] : string.Empty);
        return await _inner.DeleteObjectsAsync(bucket, keys, maxParallelRequests, cancellationToken);
    }

    public void Dispose()
    {
    }
}
