using System.Management.Automation;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Base of every cmdlet that talks to a server: resolves -Connection, else the runspace default,
    /// else stops with the terminating NotConnected error.
    /// </summary>
    public abstract class StarRocksCmdlet : SrCmdletBase
    {
        /// <summary>The connection to use instead of the runspace default.</summary>
        [Parameter]
        [ValidateNotNull]
        public SrConnection? Connection { get; set; }

        /// <summary>The connection this invocation uses, resolved in BeginProcessing.</summary>
        internal SrConnection ActiveConnection { get; private set; } = null!;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            SrConnection? resolved = Connection ?? ConnectionRegistry.Current;
            if (resolved is null)
            {
                ThrowTerminatingError(Errors.NotConnected());
                return;
            }

            if (resolved.IsClosed)
            {
                // Disconnect-SrServer closed it: a kept variable or another runspace's stale default must not quietly work.
                if (Connection is null)
                {
                    ConnectionRegistry.SetCurrent(null);
                }

                ThrowTerminatingError(Errors.ConnectionClosed(resolved, Connection is not null));
                return;
            }

            ActiveConnection = resolved;
            WriteDebug(Connection is null ? $"Using the default connection {resolved}." : $"Using -Connection {resolved}.");
        }

        /// <summary>"server:port/name", the target text of ShouldProcess messages.</summary>
        internal string TargetText(string name) => $"{ActiveConnection.Server}:{ActiveConnection.Port}/{name}";
    }
}
