using System;

namespace StarRocksBackup.Core.Connection
{
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

        /// <summary>Require TLS (SslMode=Required); otherwise TLS is not used.</summary>
        public bool UseSsl { get; set; }

        /// <summary>Time allowed to open a connection.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Time allowed for one statement (the driver then cancels it on the server).</summary>
        public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(300);

        /// <summary>How many times an idempotent statement is retried after a dropped connection.</summary>
        public int MaxReconnectAttempts { get; set; } = 6;

        /// <summary>First delay between reconnect attempts (exponential back-off from here).</summary>
        public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

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
        }

        /// <summary>A copy (so a client is not affected by later changes to the caller's object).</summary>
        public ConnectionOptions Clone() => (ConnectionOptions)MemberwiseClone();

        /// <summary><c>user@host:port</c> (never the password).</summary>
        public override string ToString() => $"{User}@{Host}:{Port}{(UseSsl ? " (TLS)" : string.Empty)}";
    }
}
