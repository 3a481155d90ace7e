namespace StarRocksBackup.Simulator.Protocol;

/// <summary>One entry of the query log: what a client sent, when, and how it ended.</summary>
/// <param name="Time">When the statement arrived (UTC).</param>
/// <param name="ConnectionId">The connection (thread) id that sent it.</param>
/// <param name="User">The logged-in user.</param>
/// <param name="Statement">The statement as routed: whitespace and trailing ';' removed; COM_INIT_DB appears as USE `db`.</param>
/// <param name="Duration">Time until the answer was ready.</param>
/// <param name="ErrorCode">The ERR code sent, or null on success.</param>
public sealed record QueryLogEntry(DateTimeOffset Time, int ConnectionId, string User, string Statement, TimeSpan Duration, int? ErrorCode);

/// <summary>One login attempt: who, with which auth plugin the server asked for, over TLS or not, and the outcome.</summary>
/// <param name="ConnectionId">The connection (thread) id.</param>
/// <param name="User">The user name the client sent.</param>
/// <param name="Plugin">mysql_native_password, or mysql_clear_password for an LDAP user.</param>
/// <param name="Tls">Whether the login ran inside TLS.</param>
/// <param name="Succeeded">Whether the credentials were accepted.</param>
public sealed record LoginRecord(int ConnectionId, string User, string Plugin, bool Tls, bool Succeeded);

/// <summary>Every statement received, in order (thread-safe). Tests and benchmarks read it.</summary>
public sealed class QueryLog
{
    private readonly object _gate = new();
    private readonly List<QueryLogEntry> _entries = new();

    /// <summary>A snapshot of the entries so far.</summary>
    public IReadOnlyList<QueryLogEntry> Entries
    {
        get { lock (_gate) return _entries.ToArray(); }
    }

    /// <summary>Number of entries so far.</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Appends one entry.</summary>
    public void Add(QueryLogEntry entry)
    {
        lock (_gate) _entries.Add(entry);
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    /// <summary>The statements one connection sent, in order.</summary>
    public IReadOnlyList<string> StatementsOf(int connectionId)
    {
        lock (_gate) return _entries.Where(e => e.ConnectionId == connectionId).Select(e => e.Statement).ToArray();
    }
}
