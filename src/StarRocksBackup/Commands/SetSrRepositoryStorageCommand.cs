using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Registers, for this session's connection, how to reach an existing repository's object storage (the backup catalog).</summary>
    [Cmdlet(VerbsCommon.Set, "SrRepositoryStorage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class SetSrRepositoryStorageCommand : StorageAccessCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Name")]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            Core.Storage.ObjectStoreOptions options = OptionsFromParameters();
            if (!ShouldProcess(TargetText(Repository), $"Register storage access for this session: {options}"))
            {
                return;
            }

            ActiveConnection.RegisterStorage(Repository, options);
            WriteVerbose($"Registered storage access for repository '{Repository}' on {ActiveConnection}: {options}.");
        }
    }
}
