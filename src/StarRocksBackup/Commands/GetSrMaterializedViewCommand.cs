using System.Management.Automation;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists the asynchronous materialized views of a database (SHOW MATERIALIZED VIEWS).</summary>
    [Cmdlet(VerbsCommon.Get, "SrMaterializedView")]
    [OutputType(typeof(DatabaseObjectInfo))]
    public sealed class GetSrMaterializedViewCommand : DatabaseObjectCmdlet
    {
        private protected override DatabaseObjectKind Kind => DatabaseObjectKind.MaterializedView;
    }
}
