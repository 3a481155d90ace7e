using System;
using System.Management.Automation;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Verification;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// A restore drill: restores a snapshot into a new scratch database, compares row counts and content with what was
    /// backed up, drops the scratch copy and records the result. A drill that finds a difference is an error.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SrBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RestoreDrillInfo))]
    public sealed class TestSrBackupCommand : SnapshotStorageCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ScratchDatabase { get; set; }

        [Parameter]
        public SwitchParameter Keep { get; set; }

        [Parameter]
        public SwitchParameter NoFingerprint { get; set; }

        [Parameter]
        public SwitchParameter NoRecord { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSeconds { get; set; }

        protected override void ProcessRecord()
        {
            string repository = Repository;
            string target = SnapshotText;
            var request = new RestoreDrillRequest
            {
                Repository = repository,
                Label = Snapshot,
                Timestamp = TimestampOrNull,
                ScratchDatabase = ScratchDatabase,
                Keep = Keep,
                Fingerprint = !NoFingerprint,
                Wait = new Core.Jobs.WaitOptions { Timeout = TimeoutSeconds > 0 ? TimeSpan.FromSeconds(TimeoutSeconds) : (TimeSpan?)null },
            };
            if (!ShouldProcess(TargetText(target), $"Restore into a new scratch database ({ScratchDatabase ?? "drill_<label>_<random>"}), compare it with the backup and {(Keep ? "keep" : "drop")} it"))
            {
                return;
            }

            RepositoryAccess? access = null;
            if (!NoRecord)
            {
                if (!TryOpenRepository(target, out RepositoryAccess opened))
                {
                    return;
                }

                access = opened;
            }

            try
            {
                var service = new RestoreDrillService(ActiveConnection.Client, access?.Storage);
                if (TryRun((sink, ct) => service.RunAsync(request, sink, ct), target, out RestoreDrillResult result))
                {
                    RestoreDrillInfo info = RestoreDrillInfo.From(result);
                    if (!result.Passed)
                    {
                        WriteError(Errors.DrillFailed($"Restore drill of {target} failed: {result.Summary}", info));
                    }

                    WriteObject(info);
                }
            }
            finally
            {
                access?.Dispose();
            }
        }
    }
}
