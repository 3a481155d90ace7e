using StarRocksBackup.Core;
using StarRocksBackup.Core.Storage;
using Xunit;

namespace StarRocksBackup.Tests.Storage;

public class ObjectStoreOptionsTests
{
    [Fact]
    public void ToString_shows_access_key_but_never_the_secret()
    {
        var options = new ObjectStoreOptions { Endpoint = "http://127.0.0.1:9000", AccessKey = "AKIAEXAMPLE", SecretKey = new Secret("wJalrXUtnFEMI/K7MDENG") };
        string text = options.ToString();
        Assert.Contains("AKIAEXAMPLE", text);
        Assert.Contains("****", text);
        Assert.DoesNotContain("wJalrXUtnFEMI", text);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://s3.us-west-2.amazonaws.com", true)]
    [InlineData("s3.cn-north-1.amazonaws.com.cn", true)]
    [InlineData("http://127.0.0.1:9000", false)]
    [InlineData("https://oss-cn-hangzhou.aliyuncs.com", false)]
    [InlineData("https://amazonaws.com.evil.example", false)]
    public void Only_aws_hosts_count_as_aws(string? endpoint, bool aws)
    {
        Assert.Equal(aws, new ObjectStoreOptions { Endpoint = endpoint }.IsAwsEndpoint);
    }

    [Fact]
    public void Bare_host_gets_https_and_bad_endpoints_are_refused()
    {
        Assert.Equal("https://minio.local:9000/", new ObjectStoreOptions { Endpoint = "minio.local:9000" }.EndpointUri!.ToString());
        var ex = Assert.Throws<StarRocksBackupException>(() => new ObjectStoreOptions { Endpoint = "ftp://x" }.EndpointUri);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        var withUser = Assert.Throws<StarRocksBackupException>(() => new ObjectStoreOptions { Endpoint = "http://key:SecretXYZ@host" }.EndpointUri);
        Assert.DoesNotContain("SecretXYZ", withUser.Message);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("https://s3.us-west-2.amazonaws.com", null, false)]
    [InlineData("http://127.0.0.1:9000", null, true)]
    [InlineData("https://oss-cn-hangzhou.aliyuncs.com", null, false)]
    [InlineData("http://127.0.0.1:9000", false, false)]
    [InlineData("https://s3.us-west-2.amazonaws.com", true, true)]
    public void Path_style_is_on_for_custom_endpoints_unless_told_or_OSS(string? endpoint, bool? force, bool expected)
    {
        Assert.Equal(expected, new ObjectStoreOptions { Endpoint = endpoint, ForcePathStyle = force }.UsesPathStyle);
    }
}
