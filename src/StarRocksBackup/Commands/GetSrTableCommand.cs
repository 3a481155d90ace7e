using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists the tables of a database (SHOW FULL TABLES).</summary>
    [Cmdlet(VerbsCommon.Get, "SrTable")]
    [OutputType(typeof(TableInfo))]
    public sealed class GetSrTableCommand : StarRocksCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string Database { get; set; } = string.Empty;

        [Parameter(Position = 1)]
        [SupportsWildcards]
        [Alias("Table")]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            string database = Database;
            if (!TryRun((sink, ct) => ActiveConnection.Client.Catalog.ListTablesAsync(database, sink, ct), database, out IReadOnlyList<Table> tables))
            {
                return;
            }

            foreach (Table table in NameFilter.Apply(tables, t => t.Name, Name,
                n => WriteError(Errors.NotFound(ErrorKind.TableNotFound, $"Table '{n}' does not exist in database '{database}'.", $"{database}.{n}"))))
            {
                WriteObject(TableInfo.From(table));
            }
        }
    }
}
