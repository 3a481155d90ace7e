using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Unregisters a repository (DROP REPOSITORY). The snapshots in storage are kept.</summary>
    [Cmdlet(VerbsCommon.Remove, "SrRepository", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RepositoryInfo))]
    public sealed class RemoveSrRepositoryCommand : StarRocksCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Repository")]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string[] Name { get; set; } = System.Array.Empty<string>();

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string name in Name)
            {
                if (!TryRun((sink, ct) => ActiveConnection.Client.Repositories.GetAsync(name, sink, ct), name, out Repository? repository))
                {
                    continue;
                }

                if (repository is null)
                {
                    WriteError(Errors.NotFound(ErrorKind.RepositoryNotFound, $"Repository '{name}' does not exist.", name));
                    continue;
                }

                string location = LocationText.Redact(repository.Location);
                if (!Confirm(TargetText(name),
                        $"Remove repository '{name}' (location {location}). Only the registration is removed: the snapshots stored at {location} stay there"))
                {
                    continue;
                }

                if (TryRun((sink, ct) => ActiveConnection.Client.Repositories.DropAsync(name, sink, ct), name))
                {
                    WriteVerbose($"Repository '{name}' removed. Its data in storage ({location}) was not deleted; New-SrRepository with the same location makes the snapshots visible again.");
                    if (PassThru)
                    {
                        WriteObject(RepositoryInfo.From(repository, ActiveConnection.ServerInfo));
                    }
                }
            }
        }
    }
}
