using System.Management.Automation;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists the user-defined functions of a database (SHOW FULL FUNCTIONS).</summary>
    [Cmdlet(VerbsCommon.Get, "SrFunction")]
    [OutputType(typeof(DatabaseObjectInfo))]
    public sealed class GetSrFunctionCommand : DatabaseObjectCmdlet
    {
        private protected override DatabaseObjectKind Kind => DatabaseObjectKind.Function;
    }
}
