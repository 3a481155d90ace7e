// The contract between the wire layer (Protocol/, which knows nothing about StarRocks) and the
// FE engine (Statements/, Fe/, Storage/, which knows nothing about packets). The wire layer
// answers the MySQL-compatibility statements a driver sends while connecting (SHOW VARIABLES,
// SHOW COLLATION, SET ..., SELECT @@..., TIMEDIFF, SLEEP, KILL) and hands every other statement
// to IQueryHandler.Execute; it serialises whatever QueryResult comes back.
namespace StarRocksBackup.Simulator.Protocol;

/// <summary>Executes one SQL statement for one client session. Implemented by the FE engine.</summary>
public interface IQueryHandler
{
    /// <summary>
    /// Runs <paramref name="sql"/> (one statement, trailing ';' and whitespace already removed).
    /// Must not throw for bad input: a syntax or semantic problem is an <see cref="ErrorResult"/>.
    /// <paramref name="cancel"/> fires on KILL QUERY for this connection or when the connection drops.
    /// </summary>
    QueryResult Execute(ClientSession session, string sql, CancellationToken cancel);
}

/// <summary>Per-connection state shared by the wire layer and the engine.</summary>
public sealed class ClientSession
{
    public ClientSession(int connectionId, string user, string remoteEndPoint)
    {
        ConnectionId = connectionId;
        User = user;
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary>The thread id announced in the handshake (what KILL takes).</summary>
    public int ConnectionId { get; }

    public string User { get; }

    public string RemoteEndPoint { get; }

    /// <summary>Current database (USE / COM_INIT_DB / the handshake's schema), or null.</summary>
    public string? Database { get; set; }

    /// <summary>Session variables set with SET (names lower-cased).</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.OrdinalIgnoreCase);
}

public abstract class QueryResult
{
}

/// <summary>An OK packet.</summary>
public sealed class OkResult : QueryResult
{
    public static readonly OkResult Empty = new();

    public long AffectedRows { get; init; }

    public string? Info { get; init; }
}

/// <summary>An ERR packet: StarRocks' code, SQLSTATE and message (starrocks-facts.md §4).</summary>
public sealed class ErrorResult : QueryResult
{
    public ErrorResult(int code, string sqlState, string message)
    {
        Code = code;
        SqlState = sqlState;
        Message = message;
    }

    public int Code { get; }

    public string SqlState { get; }

    public string Message { get; }

    public override string ToString() => $"ERROR {Code} ({SqlState}): {Message}";
}

/// <summary>The MySQL column types the simulator sends (StarRocks uses charset 33 for strings, 63 otherwise).</summary>
public enum ColumnType
{
    Varchar,
    BigInt,
    Int,
    TinyInt,
    Double,
    Decimal,
    Date,
    DateTime,
    Time,
}

public sealed record ColumnDef(string Name, ColumnType Type = ColumnType.Varchar);

/// <summary>
/// A text result set. Cell values are sent with their invariant text form:
/// string as is, long/int/double via InvariantCulture, DateTime as yyyy-MM-dd HH:mm:ss,
/// TimeSpan as HH:mm:ss, null as SQL NULL.
/// </summary>
public sealed class ResultSetResult : QueryResult
{
    public ResultSetResult(IReadOnlyList<ColumnDef> columns, IReadOnlyList<object?[]> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<ColumnDef> Columns { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>All columns VARCHAR (every SHOW statement of starrocks-facts.md §2).</summary>
    public static ResultSetResult Strings(IEnumerable<string> columnNames, IEnumerable<object?[]> rows) =>
        new(columnNames.Select(n => new ColumnDef(n)).ToList(), rows.ToList());
}
