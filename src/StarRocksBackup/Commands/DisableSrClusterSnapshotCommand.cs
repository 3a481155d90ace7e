using System.Management.Automation;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Turns off automated cluster snapshots (ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF), which deletes the existing snapshots.</summary>
    [Cmdlet(VerbsLifecycle.Disable, "SrClusterSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class DisableSrClusterSnapshotCommand : StarRocksCmdlet
    {
        protected override void ProcessRecord()
        {
            if (!Confirm(TargetText("cluster"),
                    "Turn off automated cluster snapshots. StarRocks DELETES the existing cluster snapshots from object storage when they are turned off: until they are turned on again and a new snapshot finishes, this cluster cannot be recovered from a snapshot"))
            {
                return;
            }

            var service = ActiveConnection.Client.ClusterSnapshots;
            if (TryRun((sink, ct) => service.DisableAsync(sink, ct), "cluster"))
            {
                WriteWarning("Automated cluster snapshots are off and StarRocks has deleted the existing snapshots; this cluster has no snapshot to recover from until Enable-SrClusterSnapshot runs and a new snapshot finishes.");
            }
        }
    }
}
