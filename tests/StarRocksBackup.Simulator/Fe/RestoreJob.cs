using System.Globalization;
using StarRocksBackup.Simulator.Storage;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>StarRocks' RestoreJob.RestoreJobState (facts §3.2).</summary>
public enum RestoreJobState
{
    PENDING,
    SNAPSHOTING,
    DOWNLOAD,
    DOWNLOADING,
    COMMIT,
    COMMITTING,
    FINISHED,
    CANCELLED,
}

/// <summary>What a restore job restores: one snapshot table into one target table (alias or same name).</summary>
public sealed record RestoreObject(BackupJobInfo.TableInfo Source, string TargetName);

/// <summary>
/// A restore job, shaped like StarRocks' RestoreJob:
/// PENDING (check and prepare meta: existing tables must have the snapshot's schema, missing tables are created,
/// all of them go to state RESTORE; fewer alive backends than replication_num fails) → SNAPSHOTING → DOWNLOAD →
/// DOWNLOADING (tablet files read back, each file's md5 checked against its name) → COMMIT → COMMITTING (rows and
/// the snapshot's partition versions become visible, tables back to NORMAL) → FINISHED; CANCELLED undoes it.
/// </summary>
public sealed partial class RestoreJob : AbstractJob
{
    private readonly BackupJobInfo _info;
    private readonly SnapshotMeta? _meta;
    private readonly IReadOnlyList<RestoreObject> _objects;
    private readonly List<OlapTable> _createdTables = new();
    private readonly List<OlapTable> _lockedTables = new();
    private readonly List<PlanItem> _plan = new();
    private readonly List<(long Signature, long TabletId)> _downloadTasks = new();

    public RestoreJob(FeContext ctx, AnalyzedRestore a, Database db, Repository repo, BackupJobInfo info, SnapshotMeta? meta, IReadOnlyList<RestoreObject> objects)
        : base(ctx, a.Label, db, repo, a.TimeoutMs)
    {
        BackupTimestamp = a.BackupTimestamp;
        AllowLoad = a.AllowLoad;
        ReplicationNum = a.ReplicationNum;
        _info = info;
        _meta = meta;
        _objects = objects;
    }

    /// <summary>One snapshot partition and where it goes.</summary>
    private sealed class PlanItem
    {
        public required BackupJobInfo.TableInfo SourceTable { get; init; }

        public required BackupJobInfo.PartitionInfo SourcePartition { get; init; }

        public required SnapshotMeta.PartitionMeta PartitionMeta { get; init; }

        public required OlapTable Target { get; init; }

        public List<string?[]> Rows { get; } = new();
    }

    public RestoreJobState State { get; private set; } = RestoreJobState.PENDING;

    public string BackupTimestamp { get; }

    public bool AllowLoad { get; }

    public int ReplicationNum { get; }

    public long MetaPreparedTimeMs { get; private set; }

    public long SnapshotFinishedTimeMs { get; private set; }

    public long DownloadFinishedTimeMs { get; private set; }

    public override string StateName => State.ToString();

    public override bool IsDone => State is RestoreJobState.FINISHED or RestoreJobState.CANCELLED;

    public override bool IsRestore => true;

    public static readonly string[] ShowColumns =
    {
        "JobId", "Label", "Timestamp", "DbName", "State", "AllowLoad", "ReplicationNum", "RestoreObjs", "CreateTime",
        "MetaPreparedTime", "SnapshotFinishedTime", "DownloadFinishedTime", "FinishedTime", "UnfinishedTasks", "Progress",
        "TaskErrMsg", "Status", "Timeout",
    };

