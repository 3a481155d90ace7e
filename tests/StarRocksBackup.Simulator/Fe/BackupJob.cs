using System.Globalization;
using System.Text;
using StarRocksBackup.Simulator.Storage;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>StarRocks' BackupJob.BackupJobState (facts §3.1).</summary>
public enum BackupJobState
{
    PENDING,
    SNAPSHOTING,
    UPLOAD_SNAPSHOT,
    UPLOADING,
    SAVE_META,
    UPLOAD_INFO,
    FINISHED,
    CANCELLED,
}

/// <summary>
/// A backup job, shaped like StarRocks' BackupJob:
/// PENDING (take the snapshot: rows and visible versions of the chosen partitions) → SNAPSHOTING (snapshot tasks
/// per tablet) → UPLOAD_SNAPSHOT (upload tasks per backend) → UPLOADING (tablet files written to the repository,
/// &lt;file&gt;.part renamed to &lt;file&gt;.&lt;md5&gt;) → SAVE_META (meta + job info built) → UPLOAD_INFO (__meta.&lt;md5&gt;
/// and __info_&lt;timestamp&gt;.&lt;md5&gt; written) → FINISHED; CANCELLED on error, user cancel or timeout.
/// </summary>
public sealed class BackupJob : AbstractJob
{
    private readonly IReadOnlyList<TableRef> _tableRefs;
    private readonly AnalyzedBackup _analyzed;
    private readonly SnapshotTtl? _ttl;
    private List<SnapshotMeta.ViewMeta> _views = new();
    private List<SnapshotMeta.FunctionMeta> _functions = new();
    private List<SnapshotMeta.CatalogMeta> _catalogs = new();
    private readonly List<(long TabletId, long BackendId)> _tabletBackends = new();
    private readonly List<(long Signature, long BackendId, int Total)> _uploadTasks = new();
    private List<SnapTable> _snapshot = new();
    private SnapshotMeta? _meta;
    private BackupJobInfo? _info;
    private long _snapshotBytes;

    public BackupJob(FeContext ctx, AnalyzedBackup a, Database db, Repository repo)
        : base(ctx, a.Label, db, repo, a.TimeoutMs)
    {
        _tableRefs = a.Tables;
        _analyzed = a;
        _ttl = a.Ttl;
    }

    public BackupJobState State { get; private set; } = BackupJobState.PENDING;

    public override string StateName => State.ToString();

    public override bool IsDone => State is BackupJobState.FINISHED or BackupJobState.CANCELLED;

    public override bool IsRestore => false;

    public long SnapshotFinishedTimeMs { get; private set; }

    /// <summary>The snapshot's bytes (rows in the simulator's tablet file format), known once SNAPSHOTING is done.</summary>
    public long SnapshotBytes => _snapshotBytes;

    protected override TimeSpan ExtraPhaseTime =>
        State == BackupJobState.UPLOADING && Ctx.Options.BackupUploadBytesPerSecond is long rate && rate > 0
            ? TimeSpan.FromSeconds(_snapshotBytes / (double)rate)
            : TimeSpan.Zero;

    public long UploadFinishedTimeMs { get; private set; }

    /// <summary>4.2: when the snapshot expires (finish time + ttl), null without ttl.</summary>
    public long? ExpireTimeMs { get; private set; }

    /// <summary>The backup_timestamp a RESTORE of this snapshot needs.</summary>
    public string SnapshotTimestamp => Ctx.FormatSnapshotTimestamp(CreateTimeMs);

    /// <summary>A copy of one table's chosen partitions at snapshot time.</summary>
    private sealed record SnapTable(OlapTable Table, List<SnapPartition> Partitions);

    private sealed record SnapPartition(Partition Partition, long Version, List<(long TabletId, List<string?[]> Rows)> Tablets);

