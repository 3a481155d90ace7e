using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Xunit;

namespace StarRocksBackup.Tests.ClusterSnapshots;

public class ClusterSnapshotConfigWriterTests
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY";
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string Path = "s3://bucket/prefix/5f3c2a9e/meta/image/automated_cluster_snapshot_1704038400000";

    // StarRocks' template (cluster-snapshot-dr.md), placeholders filled in; the reference our key paths must match.
    private const string Template = """
        cluster_snapshot:
            cluster_snapshot_path: s3://bucket/prefix/svc/meta/image/automated_cluster_snapshot_1704038400000
            storage_volume_name: my_s3_volume

        frontends:
          - host: 10.0.0.2
            edit_log_port: 9010
            type: follower

        compute_nodes:
          - host: 10.0.0.3
            heartbeat_service_port: 9050

        storage_volumes:
          - name: my_s3_volume
            type: S3
            location: s3://bucket/prefix/
            comment: my s3 volume
            properties:
              - key: aws.s3.region
                value: us-west-2
              - key: aws.s3.endpoint
                value: https://s3.us-west-2.amazonaws.com
              - key: aws.s3.access_key
                value: AK
              - key: aws.s3.secret_key
                value: SK
          - name: my_hdfs_volume
            type: HDFS
            location: hdfs://127.0.0.1:9000/sr/test/
            comment: my hdfs volume
            properties:
              - key: hadoop.security.authentication
                value: simple
              - key: username
                value: starrocks
        """;

    private static SnapshotStorageVolume S3Volume(string name = "my_s3_volume") => new SnapshotStorageVolume
    {
        Name = name,
        Type = "S3",
        Location = "s3://bucket/prefix/",
        Comment = "my s3 volume",
        Properties = new[]
        {
            new SnapshotVolumeProperty("aws.s3.region", "us-west-2"),
            new SnapshotVolumeProperty("aws.s3.endpoint", "https://s3.us-west-2.amazonaws.com"),
        },
    }.WithCredential(AccessKey, new Secret(SecretKey));

    private static ClusterSnapshotConfig FullConfig() => new()
    {
        ClusterSnapshotPath = Path,
        StorageVolumeName = "my_s3_volume",
        Frontends = new[] { SnapshotFrontend.Parse("10.0.0.2"), SnapshotFrontend.Parse("10.0.0.5:9011:observer") },
        ComputeNodes = new[] { SnapshotComputeNode.Parse("10.0.0.3"), SnapshotComputeNode.Parse("10.0.0.4:9150") },
        StorageVolumes = new[]
        {
            S3Volume(),
            new SnapshotStorageVolume
            {
                Name = "my_hdfs_volume", Type = "HDFS", Location = "hdfs://127.0.0.1:9000/sr/test/", Comment = "my hdfs volume",
                Properties = new[] { new SnapshotVolumeProperty("hadoop.security.authentication", "simple"), new SnapshotVolumeProperty("username", "starrocks") },
            },
        },
    };

    [Fact]
    public void Key_names_and_nesting_match_StarRocks_template_exactly()
    {
        string yaml = ClusterSnapshotConfigWriter.Render(FullConfig());
        Assert.Equal(YamlShape.KeyPaths(YamlShape.Parse(Template)), YamlShape.KeyPaths(YamlShape.Parse(yaml)));
        Assert.Equal(new[] { "cluster_snapshot", "frontends", "compute_nodes", "storage_volumes" },
            YamlShape.Parse(yaml).Children.Keys.Select(k => ((YamlScalarNode)k).Value));
    }

    [Fact]
    public void Values_parse_back_with_their_types()
    {
        YamlMappingNode doc = YamlShape.Parse(ClusterSnapshotConfigWriter.Render(FullConfig()));
        Assert.Equal(Path, YamlShape.Scalar(doc, "cluster_snapshot", "cluster_snapshot_path"));
        Assert.Equal("my_s3_volume", YamlShape.Scalar(doc, "cluster_snapshot", "storage_volume_name"));
        Assert.Equal("10.0.0.2", YamlShape.Scalar(doc, "frontends", 0, "host"));
        Assert.Equal("9010", YamlShape.Scalar(doc, "frontends", 0, "edit_log_port"));
        Assert.Equal(ScalarStyle.Plain, YamlShape.ScalarNode(doc, "frontends", 0, "edit_log_port").Style); // an int, not a string
        Assert.Equal("follower", YamlShape.Scalar(doc, "frontends", 0, "type"));
        Assert.Equal("observer", YamlShape.Scalar(doc, "frontends", 1, "type"));
        Assert.Equal("9011", YamlShape.Scalar(doc, "frontends", 1, "edit_log_port"));
        Assert.Equal("9050", YamlShape.Scalar(doc, "compute_nodes", 0, "heartbeat_service_port"));
        Assert.Equal("9150", YamlShape.Scalar(doc, "compute_nodes", 1, "heartbeat_service_port"));
        Assert.Equal("S3", YamlShape.Scalar(doc, "storage_volumes", 0, "type"));
        Assert.Equal("HDFS", YamlShape.Scalar(doc, "storage_volumes", 1, "type"));
        var props = (YamlSequenceNode)YamlShape.At(doc, "storage_volumes", 0, "properties");
        Assert.Equal(new[] { "aws.s3.region", "aws.s3.endpoint", "aws.s3.access_key", "aws.s3.secret_key" },
            props.Children.Select(p => YamlShape.Scalar(p, "key")));
        Assert.Equal(SecretKey, YamlShape.Scalar(props, 3, "value")); // the file is where the secret belongs
        Assert.Equal(AccessKey, YamlShape.Scalar(props, 2, "value"));
    }

    [Fact]
    public void The_yaml_deserializes_back_into_the_same_structure()
    {
        ClusterSnapshotConfig config = FullConfig();
        var back = YamlModel.Deserializer.Deserialize<YamlModel.Root>(ClusterSnapshotConfigWriter.Render(config));
        Assert.Equal(config.ClusterSnapshotPath, back.ClusterSnapshot!.ClusterSnapshotPath);
        Assert.Equal(config.StorageVolumeName, back.ClusterSnapshot.StorageVolumeName);
        Assert.Equal(config.Frontends!.Select(f => (f.Host, f.EditLogPort, f.Role.ToString().ToLowerInvariant())),
            back.Frontends!.Select(f => (f.Host!, f.EditLogPort, f.Type!)));
        Assert.Equal(config.ComputeNodes!.Select(c => (c.Host, c.HeartbeatServicePort)), back.ComputeNodes!.Select(c => (c.Host!, c.HeartbeatServicePort)));
        Assert.Equal(config.StorageVolumes.Select(v => (v.Name, v.Type, v.Location, v.Comment)),
            back.StorageVolumes!.Select(v => (v.Name!, v.Type!, v.Location!, v.Comment)));
        Assert.Equal(config.StorageVolumes.SelectMany(v => v.Properties).Select(p => (p.Key, p.Value.Reveal())),
            back.StorageVolumes!.SelectMany(v => v.Properties!).Select(p => (p.Key!, p.Value!)));
    }

    [Fact]
    public void Optional_sections_are_omitted_when_null_and_empty_lists_when_empty()
    {
        var minimal = new ClusterSnapshotConfig { ClusterSnapshotPath = Path, StorageVolumeName = "v", StorageVolumes = new[] { S3Volume("v") } };
        YamlMappingNode doc = YamlShape.Parse(ClusterSnapshotConfigWriter.Render(minimal));
        Assert.Equal(new[] { "cluster_snapshot", "storage_volumes" }, doc.Children.Keys.Select(k => ((YamlScalarNode)k).Value));

        var empty = new ClusterSnapshotConfig { ClusterSnapshotPath = Path, StorageVolumeName = "v", StorageVolumes = new[] { S3Volume("v") },
            Frontends = Array.Empty<SnapshotFrontend>(), ComputeNodes = Array.Empty<SnapshotComputeNode>() };
        YamlMappingNode withEmpty = YamlShape.Parse(ClusterSnapshotConfigWriter.Render(empty));
        Assert.Empty(((YamlSequenceNode)YamlShape.At(withEmpty, "frontends")).Children);
        Assert.Empty(((YamlSequenceNode)YamlShape.At(withEmpty, "compute_nodes")).Children);
    }

    [Theory]
    [InlineData("0123")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("1e3")]
    [InlineData("a: b # c")]
    [InlineData("*anchor &x !tag | > % @ `")]
    [InlineData("  leading and trailing  ")]
    [InlineData("quote ' and \" both")]
    [InlineData("line1\nline2")]
    [InlineData("${NOT_A_PLACEHOLDER}")]
    [InlineData("ünïcödé ☃ 密钥")]
    [InlineData("- dash")]
    [InlineData("[flow], {map}")]
    public void Hostile_values_round_trip_as_the_same_string(string value)
    {
        var config = new ClusterSnapshotConfig
        {
            ClusterSnapshotPath = Path,
            StorageVolumeName = "v",
            StorageVolumes = new[] { new SnapshotStorageVolume { Name = "v", Type = "S3", Location = "s3://b/p", Comment = value,
                Properties = new[] { new SnapshotVolumeProperty("aws.s3.secret_key", new Secret(value)) } } },
        };
        YamlMappingNode doc = YamlShape.Parse(ClusterSnapshotConfigWriter.Render(config));
        Assert.Equal(value, YamlShape.Scalar(doc, "storage_volumes", 0, "properties", 0, "value"));
        Assert.Equal(value, YamlShape.Scalar(doc, "storage_volumes", 0, "comment"));
    }

    [Fact]
    public void Placeholder_mode_writes_env_references_instead_of_credentials()
    {
        string yaml = ClusterSnapshotConfigWriter.Render(FullConfig(), new ClusterSnapshotConfigWriteOptions { SecretPlaceholders = true });
        Assert.DoesNotContain(SecretKey, yaml);
        Assert.DoesNotContain(AccessKey, yaml);
        YamlMappingNode doc = YamlShape.Parse(yaml);
        Assert.Equal("${MY_S3_VOLUME_AWS_S3_SECRET_KEY}", YamlShape.Scalar(doc, "storage_volumes", 0, "properties", 3, "value"));
        Assert.Equal("${MY_S3_VOLUME_AWS_S3_ACCESS_KEY}", YamlShape.Scalar(doc, "storage_volumes", 0, "properties", 2, "value"));
        Assert.Equal("us-west-2", YamlShape.Scalar(doc, "storage_volumes", 0, "properties", 0, "value"));
        Assert.Equal("_1VOL_AWS_S3_SECRET_KEY", ClusterSnapshotConfigWriter.PlaceholderName("1vol", "aws.s3.secret_key"));
    }

    [Fact]
    public void Helm_values_enable_disaster_recovery_and_embed_a_parseable_cluster_snapshot_yaml()
    {
        string values = ClusterSnapshotConfigWriter.Render(FullConfig(), new ClusterSnapshotConfigWriteOptions
        {
            Format = ClusterSnapshotConfigFormat.HelmValues,
            Generation = 3,
        });
        YamlMappingNode doc = YamlShape.Parse(values);
        Assert.Equal("true", YamlShape.Scalar(doc, "starrocks", "starrocksCluster", "disasterRecovery", "enabled"));
        Assert.Equal("3", YamlShape.Scalar(doc, "starrocks", "starrocksCluster", "disasterRecovery", "generation"));
        Assert.Equal("cluster-snapshot", YamlShape.Scalar(doc, "starrocks", "starrocksFESpec", "configMaps", 0, "name"));
        Assert.Equal("/opt/starrocks/fe/conf/cluster_snapshot.yaml", YamlShape.Scalar(doc, "starrocks", "starrocksFESpec", "configMaps", 0, "mountPath"));
        Assert.Equal("cluster_snapshot.yaml", YamlShape.Scalar(doc, "starrocks", "starrocksFESpec", "configMaps", 0, "subPath"));
        Assert.Equal("cluster-snapshot", YamlShape.Scalar(doc, "starrocks", "configMaps", 0, "name"));
        YamlScalarNode embedded = YamlShape.ScalarNode(doc, "starrocks", "configMaps", 0, "data", "cluster_snapshot.yaml");
        Assert.Equal(ScalarStyle.Literal, embedded.Style);
        Assert.Contains("cluster_snapshot.yaml: |", values);

        YamlMappingNode inner = YamlShape.Parse(embedded.Value!);
        Assert.Equal(YamlShape.KeyPaths(YamlShape.Parse(Template)), YamlShape.KeyPaths(inner));
        Assert.Equal(Path, YamlShape.Scalar(inner, "cluster_snapshot", "cluster_snapshot_path"));
        Assert.Equal(ClusterSnapshotConfigWriter.Render(FullConfig()), embedded.Value);
    }

    [Fact]
    public void Helm_values_default_to_empty_node_lists_for_the_operator()
    {
        var config = new ClusterSnapshotConfig { ClusterSnapshotPath = Path, StorageVolumeName = "builtin_storage_volume", StorageVolumes = new[] { S3Volume("builtin_storage_volume") } };
        string values = ClusterSnapshotConfigWriter.Render(config, new ClusterSnapshotConfigWriteOptions { Format = ClusterSnapshotConfigFormat.HelmValues });
        YamlMappingNode inner = YamlShape.Parse(YamlShape.Scalar(YamlShape.Parse(values), "starrocks", "configMaps", 0, "data", "cluster_snapshot.yaml"));
        Assert.Empty(((YamlSequenceNode)YamlShape.At(inner, "frontends")).Children);
        Assert.Empty(((YamlSequenceNode)YamlShape.At(inner, "compute_nodes")).Children);
        Assert.Equal("1", YamlShape.Scalar(YamlShape.Parse(values), "starrocks", "starrocksCluster", "disasterRecovery", "generation"));

        string keep = ClusterSnapshotConfigWriter.Render(config, new ClusterSnapshotConfigWriteOptions { Format = ClusterSnapshotConfigFormat.HelmValues, KeepOriginalNodes = true });
        YamlMappingNode kept = YamlShape.Parse(YamlShape.Scalar(YamlShape.Parse(keep), "starrocks", "configMaps", 0, "data", "cluster_snapshot.yaml"));
        Assert.Equal(new[] { "cluster_snapshot", "storage_volumes" }, kept.Children.Keys.Select(k => ((YamlScalarNode)k).Value));

        var ex = Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigWriter.Render(config,
            new ClusterSnapshotConfigWriteOptions { Format = ClusterSnapshotConfigFormat.HelmValues, Generation = 0 }));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void Invalid_configurations_are_refused_listing_every_problem_without_secrets()
    {
        var config = new ClusterSnapshotConfig
        {
            ClusterSnapshotPath = "",
            StorageVolumeName = "missing",
            Frontends = new[] { new SnapshotFrontend { Host = "", EditLogPort = 0 } },
            StorageVolumes = new[]
            {
                new SnapshotStorageVolume { Name = "a", Type = "s3", Location = "s3://b/p", Properties = new[]
                {
                    new SnapshotVolumeProperty("aws.s3.access_key", "******"),
                    new SnapshotVolumeProperty("aws.s3.secret_key", ""),
                    new SnapshotVolumeProperty("aws.s3.region", SecretKey),
                    new SnapshotVolumeProperty("aws.s3.region", "x"),
                } },
            },
        };
        var ex = Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigWriter.Render(config));
        Assert.Equal(ErrorKind.InvalidConfiguration, ex.Kind);
        foreach (string expected in new[] { "cluster_snapshot_path is empty", "'missing' is not among storage_volumes (a)", "type 's3'",
                     "aws.s3.access_key holds StarRocks' mask", "aws.s3.secret_key has an empty value", "aws.s3.region is given 2 times", "edit_log_port 0" })
        {
            Assert.Contains(expected, ex.Message);
        }

        Assert.DoesNotContain(SecretKey, ex.Message);
    }

    [Fact]
    public void ToString_of_every_config_object_masks_credentials()
    {
        ClusterSnapshotConfig config = FullConfig();
        string text = string.Join("\n", config.StorageVolumes.Select(v => v.ToString()))
            + string.Join("\n", config.StorageVolumes.SelectMany(v => v.Properties).Select(p => p.ToString()));
        Assert.DoesNotContain(SecretKey, text);
        Assert.DoesNotContain(AccessKey, text);
        Assert.Contains("aws.s3.secret_key=****", text);
        Assert.Contains("aws.s3.region=us-west-2", text);
    }

    [Fact]
    public void WithCredential_sets_the_keys_StarRocks_reads_per_volume_type()
    {
        SnapshotStorageVolume s3 = new SnapshotStorageVolume { Name = "v", Type = "S3", Location = "s3://b/p", Properties = new[]
        {
            new SnapshotVolumeProperty("aws.s3.use_instance_profile", "true"),
            new SnapshotVolumeProperty("aws.s3.access_key", "******"),
        } }.WithCredential("AK", new Secret("SK"));
        Assert.Equal(new[] { "aws.s3.use_instance_profile=false", "aws.s3.access_key=****", "aws.s3.secret_key=****" }, s3.Properties.Select(p => p.ToString()));
        Assert.Equal("AK", s3.Properties[1].Value.Reveal());
        Assert.Equal("SK", s3.Properties[2].Value.Reveal());

        Assert.Equal("azure.blob.shared_key", new SnapshotStorageVolume { Name = "a", Type = "AZBLOB" }.WithCredential("acct", new Secret("k")).Properties.Single().Key);
        Assert.Equal("azure.adls2.shared_key", new SnapshotStorageVolume { Name = "a", Type = "ADLS2" }.WithCredential("acct", new Secret("k")).Properties.Single().Key);
        Assert.Equal(2, new SnapshotStorageVolume { Name = "g", Type = "GS" }.WithCredential("id", new Secret("k")).Properties.Count);
    }

    [Theory]
    [InlineData("fe2", "fe2", 9010, FrontendRole.Follower)]
    [InlineData("fe2:9020", "fe2", 9020, FrontendRole.Follower)]
    [InlineData("10.1.1.1:observer", "10.1.1.1", 9010, FrontendRole.Observer)]
    [InlineData("fe3:9011:OBSERVER", "fe3", 9011, FrontendRole.Observer)]
    public void Frontends_parse_from_text(string text, string host, int port, FrontendRole role)
    {
        SnapshotFrontend fe = SnapshotFrontend.Parse(text);
        Assert.Equal((host, port, role), (fe.Host, fe.EditLogPort, fe.Role));
    }

    [Fact]
    public void Bad_node_text_is_refused()
    {
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(() => SnapshotFrontend.Parse("fe:leader")).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(() => SnapshotComputeNode.Parse("cn:x")).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(() => SnapshotComputeNode.Parse("cn:1:2")).Kind);
    }

    [Fact]
    public void WriteFile_refuses_to_overwrite_without_force()
    {
        string dir = Directory.CreateTempSubdirectory("csconf").FullName;
        try
        {
            string file = System.IO.Path.Combine(dir, "sub", "cluster_snapshot.yaml");
            ClusterSnapshotConfigWriter.WriteFile(file, "a: 1\n", overwrite: false);
            var ex = Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigWriter.WriteFile(file, "b: 2\n", overwrite: false));
            Assert.Equal(ErrorKind.OverwriteRefused, ex.Kind);
            Assert.Equal("a: 1\n", File.ReadAllText(file));
            ClusterSnapshotConfigWriter.WriteFile(file, "b: 2\n", overwrite: true);
            Assert.Equal("b: 2\n", File.ReadAllText(file));
            Assert.NotEqual(0xEF, File.ReadAllBytes(file)[0]); // no BOM
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
