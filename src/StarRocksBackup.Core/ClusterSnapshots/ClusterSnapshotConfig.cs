using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>
    /// The content of StarRocks' <c>cluster_snapshot.yaml</c> (read by <c>ClusterSnapshotConfig.load</c> when the leader FE
    /// starts with <c>--cluster_snapshot</c>). Key names and nesting follow StarRocks' template exactly; see
    /// <see cref="ClusterSnapshotConfigWriter"/>.
    /// </summary>
    public sealed class ClusterSnapshotConfig
    {
        /// <summary>The snapshot folder URI (<c>…/&lt;service id&gt;/meta/image/automated_cluster_snapshot_&lt;ms&gt;</c>, or a path ending in <c>/meta</c>).</summary>
        public string ClusterSnapshotPath { get; init; } = string.Empty;

        /// <summary>The storage volume the snapshot lives in; must be one of <see cref="StorageVolumes"/>, same name as in the original cluster.</summary>
        public string StorageVolumeName { get; init; } = string.Empty;

        /// <summary>FEs other than the leader; null omits the key (the restored cluster has only the leader FE).</summary>
        public IReadOnlyList<SnapshotFrontend>? Frontends { get; init; }

        /// <summary>Compute nodes; null omits the key (the original cluster's CNs are kept).</summary>
        public IReadOnlyList<SnapshotComputeNode>? ComputeNodes { get; init; }

        /// <summary>Storage volumes (names must match the original cluster's).</summary>
        public IReadOnlyList<SnapshotStorageVolume> StorageVolumes { get; init; } = Array.Empty<SnapshotStorageVolume>();

        /// <summary>
        /// Checks what StarRocks checks at load (a volume named <see cref="StorageVolumeName"/> exists; every property has a
        /// non-empty key and value) and more: no masked <c>******</c> values, valid ports, types StarRocks knows.
        /// Throws <see cref="StarRocksBackupException"/> (InvalidConfiguration) listing every problem.
        /// </summary>
        public void Validate() => Validate(secretPlaceholders: false);

        /// <summary>
        /// As <see cref="Validate()"/>; with <paramref name="secretPlaceholders"/> credential values may be empty or masked,
        /// because placeholders replace them.
        /// </summary>
        public void Validate(bool secretPlaceholders)
        {
            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(ClusterSnapshotPath))
            {
                problems.Add("cluster_snapshot_path is empty");
            }

            if (string.IsNullOrWhiteSpace(StorageVolumeName))
            {
                problems.Add("storage_volume_name is empty");
            }
            else if (!StorageVolumes.Any(v => v.Name == StorageVolumeName))
            {
                problems.Add($"storage_volume_name '{StorageVolumeName}' is not among storage_volumes ({(StorageVolumes.Count == 0 ? "none given" : string.Join(", ", StorageVolumes.Select(v => v.Name)))}); StarRocks refuses to start without it");
            }

            foreach (IGrouping<string, SnapshotStorageVolume> dup in StorageVolumes.GroupBy(v => v.Name).Where(g => g.Count() > 1))
            {
                problems.Add($"storage volume '{dup.Key}' is listed {dup.Count()} times");
            }

            foreach (SnapshotStorageVolume volume in StorageVolumes)
            {
                volume.Validate(problems, secretPlaceholders);
            }

            foreach (SnapshotFrontend fe in Frontends ?? Array.Empty<SnapshotFrontend>())
            {
                CheckNode(fe.Host, fe.EditLogPort, "frontend", "edit_log_port", problems);
            }

            foreach (SnapshotComputeNode cn in ComputeNodes ?? Array.Empty<SnapshotComputeNode>())
            {
                CheckNode(cn.Host, cn.HeartbeatServicePort, "compute node", "heartbeat_service_port", problems);
            }

            if (problems.Count > 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration,
                    "The cluster snapshot configuration is not valid: " + string.Join("; ", problems) + ".");
            }
        }

        private static void CheckNode(string host, int port, string what, string portKey, List<string> problems)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Any(char.IsWhiteSpace))
            {
                problems.Add($"a {what} has an empty or blank host '{host}'");
            }

            if (port < 1 || port > 65535)
            {
                problems.Add($"{what} {host}: {portKey} {port} is not a port number");
            }
        }
    }

    /// <summary>An FE's role in <c>frontends</c>.</summary>
    public enum FrontendRole
    {
        /// <summary><c>follower</c> (StarRocks' default).</summary>
        Follower,

        /// <summary><c>observer</c>.</summary>
        Observer,
    }

    /// <summary>One entry of <c>frontends</c> (never the leader FE).</summary>
    public sealed class SnapshotFrontend
    {
        /// <summary>Host name or IP.</summary>
        public string Host { get; init; } = string.Empty;

        /// <summary>edit_log_port (default 9010).</summary>
        public int EditLogPort { get; init; } = 9010;

        /// <summary>follower or observer.</summary>
        public FrontendRole Role { get; init; } = FrontendRole.Follower;

        /// <summary>Parses <c>host[:edit_log_port][:follower|observer]</c> (also <c>host:observer</c>).</summary>
        public static SnapshotFrontend Parse(string text)
        {
            string[] parts = (text ?? string.Empty).Trim().Split(':');
            int port = 9010;
            FrontendRole role = FrontendRole.Follower;
            foreach (string part in parts.Skip(1))
            {
                if (int.TryParse(part, out int p))
                {
                    port = p;
                }
                else if (!Enum.TryParse(part, ignoreCase: true, out role) || !Enum.IsDefined(typeof(FrontendRole), role))
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"'{text}' is not host[:edit_log_port][:follower|observer] ('{part}' is neither a port nor a role).");
                }
            }

            return new SnapshotFrontend { Host = parts[0], EditLogPort = port, Role = role };
        }

        /// <inheritdoc />
        public override string ToString() => $"{Host}:{EditLogPort} ({Role.ToString().ToLowerInvariant()})";
    }

    /// <summary>One entry of <c>compute_nodes</c>.</summary>
    public sealed class SnapshotComputeNode
    {
        /// <summary>Host name or IP.</summary>
        public string Host { get; init; } = string.Empty;

        /// <summary>heartbeat_service_port (default 9050).</summary>
        public int HeartbeatServicePort { get; init; } = 9050;

        /// <summary>Parses <c>host[:heartbeat_service_port]</c>.</summary>
        public static SnapshotComputeNode Parse(string text)
        {
            string[] parts = (text ?? string.Empty).Trim().Split(':');
            if (parts.Length > 2 || (parts.Length == 2 && !int.TryParse(parts[1], out _)))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"'{text}' is not host[:heartbeat_service_port].");
            }

            return new SnapshotComputeNode { Host = parts[0], HeartbeatServicePort = parts.Length == 2 ? int.Parse(parts[1]) : 9050 };
        }

        /// <inheritdoc />
        public override string ToString() => $"{Host}:{HeartbeatServicePort}";
    }
}
