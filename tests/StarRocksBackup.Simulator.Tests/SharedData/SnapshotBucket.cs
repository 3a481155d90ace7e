// Test-side view of the S3 server: builds shared-data options whose builtin volume points at a unique
// prefix, and lists the snapshot folders there with AWSSDK.S3 (independently of the simulator's code).
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using StarRocksBackup.Simulator.Fe.SharedData;
using StarRocksBackup.Tests;

namespace StarRocksBackup.Simulator.Tests.SharedData;

internal sealed class SnapshotBucket : IDisposable
{
    private readonly AmazonS3Client _client;

    public SnapshotBucket(string tag)
    {
        S3 = TestEnvironment.RequireS3();
        Prefix = S3Settings.UniquePrefix(tag);
        ServiceId = Guid.NewGuid().ToString();
        _client = new AmazonS3Client(
            new BasicAWSCredentials(S3.AccessKey, S3.SecretKey),
            new AmazonS3Config
            {
                ServiceURL = S3.Endpoint,
                ForcePathStyle = true,
                CacheHttpClient = false,
                AuthenticationRegion = S3.Region,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
    }

    public S3Settings S3 { get; }

    public string Prefix { get; }

    public string ServiceId { get; }

    /// <summary>s3://bucket/prefix — the builtin volume's location.</summary>
    public string Location => $"s3://{S3.Bucket}/{Prefix}";

    /// <summary>Key prefix of the automated snapshot folders: prefix/service id/meta/image/.</summary>
    public string ImageDirKey => $"{Prefix}/{ServiceId}/meta/image/";

    public StorageVolumeDefinition Volume(string name = "builtin", string? location = null, string? secretKey = null) =>
        StorageVolumeDefinition.ForS3(name, location ?? Location, S3.Endpoint, S3.Region, S3.AccessKey, secretKey ?? S3.SecretKey);

    public SharedDataOptions Options(string version = "3.5.0", int intervalMs = 150, int phaseMs = 15, string? builtinLocation = null) => new()
    {
        IsSharedData = true,
        Version = version,
        ServiceId = ServiceId,
        BuiltinStorageVolume = Volume(location: builtinLocation),
        ClusterSnapshotInterval = TimeSpan.FromMilliseconds(intervalMs),
        ClusterSnapshotPhaseDuration = TimeSpan.FromMilliseconds(phaseMs),
        SchedulerTick = TimeSpan.FromMilliseconds(5),
    };

    /// <summary>Every key under prefix, relative to it.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync()
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = S3.Bucket, Prefix = Prefix + "/" };
        while (true)
        {
            ListObjectsV2Response response = await _client.ListObjectsV2Async(request);
            keys.AddRange((response.S3Objects ?? new List<S3Object>()).Select(o => o.Key[(Prefix.Length + 1)..]));
            if (response.IsTruncated != true) return keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <summary>Snapshot folder name → the files in it (relative to the folder).</summary>
    public async Task<IReadOnlyDictionary<string, List<string>>> FoldersAsync()
    {
        string dir = $"{ServiceId}/meta/image/";
        return (await KeysAsync())
            .Where(k => k.StartsWith(dir, StringComparison.Ordinal))
            .Select(k => k[dir.Length..])
            .GroupBy(k => k[..k.IndexOf('/')])
            .ToDictionary(g => g.Key, g => g.Select(k => k[(k.IndexOf('/') + 1)..]).OrderBy(x => x, StringComparer.Ordinal).ToList());
    }

    public async Task<string> ReadAsync(string relativeKey)
    {
        using GetObjectResponse response = await _client.GetObjectAsync(S3.Bucket, $"{Prefix}/{relativeKey}");
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The files a complete folder holds (ARCHITECTURE.md contract).</summary>
    public static List<string> CompleteFolder(long feJournalId, long starMgrJournalId) =>
        new[] { "ROLE", "VERSION", $"image.{feJournalId}", $"v2/image.{feJournalId}", $"v2/checksum.{feJournalId}", $"starmgr/image.{starMgrJournalId}" }
            .OrderBy(x => x, StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        try
        {
            foreach (string key in KeysAsync().GetAwaiter().GetResult())
            {
                _client.DeleteObjectAsync(S3.Bucket, $"{Prefix}/{key}").GetAwaiter().GetResult();
            }
        }
        catch (AmazonS3Exception)
        {
            // best-effort cleanup of a unique prefix
        }

        _client.Dispose();
    }
}