    public override object?[] InfoRow() => new object?[]
    {
        JobId.ToString(CultureInfo.InvariantCulture), Label, BackupTimestamp, DbName, StateName, AllowLoad ? "true" : "false",
        ReplicationNum.ToString(CultureInfo.InvariantCulture), RestoreObjs(), Ctx.FormatTime(CreateTimeMs), Ctx.FormatTime(MetaPreparedTimeMs),
        Ctx.FormatTime(SnapshotFinishedTimeMs), Ctx.FormatTime(DownloadFinishedTimeMs), Ctx.FormatTime(FinishedTimeMs),
        UnfinishedTasks(), Progress(), TaskErrMsg, Status.ToString(), (TimeoutMs / 1000).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>"tbl" or "tbl PARTITIONS [p1, p2]"; a single partition named like its table is left out (facts §2.8).</summary>
    private string RestoreObjs() => string.Join(", ", _objects.Select(o =>
    {
        var parts = o.Source.Partitions.Select(p => p.Name).Where(p => p != o.Source.Name).ToList();
        return parts.Count == 0 ? o.Source.Name : $"{o.Source.Name} PARTITIONS [{string.Join(", ", parts)}]";
    }));

    private string UnfinishedTasks()
    {
        if (State != RestoreJobState.DOWNLOADING) return string.Empty;
        int done = (int)(PhaseFraction * _downloadTasks.Count);
        return string.Join(", ", _downloadTasks.Skip(done).Select(t => $"{t.Signature}={t.TabletId}"));
    }

    private string Progress()
    {
        if (State != RestoreJobState.DOWNLOADING) return string.Empty;
        return string.Join(", ", _downloadTasks.GroupBy(t => t.Signature % Math.Max(1, Ctx.BackendIds.Count)).Select(g =>
        {
            int total = g.Count();
            return $"[{g.First().Signature}: {(int)(PhaseFraction * total)}/{total}]";
        }));
    }

    protected override JobStatus UserCancelStatus() => JobStatus.Common($"{Messages.UserCancelled()}, current state: {StateName}");

    protected override void CancelLocked(JobStatus status)
    {
        Database? db = Ctx.Catalog.FindDb(DbId);
        foreach (OlapTable t in _createdTables) db?.Tables.Remove(t);
        foreach (OlapTable t in _lockedTables) t.State = "NORMAL";
        _createdTables.Clear();
        _lockedTables.Clear();
        Status = status;
        State = RestoreJobState.CANCELLED;
        FinishedTimeMs = Ctx.Clock.NowMs;
    }

    protected override async Task StepAsync()
    {
        switch (State)
        {
            case RestoreJobState.PENDING:
                lock (Ctx.Catalog.Gate)
                {
                    if (IsDone) return;
                    CheckAndPrepareMeta();
                    MetaPreparedTimeMs = Ctx.Clock.NowMs;
                    State = RestoreJobState.SNAPSHOTING;
                }

                break;
            case RestoreJobState.SNAPSHOTING:
                lock (Ctx.Catalog.Gate)
                {
                    if (IsDone) return;
                    SnapshotFinishedTimeMs = Ctx.Clock.NowMs;
                    State = RestoreJobState.DOWNLOAD;
                }

                break;
            case RestoreJobState.DOWNLOAD:
                lock (Ctx.Catalog.Gate)
                {
                    if (IsDone) return;
                    foreach (PlanItem item in _plan)
                    {
                        foreach (var tab in item.SourcePartition.Indexes.SelectMany(i => i.Tablets)) _downloadTasks.Add((Ctx.Catalog.NextId(), tab.Id));
                    }

                    State = RestoreJobState.DOWNLOADING;
                }

                break;
            case RestoreJobState.DOWNLOADING:
                await DownloadAsync().ConfigureAwait(false);
                lock (Ctx.Catalog.Gate)
                {
                    if (IsDone) return;
                    DownloadFinishedTimeMs = Ctx.Clock.NowMs;
                    State = RestoreJobState.COMMIT;
                }

                break;
            case RestoreJobState.COMMIT:
                lock (Ctx.Catalog.Gate)
                {
                    if (!IsDone) State = RestoreJobState.COMMITTING;
                }

                break;
            case RestoreJobState.COMMITTING:
                lock (Ctx.Catalog.Gate)
                {
                    if (IsDone) return;
                    Commit();
                    FinishedTimeMs = Ctx.Clock.NowMs;
                    State = RestoreJobState.FINISHED;
                }

                break;
        }
    }

    /// <summary>DOWNLOADING: reads every tablet file listed in the info file and verifies its md5 suffix.</summary>
    private async Task DownloadAsync()
    {
        RepositoryStorage storage = Repo.Storage;
        List<PlanItem> plan;
        lock (Ctx.Catalog.Gate) plan = _plan.ToList();
        foreach (PlanItem item in plan)
        {
            SnapshotMeta.TableMeta tm = _meta!.FindTable(item.SourceTable.Name)!;
            var rows = new List<string?[]>();
            foreach (BackupJobInfo.IndexInfo idx in item.SourcePartition.Indexes)
            {
                foreach (BackupJobInfo.TabletInfo tab in idx.Tablets)
                {
                    foreach (string file in tab.Files)
                    {
                        string key = storage.TabletDir(Label, _info.DbId, item.SourceTable.Id, item.SourcePartition.Id, idx.Id, tab.Id) + file;
                        byte[]? content;
                        try
                        {
                            content = await storage.Store.GetAsync(key).ConfigureAwait(false);
                        }
                        catch (Exception e)
                        {
                            throw new JobFailedException(JobStatus.Common(Messages.DownloadFailed(RepositoryManager.StorageError(e))));
                        }

                        if (content is null) throw new JobFailedException(JobStatus.Common(Messages.MissingFile(file, tab.Id)));
                        string remote = file[(file.LastIndexOf('.') + 1)..];
                        string local = RepositoryStorage.Md5Hex(content);
                        if (local != remote) throw new JobFailedException(JobStatus.Common(Messages.Md5Mismatch(local, remote)));
                        try
                        {
                            rows.AddRange(TabletDataFormat.Decode(content, tm.Columns.Count));
                        }
                        catch (InvalidDataException e)
                        {
                            throw new JobFailedException(JobStatus.Common(Messages.CorruptFile(file, e.Message)));
                        }
                    }
                }
            }

            lock (Ctx.Catalog.Gate)
            {
                item.Rows.Clear();
                item.Rows.AddRange(rows);
            }
        }
    }

    /// <summary>COMMITTING: the restored partitions replace the target's (or are added) with the snapshot's version.</summary>
    private void Commit()
    {
        long now = Ctx.Clock.NowMs;
        foreach (PlanItem item in _plan)
        {
            OlapTable t = item.Target;
            Partition p = t.FindPartition(item.SourcePartition.Name)
                ?? Ctx.Catalog.AddPartition(t, item.SourcePartition.Name, item.PartitionMeta.Lower, item.PartitionMeta.Upper, now);
            foreach (Tablet tab in p.Tablets) tab.Rows.Clear();
            foreach (string?[] row in item.Rows) Catalog.TabletFor(t, p, row).Rows.Add(row);
            p.VisibleVersion = item.SourcePartition.Version;
            p.VisibleVersionTimeMs = now;
        }

        foreach (OlapTable t in _createdTables.Concat(_lockedTables)) t.State = "NORMAL";
        CommitObjects(Extras.IsCatalog ? null : Ctx.Catalog.FindDb(DbId));
        _createdTables.Clear();
        _lockedTables.Clear();
    }
}
