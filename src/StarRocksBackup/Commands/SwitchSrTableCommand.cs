using System;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core.Swap;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Replaces a live table with another table of the same schema using StarRocks' atomic ALTER TABLE ... SWAP WITH,
    /// keeps the replaced data under a dated name and drops it only with -DropReplaced.
    /// </summary>
    [Cmdlet(VerbsCommon.Switch, "SrTable", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(TableSwapInfo))]
    public sealed class SwitchSrTableCommand : StarRocksCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string Database { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Table { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("RestoredTable")]
        public string With { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReplacedName { get; set; }

        [Parameter]
        public SwitchParameter DropReplaced { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            string target = $"{Database}.{Table}";
            var request = new TableSwapRequest
            {
                Database = Database,
                Table = Table,
                With = With,
                ReplacedName = ReplacedName,
                DropReplaced = DropReplaced.IsPresent,
            };

            // 1. Check (SHOW statements only): both tables, the free name, the schemas.
            if (!TryRun((sink, ct) => ActiveConnection.Client.TableSwaps.PlanAsync(request, sink, ct), target, out TableSwapPlan plan))
            {
                return;
            }

            WriteVerbose("Swap plan:" + Environment.NewLine + plan.Describe());
            string question = plan.DropReplaced
                ? $"Replace '{target}' with '{plan.With}' and DROP the replaced data ('{plan.ReplacedName}')?"
                : $"Replace '{target}' with '{plan.With}', keeping the replaced data as '{plan.ReplacedName}'?";
            if (!ShouldProcess(plan.Describe(), question, "Switch StarRocks table"))
            {
                return;
            }

            // 2. Dropping the old data asks once more, unless -Force or an explicit -Confirm:$false.
            if (plan.DropReplaced && !Force && !ConfirmExplicitlyOff()
                && !ShouldContinue($"After the swap, the data '{target}' holds now is dropped ('{plan.ReplacedName}'). Drop it?", "Drop replaced data"))
            {
                return;
            }

            if (TryRun((sink, ct) => ActiveConnection.Client.TableSwaps.ExecuteAsync(plan, sink, ct), target, out TableSwapResult result))
            {
                WriteObject(TableSwapInfo.From(result));
            }
        }

        private bool ConfirmExplicitlyOff() =>
            MyInvocation.BoundParameters.TryGetValue("Confirm", out object? value) && !LanguagePrimitives.IsTrue(value);
    }
}
