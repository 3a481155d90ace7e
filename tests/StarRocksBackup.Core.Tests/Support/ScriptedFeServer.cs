using System.Collections.Concurrent;
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Core.Tests.Support;

/// <summary>
/// The simulator's wire layer (real MySQL protocol over TCP) with a scripted statement handler: lets the
/// connection layer be tested with the real driver before/independently of the FE engine.
/// </summary>
internal sealed class ScriptedFeServer : IAsyncDisposable, IQueryHandler
{
    private readonly ConcurrentDictionary<string, Func<string, CancellationToken, QueryResult>> _rules = new();

    public ScriptedFeServer(string? password = null, string version = "3.3.9 0782ad7")
    {
        var options = new ProtocolOptions();
        if (password != null)
        {
            options.Users["root"] = password;
        }

        Server = new MySqlProtocolServer(this, options);
        Server.Start();
        On("SELECT current_version()", _ => Row("current_version()", version));
        On("ADMIN SHOW FRONTEND CONFIG", _ => ResultSetResult.Strings(new[] { "Key", "AliasNames", "Value", "Type", "IsMutable", "Comment" },
            new[] { new object?[] { "run_mode", "[]", "shared_nothing", "String", "false", "" } }));
    }

    public MySqlProtocolServer Server { get; }

    public int Port => Server.Port;

    public ConcurrentQueue<string> Received { get; } = new();

    public void On(string prefix, Func<string, QueryResult> rule) => _rules[prefix] = (sql, _) => rule(sql);

    public void On(string prefix, Func<string, CancellationToken, QueryResult> rule) => _rules[prefix] = rule;

    public static ResultSetResult Row(string column, string? value) => ResultSetResult.Strings(new[] { column }, new[] { new object?[] { value } });

    public QueryResult Execute(ClientSession session, string sql, CancellationToken cancel)
    {
        Received.Enqueue(sql);
        foreach (var (prefix, rule) in _rules.OrderByDescending(r => r.Key.Length))
        {
            if (sql.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return rule(sql, cancel);
            }
        }

        return new ErrorResult(1064, "42000", $"Getting syntax error at line 1, column 0. Detail message: No viable statement for input '{sql}'.");
    }

    public async Task RestartAsync(TimeSpan downtime)
    {
        int port = Server.Port;
        await Server.StopAsync();
        await Task.Delay(downtime);
        Server.Start(port);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
