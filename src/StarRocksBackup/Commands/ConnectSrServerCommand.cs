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
        [ValidateSet("Required", "VerifyCA", "VerifyFull")]
        public string? SslMode { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SslCaCertificate { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ConnectionOptions options = new ConnectionOptions
            {
                Host = Server,
                Port = Port,
            };

            if (!TryApplyTls(options))
            {
                return;
            }

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

        /// <summary>
        /// Any TLS parameter means TLS. The mode is -SslMode, else Required for -SkipCertificateCheck (the explicit
        /// "do not check"), else VerifyFull: the certificate must chain to a trusted CA and name -Server.
        /// </summary>
        private bool TryApplyTls(ConnectionOptions options)
        {
            bool tls = UseSsl.IsPresent || SslMode is not null || SslCaCertificate is not null || SkipCertificateCheck.IsPresent;
            if (!tls)
            {
                return true;
            }

            if (SkipCertificateCheck.IsPresent && (SslCaCertificate is not null || (SslMode is not null && SslMode != "Required")))
            {
                ThrowTerminatingError(Errors.InvalidArgument(
                    "-SkipCertificateCheck turns certificate checking off; it cannot be combined with -SslCaCertificate or -SslMode " + SslMode + ".",
                    SkipCertificateCheck));
                return false;
            }

            options.SslMode = SslMode switch
            {
                "Required" => Core.Connection.SslMode.Required,
                "VerifyCA" => Core.Connection.SslMode.VerifyCA,
                "VerifyFull" => Core.Connection.SslMode.VerifyFull,
                _ => SkipCertificateCheck.IsPresent ? Core.Connection.SslMode.Required : Core.Connection.SslMode.VerifyFull,
            };
            if (SslCaCertificate is not null)
            {
                string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(SslCaCertificate);
                if (!System.IO.File.Exists(path))
                {
                    ThrowTerminatingError(Errors.InvalidArgument($"The CA certificate file '{path}' does not exist.", SslCaCertificate));
                    return false;
                }

                options.SslCaCertificateFile = path;
            }

            return true;
        }
    }
}
