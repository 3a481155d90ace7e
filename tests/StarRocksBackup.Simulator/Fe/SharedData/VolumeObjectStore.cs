// Object storage behind one storage volume, through AWSSDK.S3 (the FE uses Hadoop's S3A via HdfsUtil;
// what matters here is the resulting objects). One instance per volume, created lazily.
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace StarRocksBackup.Simulator.Fe.SharedData;

public sealed class VolumeObjectStore : IDisposable
{
    private readonly AmazonS3Client _client;

    public VolumeObjectStore(StorageVolume volume)
    {
        (Bucket, _) = SplitS3Uri(volume.Location);
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,

            // AWSSDK shares one HttpClient between clients with equal settings. radosgw answers a PUT it
            // refuses (bad key) before reading the body, and the unread body then poisons the next request on
            // that pooled connection (400 BadRequest) — for whichever client reuses it. Keep our own pool.
            CacheHttpClient = false,
            AuthenticationRegion = volume.Property(StorageVolumeProperties.Region) ?? "us-east-1",
        };
        string? endpoint = volume.Property(StorageVolumeProperties.Endpoint);
        if (!string.IsNullOrEmpty(endpoint))
        {
            if (!endpoint.Contains("://", StringComparison.Ordinal))
            {
                // StarRocks takes a bare host:port and decides the scheme from aws.s3.enable_ssl (default true).
                bool ssl = !string.Equals(volume.Property(StorageVolumeProperties.EnableSsl), "false", StringComparison.OrdinalIgnoreCase);
                endpoint = (ssl ? "https://" : "http://") + endpoint;
            }

            config.ServiceURL = endpoint;
            if (!endpoint.Contains("amazonaws.com", StringComparison.OrdinalIgnoreCase))
            {
                // radosgw/MinIO reject AWSSDK v4's default CRC checksums.
                config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
                config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
            }
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(config.AuthenticationRegion);
        }

        string? accessKey = volume.Property(StorageVolumeProperties.AccessKey);
        _client = string.IsNullOrEmpty(accessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(accessKey, volume.Property(StorageVolumeProperties.SecretKey) ?? string.Empty), config);
    }

    public string Bucket { get; }

    /// <summary>Splits <c>s3://bucket/some/key</c> (also s3a://, s3n://) into bucket and key.</summary>
    public static (string Bucket, string Key) SplitS3Uri(string uri)
    {
        int schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0 || !uri[..schemeEnd].StartsWith("s3", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"not an s3:// location: {uri}", nameof(uri));
        }

        string rest = uri[(schemeEnd + 3)..];
        int slash = rest.IndexOf('/');
        return slash < 0 ? (rest, string.Empty) : (rest[..slash], NormalizeKey(rest[(slash + 1)..]));
    }

    /// <summary>Hadoop's Path collapses empty segments, so "a//b/" addresses the key "a/b".</summary>
    public static string NormalizeKey(string key) =>
        string.Join('/', key.Split('/', StringSplitOptions.RemoveEmptyEntries));

    public async Task PutAsync(string key, byte[] content, CancellationToken cancel)
    {
        using var body = new MemoryStream(content, writable: false);
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body, AutoCloseStream = false }, cancel).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string key, CancellationToken cancel) =>
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, cancel).ConfigureAwait(false);

    /// <summary>All keys under a prefix (paged).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancel)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix };
        while (true)
        {
            ListObjectsV2Response response = await _client.ListObjectsV2Async(request, cancel).ConfigureAwait(false);
            if (response.S3Objects is not null)
            {
                keys.AddRange(response.S3Objects.Select(o => o.Key));
            }

            if (response.IsTruncated != true)
            {
                return keys;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <summary>HdfsUtil.deletePath on a directory: every object under <paramref name="prefix"/> (one by one: radosgw wants Content-MD5 on DeleteObjects).</summary>
    public async Task DeletePrefixAsync(string prefix, CancellationToken cancel)
    {
        foreach (string key in await ListAsync(prefix, cancel).ConfigureAwait(false))
        {
            await DeleteAsync(key, cancel).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();
}
