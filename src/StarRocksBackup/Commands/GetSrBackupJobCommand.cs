using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists backup jobs (SHOW BACKUP): each database's latest one, of the given databases or of all.</summary>
    [Cmdlet(VerbsCommon.Get, "SrBackupJob")]
    [OutputType(typeof(BackupJobInfo))]
    public sealed class GetSrBackupJobCommand : StarRocksCmdlet
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
                if (!TryRun((sink, ct) => ActiveConnection.Client.Jobs.ListBackupJobsAsync(database, sink, ct), database, out IReadOnlyList<BackupJob> jobs))
                {
                    continue;
                }

                foreach (BackupJob job in jobs)
                {
                    if (!Running || !job.IsDone)
                    {
                        WriteObject(BackupJobInfo.From(job, ActiveConnection.ServerInfo));
                    }
                }
            }
        }
    }
}
