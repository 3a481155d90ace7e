// Connection phase: Handshake v10, HandshakeResponse41, AuthSwitchRequest and the
// mysql_native_password check. Shaped after StarRocks' MysqlHandshakePacket / MysqlCapability
// (fe/fe-core/src/main/java/com/starrocks/mysql/): protocol 10, charset 33, status flags 0,
// a 20-byte scramble, plugin mysql_native_password.
using System.Security.Cryptography;
using System.Text;

namespace StarRocksBackup.Simulator.Protocol;

/// <summary>Capability flags (MysqlCapability.Flag).</summary>
[Flags]
internal enum Capabilities : uint
{
    LongPassword = 0x00000001,
    LongFlag = 0x00000004,
    ConnectWithDb = 0x00000008,
    Protocol41 = 0x00000200,
    Ssl = 0x00000800,
    Transactions = 0x00002000,
    SecureConnection = 0x00008000,
    PluginAuth = 0x00080000,
    ConnectAttrs = 0x00100000,
    PluginAuthLenencClientData = 0x00200000,
    DeprecateEof = 0x01000000,

    /// <summary>
    /// StarRocks' DEFAULT_FLAGS (PROTOCOL_41 | CONNECT_WITH_DB | SECURE_CONNECTION | PLUGIN_AUTH |
    /// LONG_FLAG | CONNECT_ATTRS | PLUGIN_AUTH_LENENC_CLIENT_DATA) plus LONG_PASSWORD and
    /// TRANSACTIONS, which every real MySQL server sets. No DEPRECATE_EOF: EOF packets are sent. SSL is added
    /// only when the FE has a certificate (see <see cref="Handshake.WriteHandshake"/>).
    /// </summary>
    Server = LongPassword | LongFlag | ConnectWithDb | Protocol41 | Transactions | SecureConnection
        | PluginAuth | ConnectAttrs | PluginAuthLenencClientData,
}

/// <summary>What the client said in its HandshakeResponse41.</summary>
internal sealed record HandshakeResponse(Capabilities ClientFlags, string User, byte[] AuthResponse, string? Database, string? AuthPlugin);

/// <summary>Builds and parses the connection-phase packets; checks passwords.</summary>
internal static class Handshake
{
    public const string NativePlugin = "mysql_native_password";
    public const string ClearPasswordPlugin = "mysql_clear_password";

    /// <summary>SSLRequest: the first 32 bytes of HandshakeResponse41 with CLIENT_SSL set, and nothing after them.</summary>
    public static bool IsSslRequest(byte[] payload) =>
        payload.Length == 32 && (((Capabilities)BitConverter.ToUInt32(payload, 0)) & Capabilities.Ssl) != 0;
    public const int ProtocolVersion = 10;
    public const int Utf8GeneralCi = 33;
    public const int ScrambleLength = 20;

    /// <summary>A scramble of printable, non-NUL bytes (as MysqlPassword.createRandomString does).</summary>
    public static byte[] NewScramble()
    {
        byte[] s = RandomNumberGenerator.GetBytes(ScrambleLength);
        for (int i = 0; i < s.Length; i++) s[i] = (byte)(0x21 + (s[i] % 94));
        return s;
    }

    public static void WriteHandshake(PayloadWriter w, string serverVersion, int connectionId, byte[] scramble, bool tls = false)
    {
        uint caps = (uint)(tls ? Capabilities.Server | Capabilities.Ssl : Capabilities.Server);
        w.Byte(ProtocolVersion)
            .NulTerminatedString(serverVersion)
            .Int4((uint)connectionId)
            .Bytes(scramble.AsSpan(0, 8))
            .Byte(0) // filler
            .Int2((int)(caps & 0xFFFF))
            .Byte(Utf8GeneralCi)
            .Int2(0) // status flags: StarRocks sends 0
            .Int2((int)(caps >> 16))
            .Byte(scramble.Length + 1)
            .Zeros(10)
            .Bytes(scramble.AsSpan(8)) // the remaining 12 bytes ...
            .Byte(0) // ... padded to 13 (the protocol asks for at least 13)
            .NulTerminatedString(NativePlugin);
    }

