using System.Text;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;
using StarRocksBackup.Simulator.Storage;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// SHOW SNAPSHOT (ShowSnapshotAnalyzer + Repository.getSnapshotInfo, facts §2.3), computed by LISTING the
/// repository in object storage, so snapshots written by another FE are visible; and 4.2's DROP SNAPSHOT.
/// </summary>
public sealed class SnapshotCommands
{
    private readonly FeContext _ctx;

    public SnapshotCommands(FeContext ctx) => _ctx = ctx;

    private sealed record SnapshotFilter(IReadOnlyList<string>? Labels, string? Timestamp);

    public QueryResult Show(ShowSnapshotStmt stmt)
    {
        SnapshotFilter filter = AnalyzeWhere(stmt.Where);
        Repository repo;
        lock (_ctx.Catalog.Gate)
        {
            repo = _ctx.Repositories.Find(stmt.Repository) ?? throw FeException.Analysis(Messages.RepoNotExistAnalyzer(stmt.Repository));
        }

        bool v42 = _ctx.Version.Is42;
        string[] extra = v42 ? new[] { "ClusterId", "FinishTime", "TTL", "ExpireTime" } : Array.Empty<string>();
        if (filter.Timestamp is not null)
        {
            string[] cols = new[] { "Snapshot", "Timestamp", "Database", "Details", "Status" }.Concat(extra).ToArray();
            return ResultSetResult.Strings(cols, new[] { DetailedRow(repo.Storage, filter.Labels![0], filter.Timestamp, v42) });
        }

        string[] plainCols = new[] { "Snapshot", "Timestamp", "Status" }.Concat(extra).ToArray();
        var rows = new List<object?[]>();
        IEnumerable<string> labels;
        if (filter.Labels is not null)
        {
            labels = filter.Labels;
        }
        else
        {
            try
            {
                labels = repo.Storage.ListSnapshotLabelsAsync().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                rows.Add(Pad(new object?[] { null, null, Messages.SnapshotListFailed(RepositoryManager.StorageError(e)) }, v42));
                return ResultSetResult.Strings(plainCols, rows);
            }
        }

        foreach (string label in labels) rows.Add(PlainRow(repo.Storage, label, v42));
        return ResultSetResult.Strings(plainCols, rows);
    }

    private object?[] PlainRow(RepositoryStorage storage, string label, bool v42)
    {
        List<string> files;
        try
        {
            files = storage.ListInfoFilesAsync(label).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            return Pad(new object?[] { label, null, Messages.SnapshotListFailed(RepositoryManager.StorageError(e)) }, v42);
        }

        var entries = new List<string>();
        string? newestValid = null;
        foreach (string f in files)
        {
            int dot = f.LastIndexOf('.');
            string suffix = dot < 0 ? string.Empty : f[(dot + 1)..];
            if (dot < 0 || !RepositoryStorage.IsMd5(suffix))
            {
                entries.Add("Invalid: " + f);
                continue;
            }

            entries.Add(f["__info_".Length..dot]);
            newestValid = f;
        }

        bool any = entries.Any(e => !e.StartsWith("Invalid: ", StringComparison.Ordinal));
        var row = new object?[] { label, entries.Count == 0 ? null : string.Join("\n", entries), any ? Messages.SnapshotStatusOk : Messages.SnapshotStatusNone };
        if (!v42) return row;
        BackupJobInfo? info = newestValid is null ? null : TryReadInfo(storage, storage.SnapshotDir(label) + newestValid);
        return row.Concat(Extra42(info)).ToArray();
    }

    private object?[] DetailedRow(RepositoryStorage storage, string label, string timestamp, bool v42)
    {
        try
        {
            (string? key, string? error) = storage.FindOneAsync(storage.SnapshotDir(label) + "__info_" + timestamp).GetAwaiter().GetResult();
            if (key is null) return Pad(new object?[] { label, timestamp, null, null, Messages.SnapshotInfoReadFailed(error!) }, v42);
            byte[] content = storage.Store.GetAsync(key).GetAwaiter().GetResult() ?? throw new InvalidDataException("file disappeared");
            BackupJobInfo info = BackupJobInfo.Parse(Encoding.UTF8.GetString(content));
            var row = new object?[] { label, timestamp, info.Database, info.ToDetailsJson(), Messages.SnapshotStatusOk };
            return v42 ? row.Concat(Extra42(info)).ToArray() : row;
        }
        catch (Exception e)
        {
            return Pad(new object?[] { label, timestamp, null, null, Messages.SnapshotInfoReadFailed(RepositoryManager.StorageError(e)) }, v42);
        }
    }

