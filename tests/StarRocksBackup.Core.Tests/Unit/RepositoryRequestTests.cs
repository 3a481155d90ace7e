using StarRocksBackup.Core.Repositories;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>New-SrRepository's decisions, now in Core: storage type from the location, settings checked per type.</summary>
public sealed class RepositoryRequestTests
{
    [Theory]
    [InlineData("s3://b/p", RepositoryStorageType.S3)]
    [InlineData("S3A://b/p", RepositoryStorageType.S3)]
    [InlineData("s3n://b/p", RepositoryStorageType.S3)]
    [InlineData("oss://b/p", RepositoryStorageType.OSS)]
    [InlineData("hdfs://nn:8020/p", RepositoryStorageType.HDFS)]
    [InlineData("viewfs://cluster/p", RepositoryStorageType.HDFS)]
    [InlineData("gs://b/p", RepositoryStorageType.GCS)]
    [InlineData("gcs://b/p", RepositoryStorageType.GCS)]
    public void The_scheme_gives_the_storage_type(string location, RepositoryStorageType type) =>
        Assert.Equal(type, RepositoryRequest.InferType(location));

    [Theory]
    [InlineData("/local/path")]
    [InlineData("ftp://host/p")]
    [InlineData("")]
    public void An_unknown_scheme_is_InvalidArgument_asking_for_Type(string location)
    {
        Assert.Null(RepositoryRequest.InferType(location));
        var ex = Assert.Throws<StarRocksBackupException>(() => new RepositoryRequest { Name = "r", Location = location, AccessKey = "k" }.ToSpec());
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("-Type S3, OSS, HDFS or GCS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_scheme_with_a_password_in_it_is_masked_in_the_message()
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => new RepositoryRequest { Name = "r", Location = "ftp://user:hunter2@host/p" }.ToSpec());
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_s3a_location_with_a_Google_endpoint_is_GCS()
    {
        var request = new RepositoryRequest { Name = "r", Location = "s3a://b/p", Endpoint = "https://storage.googleapis.com", AccessKey = "k", SecretKey = new Secret("s") };
        Assert.Equal(RepositoryStorageType.GCS, request.ResolveType());
        RepositorySpec spec = request.ToSpec();
        Assert.Equal("storage.googleapis.com", spec.Reveal("fs.s3a.endpoint"));
        Assert.Equal("s", spec.Reveal("fs.s3a.secret.key"));
    }

    [Fact]
    public void S3_with_keys_endpoint_region_extra_properties_read_only_and_broker()
    {
        var request = new RepositoryRequest
        {
            Name = "r", Location = "s3://b/p", AccessKey = "AK", SecretKey = new Secret("SK"), Endpoint = "http://minio:9000", Region = "us-east-1",
            ReadOnly = true, Broker = "b1",
        };
        request.Properties.Add(new KeyValuePair<string, Secret>("aws.s3.enable_path_style_access", new Secret("true")));
        request.Properties.Add(new KeyValuePair<string, Secret>("aws.s3.region", new Secret("eu-west-1")));
        RepositorySpec spec = request.ToSpec();
        Assert.Equal("AK", spec.Reveal("aws.s3.access_key"));
        Assert.Equal("SK", spec.Reveal("aws.s3.secret_key"));
        Assert.Equal("http://minio:9000", spec.Reveal("aws.s3.endpoint"));
        Assert.Equal("eu-west-1", spec.Reveal("aws.s3.region"));
        Assert.Equal("true", spec.Reveal("aws.s3.enable_path_style_access"));
        Assert.True(spec.ReadOnly);
        Assert.Equal("b1", spec.Broker);
        Assert.DoesNotContain("SK", spec.ToString().Replace("SK=", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void S3_with_the_instance_profile_and_no_keys()
    {
        RepositorySpec spec = new RepositoryRequest { Name = "r", Location = "s3://b/p", UseInstanceProfile = true }.ToSpec();
        Assert.Equal("true", spec.Reveal("aws.s3.use_instance_profile"));
        Assert.Null(spec.Reveal("aws.s3.access_key"));
    }

    [Theory]
    [InlineData("s3://b/p", null, null, null, false, "needs -Credential")]
    [InlineData("s3://b/p", "AK", null, null, true, "not both")]
    [InlineData("oss://b/p", "AK", null, null, false, "needs -Credential (AccessKey ID as user name, AccessKey secret as password) and -Endpoint")]
    [InlineData("oss://b/p", "AK", "oss-cn.aliyuncs.com", "cn", false, "-Region applies to S3 repositories only")]
    [InlineData("gs://b/p", null, null, null, false, "A GCS repository needs -Credential")]
    [InlineData("hdfs://nn/p", null, "http://x", null, false, "-Endpoint does not apply to HDFS")]
    [InlineData("hdfs://nn/p", null, null, null, true, "-UseInstanceProfile applies to S3 repositories only")]
    public void Settings_that_do_not_fit_the_type_name_the_parameter(string location, string? user, string? endpoint, string? region, bool instanceProfile, string message)
    {
        var request = new RepositoryRequest { Name = "r", Location = location, AccessKey = user, Endpoint = endpoint, Region = region, UseInstanceProfile = instanceProfile };
        var ex = Assert.Throws<StarRocksBackupException>(() => request.ToSpec());
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HDFS_with_and_without_a_user()
    {
        RepositorySpec anonymous = new RepositoryRequest { Name = "r", Location = "hdfs://nn/p" }.ToSpec();
        Assert.Null(anonymous.Reveal("username"));
        Assert.Null(anonymous.Reveal("password"));
        RepositorySpec user = new RepositoryRequest { Name = "r", Location = "hdfs://nn/p", AccessKey = "hadoop", SecretKey = new Secret("pw") }.ToSpec();
        Assert.Equal("hadoop", user.Reveal("username"));
        Assert.Equal("pw", user.Reveal("password"));
    }
}
