using System.Text;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Storage;
using Xunit;

namespace StarRocksBackup.Tests.Storage;

/// <summary>S3ObjectStore against the real S3 server (Ceph radosgw), each test under its own prefix.</summary>
public class S3ObjectStoreTests
{
    [S3Fact]
    public async Task Put_get_exists_delete_round_trip()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        S3Location root = S3TestStore.UniqueLocation(s3, "store-rt");
        string key = root.KeyFor("a/b.txt");

        Assert.False(await store.ExistsAsync(s3.Bucket, key, CancellationToken.None));
        await store.PutAsync(s3.Bucket, key, Encoding.UTF8.GetBytes("hello"), CancellationToken.None);
        Assert.True(await store.ExistsAsync(s3.Bucket, key, CancellationToken.None));
        Assert.Equal("hello", Encoding.UTF8.GetString(await store.GetAsync(s3.Bucket, key, CancellationToken.None)));

        await using (Stream stream = await store.OpenReadAsync(s3.Bucket, key, CancellationToken.None))
        using (var reader = new StreamReader(stream))
        {
            Assert.Equal("hello", await reader.ReadToEndAsync());
        }

        await store.DeleteAsync(s3.Bucket, key, CancellationToken.None);
        Assert.False(await store.ExistsAsync(s3.Bucket, key, CancellationToken.None));
        await store.DeleteAsync(s3.Bucket, key, CancellationToken.None); // deleting a missing key succeeds
    }

    [S3Fact]
    public async Task List_with_delimiter_rolls_up_folders_and_pages_through_everything()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        S3Location root = S3TestStore.UniqueLocation(s3, "store-list");
        string[] keys = { "x/1", "x/2", "y/z/3", "top.txt", "w/4", "w/5", "w/6" };
        foreach (string k in keys)
        {
            await store.PutAsync(s3.Bucket, root.KeyFor(k), new byte[] { 1, 2, 3 }, CancellationToken.None);
        }

        store.PageSize = 2; // force several pages
        ObjectListing folders = await store.ListAsync(s3.Bucket, root.Prefix, "/", CancellationToken.None);
        Assert.Equal(new[] { root.KeyFor("top.txt") }, folders.Objects.Select(o => o.Key));
        Assert.Equal(new[] { "w/", "x/", "y/" }.Select(root.KeyFor), folders.CommonPrefixes.OrderBy(p => p, StringComparer.Ordinal));

        ObjectListing all = await store.ListAsync(s3.Bucket, root.Prefix, null, CancellationToken.None);
        Assert.Equal(keys.Select(root.KeyFor).OrderBy(k => k, StringComparer.Ordinal), all.Objects.Select(o => o.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(all.Objects, o => Assert.Equal(3, o.Size));
        Assert.All(all.Objects, o => Assert.NotNull(o.LastModified));

        ObjectListing none = await store.ListAsync(s3.Bucket, root.KeyFor("nothing/"), "/", CancellationToken.None);
        Assert.Empty(none.Objects);
        Assert.Empty(none.CommonPrefixes);
    }

    [S3Fact]
    public async Task Wrong_secret_is_an_object_storage_error_that_never_shows_the_secret()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        const string wrongSecret = "NotTheRightSecret-9f8e7d6c5b4a";
        using var store = new S3ObjectStore(S3TestStore.Options(s3, wrongSecret));
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() =>
            store.ListAsync(s3.Bucket, "t-any/", "/", CancellationToken.None));
        Assert.Equal(ErrorKind.ObjectStorageError, ex.Kind);
        Assert.Contains("list", ex.Message);
        Assert.Contains(s3.Bucket, ex.Message);
        Assert.DoesNotContain(wrongSecret, ex.ToString());
        Assert.DoesNotContain(wrongSecret, store.ToString());
    }

    [S3Fact]
    public async Task Missing_bucket_and_missing_key_are_object_storage_errors()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        var noBucket = await Assert.ThrowsAsync<StarRocksBackupException>(() =>
            store.ListAsync("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8], "", "/", CancellationToken.None));
        Assert.Equal(ErrorKind.ObjectStorageError, noBucket.Kind);
        Assert.Contains("NoSuchBucket", noBucket.Message);

        var noKey = await Assert.ThrowsAsync<StarRocksBackupException>(() =>
            store.GetAsync(s3.Bucket, S3Settings.UniquePrefix("missing") + "/nothing", CancellationToken.None));
        Assert.Equal(ErrorKind.ObjectStorageError, noKey.Kind);
        Assert.DoesNotContain(s3.SecretKey, noKey.ToString());
    }

    [Fact]
    public async Task Unreachable_endpoint_is_an_object_storage_error()
    {
        using var store = new S3ObjectStore(new ObjectStoreOptions
        {
            Endpoint = "http://127.0.0.1:1", AccessKey = "k", SecretKey = new Secret("UnreachableSecret123"),
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => store.ListAsync("bucket", "", "/", cts.Token));
        Assert.Equal(ErrorKind.ObjectStorageError, ex.Kind);
        Assert.DoesNotContain("UnreachableSecret123", ex.ToString());
    }

    [Fact]
    public async Task A_server_that_never_answers_is_an_object_storage_timeout_not_a_cancellation()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<System.Net.Sockets.TcpClient>();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true) held.Add(await listener.AcceptTcpClientAsync());
            }
            catch (Exception)
            {
                // listener stopped
            }
        });
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var store = new S3ObjectStore(new ObjectStoreOptions
        {
            Endpoint = $"http://127.0.0.1:{port}", AccessKey = "k", SecretKey = new Secret("SilentServerSecret1"),
            RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 0,
        });
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => store.ListAsync("bucket", "", "/", CancellationToken.None));
        Assert.Equal(ErrorKind.ObjectStorageError, ex.Kind);
        Assert.Contains("timed out", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SilentServerSecret1", ex.ToString());
        listener.Stop();
    }

    [S3Fact]
    public async Task Cancellation_is_not_swallowed()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        using S3ObjectStore store = S3TestStore.Create(s3);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ListAsync(s3.Bucket, "", "/", cts.Token));
    }
}
