using System;
using System.Collections.Generic;
using System.Linq;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Core.Sql;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>The external-catalog part of Restore-SrSnapshot (-ExternalCatalog, -AsExternalCatalog, -AllExternalCatalogs).</summary>
    public sealed partial class RestoreSrSnapshotCommand
    {
        private void RestoreCatalogs(string target)
        {
            string[] names = ExternalCatalog ?? Array.Empty<string>();
            string[] aliases = AsExternalCatalog ?? Array.Empty<string>();
            if (AllExternalCatalogs && names.Length > 0)
            {
                WriteError(Errors.From(new StarRocksBackupException(ErrorKind.InvalidArgument, "Give -ExternalCatalog or -AllExternalCatalogs, not both."), target));
                return;
            }

            if (aliases.Length > 0 && aliases.Length != names.Length)
            {
                WriteError(Errors.From(new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"-AsExternalCatalog needs one new name per -ExternalCatalog (got {aliases.Length} for {names.Length})."), target));
                return;
            }

            if (Table != null || View != null || MaterializedView != null || Function != null || !string.IsNullOrEmpty(AsDatabase))
            {
                WriteError(Errors.From(new StarRocksBackupException(ErrorKind.InvalidArgument,
                    "A catalog snapshot holds external catalogs only: -Table, -View, -MaterializedView, -Function and -AsDatabase do not apply."), target));
                return;
            }

            List<SqlCatalogRef>? refs = AllExternalCatalogs ? null : names.Select((n, i) => new SqlCatalogRef(n, aliases.Length > 0 ? aliases[i] : null)).ToList();
            string? timestamp = string.IsNullOrWhiteSpace(Timestamp) ? null : Timestamp!.Trim();
            TimeSpan? timeout = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : null;
            if (!TryRun((sink, ct) => ActiveConnection.Client.Restores.PlanCatalogRestoreAsync(Repository, Snapshot, timestamp, refs, timeout, sink, ct), target, out CatalogRestorePlan plan))
            {
                return;
            }

            string what = refs == null ? "every external catalog" : string.Join(", ", refs.Select(r => r.Alias == null ? r.Name : $"{r.Name} as {r.Alias}"));
            if (!ShouldProcess(plan.Sql, $"Restore {what} from snapshot '{plan.Snapshot}' ({plan.Timestamp}) in repository '{plan.Repository}'?", "Restore StarRocks external catalogs"))
            {
                return;
            }

            if (!TryRun((sink, ct) => ActiveConnection.Client.Restores.StartCatalogRestoreAsync(plan, sink, ct), target, out RestoreJob job))
            {
                return;
            }

            WriteObject(RestoreJobInfo.From(job, ActiveConnection.ServerInfo));
        }
    }
}
