using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace StarRocksBackup.Simulator.Storage;

/// <summary>Where a repository points: endpoint, credentials, bucket and key prefix (from "s3://bucket/prefix" or "s3a://...").</summary>
public sealed record S3Location(string Bucket, string Prefix)
{
    /// <summary>Parses s3:// and s3a:// (and s3n://) locations; returns null for other schemes.</summary>
    public static S3Location? TryParse(string location)
    {
        string loc = location.Trim();
        int schemeEnd = loc.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return null;
        string scheme = loc[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("s3" or "s3a" or "s3n" or "oss" or "cos" or "ks3" or "obs" or "tos")) return null;
        string rest = loc[(schemeEnd + 3)..];
        int slash = rest.IndexOf('/');
        string bucket = slash < 0 ? rest : rest[..slash];
        string prefix = slash < 0 ? string.Empty : rest[(slash + 1)..].Trim('/');
        return bucket.Length == 0 ? null : new S3Location(bucket, prefix);
    }
}

/// <summary>A thin wrapper over AWSSDK.S3 for one endpoint and bucket (path-style, checksums only when required).</summary>
public sealed class ObjectStore : IDisposable
{
    private readonly AmazonS3Client _client;

    public ObjectStore(string? endpoint, string accessKey, string secretKey, string? region, string bucket)
    {
        Bucket = bucket;
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            // radosgw / MinIO reject AWSSDK v4's default checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrEmpty(endpoint))
        {
            config.ServiceURL = endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "https://" + endpoint;
            config.AuthenticationRegion = string.IsNullOrEmpty(region) ? "us-east-1" : region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(string.IsNullOrEmpty(region) ? "us-east-1" : region);
        }

        _client = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config);
    }

    public string Bucket { get; }

    public async Task PutAsync(string key, byte[] content, CancellationToken ct = default)
    {
        using var ms = new MemoryStream(content, writable: false);
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = ms, AutoCloseStream = false }, ct).ConfigureAwait(false);
    }

    /// <summary>The object's bytes, or null when it does not exist.</summary>
    public async Task<byte[]?> GetAsync(string key, CancellationToken ct = default)
    {
        try
        {
            using GetObjectResponse resp = await _client.GetObjectAsync(Bucket, key, ct).ConfigureAwait(false);
            using var ms = new MemoryStream();
            await resp.ResponseStream.CopyToAsync(ms, ct).ConfigureAwait(false);
            return ms.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Every key under <paramref name="prefix"/> (recursive), in S3's lexicographic order.</summary>
    public async Task<List<string>> ListKeysAsync(string prefix, CancellationToken ct = default)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            ListObjectsV2Response resp = await _client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, ContinuationToken = token }, ct).ConfigureAwait(false);
            if (resp.S3Objects is not null) keys.AddRange(resp.S3Objects.Select(o => o.Key));
            token = resp.IsTruncated == true ? resp.NextContinuationToken : null;
        }
        while (token is not null);
        return keys;
    }

    /// <summary>The "directories" directly under <paramref name="prefix"/> (common prefixes with delimiter '/').</summary>
    public async Task<List<string>> ListDirectoriesAsync(string prefix, CancellationToken ct = default)
    {
        var dirs = new List<string>();
        string? token = null;
        do
        {
            ListObjectsV2Response resp = await _client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, Delimiter = "/", ContinuationToken = token }, ct).ConfigureAwait(false);
            if (resp.CommonPrefixes is not null) dirs.AddRange(resp.CommonPrefixes);
            token = resp.IsTruncated == true ? resp.NextContinuationToken : null;
        }
        while (token is not null);
        return dirs;
    }

    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken ct = default) =>
        await _client.CopyObjectAsync(Bucket, sourceKey, Bucket, destinationKey, ct).ConfigureAwait(false);

    public async Task DeleteAsync(string key, CancellationToken ct = default) =>
        await _client.DeleteObjectAsync(Bucket, key, ct).ConfigureAwait(false);

    public void Dispose() => _client.Dispose();
}
