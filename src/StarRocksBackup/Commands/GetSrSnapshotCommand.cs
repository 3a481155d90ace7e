using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists the snapshots in a repository (SHOW SNAPSHOT), one object per backup timestamp.</summary>
    [Cmdlet(VerbsCommon.Get, "SrSnapshot")]
    [OutputType(typeof(SnapshotInfo))]
    public sealed class GetSrSnapshotCommand : StarRocksCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter(Position = 1)]
        [SupportsWildcards]
        [Alias("Snapshot")]
        [ArgumentCompleter(typeof(SnapshotNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter]
        public SwitchParameter Detailed { get; set; }

        protected override void ProcessRecord()
        {
            string repository = Repository;
            if (!TryRun((sink, ct) => ActiveConnection.Client.Snapshots.ListAsync(repository, null, sink, ct), repository, out IReadOnlyList<Snapshot> snapshots))
            {
                return;
            }

            ServerInfo server = ActiveConnection.ServerInfo;
            foreach (Snapshot snapshot in NameFilter.Apply(snapshots, s => s.Name, Name,
                n => WriteError(Errors.NotFound(ErrorKind.SnapshotNotFound, $"Repository '{repository}' has no snapshot '{n}'.", $"{repository}/{n}"))))
            {
                if (!Detailed || snapshot.Timestamps.Count == 0)
                {
                    foreach (SnapshotInfo info in SnapshotInfo.From(snapshot, server))
                    {
                        WriteObject(info);
                    }

                    continue;
                }

                foreach (SnapshotTimestamp timestamp in snapshot.Timestamps)
                {
                    string label = snapshot.Name;
                    if (TryRun((sink, ct) => ActiveConnection.Client.Snapshots.GetDetailAsync(repository, label, timestamp.Text, sink, ct),
                            $"{repository}/{label}@{timestamp.Text}", out SnapshotDetail detail))
                    {
                        WriteObject(SnapshotInfo.From(detail, server));
                    }
                }
            }
        }
    }
}
