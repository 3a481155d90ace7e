using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core.History;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Records in the catalog every snapshot of the repository that has no catalog entry (taken outside the module, or by a run that stopped).</summary>
    [Cmdlet(VerbsData.Sync, "SrBackupCatalog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(BackupHistoryInfo))]
    public sealed class SyncSrBackupCatalogCommand : StorageAccessCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string? Database { get; set; }

        protected override void ProcessRecord()
        {
            string repository = Repository;
            string? database = Database;
            if (!ShouldProcess(TargetText(repository), "Record every snapshot missing from the backup catalog"))
            {
                return;
            }

            CatalogSyncResult result;
            try
            {
                result = WithCatalog(repository, (catalog, sink, ct) => new CatalogSync(catalog, sink).SyncAsync(database, null, ct));
            }
            catch (System.Exception ex) when (Errors.IsExpected(ex))
            {
                WriteError(Errors.From(ex, repository));
                return;
            }

            foreach (string skipped in result.Skipped)
            {
                WriteWarning($"Not recorded: {skipped}");
            }

            WriteVerbose($"Catalog of '{repository}': {result.Recorded.Count} snapshot(s) recorded, {result.AlreadyRecorded} already recorded.");
            foreach (BackupManifest m in result.Recorded)
            {
                WriteObject(BackupHistoryInfo.From(m));
            }
        }
    }
}
