using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Applies a retention policy to a repository: plans keep/remove with reasons per backup (floors, backups needed to
    /// restore the latest state, the newest verified one, representatives) and removes through Remove-SrSnapshot's path.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SrRetention", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RetentionDecisionInfo))]
    public sealed class InvokeSrRetentionCommand : StorageAccessCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter]
        [ValidateRange(0, 36500)]
        public int RetentionDays { get; set; } = -1;

        [Parameter]
        [ValidateRange(0, 36500)]
        public int MinRetentionDays { get; set; } = -1;

        [Parameter]
        [ValidateRange(0, 100000)]
        public int MaxSnapshots { get; set; } = -1;

        [Parameter]
        [ValidateRange(0, 100000)]
        public int MinSnapshots { get; set; } = -1;

        [Parameter]
        [ValidateRange(0, 10000)]
        public int KeepDaily { get; set; } = -1;

        [Parameter]
        [ValidateRange(0, 10000)]
        public int KeepWeekly { get; set; } = -1;

        [Parameter]
        [ValidateRange(0, 10000)]
        public int KeepMonthly { get; set; } = -1;

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = ObjectStoreLimits.DefaultParallelRequests;

        protected override void ProcessRecord()
        {
            string repository = Repository;
            var policy = new RetentionPolicy
            {
                RetentionDays = Opt(RetentionDays),
                MinRetentionDays = Opt(MinRetentionDays),
                MaxSnapshots = Opt(MaxSnapshots),
                MinSnapshots = Opt(MinSnapshots),
                KeepDaily = Opt(KeepDaily),
                KeepWeekly = Opt(KeepWeekly),
                KeepMonthly = Opt(KeepMonthly),
            };
            if (policy.RetentionDays is null && policy.MaxSnapshots is null)
            {
                WriteWarning("Neither -RetentionDays nor -MaxSnapshots is given: no rule removes anything; the plan only shows what is kept and why.");
            }

            ObjectStoreOptions options = CreateObjectStoreOptions(repository);
            if (!TryRun((sink, ct) => RepositoryAccess.OpenAsync(ActiveConnection.Client, repository, options, sink, ct), repository, out RepositoryAccess access))
            {
                return;
            }

            using (access)
            {
                var service = new RetentionService(ActiveConnection.Client, access.Storage, ThrottleLimit);
                if (!TryRun((sink, ct) => service.PlanAsync(policy, DateTime.UtcNow, sink, ct), repository, out RetentionRun run))
                {
                    return;
                }

                foreach (string problem in run.Problems)
                {
                    WriteWarning(problem);
                }

                foreach (DeletionJournal journal in run.PendingDeletions)
                {
                    string target = TargetText($"{repository}/{journal.Label}");
                    if (ShouldProcess(target, $"Finish the interrupted {journal}"))
                    {
                        TryRun((sink, ct) => service.Remover.ResumeAsync(journal, sink, ct), target, out SnapshotRemovalResult _);
                    }
                }

                List<RetentionDecisionInfo> infos = run.Plan.Decisions.Select(d => RetentionDecisionInfo.From(repository, d)).ToList();
                WriteVerbose($"Retention plan for '{repository}': {infos.Count(i => i.Action == "Keep")} kept, {infos.Count(i => i.Action == "Remove")} to remove, {run.Plan.BytesFreed} bytes freed.");
                foreach (KeyValuePair<string, IReadOnlyList<string>?> removal in run.Removals)
                {
                    string label = removal.Key;
                    IReadOnlyList<string>? timestamps = removal.Value;
                    List<RetentionDecisionInfo> mine = infos.Where(i => i.Snapshot == label && i.Action == "Remove").ToList();
                    string target = TargetText($"{repository}/{label}" + (timestamps is null ? string.Empty : "@" + string.Join(",", timestamps)));
                    string why = string.Join("; ", mine.Select(i => i.Reason).Distinct());
                    if (!ShouldProcess(target, $"Remove {(timestamps is null ? "snapshot" : "timestamp(s) " + string.Join(", ", timestamps) + " of snapshot")} '{label}' ({mine.Sum(i => i.Bytes)} bytes): {why}"))
                    {
                        continue;
                    }

                    if (TryRun(async (sink, ct) =>
                        {
                            SnapshotRemovalPlan plan = await service.Remover.PlanAsync(label, timestamps, false, sink, ct).ConfigureAwait(false);
                            return await service.Remover.RemoveAsync(plan, sink, ct).ConfigureAwait(false);
                        }, target, out SnapshotRemovalResult _))
                    {
                        mine.ForEach(i => i.Removed = true);
                    }
                }

                WriteObject(infos, enumerateCollection: true);
            }
        }

        private static int? Opt(int value) => value < 0 ? null : value;
    }
}
