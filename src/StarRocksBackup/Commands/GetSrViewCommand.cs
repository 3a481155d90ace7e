using System.Management.Automation;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists the logical views of a database (SHOW FULL TABLES rows of type VIEW that are not materialized views).</summary>
    [Cmdlet(VerbsCommon.Get, "SrView")]
    [OutputType(typeof(DatabaseObjectInfo))]
    public sealed class GetSrViewCommand : DatabaseObjectCmdlet
    {
        private protected override DatabaseObjectKind Kind => DatabaseObjectKind.View;
    }
}
