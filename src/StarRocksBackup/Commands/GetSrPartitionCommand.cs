using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists partitions with their visible versions (information_schema.partitions_meta); temporary partitions only with -IncludeTemporary.</summary>
    [Cmdlet(VerbsCommon.Get, "SrPartition")]
    [OutputType(typeof(PartitionInfo))]
    public sealed class GetSrPartitionCommand : StarRocksCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string Database { get; set; } = string.Empty;

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        public string? Table { get; set; }

        [Parameter(Position = 2)]
        [SupportsWildcards]
        [Alias("Partition")]
        public string[]? Name { get; set; }

        [Parameter]
        public SwitchParameter IncludeTemporary { get; set; }

        protected override void ProcessRecord()
        {
            string database = Database;
            string? table = string.IsNullOrEmpty(Table) ? null : Table;
            object target = table is null ? database : $"{database}.{table}";
            if (!TryRun((sink, ct) => ActiveConnection.Client.Catalog.ListPartitionsAsync(database, table, IncludeTemporary.IsPresent, sink, ct), target, out IReadOnlyList<Partition> partitions))
            {
                return;
            }

            foreach (Partition partition in NameFilter.Apply(partitions, p => p.Name, Name,
                n => WriteError(Errors.NotFound(ErrorKind.PartitionNotFound, $"Partition '{n}' does not exist in {target}.", $"{target}.{n}"))))
            {
                WriteObject(PartitionInfo.From(partition, ActiveConnection.ServerInfo));
            }
        }
    }
}
