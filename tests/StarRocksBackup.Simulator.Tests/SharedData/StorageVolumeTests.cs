using StarRocksBackup.Simulator.Fe.SharedData;
using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.SharedData;

public sealed class StorageVolumeTests
{
    private const string Secret = "Sup3r+Secret/Key=";
    private const string Access = "AKIAEXAMPLE";

    private static SharedDataOptions Options(bool sharedData = true, string? defaultVolume = null) => new()
    {
        IsSharedData = sharedData,
        BuiltinStorageVolume = StorageVolumeDefinition.ForS3("ignored", "s3://bucket/builtin", "http://127.0.0.1:9000", "us-east-1", Access, Secret),
        StorageVolumes =
        {
            StorageVolumeDefinition.ForS3("my_s3_volume", "s3://bucket/other/", "http://127.0.0.1:9000", "us-west-2", Access, Secret, comment: "dr volume"),
            StorageVolumeDefinition.ForS3("my_s3_volume2", "s3://bucket/third", "http://127.0.0.1:9000", "us-west-2", Access, Secret),
        },
        DefaultStorageVolume = defaultVolume,
    };

    [Fact]
    public void ShowStorageVolumes_lists_builtin_first_in_one_column_named_Storage_Volume()
    {
        var registry = new StorageVolumeRegistry(Options());
        ResultSetResult result = registry.ShowStorageVolumes(null);
        Assert.Equal(new[] { "Storage Volume" }, result.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Varchar, result.Columns[0].Type);
        Assert.Equal(new[] { "builtin_storage_volume", "my_s3_volume", "my_s3_volume2" }, result.Rows.Select(r => (string)r[0]!));
    }

    [Theory]
    [InlineData("my%", new[] { "my_s3_volume", "my_s3_volume2" })]
    [InlineData("my\\_s3\\_volume", new[] { "my_s3_volume" })]
    [InlineData("%volume_", new[] { "my_s3_volume2" })]
    [InlineData("MY%", new string[0])]
    [InlineData("builtin_storage_volume", new[] { "builtin_storage_volume" })]
    public void ShowStorageVolumes_like_uses_mysql_wildcards_case_sensitively(string pattern, string[] expected)
    {
        var registry = new StorageVolumeRegistry(Options());
        Assert.Equal(expected, registry.ShowStorageVolumes(pattern).Rows.Select(r => (string)r[0]!));
    }

    [Fact]
    public void Desc_has_StarRocks_columns_and_masks_both_credentials()
    {
        var registry = new StorageVolumeRegistry(Options());
        var result = Assert.IsType<ResultSetResult>(registry.Describe("my_s3_volume"));
        Assert.Equal(new[] { "Name", "Type", "IsDefault", "Location", "Params", "Enabled", "Comment" }, result.Columns.Select(c => c.Name));
        object?[] row = Assert.Single(result.Rows);
        Assert.Equal("my_s3_volume", row[0]);
        Assert.Equal("S3", row[1]);
        Assert.Equal("false", row[2]);
        Assert.Equal("s3://bucket/other/", row[3]);
        Assert.Equal("true", row[5]);
        Assert.Equal("dr volume", row[6]);
        string paramsJson = (string)row[4]!;
        Assert.Contains("\"aws.s3.secret_key\":\"******\"", paramsJson);
        Assert.Contains("\"aws.s3.access_key\":\"******\"", paramsJson);
        Assert.Contains("\"aws.s3.region\":\"us-west-2\"", paramsJson);
        Assert.Contains("\"aws.s3.endpoint\":\"http://127.0.0.1:9000\"", paramsJson);
        Assert.Contains("\"aws.s3.use_instance_profile\":\"false\"", paramsJson);
        foreach (object? cell in row)
        {
            Assert.DoesNotContain(Secret, (string)cell!);
            Assert.DoesNotContain(Access, (string)cell!);
        }
    }

