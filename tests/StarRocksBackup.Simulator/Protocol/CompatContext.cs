using System.Collections.Concurrent;

namespace StarRocksBackup.Simulator.Protocol;

/// <summary>What the server offers the compat statements: other connections (KILL) and global variables.</summary>
internal interface IWireServer
{
    ProtocolOptions Options { get; }

    /// <summary>Values set with SET GLOBAL (names lower-cased), shared by every connection.</summary>
    ConcurrentDictionary<string, string> GlobalVariables { get; }

    /// <summary>Cancels the running statement of connection <paramref name="connectionId"/>; false when no such connection.</summary>
    bool KillQuery(int connectionId);

    /// <summary>Closes connection <paramref name="connectionId"/>; false when no such connection.</summary>
    bool KillConnection(int connectionId);
}

/// <summary>One statement's view of its connection.</summary>
internal sealed record CompatContext(ClientSession Session, IWireServer Server)
{
    public ProtocolOptions Options => Server.Options;
}

/// <summary>The MySQL errors the wire layer itself raises (codes and texts from StarRocks' ErrorCode.java).</summary>
internal static class WireErrors
{
    public static ErrorResult AccessDenied(string user, bool usedPassword) =>
        new(1045, "28000", $"Access denied for user '{user}' (using password: {(usedPassword ? "YES" : "NO")})");

    /// <summary>ERR_UNKNOWN_COM_ERROR for a known but unsupported command, e.g. "Unsupported command(COM_STMT_PREPARE)".</summary>
    public static ErrorResult UnsupportedCommand(string description) => new(1047, "08S01", $"Unsupported command({description})");

    /// <summary>ERR_UNKNOWN_COM_ERROR for a command byte StarRocks does not know (Java prints the signed byte).</summary>
    public static ErrorResult UnknownCommand(byte code) => new(1047, "08S01", $"Unknown command({(sbyte)code})");

    public static ErrorResult UnknownSystemVariable(string name) => new(1193, "HY000", $"Unknown system variable '{name}'");

    public static ErrorResult UnknownThread(long id) => new(1094, "HY000", $"Unknown thread id: {id}");

    public static ErrorResult UnknownCharacterSet(string name) =>
        new(1115, "42000", $"Getting analyzing error. Detail message: Unknown character set: '{name}'.");

    public static ErrorResult CharsetNotSupported(string name) =>
        new(1064, "HY000", $"Getting analyzing error. Detail message: charset name {name} is not supported yet.");

    public static ErrorResult EmptyQuery() => new(1065, "42000", "Query was empty");

    /// <summary>What the client sees when the engine throws: generic, no internals.</summary>
    public static ErrorResult Internal() => new(1064, "HY000", "Unexpected exception: internal error in the FE simulator");

    public static ErrorResult Syntax(string detail) => new(1064, "42000", $"Getting syntax error. Detail message: {detail}.");
}
