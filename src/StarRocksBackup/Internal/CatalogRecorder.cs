using System;
using System.Collections.Generic;
using System.Linq;
using StarRocksBackup.Core;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Records every backup job the module sees finish (Wait-SrJob, Start-SrBackup -Wait) in its repository's catalog,
    /// when storage access for the repository is known (registered on the connection, or the cmdlet's storage
    /// parameters). Without it, warns once per repository and session. A catalog failure is a warning, never a failed wait.
    /// </summary>
    internal static class CatalogRecorder
    {
        public static void RecordFinished(StarRocksCmdlet cmdlet, IEnumerable<JobInfo> jobs)
        {
            foreach (IGrouping<string, JobInfo> repo in jobs.Where(j => j is BackupJob && j.IsFinished && !string.IsNullOrEmpty(j.Repository))
                         .GroupBy(j => j.Repository!, StringComparer.Ordinal))
            {
                ObjectStoreOptions? storage = cmdlet is StorageAccessCmdlet sac ? sac.CreateObjectStoreOptions(repo.Key) : cmdlet.ActiveConnection.RegisteredStorage(repo.Key);
                if (storage is null)
                {
                    if (cmdlet.ActiveConnection.FirstCatalogWarning(repo.Key))
                    {
                        cmdlet.WriteWarning($"The backup catalog of repository '{repo.Key}' was not updated: no storage access is registered for it in this session. " +
                                            $"Run Set-SrRepositoryStorage -Repository {repo.Key} -StorageCredential … (or Sync-SrBackupCatalog later).");
                    }

                    continue;
                }

                List<JobInfo> finished = repo.ToList();
                string cluster = $"{cmdlet.ActiveConnection.Server}:{cmdlet.ActiveConnection.Port}";
                try
                {
                    int recorded = cmdlet.Run(async (sink, ct) =>
                    {
                        using CatalogAccess access = await CatalogAccess.OpenAsync(cmdlet.ActiveConnection.Client, repo.Key, storage, sink, ct).ConfigureAwait(false);
                        var sync = new CatalogSync(access.Catalog, sink);
                        int n = 0;
                        foreach (JobInfo job in finished)
                        {
                            n += (await sync.RecordJobAsync(job.Database, job.Label, cluster, ct).ConfigureAwait(false)).Count;
                        }

                        return n;
                    });
                    cmdlet.WriteVerbose($"Recorded {recorded} backup(s) in the catalog of repository '{repo.Key}'.");
                }
                catch (StarRocksBackupException ex)
                {
                    cmdlet.WriteWarning($"The backup catalog of repository '{repo.Key}' was not updated: {ex.Message} Run Sync-SrBackupCatalog -Repository {repo.Key} later.");
                }
            }
        }
    }
}
