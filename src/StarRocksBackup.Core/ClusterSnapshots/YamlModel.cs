using System.Collections.Generic;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>
    /// The YAML shapes, internal so no YamlDotNet type reaches Core's public API. Aliases are StarRocks' key names
    /// (<c>ClusterSnapshotConfig.java</c> Jackson properties) and the kube-starrocks chart's value names.
    /// </summary>
    internal static class YamlModel
    {
        // Strings that would read back as numbers or booleans are quoted: StarRocks maps properties to strings and a
        // plain 0123 would come back as 123.
        internal static readonly ISerializer Serializer = new SerializerBuilder()
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .WithQuotingNecessaryStrings()
            .DisableAliases()
            .Build();

        internal static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

        internal sealed class Root
        {
            [YamlMember(Alias = "cluster_snapshot", Order = 0)]
            public ClusterSnapshot? ClusterSnapshot { get; set; }

            [YamlMember(Alias = "frontends", Order = 1)]
            public List<Frontend>? Frontends { get; set; }

            [YamlMember(Alias = "compute_nodes", Order = 2)]
            public List<ComputeNode>? ComputeNodes { get; set; }

            [YamlMember(Alias = "storage_volumes", Order = 3)]
            public List<StorageVolume>? StorageVolumes { get; set; }
        }

        internal sealed class ClusterSnapshot
        {
            [YamlMember(Alias = "cluster_snapshot_path", Order = 0)]
            public string? ClusterSnapshotPath { get; set; }

            [YamlMember(Alias = "storage_volume_name", Order = 1)]
            public string? StorageVolumeName { get; set; }
        }

        internal sealed class Frontend
        {
            [YamlMember(Alias = "host", Order = 0)]
            public string? Host { get; set; }

            [YamlMember(Alias = "edit_log_port", Order = 1)]
            public int EditLogPort { get; set; }

            [YamlMember(Alias = "type", Order = 2)]
            public string? Type { get; set; }
        }

        internal sealed class ComputeNode
        {
            [YamlMember(Alias = "host", Order = 0)]
            public string? Host { get; set; }

            [YamlMember(Alias = "heartbeat_service_port", Order = 1)]
            public int HeartbeatServicePort { get; set; }
        }

        internal sealed class StorageVolume
        {
            [YamlMember(Alias = "name", Order = 0)]
            public string? Name { get; set; }

            [YamlMember(Alias = "type", Order = 1)]
            public string? Type { get; set; }

            [YamlMember(Alias = "location", Order = 2)]
            public string? Location { get; set; }

            [YamlMember(Alias = "comment", Order = 3)]
            public string? Comment { get; set; }

            [YamlMember(Alias = "properties", Order = 4)]
            public List<Property>? Properties { get; set; }
        }

        internal sealed class Property
        {
            [YamlMember(Alias = "key", Order = 0)]
            public string? Key { get; set; }

            [YamlMember(Alias = "value", Order = 1)]
            public string? Value { get; set; }
        }

        internal sealed class HelmRoot
        {
            [YamlMember(Alias = "starrocks")]
            public HelmStarRocks? StarRocks { get; set; }
        }

        internal sealed class HelmStarRocks
        {
            [YamlMember(Alias = "starrocksCluster", Order = 0)]
            public HelmCluster? StarrocksCluster { get; set; }

            [YamlMember(Alias = "starrocksFESpec", Order = 1)]
            public HelmFeSpec? StarrocksFESpec { get; set; }

            [YamlMember(Alias = "configMaps", Order = 2)]
            public List<HelmConfigMap>? ConfigMaps { get; set; }
        }

        internal sealed class HelmCluster
        {
            [YamlMember(Alias = "disasterRecovery")]
            public HelmDisasterRecovery? DisasterRecovery { get; set; }
        }

        internal sealed class HelmDisasterRecovery
        {
            [YamlMember(Alias = "enabled", Order = 0)]
            public bool Enabled { get; set; }

            [YamlMember(Alias = "generation", Order = 1)]
            public int Generation { get; set; }
        }

        internal sealed class HelmFeSpec
        {
            [YamlMember(Alias = "configMaps")]
            public List<HelmMount>? ConfigMaps { get; set; }
        }

        internal sealed class HelmMount
        {
            [YamlMember(Alias = "name", Order = 0)]
            public string? Name { get; set; }

            [YamlMember(Alias = "mountPath", Order = 1)]
            public string? MountPath { get; set; }

            [YamlMember(Alias = "subPath", Order = 2)]
            public string? SubPath { get; set; }
        }

        internal sealed class HelmConfigMap
        {
            [YamlMember(Alias = "name", Order = 0)]
            public string? Name { get; set; }

            [YamlMember(Alias = "data", Order = 1)]
            public HelmConfigMapData? Data { get; set; }
        }

        internal sealed class HelmConfigMapData
        {
            // A literal block keeps the embedded file readable and byte-for-byte what StarRocks will read.
            [YamlMember(Alias = "cluster_snapshot.yaml", ScalarStyle = ScalarStyle.Literal)]
            public string? ClusterSnapshotYaml { get; set; }
        }
    }
}
