using MySqlConnector;
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>One wire-layer server with a <see cref="FakeQueryHandler"/> on a free port, per test.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(MySqlProtocolServer server, FakeQueryHandler handler, List<string> log)
    {
        Server = server;
        Handler = handler;
        Log = log;
    }

    public MySqlProtocolServer Server { get; }

    public FakeQueryHandler Handler { get; }

    /// <summary>The server's diagnostic lines.</summary>
    public List<string> Log { get; }

    public int Port => Server.Port;

    public static TestServer Start(Action<ProtocolOptions>? configure = null)
    {
        var log = new List<string>();
        var options = new ProtocolOptions { Log = line => { lock (log) log.Add(line); } };
        configure?.Invoke(options);
        var handler = new FakeQueryHandler();
        var server = new MySqlProtocolServer(handler, options);
        server.Start(0);
        return new TestServer(server, handler, log);
    }

    public string ConnectionString(string user = "root", string password = "", bool pooling = false, string? extra = null)
    {
        var b = new MySqlConnectionStringBuilder(
            $"Server=127.0.0.1;Port={Port};Pooling={pooling};SslMode=None;Connection Timeout=5;Default Command Timeout=15;{extra}")
        {
            UserID = user,
            Password = password,
        };
        return b.ConnectionString;
    }

    public MySqlConnection Open(string user = "root", string password = "", bool pooling = false, string? extra = null)
    {
        var c = new MySqlConnection(ConnectionString(user, password, pooling, extra));
        c.Open();
        return c;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
