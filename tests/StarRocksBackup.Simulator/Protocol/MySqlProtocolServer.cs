// The listener: accepts connections on 127.0.0.1, runs one task per connection, and offers the
// lifecycle and fault hooks the simulator needs (stop/restart on the same port, drop every
// connection with a TCP reset). The accept loop survives anything a client does.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StarRocksBackup.Simulator.Protocol;

/// <summary>A MySQL-protocol server on 127.0.0.1 that hands statements to an <see cref="IQueryHandler"/>.</summary>
public sealed class MySqlProtocolServer : IAsyncDisposable, IWireServer
{
    private readonly ConcurrentDictionary<int, ClientConnection> _connections = new();
    private readonly ConcurrentDictionary<int, Task> _connectionTasks = new();
    private readonly object _gate = new();
    private readonly List<LoginRecord> _logins = new();
    private Socket? _listener;
    private CancellationTokenSource? _acceptCancel;
    private Task _acceptLoop = Task.CompletedTask;
    private int _nextConnectionId;
    private int _internalErrors;
    private int _protocolViolations;

    /// <summary>Creates a server; call <see cref="Start"/> to listen.</summary>
    public MySqlProtocolServer(IQueryHandler handler, ProtocolOptions options)
    {
        Handler = handler;
        Options = options;
    }

    /// <summary>Executes every statement the wire layer does not answer itself.</summary>
    public IQueryHandler Handler { get; }

    /// <summary>Handshake, accounts and limits.</summary>
    public ProtocolOptions Options { get; }

    /// <summary>Every statement received (compat statements too).</summary>
    public QueryLog QueryLog { get; } = new();

    /// <summary>Every login attempt (change-user included), in order.</summary>
    public IReadOnlyList<LoginRecord> Logins
    {
        get { lock (_logins) return _logins.ToArray(); }
    }

    /// <summary>The bound port (valid after <see cref="Start"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Number of open client connections.</summary>
    public int ActiveConnections => _connections.Count;

    /// <summary>Whether the server is accepting connections.</summary>
    public bool IsListening
    {
        get { lock (_gate) return _listener is not null; }
    }

    /// <summary>Handler exceptions and other server-side failures so far (each was logged and answered with a generic ERR).</summary>
    public int InternalErrors => Volatile.Read(ref _internalErrors);

    /// <summary>Connections closed because the client broke the protocol (garbage, truncated or oversize packets).</summary>
    public int ProtocolViolations => Volatile.Read(ref _protocolViolations);

    /// <summary>Values set with SET GLOBAL (names lower-cased); survive restarts of this instance.</summary>
    public ConcurrentDictionary<string, string> GlobalVariables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Starts listening on <see cref="ProtocolOptions.BindAddress"/>:<paramref name="port"/> (0 = any free port; reuse the old port after a restart).</summary>
    public void Start(int port = 0)
    {
        lock (_gate)
        {
            if (_listener is not null) throw new InvalidOperationException($"already listening on port {Port}");
            var listener = new Socket(Options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                AllowRebindDuringTimeWait(listener);
                listener.Bind(new IPEndPoint(Options.BindAddress, port));
                listener.Listen(512);
            }
            catch
            {
                listener.Dispose();
                throw;
            }

            _listener = listener;
            Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            _acceptCancel = new CancellationTokenSource();
            _acceptLoop = AcceptLoopAsync(listener, _acceptCancel.Token);
        }
    }

    /// <summary>Stops listening and closes every connection (an FE going down); their statements are cancelled.</summary>
    public async Task StopAsync()
    {
        Task acceptLoop;
        lock (_gate)
        {
            _acceptCancel?.Cancel();
            _listener?.Dispose();
            _listener = null;
            acceptLoop = _acceptLoop;
        }

        await acceptLoop.ConfigureAwait(false);
        foreach (ClientConnection c in _connections.Values) c.Abort(reset: false);
        Task all = Task.WhenAll(_connectionTasks.Values);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        lock (_gate)
        {
            _acceptCancel?.Dispose();
            _acceptCancel = null;
        }
    }

    /// <summary>Closes every client connection abruptly (TCP reset), keeps listening.</summary>
    public void DropAllConnections()
    {
        foreach (ClientConnection c in _connections.Values) c.Abort(reset: true);
    }

    /// <summary>Stops the server.</summary>
    public ValueTask DisposeAsync() => new(StopAsync());

    bool IWireServer.KillQuery(int connectionId)
    {
        if (!_connections.TryGetValue(connectionId, out ClientConnection? c)) return false;
        c.CancelStatement();
        return true;
    }

    bool IWireServer.KillConnection(int connectionId)
    {
        if (!_connections.TryGetValue(connectionId, out ClientConnection? c)) return false;
        c.Abort(reset: false);
        return true;
    }

    /// <summary>
    /// SO_REUSEADDR only, so a restarted FE rebinds its port at once despite TIME_WAIT sockets.
    /// Not SocketOptionName.ReuseAddress: on Unix .NET also sets SO_REUSEPORT with it, which would
    /// let a second server bind the same port and steal connections. Windows needs nothing here.
    /// </summary>
    private static void AllowRebindDuringTimeWait(Socket listener)
    {
        ReadOnlySpan<byte> on = [1, 0, 0, 0];
        if (OperatingSystem.IsLinux())
        {
            listener.SetRawSocketOption(1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, on);
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            listener.SetRawSocketOption(0xFFFF /* SOL_SOCKET */, 4 /* SO_REUSEADDR */, on);
        }
    }

    internal void NoteLogin(LoginRecord login)
    {
        lock (_logins) _logins.Add(login);
    }

    internal void NoteInternalError(string message)
    {
        Interlocked.Increment(ref _internalErrors);
        Log(message);
    }

    internal void NoteProtocolViolation(string message)
    {
        Interlocked.Increment(ref _protocolViolations);
        Log(message);
    }

    private void Log(string message)
    {
        try
        {
            if (Options.Log is { } log) log(message);
            else System.Diagnostics.Trace.WriteLine("[mysql-wire] " + message);
        }
        catch (Exception)
        {
            // A broken log sink must not take the server down.
        }
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancel)
    {
        await Task.Yield();
        while (!cancel.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancel).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                if (cancel.IsCancellationRequested) return;
                Log($"accept failed: {ex.SocketErrorCode}; still listening");
                continue;
            }
            catch (Exception ex)
            {
                // Nothing may end the accept loop but Stop; pause briefly so a persistent fault cannot spin.
                NoteInternalError($"accept failed unexpectedly: {ex}");
                try
                {
                    await Task.Delay(50, cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            try
            {
                int id = Interlocked.Increment(ref _nextConnectionId);
                var connection = new ClientConnection(this, client, id);
                _connections[id] = connection;
                Task run = Task.Run(async () =>
                {
                    try
                    {
                        await connection.RunAsync().ConfigureAwait(false);
                    }
                    finally
                    {
                        _connections.TryRemove(id, out _);
                        _connectionTasks.TryRemove(id, out _);
                    }
                });
                _connectionTasks[id] = run;
                if (run.IsCompleted) _connectionTasks.TryRemove(id, out _); // it ended before it was recorded
            }
            catch (Exception ex)
            {
                NoteInternalError($"could not start a connection: {ex}");
                client.Dispose();
            }
        }
    }
}
