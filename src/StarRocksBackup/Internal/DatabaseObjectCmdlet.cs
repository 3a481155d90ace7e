using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Internal
{
    /// <summary>Base of Get-SrView, Get-SrMaterializedView and Get-SrFunction: one kind of object of a database.</summary>
    public abstract class DatabaseObjectCmdlet : StarRocksCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string Database { get; set; } = string.Empty;

        [Parameter(Position = 1)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>The kind this cmdlet lists.</summary>
        private protected abstract DatabaseObjectKind Kind { get; }

        protected override void ProcessRecord()
        {
            string database = Database;
            DatabaseObjectKind kind = Kind;
            if (!TryRun((sink, ct) => ActiveConnection.Client.Objects.ListAsync(database, kind, sink, ct), database, out IReadOnlyList<DatabaseObject> objects))
            {
                return;
            }

            foreach (DatabaseObject o in NameFilter.Apply(objects, x => x.Name, Name,
                n => WriteError(Errors.NotFound(ErrorKind.TableNotFound, $"{kind} '{n}' does not exist in database '{database}'.", $"{database}.{n}"))))
            {
                WriteObject(DatabaseObjectInfo.From(o));
            }
        }
    }
}
