using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Verification;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Verifies a snapshot in object storage without restoring it: info and meta files, every listed file present under
    /// its tablet folder with the MD5 its name says, no stray .part objects. Records the verification.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SrSnapshot")]
    [OutputType(typeof(SnapshotVerificationInfo))]
    public sealed class TestSrSnapshotCommand : SnapshotStorageCmdlet
    {
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = ObjectStoreLimits.DefaultParallelRequests;

        [Parameter]
        public SwitchParameter NoRecord { get; set; }

        protected override void ProcessRecord()
        {
            string repository = Repository;
            string label = Snapshot;
            string target = SnapshotText;
            if (!TryOpenRepository(target, out RepositoryAccess access))
            {
                return;
            }

            using (access)
            {
                List<string> timestamps;
                if (!string.IsNullOrEmpty(Timestamp))
                {
                    timestamps = new List<string> { Timestamp! };
                }
                else if (TryRun(async (sink, ct) => await SnapshotFolderListing.ListTopAsync(access.Storage, label, ct).ConfigureAwait(false), target, out SnapshotFolderListing listing))
                {
                    timestamps = listing.ValidInfoFiles.Select(i => i.Timestamp!).Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal).ToList();
                    if (timestamps.Count == 0)
                    {
                        WriteError(Errors.NotFound(ErrorKind.SnapshotNotFound, $"Snapshot '{label}' in repository '{repository}' has no valid info file to verify.", target));
                        return;
                    }
                }
                else
                {
                    return;
                }

                var verifier = new SnapshotVerifier(access.Storage, ThrottleLimit);
                bool record = !NoRecord;
                foreach (string ts in timestamps)
                {
                    if (TryRun(async (sink, ct) =>
                        {
                            SnapshotVerificationResult r = await verifier.VerifyAsync(label, ts, sink, ct).ConfigureAwait(false);
                            if (record)
                            {
                                await verifier.RecordAsync(r, DateTime.UtcNow, ct).ConfigureAwait(false);
                            }

                            return r;
                        }, $"{repository}/{label}@{ts}", out SnapshotVerificationResult result))
                    {
                        if (!result.Passed)
                        {
                            WriteWarning($"Snapshot {repository}/{label}@{ts} {result.Summary}.");
                        }

                        WriteObject(SnapshotVerificationInfo.From(result));
                    }
                }
            }
        }
    }
}
