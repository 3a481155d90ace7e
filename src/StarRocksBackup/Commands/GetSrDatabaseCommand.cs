using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists databases (SHOW DATABASES); system databases only with -IncludeSystem or when named exactly.</summary>
    [Cmdlet(VerbsCommon.Get, "SrDatabase")]
    [OutputType(typeof(DatabaseInfo))]
    public sealed class GetSrDatabaseCommand : StarRocksCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [Alias("Database")]
        [ArgumentCompleter(typeof(DatabaseNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter]
        public SwitchParameter IncludeSystem { get; set; }

        protected override void ProcessRecord()
        {
            if (!TryRun((sink, ct) => ActiveConnection.Client.Catalog.ListDatabasesAsync(sink, ct), Name, out IReadOnlyList<Database> databases))
            {
                return;
            }

            // information_schema, _statistics_ and sys cannot be backed up: keep them out of `Get-SrDatabase | Start-SrBackup`
            // unless asked for (-IncludeSystem, or the exact name).
            HashSet<string> exact = new HashSet<string>((Name ?? System.Array.Empty<string>()).Where(n => !string.IsNullOrEmpty(n) && !WildcardPattern.ContainsWildcardCharacters(n)), System.StringComparer.Ordinal);
            IEnumerable<Database> visible = databases.Where(d => IncludeSystem || !d.IsSystem || exact.Contains(d.Name));
            foreach (Database db in NameFilter.Apply(visible, d => d.Name, Name,
                n => WriteError(Errors.NotFound(ErrorKind.DatabaseNotFound, $"Database '{n}' does not exist.", n))))
            {
                WriteObject(DatabaseInfo.From(db));
            }
        }
    }
}
