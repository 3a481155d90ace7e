using System;
using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Finds the restorable automated cluster snapshot straight from object storage — no running cluster needed — and
    /// says why it chose it; -Connection cross-checks with the live cluster's cluster_snapshot_jobs.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "SrClusterSnapshot")]
    [OutputType(typeof(ClusterSnapshotCandidateInfo))]
    public sealed class FindSrClusterSnapshotCommand : SrCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("StorageVolumeLocation")]
        public string Location { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ServiceId { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Endpoint { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Region { get; set; } = "us-east-1";

        [Parameter]
        public SwitchParameter VirtualHostedStyle { get; set; }

        [Parameter]
        public SwitchParameter VerifyChecksum { get; set; }

        [Parameter]
        public SwitchParameter All { get; set; }

        [Parameter]
        [ValidateNotNull]
        public SrConnection? Connection { get; set; }

        protected override void ProcessRecord()
        {
            if (!S3Location.TryParse(Location, out S3Location? location, out string? error))
            {
                WriteError(Errors.InvalidArgument(error!, Location));
                return;
            }

            bool hasKeys = Credential is not null && Credential != PSCredential.Empty;
            var options = new ObjectStoreOptions
            {
                Endpoint = Endpoint,
                Region = Region,
                AccessKey = hasKeys ? Credential!.UserName : null,
                SecretKey = hasKeys ? new Secret(Credential!.GetNetworkCredential().Password) : Secret.Empty,
                ForcePathStyle = VirtualHostedStyle ? false : (bool?)null,
            };

            IReadOnlyList<Core.ClusterSnapshots.ClusterSnapshotJob>? jobs = CrossCheckJobs();
            if (!TryRun(async (sink, ct) =>
                {
                    using var store = new S3ObjectStore(options);
                    var search = new ClusterSnapshotSearch(location!) { ServiceId = ServiceId, VerifyChecksum = VerifyChecksum, Jobs = jobs };
                    return await new ClusterSnapshotFinder(store).FindAsync(search, sink, ct).ConfigureAwait(false);
                }, Location, out ClusterSnapshotSearchResult result))
            {
                return;
            }

            WriteVerbose(result.Why);
            if (All)
            {
                foreach (ClusterSnapshotCandidate candidate in result.Candidates)
                {
                    WriteObject(ClusterSnapshotCandidateInfo.From(candidate, result));
                }
            }
            else if (result.Selected is not null)
            {
                WriteObject(ClusterSnapshotCandidateInfo.From(result.Selected, result));
            }

            if (result.Selected is null)
            {
                WriteError(Errors.NotFound(ErrorKind.SnapshotNotFound, "No restorable cluster snapshot: " + result.Why, Location));
            }
        }

        // A dead cluster must not stop a disaster recovery: a failed cross-check is a warning, not an error.
        private IReadOnlyList<Core.ClusterSnapshots.ClusterSnapshotJob>? CrossCheckJobs()
        {
            if (Connection is null)
            {
                return null;
            }

            try
            {
                var service = Connection.Client.ClusterSnapshots;
                return Run((sink, ct) => service.ListJobsAsync(sink, ct));
            }
            catch (StarRocksBackupException ex)
            {
                WriteWarning($"Could not cross-check with {Connection} ({ex.Message}); choosing from object storage alone.");
                return null;
            }
        }
    }
}
