using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Verification;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Checks a repository through StarRocks (SHOW REPOSITORIES' ErrMsg) and directly in storage (a probe object), and
    /// reports orphans (folders without a valid info file, .part objects, manifests of gone snapshots) and bytes.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SrRepository")]
    [OutputType(typeof(RepositoryCheckInfo))]
    public sealed class TestSrRepositoryCommand : StorageAccessCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Name")]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            string repository = Repository;
            ObjectStoreOptions options = CreateObjectStoreOptions(repository);
            if (!TryRun((sink, ct) => RepositoryAccess.OpenAsync(ActiveConnection.Client, repository, options, sink, ct), repository, out RepositoryAccess access))
            {
                return;
            }

            using (access)
            {
                if (TryRun((sink, ct) => RepositoryChecker.CheckAsync(access, sink, ct), repository, out RepositoryCheckResult result))
                {
                    if (!result.Passed)
                    {
                        WriteWarning($"Repository '{repository}': server {(result.ServerOk ? "ok" : "error: " + result.ServerError)}, storage {(result.StorageOk ? "ok" : "error: " + result.StorageError)}, "
                            + $"{result.OrphanFolders.Count} orphan folder(s), {result.PartObjects.Count} .part object(s), {result.OrphanManifests.Count} orphan manifest(s), {result.PendingDeletions.Count} interrupted deletion(s).");
                    }

                    WriteObject(RepositoryCheckInfo.From(result));
                }
            }
        }
    }
}
