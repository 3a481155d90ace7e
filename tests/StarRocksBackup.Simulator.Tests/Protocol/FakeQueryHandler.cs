using System.Collections.Concurrent;
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>
/// A stand-in for the FE engine: a handful of fixed statements with known answers, so the wire
/// layer can be tested alone. Records every statement it receives.
/// </summary>
internal sealed class FakeQueryHandler : IQueryHandler
{
    public static readonly DateTime SampleTime = new(2024, 5, 17, 13, 45, 30);
    public const string Guid36 = "0f8fad5b-d9cb-469f-a165-70867728950e";

    public ConcurrentQueue<(int ConnectionId, string Sql)> Received { get; } = new();

    public HashSet<string> Databases { get; } = new(StringComparer.Ordinal) { "edw", "we`ird" };

    /// <summary>Statements ("SELECT wait") that saw their token cancelled.</summary>
    public int Cancellations;

    public QueryResult Execute(ClientSession session, string sql, CancellationToken cancel)
    {
        Received.Enqueue((session.ConnectionId, sql));
        if (sql.StartsWith("USE `", StringComparison.Ordinal))
        {
            string db = sql[5..^1].Replace("``", "`", StringComparison.Ordinal);
            return Databases.Contains(db)
                ? OkResult.Empty
                : new ErrorResult(5501, "3F000", $"Getting analyzing error. Detail message: Unknown database '{db}'.");
        }

        switch (sql)
        {
            case "SELECT types":
                return new ResultSetResult(
                    [new("name"), new("count", ColumnType.BigInt), new("created", ColumnType.DateTime), new("note"), new("ratio", ColumnType.Double), new("day", ColumnType.Date)],
                    [
                        ["alpha", 42L, SampleTime, null, 0.25, new DateTime(2024, 5, 17)],
                        ["β-ünïcødé", -7L, null, "x", null, null],
                    ]);
            case "SELECT guid":
                return ResultSetResult.Strings(["SnapshotId"], [[Guid36], [Guid.Empty.ToString()]]);
            case "SELECT empty":
                return ResultSetResult.Strings(["a", "b"], []);
            case "SELECT fail":
                return new ErrorResult(5501, "3F000", "Getting analyzing error. Detail message: Unknown database 'edw_dwt'.");
            case "SELECT throw":
                throw new InvalidOperationException("engine bug");
            case "SELECT badrow":
                return ResultSetResult.Strings(["a", "b"], [["only one cell"]]);
            case "SELECT nullresult":
                return null!;
            case "SELECT wait":
                try
                {
                    Task.Delay(TimeSpan.FromSeconds(30), cancel).Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    Interlocked.Increment(ref Cancellations);
                }

                return OkResult.Empty;
            case "SELECT whoami":
                return ResultSetResult.Strings(["user", "db", "id"], [[session.User, session.Database, session.ConnectionId.ToString()]]);
        }

        if (sql.StartsWith("SELECT echolen ", StringComparison.Ordinal))
        {
            return new ResultSetResult([new("len", ColumnType.BigInt)], [[(long)(sql.Length - 15)]]);
        }

        if (sql.StartsWith("SELECT big ", StringComparison.Ordinal))
        {
            int n = int.Parse(sql[11..]);
            return ResultSetResult.Strings(["big"], [[new string('z', n)]]);
        }

        if (sql.StartsWith("BACKUP ", StringComparison.Ordinal))
        {
            return new OkResult { AffectedRows = 0, Info = "ok" };
        }

        return new ErrorResult(1064, "HY000", $"Getting syntax error. Detail message: fake handler does not know [{(sql.Length > 200 ? sql[..200] : sql)}].");
    }
}
