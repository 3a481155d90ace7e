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
        /// <summary>
        /// SHOW BACKUP names no repository (a job from Get-SrBackupJob): find the repository holding each such job's
        /// snapshot among those this cmdlet can write a catalog for — the one its storage parameters are for (every
        /// repository of the server is asked), else those registered in the session. Exactly one must hold the label.
        /// </summary>
        private static List<(JobInfo Job, string? Repository)> Attribute(StarRocksCmdlet cmdlet, List<(JobInfo Job, string? Repository)> jobs)
        {
            try
            {
                return cmdlet.Run(async (sink, ct) =>
                {
                    IReadOnlyList<string> candidates = cmdlet is StorageAccessCmdlet sac && sac.HasStorageParameters
                        ? (await cmdlet.ActiveConnection.Client.Repositories.ListAsync(sink, ct).ConfigureAwait(false)).Select(r => r.Name).ToList()
                        : cmdlet.ActiveConnection.RegisteredRepositories;
                    var result = new List<(JobInfo, string?)>();
                    foreach ((JobInfo job, string? repository) in jobs)
                    {
                        if (repository != null || candidates.Count == 0)
                        {
                            result.Add((job, repository));
                            continue;
                        }

                        IReadOnlyList<string> holding = await cmdlet.ActiveConnection.Client.Snapshots.FindRepositoriesHoldingAsync(job.Label, candidates, sink, ct).ConfigureAwait(false);
                        if (holding.Count != 1)
                        {
                            sink.Verbose(holding.Count == 0
                                ? $"Backup '{job.Label}' of '{job.Database}' is in none of the repositories with storage access ({string.Join(", ", candidates)}); the catalog is not updated for it."
                                : $"Backup '{job.Label}' of '{job.Database}' is in more than one repository ({string.Join(", ", holding)}); run Sync-SrBackupCatalog on the right one.");
                        }

                        result.Add((job, holding.Count == 1 ? holding[0] : null));
                    }

                    return result;
                });
            }
            catch (StarRocksBackupException ex)
            {
                cmdlet.WriteWarning($"Could not tell which repository holds the finished backup(s) ({ex.Message}); the catalog is not updated for them. Run Sync-SrBackupCatalog later.");
                return jobs;
            }
        }

        public static void RecordFinished(StarRocksCmdlet cmdlet, IEnumerable<JobInfo> jobs)
        {
            List<(JobInfo Job, string? Repository)> finishedBackups = jobs.Where(j => j is BackupJob && j.IsFinished)
                .Select(j => (j, string.IsNullOrEmpty(j.Repository) ? null : j.Repository)).ToList();
            if (finishedBackups.Any(j => j.Repository is null))
            {
                finishedBackups = Attribute(cmdlet, finishedBackups);
            }

            foreach (IGrouping<string, JobInfo> repo in finishedBackups.Where(j => j.Repository != null)
                         .GroupBy(j => j.Repository!, j => j.Job, StringComparer.Ordinal))
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
