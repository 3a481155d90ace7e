// PLACEHOLDER for the wire layer: the public surface the rest of the simulator codes against.
// The protocol work replaces this file with the real server (same public members).
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
}

/// <summary>One entry of the query log: what a client sent, when, and how it ended.</summary>
public sealed record QueryLogEntry(DateTimeOffset Time, int ConnectionId, string User, string Statement, TimeSpan Duration, int? ErrorCode);

/// <summary>Every statement received, in order (thread-safe). Tests and benchmarks read it.</summary>
public sealed class QueryLog
{
    private readonly object _gate = new();
    private readonly List<QueryLogEntry> _entries = new();

    public IReadOnlyList<QueryLogEntry> Entries
    {
        get { lock (_gate) return _entries.ToArray(); }
    }

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    public void Add(QueryLogEntry entry)
    {
        lock (_gate) _entries.Add(entry);
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }
}

/// <summary>A MySQL-protocol server on 127.0.0.1 that hands statements to an <see cref="IQueryHandler"/>.</summary>
public sealed class MySqlProtocolServer : IAsyncDisposable
{
    public MySqlProtocolServer(IQueryHandler handler, ProtocolOptions options)
    {
        Handler = handler;
        Options = options;
    }

    public IQueryHandler Handler { get; }

    public ProtocolOptions Options { get; }

    public QueryLog QueryLog { get; } = new();

    /// <summary>The bound port (valid after <see cref="Start"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Number of open client connections.</summary>
    public int ActiveConnections => 0;

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 = any free port; reuse the old port after a restart).</summary>
    public void Start(int port = 0) => throw new NotSupportedException("wire layer not built yet");

    /// <summary>Stops listening and closes every connection (an FE going down).</summary>
    public Task StopAsync() => Task.CompletedTask;

    /// <summary>Closes every client connection abruptly (TCP reset), keeps listening.</summary>
    public void DropAllConnections()
    {
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
