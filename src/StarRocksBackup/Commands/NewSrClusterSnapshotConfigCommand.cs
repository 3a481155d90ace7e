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
                ClusterSnapshotConfigPlan plan = ClusterSnapshotConfigPlanner.Plan(NewRequest());
                foreach (string warning in plan.Warnings)
                {
                    WriteWarning(warning);
                }

                if (!Confirm(path, plan.Describe()))
                {
                    return;
                }

                plan.WriteTo(path, Force);
                if (plan.ContainsCredentials)
                {
                    WriteWarning($"{path} contains storage credentials: restrict who can read it and delete it after the recovery.");
                }

                bool helm = Format == ClusterSnapshotConfigFormat.HelmValues;
                WriteObject(new ClusterSnapshotConfigInfo(path, Format, plan.SnapshotPath, plan.StorageVolumeName,
                    helm ? Generation : (int?)null,
                    Frontend?.Length ?? 0,
                    helm && !KeepOriginalNodes ? ComputeNode?.Length ?? 0 : ComputeNode?.Length,
                    plan.ContainsCredentials));
            }
            catch (StarRocksBackupException ex)
            {
                ThrowTerminatingError(Errors.From(ex, path));
            }
        }

        private ClusterSnapshotConfigRequest NewRequest()
        {
            var request = new ClusterSnapshotConfigRequest
            {
                SnapshotPath = SnapshotPath,
                StorageVolumeName = StorageVolumeName,
                StorageVolumeType = StorageVolumeType,
                StorageVolumeLocation = StorageVolumeLocation,
                StorageVolumeComment = StorageVolumeComment,
                StorageVolumeProperties = StorageVolumeProperty is null ? null : ToProperties(StorageVolumeProperty),
                StorageVolumeCredential = StorageVolumeCredential is null || StorageVolumeCredential == PSCredential.Empty
                    ? null
                    : (StorageVolumeCredential.UserName, new Secret(StorageVolumeCredential.GetNetworkCredential().Password)),
                Frontends = Frontend,
                ComputeNodes = ComputeNode,
                Options = new ClusterSnapshotConfigWriteOptions
                {
                    Format = Format == ClusterSnapshotConfigFormat.HelmValues ? CoreFormat.HelmValues : CoreFormat.ClusterSnapshotYaml,
                    Generation = Generation,
                    SecretPlaceholders = SecretPlaceholder,
                    KeepOriginalNodes = KeepOriginalNodes,
                },
            };

            foreach (object input in _inputs)
            {
                switch (input)
                {
                    case ClusterSnapshotCandidateInfo c:
                        request.Snapshots.Add(ClusterSnapshotChoice.FromCandidate(c.Snapshot, c.SnapshotPath, Unmap(c.Verdict), c.Why, c.SelectionReason, c.StorageVolumeLocation));
                        break;
                    case ClusterSnapshotInfo s:
                        request.Snapshots.Add(ClusterSnapshotChoice.FromCluster(s.Snapshot, s.SnapshotPath, s.StorageVolume));
                        break;
                }
            }

            foreach (StorageVolumeInfo v in _inputs.OfType<StorageVolumeInfo>().Concat(StorageVolume ?? Array.Empty<StorageVolumeInfo>()))
            {
                request.Volumes.Add(SnapshotStorageVolume.From(v.Volume));
                if (v.IsDefault && request.DefaultVolume is null)
                {
                    request.DefaultVolume = v.StorageVolume;
                }
            }

            return request;
        }

        private static Core.ClusterSnapshots.ClusterSnapshotVerdict Unmap(ClusterSnapshotVerdict verdict) => verdict switch
        {
            ClusterSnapshotVerdict.Selected => Core.ClusterSnapshots.ClusterSnapshotVerdict.Selected,
            ClusterSnapshotVerdict.CompleteNotSelected => Core.ClusterSnapshots.ClusterSnapshotVerdict.CompleteNotSelected,
            ClusterSnapshotVerdict.Incomplete => Core.ClusterSnapshots.ClusterSnapshotVerdict.Incomplete,
            _ => Core.ClusterSnapshots.ClusterSnapshotVerdict.Ignored,
        };

        private static List<SnapshotVolumeProperty> ToProperties(Hashtable? table)
        {
            var list = new List<SnapshotVolumeProperty>();
            foreach (DictionaryEntry entry in table ?? new Hashtable())
            {
                list.Add(new SnapshotVolumeProperty(Convert.ToString(Unwrap(entry.Key), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                    new Secret(ValueText(Unwrap(entry.Value)))));
            }

            return list;
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
