using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Lists partitions with their visible versions (information_schema.partitions_meta); temporary partitions only with
    /// -IncludeTemporary. With -Changed -Repository, only the partitions needing a backup, each with its reason.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SrPartition", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(PartitionInfo), ParameterSetName = new[] { ListSet })]
    [OutputType(typeof(PartitionChangeInfo), ParameterSetName = new[] { ChangedSet })]
    public sealed class GetSrPartitionCommand : StorageAccessCmdlet
    {
        private const string ListSet = "List";
        private const string ChangedSet = "Changed";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ListSet)]
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ChangedSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string Database { get; set; } = string.Empty;

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        public string? Table { get; set; }

        [Parameter(Position = 2)]
        [SupportsWildcards]
        [Alias("Partition")]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter IncludeTemporary { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ChangedSet)]
        public SwitchParameter Changed { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ChangedSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        [Parameter(ParameterSetName = ChangedSet)]
        [ValidateRange(1, 36500)]
        public int LateDataDays { get; set; }

        [Parameter(ParameterSetName = ChangedSet)]
        public SwitchParameter IncludeLateData { get; set; }

        [Parameter(ParameterSetName = ChangedSet)]
        public SwitchParameter IncludeIgnored { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ChangedSet)
            {
                WriteChanges();
                return;
            }

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

        private void WriteChanges()
        {
            string repository = Repository;
            string? only = string.IsNullOrEmpty(Database) ? null : Database;
            string? table = string.IsNullOrEmpty(Table) ? null : Table;
            var options = new ChangeDetectionOptions
            {
                LateDataAge = LateDataDays > 0 ? TimeSpan.FromDays(LateDataDays) : (TimeSpan?)null,
                IncludeLateData = IncludeLateData.IsPresent,
                TableFilter = table is null ? null : t => string.Equals(t, table, StringComparison.OrdinalIgnoreCase),
            };
            IReadOnlyList<DatabaseChanges> all;
            try
            {
                all = WithCatalog(repository, async (catalog, sink, ct) =>
                {
                    if (only != null)
                    {
                        return (IReadOnlyList<DatabaseChanges>)new[] { await ChangeDetector.DetectAsync(ActiveConnection.Client, catalog, only, options, sink, ct).ConfigureAwait(false) };
                    }

                    // Every database: one partitions_meta statement for all, their catalogs read a few at a time.
                    List<string> databases = (await ActiveConnection.Client.Catalog.ListDatabasesAsync(sink, ct).ConfigureAwait(false)).Where(d => !d.IsSystem).Select(d => d.Name).ToList();
                    return await ChangeDetector.DetectManyAsync(ActiveConnection.Client, catalog, databases, databases.Count, options, sink, ct).ConfigureAwait(false);
                });
            }
            catch (Exception ex) when (Errors.IsExpected(ex))
            {
                if (Errors.IsTerminating(ex))
                {
                    ThrowTerminatingError(Errors.From(ex, repository));
                }

                WriteError(Errors.From(ex, only ?? repository));
                return;
            }

            foreach (DatabaseChanges changes in all)
            {
                foreach (PartitionChange c in changes.Changes)
                {
                    if (!c.NeedsBackup)
                    {
                        WriteVerbose($"{c.Current}: late data (range ended {c.Current.RangeUpperBound:yyyy-MM-dd}) changed since its backup in '{c.LastBackup?.Manifest.Label}'; left out by the late-data rule.");
                        if (!IncludeIgnored)
                        {
                            continue;
                        }
                    }

                    if (Name is { Length: > 0 } && !Name.Any(n => new WildcardPattern(n).IsMatch(c.Current.Name)))
                    {
                        continue;
                    }

                    WriteObject(PartitionChangeInfo.From(repository, c));
                }
            }
        }
    }
}
