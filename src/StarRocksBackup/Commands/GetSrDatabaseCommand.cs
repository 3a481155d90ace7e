using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists databases (SHOW DATABASES).</summary>
    [Cmdlet(VerbsCommon.Get, "SrDatabase")]
    [OutputType(typeof(DatabaseInfo))]
    public sealed class GetSrDatabaseCommand : StarRocksCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [Alias("Database")]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (!TryRun((sink, ct) => ActiveConnection.Client.Catalog.ListDatabasesAsync(sink, ct), Name, out IReadOnlyList<Database> databases))
            {
                return;
            }

            foreach (Database db in NameFilter.Apply(databases, d => d.Name, Name,
                n => WriteError(Errors.NotFound(ErrorKind.DatabaseNotFound, $"Database '{n}' does not exist.", n))))
            {
                WriteObject(DatabaseInfo.From(db));
            }
        }
    }
}
