using System.Management.Automation;
using StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Removes a snapshot: DROP SNAPSHOT on 4.2+, otherwise its objects in storage (journal, info files first, then the
    /// data; an interrupted removal is finished by the next one). Refuses while a backup or restore job uses it.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "SrSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(SnapshotRemovalInfo))]
    public sealed class RemoveSrSnapshotCommand : SnapshotStorageCmdlet
    {
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = ObjectStoreLimits.DefaultParallelRequests;

        protected override void ProcessRecord()
        {
            string repository = Repository;
            string label = Snapshot;
            string? timestamp = TimestampOrNull;
            string target = TargetText(SnapshotText);
            if (!TryOpenRepository(target, out RepositoryAccess access))
            {
                return;
            }

            using (access)
            {
                var remover = new SnapshotRemover(ActiveConnection.Client, access.Storage, ThrottleLimit);
                bool force = Force;
                if (!TryRun((sink, ct) => remover.PlanAsync(label, timestamp is null ? null : new[] { timestamp }, force, sink, ct), target, out SnapshotRemovalPlan plan))
                {
                    return;
                }

                if (!ShouldProcess(target, plan.Describe()))
                {
                    return;
                }

                if (TryRun((sink, ct) => remover.RemoveAsync(plan, sink, ct), target, out SnapshotRemovalResult result))
                {
                    WriteObject(SnapshotRemovalInfo.From(result));
                }
            }
        }
    }
}