    /// <summary>Parses HandshakeResponse41; throws <see cref="ProtocolViolationException"/> for anything else.</summary>
    public static HandshakeResponse ParseResponse(byte[] payload)
    {
        var r = new PayloadReader(payload);
        var flags = (Capabilities)r.Int4();
        if ((flags & Capabilities.Protocol41) == 0)
        {
            throw new ProtocolViolationException("client does not speak protocol 4.1 (HandshakeResponse320 is not supported)");
        }

        r.Int4(); // max packet size
        r.Byte(); // client charset
        r.Skip(23); // filler
        if (r.AtEnd && (flags & Capabilities.Ssl) != 0)
        {
            throw new ProtocolViolationException("client asked for SSL, which this server does not offer");
        }

        string user = r.NulTerminatedString();
        byte[] auth;
        if ((flags & Capabilities.PluginAuthLenencClientData) != 0)
        {
            auth = r.LengthEncodedBytes();
        }
        else if ((flags & Capabilities.SecureConnection) != 0)
        {
            auth = r.Bytes(r.Byte());
        }
        else
        {
            auth = Encoding.UTF8.GetBytes(r.NulTerminatedString());
        }

        string? database = null;
        if ((flags & Capabilities.ConnectWithDb) != 0 && !r.AtEnd)
        {
            database = r.NulTerminatedOrRest();
            if (database.Length == 0) database = null;
        }

        string? plugin = null;
        if ((flags & Capabilities.PluginAuth) != 0 && !r.AtEnd)
        {
            plugin = r.NulTerminatedOrRest();
        }

        // Connection attributes (CONNECT_ATTRS) follow; they are not used, so they are not parsed.
        return new HandshakeResponse(flags, user, auth, database, plugin);
    }

    /// <summary>
    /// Parses COM_CHANGE_USER: user, auth response (length-prefixed with SECURE_CONNECTION), schema,
    /// then optionally charset (2 bytes), plugin name and connection attributes.
    /// </summary>
    public static HandshakeResponse ParseChangeUser(byte[] payload, Capabilities clientFlags)
    {
        var r = new PayloadReader(payload, 1);
        string user = r.NulTerminatedString();
        byte[] auth = (clientFlags & Capabilities.SecureConnection) != 0
            ? r.Bytes(r.Byte())
            : Encoding.UTF8.GetBytes(r.NulTerminatedString());
        string? database = r.AtEnd ? null : r.NulTerminatedOrRest();
        if (database?.Length == 0) database = null;
        string? plugin = null;
        if (r.Remaining >= 2)
        {
            r.Skip(2); // charset
            if ((clientFlags & Capabilities.PluginAuth) != 0 && !r.AtEnd) plugin = r.NulTerminatedOrRest();
        }

        return new HandshakeResponse(clientFlags, user, auth, database, plugin);
    }

    public static void WriteAuthSwitch(PayloadWriter w, byte[] scramble, string plugin = NativePlugin) =>
        w.Byte(0xFE).NulTerminatedString(plugin).Bytes(scramble).Byte(0);

    /// <summary>mysql_clear_password: the response is the password in UTF-8, NUL-terminated (the NUL is optional here).</summary>
    public static bool VerifyClearPassword(string password, byte[] response)
    {
        int length = response.Length > 0 && response[^1] == 0 ? response.Length - 1 : response.Length;
        byte[] expected = Encoding.UTF8.GetBytes(password);
        return length == expected.Length && CryptographicOperations.FixedTimeEquals(expected, response.AsSpan(0, length));
    }

    /// <summary>
    /// mysql_native_password: the client sends SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw))); an empty
    /// password is an empty response (some clients send one NUL byte, treated the same).
    /// </summary>
    public static bool VerifyNativePassword(string password, byte[] scramble, byte[] response)
    {
        bool emptyResponse = response.Length == 0 || (response.Length == 1 && response[0] == 0);
        if (password.Length == 0) return emptyResponse;
        if (response.Length != 20) return false;

        byte[] stage1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        byte[] stage2 = SHA1.HashData(stage1);
        byte[] salted = SHA1.HashData([.. scramble, .. stage2]);
        byte[] expected = new byte[20];
        for (int i = 0; i < 20; i++) expected[i] = (byte)(stage1[i] ^ salted[i]);
        return CryptographicOperations.FixedTimeEquals(expected, response);
    }

    /// <summary>Whether the client used a password, as StarRocks reports it in ERR 1045.</summary>
    public static bool UsedPassword(byte[] response) => !(response.Length == 0 || (response.Length == 1 && response[0] == 0));
}