    [Fact]
    public void Desc_marks_the_builtin_volume_default_unless_another_is_configured()
    {
        var byBuiltin = new StorageVolumeRegistry(Options());
        Assert.Equal("true", ((ResultSetResult)byBuiltin.Describe("builtin_storage_volume")).Rows[0][2]);

        var byOption = new StorageVolumeRegistry(Options(defaultVolume: "my_s3_volume2"));
        Assert.Equal("false", ((ResultSetResult)byOption.Describe("builtin_storage_volume")).Rows[0][2]);
        Assert.Equal("true", ((ResultSetResult)byOption.Describe("my_s3_volume2")).Rows[0][2]);
        Assert.Equal("my_s3_volume2", byOption.DefaultName);
    }

    [Fact]
    public void Desc_of_unknown_volume_is_the_analyzer_error_and_names_are_case_sensitive()
    {
        var registry = new StorageVolumeRegistry(Options());
        var error = Assert.IsType<ErrorResult>(registry.Describe("MY_S3_VOLUME"));
        Assert.Equal(1064, error.Code);
        Assert.Equal("HY000", error.SqlState);
        Assert.Equal("Getting analyzing error. Detail message: Unknown storage volume: MY_S3_VOLUME.", error.Message);
    }

    [Fact]
    public void Shared_nothing_has_no_volumes_show_is_empty_and_desc_unknown()
    {
        var registry = new StorageVolumeRegistry(Options(sharedData: false));
        ResultSetResult show = registry.ShowStorageVolumes(null);
        Assert.Equal("Storage Volume", Assert.Single(show.Columns).Name);
        Assert.Empty(show.Rows);
        var error = Assert.IsType<ErrorResult>(registry.Describe("builtin_storage_volume"));
        Assert.EndsWith("Detail message: Unknown storage volume: builtin_storage_volume.", error.Message);
        Assert.Null(registry.DefaultName);
    }

    [Fact]
    public void Params_key_order_is_java_HashMap_order_as_in_StarRocks_docs_example()
    {
        // docs DESC_STORAGE_VOLUME.md prints Gson of a HashMap with these six keys in exactly this order.
        var inserted = new List<KeyValuePair<string, string>>
        {
            new("aws.s3.region", "us-west-2"),
            new("aws.s3.endpoint", "https://s3.us-west-2.amazonaws.com"),
            new("aws.s3.use_instance_profile", "true"),
            new("aws.s3.use_aws_sdk_default_behavior", "false"),
            new("aws.s3.access_key", "xxxxxxxxxx"),
            new("aws.s3.secret_key", "yyyyyyyyyy"),
        };
        string json = JavaMapJson.ToGson(JavaMapJson.HashMapOrder(inserted));
        Assert.Equal(
            "{\"aws.s3.access_key\":\"xxxxxxxxxx\",\"aws.s3.secret_key\":\"yyyyyyyyyy\",\"aws.s3.endpoint\":\"https://s3.us-west-2.amazonaws.com\",\"aws.s3.region\":\"us-west-2\",\"aws.s3.use_instance_profile\":\"true\",\"aws.s3.use_aws_sdk_default_behavior\":\"false\"}",
            json);
    }

    [Fact]
    public void Gson_escapes_html_characters_and_quotes()
    {
        string json = JavaMapJson.ToGson(new[] { new KeyValuePair<string, string>("k", "a=b<c>&'\"\\\n") });
        Assert.Equal("{\"k\":\"a\\u003db\\u003cc\\u003e\\u0026\\u0027\\\"\\\\\\n\"}", json);
    }

    [Fact]
    public void Java_string_hash_matches_known_values()
    {
        Assert.Equal(0, JavaMapJson.JavaStringHash(string.Empty));
        Assert.Equal(99162322, JavaMapJson.JavaStringHash("hello"));
        Assert.Equal(2112, JavaMapJson.JavaStringHash("Aa"));
        Assert.Equal(2112, JavaMapJson.JavaStringHash("BB"));
    }

    [Fact]
    public void Definitions_never_print_credentials()
    {
        StorageVolumeDefinition def = Options().StorageVolumes[0];
        Assert.DoesNotContain(Secret, def.ToString());
        Assert.DoesNotContain(Secret, new StorageVolume(def).ToString());
    }
}
