using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists restore jobs (SHOW RESTORE): each database's latest one, of the given databases or of all.</summary>
    [Cmdlet(VerbsCommon.Get, "SrRestoreJob")]
    [OutputType(typeof(RestoreJobInfo))]
    public sealed class GetSrRestoreJobCommand : StarRocksCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string[]? Database { get; set; }

        [Parameter]
        public SwitchParameter Running { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string? database in JobListing.Targets(Database))
            {
                if (!TryRun((sink, ct) => ActiveConnection.Client.Jobs.ListRestoreJobsAsync(database, sink, ct), database, out IReadOnlyList<RestoreJob> jobs))
                {
                    continue;
                }

                foreach (RestoreJob job in jobs)
                {
                    if (!Running || !job.IsDone)
                    {
                        WriteObject(RestoreJobInfo.From(job, ActiveConnection.ServerInfo));
                    }
                }
            }
        }
    }
}