    public static readonly string[] ShowColumns =
    {
        "JobId", "SnapshotName", "DbName", "State", "BackupObjs", "CreateTime", "SnapshotFinishedTime", "UploadFinishedTime",
        "FinishedTime", "UnfinishedTasks", "Progress", "TaskErrMsg", "Status", "Timeout",
    };

    public override object?[] InfoRow() => new object?[]
    {
        JobId.ToString(CultureInfo.InvariantCulture), Label, DbName, StateName, BackupObjs(),
        Ctx.FormatTime(CreateTimeMs), Ctx.FormatTime(SnapshotFinishedTimeMs), Ctx.FormatTime(UploadFinishedTimeMs), Ctx.FormatTime(FinishedTimeMs),
        UnfinishedTasks(), Progress(), TaskErrMsg, Status.ToString(), (TimeoutMs / 1000).ToString(CultureInfo.InvariantCulture),
    };

    private string BackupObjs()
    {
        if (_analyzed.Catalogs is { } catalogs) return string.Join(", ", catalogs.Select(c => $"[{c}]"));
        string prefix = Ctx.Version.Is30 ? string.Empty : "default_cluster:";
        return string.Join(", ", _tableRefs.Select(r =>
            $"[{prefix}{DbName}.{r.Name}{(r.Partitions is null ? string.Empty : $" PARTITIONS ({string.Join(", ", r.Partitions)})")}]")
            .Concat(_analyzed.Views.Concat(_analyzed.Functions).Select(n => $"[{prefix}{DbName}.{n}]")));
    }

    private string UnfinishedTasks()
    {
        if (State == BackupJobState.SNAPSHOTING)
        {
            int done = (int)(PhaseFraction * _tabletBackends.Count);
            return string.Join(", ", _tabletBackends.Skip(done).Select(t => $"{t.TabletId}={t.BackendId}"));
        }

        if (State == BackupJobState.UPLOADING)
        {
            return string.Join(", ", _uploadTasks.Where(t => (int)(PhaseFraction * t.Total) < t.Total).Select(t => $"{t.Signature}={t.BackendId}"));
        }

        return string.Empty;
    }

    private string Progress()
    {
        if (State != BackupJobState.UPLOADING) return string.Empty;
        return string.Join(", ", _uploadTasks.Select(t => $"[{t.Signature}: {(int)(PhaseFraction * t.Total)}/{t.Total}]"));
    }

    protected override void CancelLocked(JobStatus status)
    {
        Status = status;
        State = BackupJobState.CANCELLED;
        FinishedTimeMs = Ctx.Clock.NowMs;
    }

    protected override async Task StepAsync()
    {
        switch (State)
        {
            case BackupJobState.PENDING:
                lock (Ctx.Catalog.Gate)
                {
                    if (IsDone) return;
                    TakeSnapshot();
                    State = BackupJobState.SNAPSHOTING;
                }

                break;
            case BackupJobState.SNAPSHOTING:
                lock (Ctx.Catalog.Gate)
                {
                    if (IsDone) return;
                    SnapshotFinishedTimeMs = Ctx.Clock.NowMs;
                    foreach (var group in _tabletBackends.GroupBy(t => t.BackendId))
                    {
                        _uploadTasks.Add((Ctx.Catalog.NextId(), group.Key, group.Count()));
                    }

                    State = BackupJobState.UPLOAD_SNAPSHOT;
                }

                break;
            case BackupJobState.UPLOAD_SNAPSHOT:
                lock (Ctx.Catalog.Gate)
                {
                    if (!IsDone) State = BackupJobState.UPLOADING;
                }

                break;
            case BackupJobState.UPLOADING:
                Dictionary<long, List<string>> files = await UploadTabletsAsync().ConfigureAwait(false);
                lock (Ctx.Catalog.Gate)
                {
                    if (IsDone) return;
                    _info = BuildInfo(files);
                    UploadFinishedTimeMs = Ctx.Clock.NowMs;
                    State = BackupJobState.SAVE_META;
                }

                break;
            case BackupJobState.SAVE_META:
                lock (Ctx.Catalog.Gate)
                {
                    if (IsDone) return;
                    _meta = new SnapshotMeta
                    {
                        Tables = _snapshot.Select(s => SnapshotMeta.TableMeta.From(s.Table, s.Partitions.Select(p => p.Partition))).ToList(),
                        Views = _views,
                        Functions = _functions,
                        Catalogs = _catalogs,
                    };
                    State = BackupJobState.UPLOAD_INFO;
                }

                break;
            case BackupJobState.UPLOAD_INFO:
                // StarRocks retries UPLOAD_INFO until the job times out instead of cancelling (facts §3.1).
                if (!await UploadMetaAndInfoAsync().ConfigureAwait(false)) return;
                lock (Ctx.Catalog.Gate)
                {
                    if (IsDone) return;
                    FinishedTimeMs = Ctx.Clock.NowMs;
                    State = BackupJobState.FINISHED;
                    if (ExpireTimeMs is { } expire) Ctx.Jobs.ScheduleExpiry(Repo, Label, expire);
                }

                break;
        }
    }

