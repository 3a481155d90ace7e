using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists automated cluster snapshot jobs with their states (information_schema.cluster_snapshot_jobs).</summary>
    [Cmdlet(VerbsCommon.Get, "SrClusterSnapshotJob")]
    [OutputType(typeof(ClusterSnapshotJobInfo))]
    public sealed class GetSrClusterSnapshotJobCommand : StarRocksCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [Alias("Snapshot")]
        public string[]? Name { get; set; }

        [Parameter]
        public ClusterSnapshotJobState[]? State { get; set; }

        protected override void ProcessRecord()
        {
            var service = ActiveConnection.Client.ClusterSnapshots;
            if (!TryRun((sink, ct) => service.ListJobsAsync(sink, ct), Name, out IReadOnlyList<Core.ClusterSnapshots.ClusterSnapshotJob> jobs))
            {
                return;
            }

            foreach (Core.ClusterSnapshots.ClusterSnapshotJob job in NameFilter.Apply(jobs, j => j.SnapshotName, Name,
                n => WriteError(Errors.NotFound(Core.ErrorKind.JobNotFound, $"No cluster snapshot job writes '{n}'.", n))))
            {
                ClusterSnapshotJobInfo info = ClusterSnapshotJobInfo.From(job);
                if (State is null || State.Length == 0 || State.Contains(info.State))
                {
                    WriteObject(info);
                }
            }
        }
    }
}
