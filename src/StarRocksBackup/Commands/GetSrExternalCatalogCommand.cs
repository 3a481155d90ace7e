using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists the external catalogs (SHOW CATALOGS without default_catalog).</summary>
    [Cmdlet(VerbsCommon.Get, "SrExternalCatalog")]
    [OutputType(typeof(ExternalCatalogInfo))]
    public sealed class GetSrExternalCatalogCommand : StarRocksCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (!TryRun((sink, ct) => ActiveConnection.Client.Objects.ListExternalCatalogsAsync(sink, ct), "external catalogs", out IReadOnlyList<ExternalCatalog> catalogs))
            {
                return;
            }

            foreach (ExternalCatalog c in NameFilter.Apply(catalogs, x => x.Name, Name,
                n => WriteError(Errors.NotFound(ErrorKind.InvalidArgument, $"External catalog '{n}' does not exist.", n))))
            {
                WriteObject(ExternalCatalogInfo.From(c));
            }
        }
    }
}
