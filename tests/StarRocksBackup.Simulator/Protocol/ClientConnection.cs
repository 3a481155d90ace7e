// One client connection: the connection phase, then one loop that reads a command packet,
// switches on its command byte and answers. Everything a client can send is caught here: a
// protocol violation closes this connection only; nothing propagates to the server.
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace StarRocksBackup.Simulator.Protocol;

internal sealed partial class ClientConnection
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // Commands StarRocks' MysqlCommand knows (description = its toString) but this server does not serve.
    private static readonly Dictionary<byte, string> KnownCommands = new()
    {
        [0x00] = "Sleep", [0x05] = "Create DB", [0x06] = "Drop Db", [0x07] = "Refresh", [0x08] = "Shutdown",
        [0x09] = "Statistics", [0x0A] = "Processlist", [0x0B] = "Connect", [0x0C] = "Kill", [0x0D] = "Debug",
        [0x0F] = "Time", [0x10] = "DELETE_INSERT", [0x16] = "COM_STMT_PREPARE",
        [0x17] = "COM_STMT_EXECUTE", [0x18] = "COM_STMT_SEND_LONG_DATA", [0x19] = "COM_STMT_CLOSE",
        [0x1A] = "COM_STMT_RESET", [0x1D] = "COM_DAEMON",
    };

    private readonly MySqlProtocolServer _server;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly object _gate = new();
    private CancellationTokenSource? _statement;
    private PacketChannel _channel = null!;
    private NetworkStream? _stream;
    private System.Net.Security.SslStream? _tls;
    private ClientSession? _session;
    private byte[] _scramble = [];
    private Capabilities _clientFlags;

    public ClientConnection(MySqlProtocolServer server, Socket socket, int id)
    {
        _server = server;
        _socket = socket;
        Id = id;
    }

    public int Id { get; }

    /// <summary>KILL QUERY: cancels the running statement, if any.</summary>
    public void CancelStatement()
    {
        lock (_gate)
        {
            try
            {
                _statement?.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Closes the connection; <paramref name="reset"/> sends a TCP RST instead of a FIN.</summary>
    public void Abort(bool reset)
    {
        try
        {
            _lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        CancelStatement();
        try
        {
            if (reset) _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    public async Task RunAsync()
    {
        CancellationToken lifetime = _lifetime.Token;
        try
        {
            _socket.NoDelay = true;
            if (_server.Options.ConnectDelay > TimeSpan.Zero)
            {
                await Task.Delay(_server.Options.ConnectDelay, lifetime).ConfigureAwait(false);
            }

            await using var stream = new NetworkStream(_socket, ownsSocket: false);
            _stream = stream;
            _channel = new PacketChannel(stream, _server.Options.MaxPacketSize);
            if (!await LoginAsync(lifetime).ConfigureAwait(false)) return;
            await CommandLoopAsync(lifetime).ConfigureAwait(false);
        }
        catch (ProtocolViolationException ex)
        {
            _server.NoteProtocolViolation($"connection {Id}: {ex.Message}; closing it");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away, or the server closed this connection.
        }
        catch (System.Security.Authentication.AuthenticationException ex)
        {
            // The client gave up the TLS handshake (e.g. it does not trust the certificate).
            _server.NoteProtocolViolation($"connection {Id}: TLS handshake failed: {ex.Message}; closing it");
        }
        catch (Exception ex)
        {
            _server.NoteInternalError($"connection {Id}: unexpected {ex}");
        }
        finally
        {
            Abort(reset: false);
            _tls?.Dispose();
            _lifetime.Dispose();
        }
    }

    private async Task CommandLoopAsync(CancellationToken lifetime)
    {
        while (true)
        {
            _channel.ResetSequence();
            byte[]? packet = await _channel.ReadPacketAsync(lifetime).ConfigureAwait(false);
            if (packet is null) return;
            if (packet.Length == 0) throw new ProtocolViolationException("empty command packet");
            switch (packet[0])
            {
                case 0x01: // COM_QUIT
                    return;
                case 0x03: // COM_QUERY
                    await QueryAsync(Utf8.GetString(packet, 1, packet.Length - 1), lifetime).ConfigureAwait(false);
                    break;
                case 0x02: // COM_INIT_DB
                    string database = Utf8.GetString(packet, 1, packet.Length - 1).TrimEnd('\0');
                    await LoggedAsync(CompatStatements.UseStatement(database), token => RunUseAsync(database, CompatStatements.UseStatement(database), token), lifetime).ConfigureAwait(false);
                    break;
                case 0x0E: // COM_PING
                    ResultWriter.WriteOk(_channel);
                    break;
                case 0x1F: // COM_RESET_CONNECTION: session variables back to defaults, database kept
                    _session!.Variables.Clear();
                    ResultWriter.WriteOk(_channel);
                    break;
                case 0x11: // COM_CHANGE_USER (MySqlConnector resets pooled connections with it for servers older than 5.7.3)
                    if (!await ChangeUserAsync(packet, lifetime).ConfigureAwait(false)) return;
                    break;
                case 0x04: // COM_FIELD_LIST: no column definitions, just the terminating EOF
                    ResultWriter.WriteEof(_channel);
                    break;
                default:
                    ResultWriter.WriteError(_channel, KnownCommands.TryGetValue(packet[0], out string? name)
                        ? WireErrors.UnsupportedCommand(name)
                        : WireErrors.UnknownCommand(packet[0]));
                    break;
            }

            if (_server.Options.ReplyDelay > TimeSpan.Zero)
            {
                await Task.Delay(_server.Options.ReplyDelay, lifetime).ConfigureAwait(false);
            }

            await _channel.FlushAsync(lifetime).ConfigureAwait(false);
        }
    }

    /// <summary>Strips whitespace and trailing ';' (facts: the engine gets one clean statement).</summary>
    internal static string Clean(string text)
    {
        string s = text.Trim();
        while (s.EndsWith(';')) s = s[..^1].TrimEnd();
        return s;
    }

    private Task QueryAsync(string text, CancellationToken lifetime)
    {
        string sql = Clean(text);
        return LoggedAsync(sql, token => RouteAsync(sql, token), lifetime);
    }

    private async Task<QueryResult> RouteAsync(string sql, CancellationToken cancel)
    {
        if (sql.Length == 0) return WireErrors.EmptyQuery();
        List<SqlToken>? tokens = SqlTokenizer.Tokenize(sql);
        if (CompatStatements.TryParseUse(tokens) is { } database)
        {
            return await RunUseAsync(database, CompatStatements.UseStatement(database), cancel).ConfigureAwait(false);
        }

        var ctx = new CompatContext(_session!, _server);
        return await CompatStatements.TryExecuteAsync(sql, tokens, ctx, cancel).ConfigureAwait(false)
            ?? await RunHandlerAsync(sql, cancel).ConfigureAwait(false);
    }

    /// <summary>Runs one statement under its own cancellation, writes the answer and logs it.</summary>
    private async Task LoggedAsync(string statement, Func<CancellationToken, Task<QueryResult>> run, CancellationToken lifetime)
    {
        DateTimeOffset time = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var cts = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        lock (_gate) _statement = cts;
        var watcher = new DisconnectWatcher(_socket, cts);
        QueryResult result;
        try
        {
            result = await run(cts.Token).ConfigureAwait(false);
        }
        finally
        {
            watcher.Dispose();
            lock (_gate) _statement = null;
            cts.Dispose();
        }

        if (lifetime.IsCancellationRequested)
        {
            // The connection is gone (server stop, KILL CONNECTION, drop): log, nobody to answer.
            AddLog(time, statement, clock.Elapsed, result);
            lifetime.ThrowIfCancellationRequested();
        }

        try
        {
            ResultWriter.Write(_channel, result, _session?.Database);
        }
        catch (InvalidOperationException ex)
        {
            // The engine returned a malformed result (e.g. a row with the wrong cell count).
            _server.NoteInternalError($"connection {Id}: bad result for '{statement}': {ex.Message}");
            result = WireErrors.Internal(); // ResultWriter validates before writing, so nothing was sent yet
            ResultWriter.WriteError(_channel, (ErrorResult)result);
        }

        AddLog(time, statement, clock.Elapsed, result);
    }

    private void AddLog(DateTimeOffset time, string statement, TimeSpan duration, QueryResult result) =>
        _server.QueryLog.Add(new QueryLogEntry(time, Id, _session?.User ?? string.Empty, statement, duration, (result as ErrorResult)?.Code));

    private async Task<QueryResult> RunUseAsync(string database, string statement, CancellationToken cancel)
    {
        QueryResult result = await RunHandlerAsync(statement, cancel).ConfigureAwait(false);
        if (result is OkResult) _session!.Database = database;
        return result;
    }

    private async Task<QueryResult> RunHandlerAsync(string sql, CancellationToken cancel)
    {
        ClientSession session = _session!;
        try
        {
            QueryResult? result = await Task.Run(() => _server.Handler.Execute(session, sql, cancel), cancel).ConfigureAwait(false);
            if (result is null)
            {
                _server.NoteInternalError($"connection {Id}: handler returned null for '{sql}'");
                return WireErrors.Internal();
            }

            return result;
        }
        catch (OperationCanceledException)
        {
            return new ErrorResult(1317, "70100", "Query execution was interrupted");
        }
        catch (Exception ex)
        {
            _server.NoteInternalError($"connection {Id}: handler threw for '{sql}': {ex}");
            return WireErrors.Internal();
        }
    }
}
