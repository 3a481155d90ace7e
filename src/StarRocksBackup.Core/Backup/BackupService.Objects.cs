using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Backup
{
    /// <summary>What a database backup does not carry, and the external-catalog backup.</summary>
    public sealed partial class BackupService
    {
        /// <summary>
        /// Messages naming what the whole-database backups of <paramref name="plan"/> will NOT carry, and what to do: external
        /// catalogs are never part of a database snapshot (3.4+: back them up with their own snapshot); before 3.4 views,
        /// materialized views and functions are not carried either. Empty when everything is covered. Failures to list
        /// objects are reported through <paramref name="observer"/>'s Debug and skipped.
        /// </summary>
        public async Task<IReadOnlyList<string>> FindUncoveredObjectsAsync(BackupPlan plan, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            var messages = new List<string>();
            List<DatabaseBackup> whole = plan.Databases.Where(d => d.IsWholeDatabase).ToList();
            if (whole.Count == 0)
            {
                return messages;
            }

            if (_client.Server.SupportsObjectBackup)
            {
                if (plan.Catalogs == null)
                {
                    try
                    {
                        IReadOnlyList<ExternalCatalog> catalogs = await _client.Objects.ListExternalCatalogsAsync(observer, cancellationToken).ConfigureAwait(false);
                        if (catalogs.Count > 0)
                        {
                            messages.Add($"External catalogs are not part of a database backup: {string.Join(", ", catalogs.Select(c => c.Name))} " +
                                "will not be in these snapshots. Back them up with Start-SrBackup -ExternalCatalog <name> or -AllExternalCatalogs.");
                        }
                    }
                    catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ServerError)
                    {
                        observer.Debug($"Could not list external catalogs ({ex.Message}).");
                    }
                }

                return messages;
            }

            foreach (DatabaseBackup db in whole)
            {
                IReadOnlyList<DatabaseObject> objects;
                try
                {
                    objects = await _client.Objects.ListAsync(db.Database, null, observer, cancellationToken).ConfigureAwait(false);
                }
                catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ServerError)
                {
                    observer.Debug($"Could not list the views, materialized views and functions of '{db.Database}' ({ex.Message}).");
                    continue;
                }

                if (objects.Count > 0)
                {
                    messages.Add($"StarRocks {_client.Server.Version} backs up tables only: {string.Join(", ", objects.Select(o => $"{o.Kind} {o.Signature ?? o.Name}"))} " +
                        $"of database '{db.Database}' will not be in snapshot '{db.Label}'. Keep their definitions (SHOW CREATE VIEW, SHOW CREATE MATERIALIZED VIEW, " +
                        "SHOW FULL FUNCTIONS) to recreate them after a restore, or upgrade to 3.4+, whose database backups carry them.");
                }
            }

            return messages;
        }

        /// <summary>
        /// Submits the external-catalog BACKUP of <paramref name="backup"/> and returns its job (listed by SHOW BACKUP with an
        /// empty database name: the catalog job slot, dbId -1).
        /// </summary>
        /// <exception cref="StarRocksBackupException">UnsupportedByServer (before 3.4), JobInProgress, RepositoryNotFound, ServerError (unknown catalog), JobNotFound.</exception>
        public async Task<BackupJob> StartCatalogBackupAsync(CatalogBackup backup, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            observer.Verbose($"Starting the external-catalog backup: {backup.Sql}");
            await _client.Session.ExecuteAsync(backup.Sql, StatementSafety.NonIdempotent, observer, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<BackupJob> jobs = await _client.Jobs.ListBackupJobsAsync(null, observer, cancellationToken).ConfigureAwait(false);
            BackupJob? job = jobs.FirstOrDefault(j => string.Equals(j.Label, backup.Label, StringComparison.Ordinal) && string.IsNullOrEmpty(j.Database));
            if (job == null)
            {
                throw new StarRocksBackupException(ErrorKind.JobNotFound,
                    $"The external-catalog BACKUP was accepted but SHOW BACKUP does not list job '{backup.Label}'.")
                { Statement = backup.Sql };
            }

            return job.WithRepository(backup.Repository);
        }
    }
}