    /// <summary>PENDING: copies rows and visible versions of every chosen partition (the BE snapshot).</summary>
    private void TakeSnapshot()
    {
        if (_analyzed.Catalogs is { } catalogNames)
        {
            _catalogs = Ctx.Catalog.ExternalCatalogs.Where(c => catalogNames.Contains(c.Name)).Select(SnapshotMeta.CatalogMeta.From).ToList();
            return;
        }

        Database db = Ctx.Catalog.FindDb(DbId) ?? throw new JobFailedException(new JobStatus("NOT_FOUND", Messages.DbVanished(DbId)));
        IReadOnlyList<long> backends = Ctx.BackendIds;
        var snap = new List<SnapTable>();
        int n = 0;
        foreach (TableRef r in _tableRefs)
        {
            OlapTable t = db.FindTableIgnoreCase(r.Name) ?? throw new JobFailedException(new JobStatus("NOT_FOUND", Messages.TableVanished(r.Name)));
            IEnumerable<Partition> parts = r.Partitions is null ? t.Partitions : r.Partitions.Select(p => t.FindPartition(p)
                ?? throw new JobFailedException(new JobStatus("NOT_FOUND", Messages.PartitionVanished(p))));
            var sp = new List<SnapPartition>();
            foreach (Partition p in parts)
            {
                var tablets = p.Tablets.Select(tab => (tab.Id, tab.Rows.Select(row => (string?[])row.Clone()).ToList())).ToList();
                foreach (Tablet tab in p.Tablets) _tabletBackends.Add((tab.Id, backends.Count == 0 ? 10001 : backends[n++ % backends.Count]));
                sp.Add(new SnapPartition(p, p.VisibleVersion, tablets));
            }

            snap.Add(new SnapTable(t, sp));
        }

        _snapshot = snap;
        _snapshotBytes = snap.Sum(t => t.Partitions.Sum(p => p.Tablets.Sum(tab => tab.Rows.Sum(r => (long)TabletDataFormat.RowBytes(r)))));
        _views = db.Views.Where(v => _analyzed.Views.Contains(v.Name)).Select(SnapshotMeta.ViewMeta.From).ToList();
        _functions = db.Functions.Where(f => _analyzed.Functions.Contains(f.Signature)).Select(SnapshotMeta.FunctionMeta.From).ToList();
    }

