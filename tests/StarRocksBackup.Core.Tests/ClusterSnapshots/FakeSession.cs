using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;

namespace StarRocksBackup.Tests.ClusterSnapshots;

/// <summary>
/// An <see cref="ISqlSession"/> that answers from a script and records what was sent; errors are built by Core's own
/// translator from the exact StarRocks message, as the MySQL session would.
/// </summary>
internal sealed class FakeSession : ISqlSession
{
    private readonly Dictionary<string, Func<ResultTable>> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Code, string Message)> _errors = new(StringComparer.Ordinal);

    public List<string> Sent { get; } = new();

    public FakeSession Answer(string sql, ResultTable table)
    {
        _answers[sql] = () => table;
        return this;
    }

    public FakeSession Fail(string sql, int code, string serverMessage)
    {
        _errors[sql] = (code, serverMessage);
        return this;
    }

    public Task<ResultTable> QueryAsync(string sql, IOperationObserver observer, CancellationToken cancellationToken) =>
        Task.FromResult(Run(sql, () => _answers.TryGetValue(sql, out var f) ? f() : throw new InvalidOperationException("unexpected query: " + sql)));

    public Task<long> ExecuteAsync(string sql, StatementSafety safety, IOperationObserver observer, CancellationToken cancellationToken) =>
        Task.FromResult(Run(sql, () => 0L));

    public void ClearPool()
    {
    }

    private T Run<T>(string sql, Func<T> ok)
    {
        Sent.Add(sql);
        if (_errors.TryGetValue(sql, out var e))
        {
            throw ServerErrorTranslator.Translate(e.Code, "42000", e.Message, sql, null);
        }

        return ok();
    }

    public static StarRocksClient Client(FakeSession session, string version = "3.4.2", RunMode mode = RunMode.SharedData) =>
        new(new ConnectionOptions(), session, new ServerInfo(ServerInfo.ParseVersion(version)!, version, mode));

    public static ResultTable Table(string[] columns, params string?[][] rows) => new(columns, rows);
}
