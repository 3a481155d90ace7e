using System.Management.Automation;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Closes a connection's pooled sockets and, when it is the default, clears this runspace's default connection.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "SrServer")]
    [OutputType(typeof(SrConnection))]
    public sealed class DisconnectSrServerCommand : SrCmdletBase
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public SrConnection? Connection { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            SrConnection? current = ConnectionRegistry.Current;
            SrConnection? target = Connection ?? current;
            if (target is null)
            {
                WriteVerbose("No connection to disconnect: this session has no default connection.");
                return;
            }

            if (ReferenceEquals(target, current))
            {
                ConnectionRegistry.SetCurrent(null);
            }

            target.Client.Dispose();
            WriteVerbose($"Disconnected {target}.");
            if (PassThru)
            {
                WriteObject(target);
            }
        }
    }
}
