using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Policy;
using StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Applies a retention policy to a repository: plans keep/remove with reasons per backup (floors, backups needed to
    /// restore the latest state, the newest verified one, representatives) and removes through Remove-SrSnapshot's path.
    /// </summary>
    /// <remarks>
    /// With -Path the settings come from the policy file's <c>retention</c> section (and the repository, connection and
    /// storage access from the file too); every parameter given explicitly overrides the file's value.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Invoke, "SrRetention", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = RepositorySet)]
    [OutputType(typeof(RetentionDecisionInfo))]
    public sealed class InvokeSrRetentionCommand : StorageAccessCmdlet
    {
        private const string RepositorySet = "Repository";
        private const string PathSet = "Path";
        private BackupPolicy? _policy;
        private string _policyPath = string.Empty;
        private StarRocksClient? _ownClient;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = RepositorySet)]
        [Parameter(ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

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
        public SwitchParameter KeepNewestVerified { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = ObjectStoreLimits.DefaultParallelRequests;

        protected override void BeginProcessing()
        {
            if (ParameterSetName == PathSet)
            {
                // Validate the whole file before anything runs (and before connecting).
                _policyPath = GetUnresolvedProviderPathFromPSPath(Path);
                _policy = PolicyFile.Load(this, _policyPath);
                if (_policy.Retention is null)
                {
                    WriteWarning($"{System.IO.Path.GetFileName(_policyPath)} has no 'retention' section: only the parameters given apply.");
                }

                _ownClient = PolicyFile.ConnectIfConfigured(this, _policy, _policyPath);
            }

            base.BeginProcessing();
        }

        private protected override void OnDispose() => _ownClient?.Dispose();

        protected override void ProcessRecord()
        {
            bool fromFile = _policy is not null;
            string repository = fromFile && !MyInvocation.BoundParameters.ContainsKey(nameof(Repository)) ? _policy!.Repository : Repository;
            var given = new PolicyRetention
            {
                RetentionDays = Opt(RetentionDays),
                MinRetentionDays = Opt(MinRetentionDays),
                MaxSnapshots = Opt(MaxSnapshots),
                MinSnapshots = Opt(MinSnapshots),
                KeepDaily = Opt(KeepDaily),
                KeepWeekly = Opt(KeepWeekly),
                KeepMonthly = Opt(KeepMonthly),
                KeepNewestVerified = MyInvocation.BoundParameters.ContainsKey(nameof(KeepNewestVerified)) ? KeepNewestVerified.IsPresent : null,
            };
            RetentionPolicy policy;
            try
            {
                policy = PolicyRetention.Merge(_policy?.Retention, given);
            }
            catch (StarRocksBackupException ex)
            {
                string origin = fromFile ? $" (the parameters given over {System.IO.Path.GetFileName(_policyPath)}'s retention section)" : string.Empty;
                WriteError(Errors.From(new StarRocksBackupException(ex.Kind, ex.Message + origin, ex), repository));
                return;
            }

            WriteVerbose($"Retention for '{repository}': {Describe(policy)}.");
            if (policy.RetentionDays is null && policy.MaxSnapshots is null)
            {
                WriteWarning(fromFile
                    ? "Neither retentionDays nor maxSnapshots is set (in the file or as -RetentionDays/-MaxSnapshots): no rule removes anything; the plan only shows what is kept and why."
                    : "Neither -RetentionDays nor -MaxSnapshots is given: no rule removes anything; the plan only shows what is kept and why.");
            }

            ObjectStoreOptions options;
            try
            {
                options = fromFile ? PolicyFile.StorageFor(this, _policy!, repository) : CreateObjectStoreOptions(repository);
            }
            catch (StarRocksBackupException ex)
            {
                WriteError(Errors.From(ex, _policyPath));
                return;
            }

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

        private static string Describe(RetentionPolicy p)
        {
            var parts = new List<string>();
            void Add(string name, int? v)
            {
                if (v is int x)
                {
                    parts.Add($"{name} {x}");
                }
            }

            Add("RetentionDays", p.RetentionDays);
            Add("MinRetentionDays", p.MinRetentionDays);
            Add("MaxSnapshots", p.MaxSnapshots);
            Add("MinSnapshots", p.MinSnapshots);
            Add("KeepDaily", p.KeepDaily);
            Add("KeepWeekly", p.KeepWeekly);
            Add("KeepMonthly", p.KeepMonthly);
            parts.Add("KeepNewestVerified " + (p.KeepNewestVerified ? "on" : "off"));
            return string.Join(", ", parts);
        }
    }
}
