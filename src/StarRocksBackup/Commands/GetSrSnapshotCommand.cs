using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Parsing;
using StarRocksBackup.Core.Storage;
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

                SnapshotMetaContents? meta = ReadMeta(repository, snapshot.Name);
                foreach (SnapshotTimestamp timestamp in snapshot.Timestamps)
                {
                    string label = snapshot.Name;
                    if (TryRun((sink, ct) => ActiveConnection.Client.Snapshots.GetDetailAsync(repository, label, timestamp.Text, sink, ct),
                            $"{repository}/{label}@{timestamp.Text}", out SnapshotDetail detail))
                    {
                        WriteObject(SnapshotInfo.From(detail, server, meta));
                    }
                }
            }
        }
    
        /// <summary>
        /// The snapshot's __meta file (functions, external catalogs, MVs told from tables), when the session has storage access
        /// for the repository; null otherwise or when it cannot be read (a warning: the SQL details are still written).
        /// </summary>
        private SnapshotMetaContents? ReadMeta(string repository, string label)
        {
            ObjectStoreOptions? storage = ActiveConnection.RegisteredStorage(repository);
            if (storage is null)
            {
                WriteVerbose($"No storage access is registered for repository '{repository}': functions and external catalogs of '{label}' are not listed (Set-SrRepositoryStorage).");
                return null;
            }

            try
            {
                return Run(async (sink, ct) =>
                {
                    using CatalogAccess access = await CatalogAccess.OpenAsync(ActiveConnection.Client, repository, storage, sink, ct).ConfigureAwait(false);
                    return await SnapshotMetaFile.ReadAsync(access.Catalog.Storage, label, ct).ConfigureAwait(false);
                });
            }
            catch (StarRocksBackupException ex)
            {
                WriteWarning($"The __meta file of snapshot '{label}' in repository '{repository}' could not be read ({ex.Message}); functions and external catalogs are not listed.");
                return null;
            }
        }
}
}
