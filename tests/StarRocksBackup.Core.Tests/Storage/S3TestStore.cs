using StarRocksBackup.Core;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Tests.Storage;

/// <summary>Builds stores and locations on the test S3 server, each under its own prefix.</summary>
internal static class S3TestStore
{
    public static ObjectStoreOptions Options(S3Settings s3, string? secret = null) => new()
    {
        Endpoint = s3.Endpoint,
        Region = s3.Region,
        AccessKey = s3.AccessKey,
        SecretKey = new Secret(secret ?? s3.SecretKey),
    };

    public static S3ObjectStore Create(S3Settings s3) => new(Options(s3));

    public static S3Location UniqueLocation(S3Settings s3, string tag) =>
        S3Location.Parse($"s3://{s3.Bucket}/{S3Settings.UniquePrefix(tag)}/");
}