    /// <summary>UPLOADING: one data file per tablet under __ss_content (facts §5.1), via .part + rename.</summary>
    private async Task<Dictionary<long, List<string>>> UploadTabletsAsync()
    {
        RepositoryStorage storage = Repo.Storage;
        var work = new List<(long TabletId, string Path, byte[] Content)>();
        foreach (SnapTable t in _snapshot)
        {
            foreach (SnapPartition p in t.Partitions)
            {
                foreach ((long tabletId, List<string?[]> rows) in p.Tablets)
                {
                    string dir = storage.TabletDir(Label, DbId, t.Table.Id, p.Partition.Id, t.Table.IndexId, tabletId);
                    work.Add((tabletId, dir + $"{tabletId}_0.dat", TabletDataFormat.Encode(tabletId, t.Table.Columns.Count, rows)));
                }
            }
        }

        var files = new Dictionary<long, List<string>>();
        var gate = new object();
        try
        {
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (w, ct) =>
            {
                string key = await storage.UploadAsync(w.Path, w.Content, ct).ConfigureAwait(false);
                string file = key[(key.LastIndexOf('/') + 1)..];
                lock (gate) files[w.TabletId] = new List<string> { file };
            }).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new JobFailedException(JobStatus.Common(Messages.UploadFailed(RepositoryManager.StorageError(e))));
        }

        return files;
    }

    private BackupJobInfo BuildInfo(Dictionary<long, List<string>> files)
    {
        return new BackupJobInfo
        {
            Name = Label,
            Database = DbName,
            DbId = DbId,
            BackupTimeMs = CreateTimeMs,
            Tables = _snapshot.Select(t => new BackupJobInfo.TableInfo(t.Table.Name, t.Table.Id, t.Partitions.Select(p =>
                new BackupJobInfo.PartitionInfo(p.Partition.Name, p.Partition.Id, p.Version, new List<BackupJobInfo.IndexInfo>
                {
                    new(t.Table.Name, t.Table.IndexId, t.Table.SchemaHash,
                        p.Tablets.Select(tab => new BackupJobInfo.TabletInfo(tab.TabletId, files.GetValueOrDefault(tab.TabletId) ?? new List<string>())).ToList()),
                })).ToList())).ToList(),
            Views = _views.Where(v => !v.IsMaterialized).Select(v => v.Name).ToList(),
            MaterializedViews = _views.Where(v => v.IsMaterialized).Select(v => v.Name).ToList(),
            ObjectIds = _views.ToDictionary(v => v.Name, v => v.Id, StringComparer.Ordinal),
            Functions = _functions.Select(f => f.Signature).ToList(),
            Catalogs = _catalogs.Select(c => c.Name).ToList(),
        };
    }

    /// <summary>UPLOAD_INFO: __meta.&lt;md5&gt; and __info_&lt;timestamp&gt;.&lt;md5&gt; (with 4.2's cluster id and ttl).</summary>
    private async Task<bool> UploadMetaAndInfoAsync()
    {
        BackupJobInfo info;
        byte[] meta;
        lock (Ctx.Catalog.Gate)
        {
            if (IsDone || _info is null || _meta is null) return false;
            info = _info;
            meta = _meta.Serialize();
            if (Ctx.Version.Is42)
            {
                long finish = Ctx.Clock.NowMs;
                info = new BackupJobInfo
                {
                    Name = info.Name, Database = info.Database, DbId = info.DbId, BackupTimeMs = info.BackupTimeMs, Tables = info.Tables,
                    Views = info.Views, MaterializedViews = info.MaterializedViews, ObjectIds = info.ObjectIds, Functions = info.Functions, Catalogs = info.Catalogs,
                    ClusterId = Ctx.Options.ClusterId, FinishTimeMs = finish, Ttl = _ttl?.ToString(),
                    ExpireTimeMs = _ttl is null ? null : _ttl.AddTo(Ctx.ToFeZone(finish)).ToUnixTimeMilliseconds(),
                };
                ExpireTimeMs = info.ExpireTimeMs;
            }
        }

        RepositoryStorage storage = Repo.Storage;
        try
        {
            await storage.UploadAsync(storage.SnapshotDir(Label) + "__meta", meta).ConfigureAwait(false);
            await storage.UploadAsync(storage.SnapshotDir(Label) + "__info_" + SnapshotTimestamp, Encoding.UTF8.GetBytes(info.ToJson())).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
