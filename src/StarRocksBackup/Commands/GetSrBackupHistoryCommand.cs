using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core.History;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists the finished backups the repository's catalog records, oldest first.</summary>
    [Cmdlet(VerbsCommon.Get, "SrBackupHistory")]
    [OutputType(typeof(BackupHistoryInfo))]
    public sealed class GetSrBackupHistoryCommand : StorageAccessCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string[]? Database { get; set; }

        [Parameter]
        public System.DateTime? After { get; set; }

        protected override void ProcessRecord()
        {
            string repository = Repository;
            IReadOnlyList<BackupManifest> manifests;
            try
            {
                manifests = WithCatalog(repository, (catalog, sink, ct) => catalog.ListAsync(null, false, ct));
            }
            catch (System.Exception ex) when (Errors.IsExpected(ex))
            {
                WriteError(Errors.From(ex, repository));
                return;
            }

            foreach (BackupManifest m in manifests.Where(m => Database is null || Database.Any(d => new WildcardPattern(d).IsMatch(m.Database)))
                         .Where(m => After is null || m.FinishedAt.UtcDateTime >= After.Value.ToUniversalTime()))
            {
                WriteObject(BackupHistoryInfo.From(m));
            }
        }
    }
}
