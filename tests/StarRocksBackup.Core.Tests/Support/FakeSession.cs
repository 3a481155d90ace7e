using System.Collections.Concurrent;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;

namespace StarRocksBackup.Core.Tests.Support;

/// <summary>An ISqlSession answering from a handler; records every statement.</summary>
internal sealed class FakeSession : ISqlSession
{
    private readonly Func<string, ResultTable> _handler;

    public FakeSession(Func<string, ResultTable> handler) => _handler = handler;

    public ConcurrentQueue<string> Log { get; } = new();

    public int Count(string prefix) => Log.Count(s => s.StartsWith(prefix, StringComparison.Ordinal));

    public Task<ResultTable> QueryAsync(string sql, IOperationObserver observer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Log.Enqueue(sql);
        // Like the real session: the statement runs on the thread pool, so callers really run concurrently.
        return Task.Run(() => _handler(sql), cancellationToken);
    }

    public Task<long> ExecuteAsync(string sql, StatementSafety safety, IOperationObserver observer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Log.Enqueue(sql);
        return Task.Run(() =>
        {
            _handler(sql);
            return 0L;
        }, cancellationToken);
    }

    public void ClearPool()
    {
    }

    public static ResultTable Table(string[] columns, params string?[][] rows) => new(columns, rows);

    public static StarRocksClient Client(FakeSession session, string version = "3.3.9", RunMode mode = RunMode.SharedNothing) =>
        new(new ConnectionOptions(), session, new ServerInfo(ServerInfo.ParseVersion(version)!, version, mode, TimeSpan.Zero));

    public static readonly string[] BackupColumns =
    {
        "JobId", "SnapshotName", "DbName", "State", "BackupObjs", "CreateTime", "SnapshotFinishedTime", "UploadFinishedTime",
        "FinishedTime", "UnfinishedTasks", "Progress", "TaskErrMsg", "Status", "Timeout",
    };

    public static readonly string[] RestoreColumns =
    {
        "JobId", "Label", "Timestamp", "DbName", "State", "AllowLoad", "ReplicationNum", "RestoreObjs", "CreateTime", "MetaPreparedTime",
        "SnapshotFinishedTime", "DownloadFinishedTime", "FinishedTime", "UnfinishedTasks", "Progress", "TaskErrMsg", "Status", "Timeout",
    };

    public static string?[] BackupRow(long id, string label, string db, string state, string taskErr = "", string status = "[OK]", string progress = "") =>
        new string?[] { id.ToString(), label, db, state, $"[{db}.t]", "2025-01-02 03:04:05", null, null, null, "", progress, taskErr, status, "86400" };
}

/// <summary>Records everything an observer receives.</summary>
public sealed class RecordingObserver : IOperationObserver
{
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Every message with the moment (UTC) it was received.</summary>
    public ConcurrentQueue<(DateTimeOffset At, string Message)> Timeline { get; } = new();

    public ConcurrentQueue<OperationProgress> ProgressReports { get; } = new();

    public IEnumerable<string> Warnings => Messages.Where(m => m.StartsWith("WARN ", StringComparison.Ordinal));

    public void Verbose(string message) => Add("VERB " + message);

    public void Debug(string message) => Add("DBG " + message);

    public void Warning(string message) => Add("WARN " + message);

    public void Progress(OperationProgress progress)
    {
        ProgressReports.Enqueue(progress);
        Add("PROG " + progress);
    }

    private void Add(string message)
    {
        Timeline.Enqueue((DateTimeOffset.UtcNow, message));
        Messages.Enqueue(message);
    }

    public string All => string.Join("\n", Messages);
}
