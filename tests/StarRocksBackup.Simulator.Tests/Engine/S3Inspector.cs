using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using StarRocksBackup.Tests;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>Reads the test bucket with AWSSDK.S3, independently of the simulator's storage code.</summary>
public sealed class S3Inspector : IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;

    public S3Inspector()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        _bucket = s3.Bucket;
        _client = new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), new AmazonS3Config
        {
            ServiceURL = s3.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = s3.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var resp = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, ContinuationToken = token });
            keys.AddRange(resp.S3Objects?.Select(o => o.Key) ?? Enumerable.Empty<string>());
            token = resp.IsTruncated == true ? resp.NextContinuationToken : null;
        }
        while (token is not null);
        return keys;
    }

    public async Task<byte[]> GetAsync(string key)
    {
        using var resp = await _client.GetObjectAsync(_bucket, key);
        using var ms = new MemoryStream();
        await resp.ResponseStream.CopyToAsync(ms);
        return ms.ToArray();
    }

    public async Task PutAsync(string key, byte[] content)
    {
        using var ms = new MemoryStream(content);
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = ms });
    }

    public async Task DeleteAsync(string key) => await _client.DeleteObjectAsync(_bucket, key);

    public static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));

    public void Dispose() => _client.Dispose();
}
