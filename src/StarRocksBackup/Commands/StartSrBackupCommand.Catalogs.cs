using System;
using System.Collections.Generic;
using System.Linq;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>The external-catalog part of Start-SrBackup (-ExternalCatalog, -AllExternalCatalogs).</summary>
    public sealed partial class StartSrBackupCommand
    {
        private void BackupCatalogs()
        {
            if (!AllExternalCatalogs && _catalogs.Count == 0)
            {
                return;
            }

            BackupRequest request = new BackupRequest
            {
                Repository = Repository,
                LabelTimeUtc = Snapshot.IndexOf('{') >= 0 ? BackupLabelClock.Shared.Next() : DateTime.UtcNow,
                Timeout = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : null,
                AllExternalCatalogs = AllExternalCatalogs,
            };
            if (Snapshot.IndexOf('{') >= 0)
            {
                request.LabelTemplate = Snapshot;
            }
            else
            {
                request.CatalogLabel = Snapshot;
            }

            foreach (string c in _catalogs.Distinct(StringComparer.Ordinal))
            {
                request.ExternalCatalogs.Add(c);
            }

            CatalogBackup backup;
            try
            {
                backup = ActiveConnection.Client.Backups.Plan(request).Catalogs!;
            }
            catch (StarRocksBackupException ex)
            {
                ThrowTerminatingError(Errors.From(ex, AllExternalCatalogs ? "AllExternalCatalogs" : string.Join(", ", _catalogs)));
                return;
            }

            string what = backup.Catalogs is null ? "every external catalog" : "external catalog(s) " + string.Join(", ", backup.Catalogs);
            WriteDebug("SQL: " + backup.Sql);
            if (!ShouldProcess(TargetText("external catalogs"), $"Back up {what} to repository '{backup.Repository}' as snapshot '{backup.Label}': {backup.Sql}"))
            {
                return;
            }

            if (!TryRun((sink, ct) => ActiveConnection.Client.Backups.StartCatalogBackupAsync(backup, sink, ct), what, out BackupJob job))
            {
                return;
            }

            if (Wait || WaitTimeoutSeconds > 0)
            {
                JobWaiting.WaitAndReport(this, new List<JobInfo> { job }, WaitTimeoutSeconds);
            }
            else
            {
                WriteObject(BackupJobInfo.From(job, ActiveConnection.ServerInfo));
            }
        }
    }
}
