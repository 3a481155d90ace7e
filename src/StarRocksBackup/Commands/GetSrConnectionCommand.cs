using System.Management.Automation;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Returns this runspace's default connection (nothing when there is none).</summary>
    [Cmdlet(VerbsCommon.Get, "SrConnection")]
    [OutputType(typeof(SrConnection))]
    public sealed class GetSrConnectionCommand : SrCmdletBase
    {
        protected override void ProcessRecord()
        {
            SrConnection? current = ConnectionRegistry.Current;
            if (current is null)
            {
                WriteVerbose("This session has no default connection; run Connect-SrServer.");
                return;
            }

            WriteObject(current);
        }
    }
}
