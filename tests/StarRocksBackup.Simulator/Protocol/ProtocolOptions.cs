namespace StarRocksBackup.Simulator.Protocol;

/// <summary>Options of the MySQL wire layer.</summary>
public sealed class ProtocolOptions
{
    /// <summary>Handshake server version (StarRocks' Config.mysql_server_version, default 5.1.0).</summary>
    public string ServerVersion { get; set; } = "5.1.0";

    /// <summary>What SELECT @@version_comment answers, e.g. "StarRocks version 3.3.9".</summary>
    public string VersionComment { get; set; } = "StarRocks version 3.3.9";

    /// <summary>Accounts: user name → plain-text password ("" = no password). root/"" by default.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal) { ["root"] = string.Empty };

    /// <summary>
    /// LDAP accounts (StarRocks' authentication_ldap_simple): user → password. The server switches these users to
    /// mysql_clear_password, so the client must send the password itself (a real FE passes it to the LDAP server).
    /// </summary>
    public Dictionary<string, string> LdapUsers { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The FE's TLS certificate (with private key). Set: CLIENT_SSL is advertised and an SSLRequest upgrades the
    /// connection (StarRocks' ssl support); null: no TLS, as a default FE.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; set; }

    /// <summary>
    /// The address to listen on (default 127.0.0.1). Tests that need the client to see a non-loopback FE run the
    /// simulator inside a network namespace of their own and bind it to an address there.
    /// </summary>
    public System.Net.IPAddress BindAddress { get; set; } = System.Net.IPAddress.Loopback;

    /// <summary>Fault injection: how long a new connection waits before the server sends its handshake.</summary>
    public TimeSpan ConnectDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// A network round trip: each reply to a command waits this long before it is sent, after the command was run (so
    /// nothing the command holds, such as the BACKUP submission lock, is held meanwhile). Zero on loopback.
    /// </summary>
    public TimeSpan ReplyDelay { get; set; } = TimeSpan.Zero;

    /// <summary>A client that has not finished logging in after this long is disconnected.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest command payload accepted from a client (bytes); larger closes that connection.</summary>
    public int MaxPacketSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Receives diagnostic lines (protocol violations, handler exceptions). Null: written to
    /// System.Diagnostics.Trace only. Must be thread-safe; must not throw.
    /// </summary>
    public Action<string>? Log { get; set; }
}
