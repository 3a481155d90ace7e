using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>
    /// Decides what New-SrClusterSnapshotConfig writes: which snapshot (exactly one; the finder's selected folder when
    /// several are given), which storage volume name (given, the FE's, the single given volume's, else the default
    /// volume's, with a warning) and how that volume is described (the live cluster's description with overrides, or
    /// the parameters and the snapshot's own location when the cluster is gone). Pure: no I/O.
    /// </summary>
    public static class ClusterSnapshotConfigPlanner
    {
        /// <summary>The name of a shared-data cluster's default storage volume.</summary>
        public const string DefaultVolumeName = "builtin_storage_volume";

        /// <summary>Plans the file; nothing is written.</summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument (no, several or an unrestorable snapshot; an undescribed volume), InvalidConfiguration.</exception>
        public static ClusterSnapshotConfigPlan Plan(ClusterSnapshotConfigRequest request)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var warnings = new List<string>();
            (string snapshotPath, string? volumeFromSnapshot, string? locationFromSnapshot) = ResolveSnapshot(request, warnings);
            List<SnapshotStorageVolume> given = request.Volumes
                .GroupBy(v => v.Name, StringComparer.Ordinal).Select(g => g.First()).ToList();
            string? knownName = request.StorageVolumeName ?? volumeFromSnapshot
                                ?? (given.Count == 1 ? given[0].Name : given.FirstOrDefault(v => v.Name == request.DefaultVolume)?.Name);
            if (knownName is null)
            {
                warnings.Add($"No storage volume name given: using '{DefaultVolumeName}', the name of a shared-data cluster's default volume. "
                             + "It must be the original cluster's name; pass -StorageVolumeName if the snapshot lives in another volume.");
            }

            string volumeName = knownName ?? DefaultVolumeName;
            List<SnapshotStorageVolume> volumes = ResolveVolumes(request, given, volumeName,
                locationFromSnapshot ?? ClusterSnapshotPaths.VolumeLocationOf(snapshotPath));
            var config = new ClusterSnapshotConfig
            {
                ClusterSnapshotPath = snapshotPath,
                StorageVolumeName = volumeName,
                Frontends = request.Frontends?.Select(SnapshotFrontend.Parse).ToList(),
                ComputeNodes = request.ComputeNodes?.Select(SnapshotComputeNode.Parse).ToList(),
                StorageVolumes = volumes,
            };

            string content = ClusterSnapshotConfigWriter.Render(config, request.Options);
            bool credentials = !request.Options.SecretPlaceholders && volumes.Any(v => v.Properties.Any(p => p.IsSensitive));
            return new ClusterSnapshotConfigPlan(config, request.Options, content, credentials, warnings);
        }

        private static (string Path, string? Volume, string? Location) ResolveSnapshot(ClusterSnapshotConfigRequest request, List<string> warnings)
        {
            if (request.SnapshotPath is not null)
            {
                return (request.SnapshotPath.TrimEnd('/'), null, null);
            }

            List<ClusterSnapshotChoice> snapshots = request.Snapshots.ToList();
            List<ClusterSnapshotChoice> candidates = snapshots.Where(s => s.Verdict.HasValue).ToList();

            // Find-SrClusterSnapshot -All emits every folder: only the selected one counts then.
            if (candidates.Count > 1)
            {
                snapshots = snapshots.Where(s => !s.Verdict.HasValue || s.Verdict == ClusterSnapshotVerdict.Selected).ToList();
            }

            if (snapshots.Count == 0 && candidates.Count > 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    "Find-SrClusterSnapshot selected no snapshot: " + candidates[0].SelectionReason);
            }

            if (snapshots.Count != 1)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, snapshots.Count == 0
                    ? "No snapshot given: pipe the output of Find-SrClusterSnapshot or Get-SrClusterSnapshot, or pass -SnapshotPath."
                    : $"{snapshots.Count} snapshots were given; a cluster is restored from one. Pass -SnapshotPath or pipe a single snapshot.");
            }

            ClusterSnapshotChoice chosen = snapshots[0];
            switch (chosen.Verdict)
            {
                case ClusterSnapshotVerdict.Incomplete:
                case ClusterSnapshotVerdict.Ignored:
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"{chosen.Name} cannot be restored: {chosen.Why}");
                case ClusterSnapshotVerdict.CompleteNotSelected:
                    warnings.Add($"{chosen.Name} is not the snapshot Find-SrClusterSnapshot selected: {chosen.Why}");
                    return (chosen.SnapshotPath, null, chosen.VolumeLocation);
                case ClusterSnapshotVerdict.Selected:
                    return (chosen.SnapshotPath, null, chosen.VolumeLocation);
                default:
                    return (chosen.SnapshotPath, chosen.StorageVolume, null);
            }
        }

        private static List<SnapshotStorageVolume> ResolveVolumes(ClusterSnapshotConfigRequest request, List<SnapshotStorageVolume> given,
            string volumeName, string? location)
        {
            var volumes = given.ToList();
            List<SnapshotVolumeProperty> properties = (request.StorageVolumeProperties ?? Array.Empty<SnapshotVolumeProperty>())
                .OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            int index = volumes.FindIndex(v => v.Name == volumeName);
            if (index < 0)
            {
                // The cluster is gone: describe the volume from the parameters (and the snapshot's own location).
                string? volumeLocation = request.StorageVolumeLocation ?? location
                    ?? throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"Storage volume '{volumeName}' is not described: pipe Get-SrStorageVolume, or pass -StorageVolumeLocation (and -StorageVolumeProperty, -StorageVolumeCredential).");
                volumes.Add(new SnapshotStorageVolume
                {
                    Name = volumeName,
                    Type = request.StorageVolumeType,
                    Location = volumeLocation,
                    Comment = request.StorageVolumeComment,
                    Properties = properties,
                });
                index = volumes.Count - 1;
            }
            else if (request.StorageVolumeProperties is not null)
            {
                foreach (SnapshotVolumeProperty p in properties)
                {
                    volumes[index] = volumes[index].With(p.Key, p.Value);
                }
            }

            if (request.StorageVolumeCredential is (string user, Secret secret))
            {
                volumes[index] = volumes[index].WithCredential(user, secret);
            }

            return volumes;
        }
    }
}
