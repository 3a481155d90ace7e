using StarRocksBackup.Core;
using StarRocksBackup.Core.Storage;
using Xunit;

namespace StarRocksBackup.Tests.Storage;

public class S3LocationTests
{
    [Theory]
    [InlineData("s3://bucket/prefix/", "s3", "bucket", "prefix/")]
    [InlineData("s3://bucket/prefix", "s3", "bucket", "prefix/")]
    [InlineData("s3://bucket", "s3", "bucket", "")]
    [InlineData("s3://bucket/", "s3", "bucket", "")]
    [InlineData("S3A://my-bucket//a//b/", "s3a", "my-bucket", "a/b/")]
    [InlineData("oss://data.bucket/sr/3f2c/meta", "oss", "data.bucket", "sr/3f2c/meta/")]
    [InlineData("  s3://bkt/x  ", "s3", "bkt", "x/")]
    public void Parses_bucket_and_normalised_prefix(string uri, string scheme, string bucket, string prefix)
    {
        S3Location location = S3Location.Parse(uri);
        Assert.Equal(scheme, location.Scheme);
        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
        Assert.Equal($"{scheme}://{bucket}/{prefix}", location.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("bucket/prefix", "not an object storage URI")]
    [InlineData("http://bucket/prefix", "Unsupported scheme 'http://'")]
    [InlineData("s3:///prefix", "no bucket name")]
    [InlineData("s3://b/x", "not a valid bucket name")]
    [InlineData("s3://bad bucket/x", "not a valid bucket name")]
    [InlineData("s3://bucket/x?versionId=1", "query or fragment")]
    public void Refuses_bad_uris_with_the_reason(string uri, string reason)
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => S3Location.Parse(uri));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Refuses_credentials_in_the_uri_without_echoing_them()
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => S3Location.Parse("s3://AKIA123:TopSecretValue@bucket/x"));
        Assert.Contains("credentials", ex.Message);
        Assert.DoesNotContain("TopSecretValue", ex.Message);
        Assert.DoesNotContain("AKIA123", ex.Message);
    }

    [Fact]
    public void Child_parent_and_segments_compose()
    {
        S3Location root = S3Location.Parse("s3://bucket/data");
        S3Location image = root.Child("svc-1/meta/image/");
        Assert.Equal("data/svc-1/meta/image/", image.Prefix);
        Assert.Equal("image", image.LastSegment);
        Assert.Equal("data/svc-1/meta/", image.Parent.Prefix);
        Assert.Equal("data/svc-1/meta/image/VERSION", image.KeyFor("/VERSION"));
        Assert.Equal("s3://bucket/data/svc-1/meta/image", image.ToUriWithoutTrailingSlash());
        Assert.Equal(root, S3Location.Parse("s3://bucket/data/"));
        Assert.Equal("", S3Location.Parse("s3://bucket").Parent.Prefix);
    }

    [Fact]
    public void Create_builds_from_parts()
    {
        Assert.Equal("oss://bkt/a/b/", S3Location.Create("bkt", "/a/b", "oss").ToString());
    }
}
