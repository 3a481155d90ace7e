using System.Management.Automation;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Turns on automated cluster snapshots of a shared-data cluster (ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON).</summary>
    [Cmdlet(VerbsLifecycle.Enable, "SrClusterSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class EnableSrClusterSnapshotCommand : StarRocksCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? StorageVolume { get; set; }

        protected override void ProcessRecord()
        {
            string into = StorageVolume is null ? "the default storage volume" : $"storage volume '{StorageVolume}'";
            if (!Confirm(TargetText("cluster"),
                    $"Turn on automated cluster snapshots into {into} (a new snapshot after each FE checkpoint; StarRocks keeps the latest one)"))
            {
                return;
            }

            var service = ActiveConnection.Client.ClusterSnapshots;
            if (TryRun((sink, ct) => service.EnableAsync(StorageVolume, sink, ct), StorageVolume ?? (object)"cluster"))
            {
                WriteVerbose($"Automated cluster snapshots are on ({into}). Get-SrClusterSnapshotJob shows the jobs as they run.");
            }
        }
    }
}
