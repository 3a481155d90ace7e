using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using YamlDotNet.Serialization;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>Which file to produce.</summary>
    public enum ClusterSnapshotConfigFormat
    {
        /// <summary>StarRocks' <c>cluster_snapshot.yaml</c> for <c>fe/conf/</c> of the leader FE.</summary>
        ClusterSnapshotYaml,

        /// <summary>A kube-starrocks Helm values override that turns on the operator's disaster recovery and mounts the file.</summary>
        HelmValues,
    }

    /// <summary>Options for <see cref="ClusterSnapshotConfigWriter"/>.</summary>
    public sealed class ClusterSnapshotConfigWriteOptions
    {
        /// <summary>The output format.</summary>
        public ClusterSnapshotConfigFormat Format { get; init; } = ClusterSnapshotConfigFormat.ClusterSnapshotYaml;

        /// <summary>
        /// Write <c>${VOLUME_KEY}</c> references instead of credential values (substitute them before use, e.g. with
        /// <c>envsubst</c>: StarRocks does not expand environment variables in this file).
        /// </summary>
        public bool SecretPlaceholders { get; init; }

        /// <summary>The operator's <c>disasterRecovery.generation</c>; raise it to run a recovery again. Default 1.</summary>
        public int Generation { get; init; } = 1;

        /// <summary>
        /// Helm values only: leave <c>frontends</c>/<c>compute_nodes</c> out (StarRocks then keeps the node lists of the
        /// snapshot, as the operator's own example does with blank keys) instead of writing empty lists (StarRocks drops
        /// the old nodes and the operator's pods register themselves again). Nodes given explicitly are always written.
        /// </summary>
        public bool KeepOriginalNodes { get; init; }

        /// <summary>The ConfigMap name for the Helm values. Default <c>cluster-snapshot</c>.</summary>
        public string ConfigMapName { get; init; } = "cluster-snapshot";
    }

    /// <summary>
    /// Writes <see cref="ClusterSnapshotConfig"/> with YamlDotNet. StarRocks reads the file with Jackson and fails on any
    /// unknown key, so exactly the template's keys are written: <c>cluster_snapshot</c> {<c>cluster_snapshot_path</c>,
    /// <c>storage_volume_name</c>}, <c>frontends</c> [{<c>host</c>, <c>edit_log_port</c>, <c>type</c>}],
    /// <c>compute_nodes</c> [{<c>host</c>, <c>heartbeat_service_port</c>}], <c>storage_volumes</c> [{<c>name</c>,
    /// <c>type</c>, <c>location</c>, <c>comment</c>, <c>properties</c> [{<c>key</c>, <c>value</c>}]}]. Credentials are
    /// written only into the returned text (its purpose); nothing here logs them.
    /// </summary>
    public static class ClusterSnapshotConfigWriter
    {
        /// <summary>The file name StarRocks reads from <c>fe/conf/</c>.</summary>
        public const string FileName = "cluster_snapshot.yaml";

        /// <summary>Where the kube-starrocks FE image keeps its configuration.</summary>
        public const string HelmMountPath = "/opt/starrocks/fe/conf/cluster_snapshot.yaml";

        /// <summary>Validates <paramref name="config"/> and renders it in the requested format.</summary>
        public static string Render(ClusterSnapshotConfig config, ClusterSnapshotConfigWriteOptions? options = null)
        {
            if (config is null)
            {
                throw new ArgumentNullException(nameof(config));
            }

            options ??= new ClusterSnapshotConfigWriteOptions();
            if (options.Format == ClusterSnapshotConfigFormat.HelmValues && !options.KeepOriginalNodes)
            {
                // The operator adds FE followers and CNs itself; empty lists make StarRocks drop the old ones.
                config = new ClusterSnapshotConfig
                {
                    ClusterSnapshotPath = config.ClusterSnapshotPath,
                    StorageVolumeName = config.StorageVolumeName,
                    Frontends = config.Frontends ?? Array.Empty<SnapshotFrontend>(),
                    ComputeNodes = config.ComputeNodes ?? Array.Empty<SnapshotComputeNode>(),
                    StorageVolumes = config.StorageVolumes,
                };
            }

            string yaml = RenderClusterSnapshotYaml(config, options.SecretPlaceholders);
            return options.Format == ClusterSnapshotConfigFormat.HelmValues ? RenderHelmValues(yaml, options) : yaml;
        }

        /// <summary>The environment variable name used for a credential placeholder, e.g. <c>BUILTIN_STORAGE_VOLUME_AWS_S3_SECRET_KEY</c>.</summary>
        public static string PlaceholderName(string volumeName, string key)
        {
            var sb = new StringBuilder();
            foreach (char c in (volumeName + "_" + key).ToUpperInvariant())
            {
                sb.Append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
            }

            string name = sb.ToString();
            return char.IsDigit(name[0]) ? "_" + name : name;
        }

        /// <summary>
        /// Writes <paramref name="content"/> to <paramref name="path"/> as UTF-8 without BOM. An existing file is refused
        /// (OverwriteRefused) unless <paramref name="overwrite"/>.
        /// </summary>
        public static void WriteFile(string path, string content, bool overwrite)
        {
            if (!overwrite && File.Exists(path))
            {
                throw new StarRocksBackupException(ErrorKind.OverwriteRefused, $"{path} already exists; pass -Force to replace it.");
            }

            try
            {
                string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"Could not write {path}: {ex.Message}", ex);
            }
        }

        private static string RenderClusterSnapshotYaml(ClusterSnapshotConfig config, bool placeholders)
        {
            config.Validate(placeholders);
            var root = new YamlModel.Root
            {
                ClusterSnapshot = new YamlModel.ClusterSnapshot
                {
                    ClusterSnapshotPath = config.ClusterSnapshotPath,
                    StorageVolumeName = config.StorageVolumeName,
                },
                Frontends = config.Frontends?.Select(f => new YamlModel.Frontend
                {
                    Host = f.Host,
                    EditLogPort = f.EditLogPort,
                    Type = f.Role == FrontendRole.Observer ? "observer" : "follower",
                }).ToList(),
                ComputeNodes = config.ComputeNodes?.Select(c => new YamlModel.ComputeNode
                {
                    Host = c.Host,
                    HeartbeatServicePort = c.HeartbeatServicePort,
                }).ToList(),
                StorageVolumes = config.StorageVolumes.Select(v => new YamlModel.StorageVolume
                {
                    Name = v.Name,
                    Type = v.Type,
                    Location = v.Location,
                    Comment = v.Comment,
                    Properties = v.Properties.Select(p => new YamlModel.Property
                    {
                        Key = p.Key,
                        Value = placeholders && p.IsSensitive ? "${" + PlaceholderName(v.Name, p.Key) + "}" : p.Value.Reveal(),
                    }).ToList(),
                }).ToList(),
            };

            return YamlModel.Serializer.Serialize(root);
        }

        private static string RenderHelmValues(string clusterSnapshotYaml, ClusterSnapshotConfigWriteOptions options)
        {
            if (options.Generation < 1)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The generation must be 1 or more (got {options.Generation}).");
            }

            if (string.IsNullOrWhiteSpace(options.ConfigMapName))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "The ConfigMap name is empty.");
            }

            var values = new YamlModel.HelmRoot
            {
                StarRocks = new YamlModel.HelmStarRocks
                {
                    StarrocksCluster = new YamlModel.HelmCluster
                    {
                        DisasterRecovery = new YamlModel.HelmDisasterRecovery { Enabled = true, Generation = options.Generation },
                    },
                    StarrocksFESpec = new YamlModel.HelmFeSpec
                    {
                        ConfigMaps = new List<YamlModel.HelmMount>
                        {
                            new() { Name = options.ConfigMapName, MountPath = HelmMountPath, SubPath = FileName },
                        },
                    },
                    ConfigMaps = new List<YamlModel.HelmConfigMap>
                    {
                        new() { Name = options.ConfigMapName, Data = new YamlModel.HelmConfigMapData { ClusterSnapshotYaml = clusterSnapshotYaml } },
                    },
                },
            };

            return YamlModel.Serializer.Serialize(values);
        }
    }
}
