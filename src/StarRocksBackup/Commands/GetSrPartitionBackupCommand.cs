using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.History;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Which snapshot holds each partition of a table as of a time (the catalog's answer).</summary>
    [Cmdlet(VerbsCommon.Get, "SrPartitionBackup")]
    [OutputType(typeof(PartitionBackupInfo))]
    public sealed class GetSrPartitionBackupCommand : StorageAccessCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string Database { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Table { get; set; } = string.Empty;

        [Parameter(Position = 3, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[]? Partition { get; set; }

        [Parameter]
        public DateTime? AsOf { get; set; }

        private readonly Dictionary<string, IReadOnlyList<BackupManifest>> _cache = new Dictionary<string, IReadOnlyList<BackupManifest>>(StringComparer.Ordinal);

        protected override void ProcessRecord()
        {
            string repository = Repository;
            string database = Database;
            if (!_cache.TryGetValue(database, out IReadOnlyList<BackupManifest>? manifests))
            {
                try
                {
                    manifests = WithCatalog(repository, (catalog, sink, ct) => catalog.ListAsync(database, false, ct));
                }
                catch (Exception ex) when (Errors.IsExpected(ex))
                {
                    WriteError(Errors.From(ex, $"{repository}/{database}"));
                    return;
                }

                _cache[database] = manifests;
            }

            DateTimeOffset? asOf = AsOf is DateTime t ? new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Local) : t) : (DateTimeOffset?)null;
            IReadOnlyList<PartitionHolder> holders = BackupCatalog.FindHolders(manifests, Table, asOf);
            string target = $"{database}.{Table}";
            foreach (PartitionHolder h in NameFilter.Apply(holders, x => x.Partition.Partition, Partition,
                         n => WriteError(Errors.NotFound(ErrorKind.PartitionNotFound,
                             $"No backup in repository '{repository}' holds partition '{n}' of {target}{(asOf is null ? string.Empty : $" as of {asOf:u}")}.", $"{target}.{n}"))))
            {
                WriteObject(PartitionBackupInfo.From(h.Manifest, h.Partition));
            }
        }
    }
}
