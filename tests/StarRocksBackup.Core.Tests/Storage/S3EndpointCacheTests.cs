using Amazon.Runtime.Endpoints;
using Amazon.S3.Endpoints;
using Amazon.S3.Internal;
using StarRocksBackup.Core.Storage;
using Xunit;

namespace StarRocksBackup.Tests.Storage;

/// <summary>S3EndpointCache: the SDK's S3 rules once per bucket and setting, the same endpoints as without it.</summary>
public class S3EndpointCacheTests
{
    private static S3EndpointParameters Params(string bucket, string key, string? endpoint = "http://127.0.0.1:9000", bool pathStyle = true, string region = "us-east-1") => new()
    {
        Bucket = bucket,
        Key = key,
        Region = region,
        Endpoint = endpoint,
        ForcePathStyle = pathStyle,
        UseFIPS = false,
        UseDualStack = false,
        Accelerate = false,
        UseGlobalEndpoint = false,
        DisableMultiRegionAccessPoints = false,
    };

    public static TheoryData<string?, bool, string> Settings() => new()
    {
        { "http://127.0.0.1:9000", true, "us-east-1" },        // S3-compatible server, path style (radosgw, MinIO)
        { "https://oss-cn-hangzhou.aliyuncs.com", false, "cn-hangzhou" }, // S3-compatible, virtual-hosted
        { null, false, "eu-west-1" },                         // AWS itself
        { null, true, "us-east-1" },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Same_endpoint_as_the_rules_for_every_key_and_the_rules_run_twice_per_bucket(string? endpoint, bool pathStyle, string region)
    {
        var rules = new AmazonS3EndpointProvider();
        var cache = new S3EndpointCache(new AmazonS3EndpointProvider());
        string[] keys = { "a", "__ss_x/__info_2026.abc", "dir/with space/ü.dat", "x?y=z&w", "%41", "", "a/../b", "plus+sign" };
        foreach (string bucket in new[] { "backups", "other-bucket" })
        {
            for (int i = 0; i < 50; i++)
            {
                string key = keys[i % keys.Length] + i;
                Endpoint expected = rules.ResolveEndpoint(Params(bucket, key, endpoint, pathStyle, region));
                Endpoint actual = cache.ResolveEndpoint(Params(bucket, key, endpoint, pathStyle, region));
                Assert.Equal(expected.URL, actual.URL);
                Assert.Equal(Auth(expected), Auth(actual));
            }
        }

        Assert.Equal(4, cache.RulesEvaluated); // two per bucket: the second, with another key, verifies the first
    }

    [Fact]
    public void Each_request_gets_its_own_endpoint_object()
    {
        var cache = new S3EndpointCache(new AmazonS3EndpointProvider());
        cache.ResolveEndpoint(Params("b", "k1"));
        cache.ResolveEndpoint(Params("b", "k2"));
        Endpoint first = cache.ResolveEndpoint(Params("b", "k3"));
        string url = first.URL;
        first.URL += "/"; // what the SDK does in place for requests without a resource path
        Endpoint second = cache.ResolveEndpoint(Params("b", "k4"));
        Assert.Equal(url, second.URL);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Rules_that_depend_on_the_key_are_never_cached()
    {
        var byKey = new KeyedProvider();
        var cache = new S3EndpointCache(byKey);
        for (int i = 0; i < 20; i++)
        {
            Endpoint e = cache.ResolveEndpoint(Params("b", "k" + i));
            Assert.Equal("http://host/k" + i, e.URL);
        }

        Assert.Equal(20, cache.RulesEvaluated);
    }

    [Fact]
    public void The_same_key_twice_does_not_verify_an_entry()
    {
        var byKey = new KeyedProvider();
        var cache = new S3EndpointCache(byKey);
        cache.ResolveEndpoint(Params("b", "same"));
        cache.ResolveEndpoint(Params("b", "same"));
        Assert.Equal("http://host/other", cache.ResolveEndpoint(Params("b", "other")).URL);
        Assert.Equal(3, cache.RulesEvaluated);
    }

    private static string Auth(Endpoint e) =>
        e.Attributes?["authSchemes"] is System.Collections.IList list
            ? string.Join(";", list.Cast<IPropertyBag>().Select(b => $"{b["name"]}/{b["signingName"]}/{b["signingRegion"]}"))
            : "none";

    private sealed class KeyedProvider : IEndpointProvider
    {
        public Endpoint ResolveEndpoint(EndpointParameters parameters) => new("http://host/" + (string)parameters["Key"]);
    }
}
