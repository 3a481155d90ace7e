using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Internal;
using CoreFormat = StarRocksBackup.Core.ClusterSnapshots.ClusterSnapshotConfigFormat;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Writes StarRocks' cluster_snapshot.yaml (or a kube-starrocks Helm values override) for restoring a cluster snapshot.
    /// Takes snapshots from Find-/Get-SrClusterSnapshot and volumes from Get-SrStorageVolume on the pipeline; credentials
    /// go only into the file.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SrClusterSnapshotConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ClusterSnapshotConfigInfo))]
    public sealed class NewSrClusterSnapshotConfigCommand : SrCmdletBase
    {
        private const string DefaultVolumeName = "builtin_storage_volume";
        private readonly List<object> _inputs = new List<object>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(ValueFromPipeline = true)]
        public PSObject[]? InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SnapshotPath { get; set; }

        [Parameter]
        [ValidateNotNull]
        public StorageVolumeInfo[]? StorageVolume { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StorageVolumeName { get; set; }

        [Parameter]
        [ValidateSet("S3", "HDFS", "AZBLOB", "ADLS2", "GS")]
        public string StorageVolumeType { get; set; } = "S3";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StorageVolumeLocation { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? StorageVolumeProperty { get; set; }

        [Parameter]
        public string? StorageVolumeComment { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? StorageVolumeCredential { get; set; }

        [Parameter]
        [ValidateNotNull]
        public string[]? Frontend { get; set; }

        [Parameter]
        [ValidateNotNull]
        public string[]? ComputeNode { get; set; }

        [Parameter]
        public ClusterSnapshotConfigFormat Format { get; set; } = ClusterSnapshotConfigFormat.ClusterSnapshotYaml;

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Generation { get; set; } = 1;

        [Parameter]
        public SwitchParameter KeepOriginalNodes { get; set; }

        [Parameter]
        public SwitchParameter SecretPlaceholder { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            foreach (PSObject item in InputObject ?? Array.Empty<PSObject>())
            {
                if (item?.BaseObject is ClusterSnapshotCandidateInfo || item?.BaseObject is ClusterSnapshotInfo || item?.BaseObject is StorageVolumeInfo)
                {
                    _inputs.Add(item.BaseObject);
                }
                else if (item is not null)
                {
                    WriteError(Errors.InvalidArgument(
                        $"New-SrClusterSnapshotConfig takes the output of Find-SrClusterSnapshot, Get-SrClusterSnapshot and Get-SrStorageVolume, not {item.BaseObject?.GetType().Name}.", item));
                }
            }
        }

        protected override void EndProcessing()
        {
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            try
            {
                (string snapshotPath, string? volumeFromSnapshot, string? locationFromSnapshot) = ResolveSnapshot();
                string? knownName = StorageVolumeName ?? volumeFromSnapshot ?? SingleVolumeName();
                if (knownName is null)
                {
                    WriteWarning($"No storage volume name given: using '{DefaultVolumeName}', the name of a shared-data cluster's default volume. "
                        + "It must be the original cluster's name; pass -StorageVolumeName if the snapshot lives in another volume.");
                }

                string volumeName = knownName ?? DefaultVolumeName;
                List<SnapshotStorageVolume> volumes = ResolveVolumes(volumeName, locationFromSnapshot ?? ClusterSnapshotPaths.VolumeLocationOf(snapshotPath));
                var config = new ClusterSnapshotConfig
                {
                    ClusterSnapshotPath = snapshotPath,
                    StorageVolumeName = volumeName,
                    Frontends = Frontend?.Select(SnapshotFrontend.Parse).ToList(),
                    ComputeNodes = ComputeNode?.Select(SnapshotComputeNode.Parse).ToList(),
                    StorageVolumes = volumes,
                };

                var options = new ClusterSnapshotConfigWriteOptions
                {
                    Format = Format == ClusterSnapshotConfigFormat.HelmValues ? CoreFormat.HelmValues : CoreFormat.ClusterSnapshotYaml,
                    Generation = Generation,
                    SecretPlaceholders = SecretPlaceholder,
                    KeepOriginalNodes = KeepOriginalNodes,
                };
                string content = ClusterSnapshotConfigWriter.Render(config, options);
                bool credentials = !SecretPlaceholder && volumes.Any(v => v.Properties.Any(p => p.IsSensitive));

                string what = Format == ClusterSnapshotConfigFormat.HelmValues
                    ? $"Write kube-starrocks Helm values (disasterRecovery generation {Generation})"
                    : "Write cluster_snapshot.yaml";
                if (!Confirm(path, $"{what} restoring {snapshotPath} from storage volume '{volumeName}'"
                        + (credentials ? " (the file will contain storage credentials)" : string.Empty)))
                {
                    return;
                }

                ClusterSnapshotConfigWriter.WriteFile(path, content, Force);
                if (credentials)
                {
                    WriteWarning($"{path} contains storage credentials: restrict who can read it and delete it after the recovery.");
                }

                WriteObject(new ClusterSnapshotConfigInfo(path, Format, snapshotPath, volumeName,
                    Format == ClusterSnapshotConfigFormat.HelmValues ? Generation : (int?)null,
                    Frontend?.Length ?? 0,
                    Format == ClusterSnapshotConfigFormat.HelmValues && !KeepOriginalNodes ? ComputeNode?.Length ?? 0 : ComputeNode?.Length,
                    credentials));
            }
            catch (StarRocksBackupException ex)
            {
                ThrowTerminatingError(Errors.From(ex, path));
            }
        }

        private (string Path, string? Volume, string? Location) ResolveSnapshot()
        {
            var snapshots = _inputs.Where(i => i is ClusterSnapshotCandidateInfo || i is ClusterSnapshotInfo).ToList();
            if (SnapshotPath is not null)
            {
                return (SnapshotPath.TrimEnd('/'), null, null);
            }

            // Find-SrClusterSnapshot -All emits every folder: only the selected one counts then.
            var candidates = snapshots.OfType<ClusterSnapshotCandidateInfo>().ToList();
            if (candidates.Count > 1)
            {
                snapshots = snapshots.Where(s => s is not ClusterSnapshotCandidateInfo c || c.Verdict == ClusterSnapshotVerdict.Selected).ToList();
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

            switch (snapshots[0])
            {
                case ClusterSnapshotCandidateInfo c when c.Verdict == ClusterSnapshotVerdict.Incomplete || c.Verdict == ClusterSnapshotVerdict.Ignored:
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"{c.Snapshot} cannot be restored: {c.Why}");
                case ClusterSnapshotCandidateInfo c:
                    if (c.Verdict != ClusterSnapshotVerdict.Selected)
                    {
                        WriteWarning($"{c.Snapshot} is not the snapshot Find-SrClusterSnapshot selected: {c.Why}");
                    }

                    return (c.SnapshotPath, null, c.StorageVolumeLocation);
                case ClusterSnapshotInfo s:
                    return (s.SnapshotPath, string.IsNullOrEmpty(s.StorageVolume) ? null : s.StorageVolume, null);
                default:
                    throw new InvalidOperationException("unreachable");
            }
        }

        private List<StorageVolumeInfo> GivenVolumes() =>
            _inputs.OfType<StorageVolumeInfo>().Concat(StorageVolume ?? Array.Empty<StorageVolumeInfo>())
                .GroupBy(v => v.StorageVolume, StringComparer.Ordinal).Select(g => g.First()).ToList();

        private string? SingleVolumeName()
        {
            List<StorageVolumeInfo> given = GivenVolumes();
            return given.Count == 1 ? given[0].StorageVolume : given.FirstOrDefault(v => v.IsDefault)?.StorageVolume;
        }

        private List<SnapshotStorageVolume> ResolveVolumes(string volumeName, string? location)
        {
            var volumes = GivenVolumes().Select(v => SnapshotStorageVolume.From(v.Volume)).ToList();
            int index = volumes.FindIndex(v => v.Name == volumeName);
            if (index < 0)
            {
                // The cluster is gone: describe the volume from the parameters (and the snapshot's own location).
                string? volumeLocation = StorageVolumeLocation ?? location;
                if (volumeLocation is null)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"Storage volume '{volumeName}' is not described: pipe Get-SrStorageVolume, or pass -StorageVolumeLocation (and -StorageVolumeProperty, -StorageVolumeCredential).");
                }

                volumes.Add(new SnapshotStorageVolume
                {
                    Name = volumeName,
                    Type = StorageVolumeType,
                    Location = volumeLocation,
                    Comment = StorageVolumeComment,
                    Properties = ToProperties(StorageVolumeProperty),
                });
                index = volumes.Count - 1;
            }
            else if (StorageVolumeProperty is not null)
            {
                foreach (SnapshotVolumeProperty p in ToProperties(StorageVolumeProperty))
                {
                    volumes[index] = volumes[index].With(p.Key, p.Value);
                }
            }

            if (StorageVolumeCredential is not null && StorageVolumeCredential != PSCredential.Empty)
            {
                volumes[index] = volumes[index].WithCredential(StorageVolumeCredential.UserName,
                    new Secret(StorageVolumeCredential.GetNetworkCredential().Password));
            }

            return volumes;
        }

        private static List<SnapshotVolumeProperty> ToProperties(Hashtable? table)
        {
            var list = new List<SnapshotVolumeProperty>();
            foreach (DictionaryEntry entry in table ?? new Hashtable())
            {
                list.Add(new SnapshotVolumeProperty(Convert.ToString(Unwrap(entry.Key), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                    new Secret(ValueText(Unwrap(entry.Value)))));
            }

            return list.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        }

        private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

        private static string ValueText(object? value) => value switch
        {
            null => string.Empty,
            SecureString secure => new NetworkCredential(string.Empty, secure).Password,
            PSCredential credential => credential.GetNetworkCredential().Password,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
    }
}
