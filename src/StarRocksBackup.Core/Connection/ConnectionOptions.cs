using System;
using System.IO;

namespace StarRocksBackup.Core.Connection
{
    /// <summary>Whether and how the connection to the FE is encrypted and the FE's certificate checked.</summary>
    public enum SslMode
    {
        /// <summary>No TLS (StarRocks' default; a clear-text password plugin is then refused by the driver for remote FEs).</summary>
        None,

        /// <summary>TLS, the FE's certificate is NOT checked: the explicit "skip verification" choice (encrypts, but does not prove who the FE is).</summary>
        Required,

        /// <summary>TLS; the certificate must chain to a trusted CA (the system store, or <see cref="ConnectionOptions.SslCaCertificateFile"/>); the host name is not compared.</summary>
        VerifyCA,

        /// <summary>TLS; the certificate must chain to a trusted CA and name the host connected to.</summary>
        VerifyFull,
    }

    /// <summary>Where and how to connect to a StarRocks FE (MySQL protocol).</summary>
    public sealed class ConnectionOptions
    {
        /// <summary>FE host name or address.</summary>
        public string Host { get; set; } = "127.0.0.1";

        /// <summary>FE query port (default 9030).</summary>
        public int Port { get; set; } = 9030;

        /// <summary>User name.</summary>
        public string User { get; set; } = "root";

        /// <summary>Password (masked in every ToString).</summary>
        public Secret Password { get; set; } = Secret.Empty;

        /// <summary>TLS and certificate checking (default <see cref="SslMode.None"/>).</summary>
        public SslMode SslMode { get; set; } = SslMode.None;

        /// <summary>
        /// A PEM file with the CA certificate(s) to trust for the FE's certificate (instead of the system store);
        /// needs <see cref="SslMode.VerifyCA"/> or <see cref="SslMode.VerifyFull"/>.
        /// </summary>
        public string? SslCaCertificateFile { get; set; }

        /// <summary>True when the connection uses TLS (<see cref="SslMode"/> is not None).</summary>
        public bool UseSsl => SslMode != SslMode.None;

        /// <summary>Time allowed to open a connection.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Time allowed for one statement (the driver then cancels it on the server).</summary>
        public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(300);

        /// <summary>How many times an idempotent statement is retried after a dropped connection.</summary>
        public int MaxReconnectAttempts { get; set; } = 6;

        /// <summary>First delay between reconnect attempts (exponential back-off from here).</summary>
        public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

        /// <summary>
        /// How many times a BACKUP or RESTORE is sent again when StarRocks answers "Another backup or restore job is being
        /// submitted" (its submission lock, held while another BACKUP or RESTORE lists the repository, was not free within
        /// 10 s). Nothing was done then, so sending again is always safe.
        /// </summary>
        public int MaxSubmissionRetries { get; set; } = 5;

        /// <summary>First delay before sending such a statement again (exponential back-off from here, at most 10 s).</summary>
        public TimeSpan SubmissionRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Checks the options; throws <see cref="ErrorKind.InvalidArgument"/>.</summary>
        public void Validate()
        {
            if (string.IsNullOrWhiteSpace(Host))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "Host must not be empty.");
            }

            if (Port < 1 || Port > 65535)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"Port {Port} is out of range 1-65535.");
            }

            if (string.IsNullOrEmpty(User))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "User must not be empty.");
            }

            if (ConnectTimeout <= TimeSpan.Zero || CommandTimeout <= TimeSpan.Zero)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "ConnectTimeout and CommandTimeout must be positive.");
            }

            if (MaxReconnectAttempts < 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "MaxReconnectAttempts must not be negative.");
            }

            if (MaxSubmissionRetries < 0 || SubmissionRetryDelay < TimeSpan.Zero)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "MaxSubmissionRetries and SubmissionRetryDelay must not be negative.");
            }

            if (!string.IsNullOrEmpty(SslCaCertificateFile))
            {
                if (SslMode != SslMode.VerifyCA && SslMode != SslMode.VerifyFull)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"A CA certificate to trust was given, but SslMode is {SslMode}: it is used only to verify the FE's certificate (VerifyCA or VerifyFull).");
                }

                if (!File.Exists(SslCaCertificateFile))
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The CA certificate file '{SslCaCertificateFile}' does not exist.");
                }
            }
        }

        /// <summary>A copy (so a client is not affected by later changes to the caller's object).</summary>
        public ConnectionOptions Clone() => (ConnectionOptions)MemberwiseClone();

        /// <summary><c>user@host:port</c> (never the password).</summary>
        public override string ToString() => $"{User}@{Host}:{Port}{(UseSsl ? $" (TLS, {SslMode})" : string.Empty)}";
    }
}
