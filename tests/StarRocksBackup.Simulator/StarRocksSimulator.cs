using StarRocksBackup.Simulator.Fe;
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator;

/// <summary>
/// A simulated StarRocks FE on 127.0.0.1: the MySQL wire layer (Protocol/) in front of the FE engine
/// (Statements/, Fe/, Storage/). Catalog, repositories and jobs live in <see cref="Engine"/> and survive
/// <see cref="RestartAsync"/>.
/// </summary>
public sealed class StarRocksSimulator : IAsyncDisposable
{
    private readonly List<LoginRecord> _logins = new();
    private MySqlProtocolServer _server;

    private StarRocksSimulator(SimulatorOptions options)
    {
        Options = options;
        Engine = new FeEngine(options);
        _server = CreateServer();
        Faults = new SimulatorFaults(Engine.Context, () => _server);
    }

    public SimulatorOptions Options { get; }

    /// <summary>The FE engine (an <see cref="IQueryHandler"/>): tests may call it directly.</summary>
    public FeEngine Engine { get; }

    public SimulatorFaults Faults { get; }

    public string Host => Options.BindAddress.ToString();

    public int Port { get; private set; }

    /// <summary>Every statement received over the wire (kept across restarts).</summary>
    public QueryLog QueryLog => _server.QueryLog;

    public static Task<StarRocksSimulator> StartAsync(SimulatorOptions? options = null)
    {
        var sim = new StarRocksSimulator(options ?? new SimulatorOptions());
        sim._server.Start(sim.Options.Port);
        sim.Port = sim._server.Port;
        sim.Engine.Context.SharedDataFe.Start();
        return Task.FromResult(sim);
    }

    /// <summary>A MySqlConnector connection string without TLS (pooling left at the driver default).</summary>
    public string ConnectionString(string user = "root", string password = "") =>
        $"Server={Host};Port={Port};User Id={user};Password={password};SslMode=None";

    /// <summary>Every login attempt over the wire (kept across restarts): user, plugin, TLS, outcome.</summary>
    public IReadOnlyList<LoginRecord> Logins => _logins.Concat(_server.Logins).ToArray();

    /// <summary>FE restart: connections drop, the port is closed for <paramref name="downtime"/>, then the same port opens again.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        MySqlProtocolServer old = _server;
        await Engine.Context.SharedDataFe.StopAsync().ConfigureAwait(false);
        await old.StopAsync().ConfigureAwait(false);
        await Task.Delay(downtime).ConfigureAwait(false);
        MySqlProtocolServer next = CreateServer();
        foreach (QueryLogEntry e in old.QueryLog.Entries) next.QueryLog.Add(e);
        _logins.AddRange(old.Logins);
        next.Start(Port);
        _server = next;
        Engine.Context.SharedDataFe.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        await Engine.Context.Jobs.StopAllAsync().ConfigureAwait(false);
        await Engine.Context.SharedDataFe.DisposeAsync().ConfigureAwait(false);
    }

    private MySqlProtocolServer CreateServer()
    {
        var protocol = new ProtocolOptions { VersionComment = $"StarRocks version {Options.Version}" };
        protocol.Users.Clear();
        foreach ((string user, string password) in Options.Users) protocol.Users[user] = password;
        foreach ((string user, string password) in Options.LdapUsers) protocol.LdapUsers[user] = password;
        protocol.ServerCertificate = Options.TlsCertificate;
        protocol.BindAddress = Options.BindAddress;
        protocol.ReplyDelay = Options.NetworkRoundTrip;
        return new MySqlProtocolServer(Engine, protocol);
    }
}