    private static BackupJobInfo? TryReadInfo(RepositoryStorage storage, string key)
    {
        try
        {
            byte[]? c = storage.Store.GetAsync(key).GetAwaiter().GetResult();
            return c is null ? null : BackupJobInfo.Parse(Encoding.UTF8.GetString(c));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>4.2 columns ClusterId, FinishTime, TTL, ExpireTime (positions chosen by the simulator: after Status).</summary>
    private object?[] Extra42(BackupJobInfo? info) => new object?[]
    {
        info?.ClusterId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        info?.FinishTimeMs is { } f ? _ctx.FormatTime(f) : null,
        info?.Ttl,
        info?.ExpireTimeMs is { } x ? _ctx.FormatTime(x) : null,
    };

    private static object?[] Pad(object?[] row, bool v42) => v42 ? row.Concat(new object?[4]).ToArray() : row;

    /// <summary>ShowSnapshotAnalyzer's WHERE rules: SNAPSHOT = 'x' [AND TIMESTAMP = 'y'] or SNAPSHOT IN ('a', ...).</summary>
    private static SnapshotFilter AnalyzeWhere(Expr? where)
    {
        if (where is null) return new SnapshotFilter(null, null);
        if (where is InExpr inExpr)
        {
            if (inExpr.Left is not ColumnRef c || !c.Name.Equals("SNAPSHOT", StringComparison.OrdinalIgnoreCase)) throw FeException.Analysis(Messages.InLeftNotSnapshot());
            var labels = new List<string>();
            foreach (Expr item in inExpr.Items)
            {
                if (item is not Literal { IsString: true } l) throw FeException.Analysis(Messages.InChildNotString());
                labels.Add(l.Text!);
            }

            if (inExpr.Not) throw FeException.Analysis(Messages.SnapshotWhereShape());
            return new SnapshotFilter(labels, null);
        }

        if (where is BinaryExpr b && Compare(b, "SNAPSHOT") is { } label) return new SnapshotFilter(new[] { label }, null);
        if (where is AndExpr and && and.Left is BinaryExpr l1 && and.Right is BinaryExpr r1)
        {
            string? snap = Compare(l1, "SNAPSHOT") ?? Compare(r1, "SNAPSHOT");
            string? ts = Compare(l1, "TIMESTAMP") ?? Compare(r1, "TIMESTAMP");
            if (snap is not null && ts is not null) return new SnapshotFilter(new[] { snap }, ts);
        }

        throw FeException.Analysis(Messages.SnapshotWhereShape());
    }

    /// <summary>The string compared with <paramref name="column"/> (any comparison operator counts as equality).</summary>
    private static string? Compare(BinaryExpr b, string column) =>
        b.Left is ColumnRef c && c.Name.Equals(column, StringComparison.OrdinalIgnoreCase) && b.Right is Literal { IsString: true } l ? l.Text : null;

    /// <summary>DROP SNAPSHOT &lt;label&gt; ON &lt;repo&gt; [FORCE] (4.2; facts §1.6, §4.2, §5.4).</summary>
    public QueryResult Drop(DropSnapshotStmt stmt)
    {
        Repository repo;
        lock (_ctx.Catalog.Gate)
        {
            repo = _ctx.Repositories.Find(stmt.Repository) ?? throw FeException.Execution(Messages.DropSnapRepoMissing(stmt.Repository));
            if (repo.IsReadOnly) throw FeException.Execution(Messages.RepoReadOnly(repo.Name));
        }

        List<string> labels;
        try
        {
            labels = repo.Storage.ListSnapshotLabelsAsync().GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            throw FeException.Execution(Messages.DropSnapListFailed(repo.Name, RepositoryManager.StorageError(e)));
        }

        if (!labels.Contains(stmt.Label)) throw FeException.Execution(Messages.DropSnapMissing(repo.Name, stmt.Label));
        lock (_ctx.Catalog.Gate)
        {
            foreach (AbstractJob j in _ctx.Jobs.Jobs.Where(j => !j.IsDone && j.Repo.Id == repo.Id && j.Label == stmt.Label))
            {
                throw FeException.Execution(j.IsRestore ? Messages.DropSnapRestoreReading(stmt.Label) : Messages.DropSnapBackupWriting(stmt.Label));
            }
        }

        if (!stmt.Force)
        {
            foreach (string f in repo.Storage.ListInfoFilesAsync(stmt.Label).GetAwaiter().GetResult())
            {
                BackupJobInfo? info = TryReadInfo(repo.Storage, repo.Storage.SnapshotDir(stmt.Label) + f);
                long me = _ctx.Options.ClusterId;
                if (info?.ClusterId is null) throw FeException.Execution(Messages.DropSnapNoCluster(stmt.Label, repo.Name, me));
                if (info.ClusterId != me) throw FeException.Execution(Messages.DropSnapOtherCluster(stmt.Label, repo.Name, info.ClusterId.Value, me));
            }
        }

        try
        {
            repo.Storage.DeleteSnapshotAsync(stmt.Label).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            throw FeException.Execution(Messages.DropSnapFailed(stmt.Label, repo.Name, RepositoryManager.StorageError(e)));
        }

        return OkResult.Empty;
    }
}
