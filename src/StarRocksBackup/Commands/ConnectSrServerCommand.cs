using System;
using System.Management.Automation;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Connects to a StarRocks FE, probes its version and run mode, and makes it this runspace's default connection.</summary>
    [Cmdlet(VerbsCommunications.Connect, "SrServer")]
    [OutputType(typeof(SrConnection))]
    public sealed class ConnectSrServerCommand : SrCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ComputerName", "HostName")]
        public string Server { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 9030;

        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        public SwitchParameter UseSsl { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ConnectionOptions options = new ConnectionOptions
            {
                Host = Server,
                Port = Port,
                UseSsl = UseSsl.IsPresent,
            };

            if (Credential is not null && Credential != PSCredential.Empty)
            {
                options.User = Credential.UserName.TrimStart('\\');
                options.Password = new Secret(Credential.GetNetworkCredential().Password);
            }

            string target = $"{options.User}@{Server}:{Port}";
            StarRocksClient client = RunOrThrow((sink, ct) => StarRocksClient.ConnectAsync(options, sink, ct), target);
            SrConnection connection = SrConnection.From(client);

            SrConnection? previous = ConnectionRegistry.Current;
            ConnectionRegistry.SetCurrent(connection);
            WriteVerbose($"Connected to {connection}: StarRocks {connection.ServerVersion} ({connection.ServerVersionText}), run mode {connection.RunMode}. It is now this session's default connection.");
            if (previous is not null && !ReferenceEquals(previous, connection))
            {
                WriteDebug($"Replaced the previous default connection {previous}.");
            }

            if (PassThru)
            {
                WriteObject(connection);
            }
        }
    }
}
