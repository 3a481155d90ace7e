using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists the cluster snapshot the FE would restore (information_schema.cluster_snapshots).</summary>
    [Cmdlet(VerbsCommon.Get, "SrClusterSnapshot")]
    [OutputType(typeof(ClusterSnapshotInfo))]
    public sealed class GetSrClusterSnapshotCommand : StarRocksCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [Alias("Snapshot")]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var service = ActiveConnection.Client.ClusterSnapshots;
            if (!TryRun((sink, ct) => service.ListSnapshotsAsync(sink, ct), Name, out IReadOnlyList<ClusterSnapshot> snapshots))
            {
                return;
            }

            foreach (ClusterSnapshot snapshot in NameFilter.Apply(snapshots, s => s.Name, Name,
                n => WriteError(Errors.NotFound(Core.ErrorKind.SnapshotNotFound, $"Cluster snapshot '{n}' does not exist.", n))))
            {
                WriteObject(ClusterSnapshotInfo.From(snapshot));
            }
        }
    }
}
