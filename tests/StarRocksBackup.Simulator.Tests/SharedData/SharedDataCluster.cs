// A shared-data FE reachable over TCP for the wire tests: the wire layer in front of SharedDataFe.
using MySql.Data.MySqlClient;
using StarRocksBackup.Simulator.Fe.SharedData;
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator.Tests.SharedData;

internal sealed class SharedDataCluster : IAsyncDisposable, IQueryHandler
{
    private readonly MySqlProtocolServer _server;

    private SharedDataCluster(SharedDataOptions options)
    {
        Fe = new SharedDataFe(options);
        _server = new MySqlProtocolServer(this, new ProtocolOptions());
    }

    public SharedDataFe Fe { get; }

    public static Task<SharedDataCluster> StartAsync(SharedDataOptions options)
    {
        var cluster = new SharedDataCluster(options);
        cluster._server.Start(0);
        cluster.Fe.Start();
        return Task.FromResult(cluster);
    }

    public MySqlConnection Open()
    {
        var c = new MySqlConnection($"Server=127.0.0.1;Port={_server.Port};User Id=root;Password=;Pooling=false;SslMode=None;Connection Timeout=5;Default Command Timeout=30");
        c.Open();
        return c;
    }

    public QueryResult Execute(ClientSession session, string sql, CancellationToken cancel) =>
        Fe.TryExecute(sql, session.Database)
        ?? new ErrorResult(1064, "HY000", "Getting syntax error. Detail message: not a shared-data statement in this test server.");

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await Fe.DisposeAsync();
    }
}
