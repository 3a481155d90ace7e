using System.Text;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;
using StarRocksBackup.Simulator.Storage;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// StarRocks' BackupHandler: submits BACKUP / RESTORE jobs (execution-time checks in BackupHandler.process order),
/// keeps ONE job slot per database shared by backup and restore (facts §2.9), answers SHOW BACKUP / SHOW RESTORE
/// and CANCEL.
/// </summary>
public sealed partial class BackupHandler
{
    private readonly FeContext _ctx;
    private readonly Dictionary<long, AbstractJob> _jobByDb = new();
    private readonly SemaphoreSlim _seqLock = new(1, 1);

    /// <summary>The slot of external-catalog jobs (dbId -1, facts §2.9): not a database of the catalog.</summary>
    private readonly Database _catalogSlot = new(-1, string.Empty);

    public BackupHandler(FeContext ctx) => _ctx = ctx;

    /// <summary>Every job in a slot (caller holds the gate).</summary>
    public IReadOnlyCollection<AbstractJob> Jobs => _jobByDb.Values;

    /// <summary>The running (not done) job of a database, if any.</summary>
    public AbstractJob? RunningJob(string dbName)
    {
        lock (_ctx.Catalog.Gate)
        {
            Database? db = _ctx.Catalog.FindDb(dbName);
            return db is not null && _jobByDb.TryGetValue(db.Id, out AbstractJob? j) && !j.IsDone ? j : null;
        }
    }

    /// <summary>The job in the database's slot (done or not).</summary>
    public AbstractJob? LastJob(string dbName)
    {
        lock (_ctx.Catalog.Gate)
        {
            Database? db = _ctx.Catalog.FindDb(dbName);
            return db is not null && _jobByDb.TryGetValue(db.Id, out AbstractJob? j) ? j : null;
        }
    }

    /// <summary>Stops every job runner (simulator shutdown); jobs keep their state.</summary>
    public async Task StopAllAsync()
    {
        await _ctx.Shutdown.CancelAsync().ConfigureAwait(false);
        Task[] runners;
        lock (_ctx.Catalog.Gate) runners = _jobByDb.Values.Select(j => j.Completion).ToArray();
        await Task.WhenAny(Task.WhenAll(runners), Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the submission lock for <paramref name="duration"/>, as another BACKUP or RESTORE does while StarRocks lists
    /// its repository (BackupHandler's seqlock): a submission meanwhile waits <see cref="SimulatorOptions.SubmissionLockWait"/>
    /// for it, then fails with "Another backup or restore job is being submitted". Returns once the lock is held.
    /// </summary>
    public void HoldSubmissionLock(TimeSpan duration)
    {
        _seqLock.Wait();
        _ = Task.Delay(duration).ContinueWith(_ => _seqLock.Release(), TaskScheduler.Default);
    }

    /// <summary>Caller holds the gate.</summary>
    public bool RepoInUse(long repoId) => _jobByDb.Values.Any(j => !j.IsDone && j.Repo.Id == repoId);

    public QueryResult Backup(ClientSession session, BackupStmt stmt)
    {
        AnalyzedBackup a;
        lock (_ctx.Catalog.Gate) a = new BackupRestoreAnalyzer(_ctx).AnalyzeBackup(session, stmt);
        if (!_seqLock.Wait(_ctx.Options.SubmissionLockWait)) throw FeException.Execution(Messages.SubmissionBusy());
        try
        {
            Repository repo;
            Database db;
            lock (_ctx.Catalog.Gate)
            {
                repo = _ctx.Repositories.Find(a.RepoName) ?? throw FeException.Execution(Messages.RepoNotExist(a.RepoName));
                db = a.Catalogs is not null ? _catalogSlot : _ctx.Catalog.FindDb(a.DbName) ?? throw FeException.Execution(Messages.BadDb(a.DbName));
                CheckNoRunningJob(db);
                if (repo.IsReadOnly) throw FeException.Execution(Messages.RepoReadOnly(repo.Name));
                foreach (TableRef r in a.Tables)
                {
                    OlapTable t = db.FindTableIgnoreCase(r.Name) ?? throw FeException.Execution(Messages.BadTable(r.Name));
                    if (_ctx.SharedData) throw FeException.Execution(Messages.TableTypeNotSupported(t.Name, "CLOUD_NATIVE"));
                    foreach (string p in r.Partitions ?? Array.Empty<string>())
                    {
                        if (t.FindPartition(p) is null) throw FeException.Execution(Messages.UnknownPartitionExecution(p, r.Name));
                    }
                }
            }

            // Label already used in this repository? (lists __ss_* in the object store, outside the gate)
            List<string> labels;
            try
            {
                labels = repo.Storage.ListSnapshotLabelsAsync().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                throw FeException.Execution(Messages.Common(RepositoryManager.StorageError(e)));
            }

            if (labels.Contains(a.Label)) throw FeException.Execution(Messages.SnapshotExists(a.Label));
            lock (_ctx.Catalog.Gate)
            {
                CheckNoRunningJob(db);
                var job = new BackupJob(_ctx, a, db, repo);
                _jobByDb[db.Id] = job;
                job.Start();
            }

            return OkResult.Empty;
        }
        finally
        {
            _seqLock.Release();
        }
    }

    public QueryResult Restore(ClientSession session, RestoreStmt stmt)
    {
        AnalyzedRestore a;
        lock (_ctx.Catalog.Gate) a = new BackupRestoreAnalyzer(_ctx).AnalyzeRestore(session, stmt);
        if (!_seqLock.Wait(_ctx.Options.SubmissionLockWait)) throw FeException.Execution(Messages.SubmissionBusy());
        try
        {
            Repository repo;
            lock (_ctx.Catalog.Gate)
            {
                repo = _ctx.Repositories.Find(a.RepoName) ?? throw FeException.Execution(Messages.RepoNotExist(a.RepoName));
                Database? existing = a.IsCatalogRestore ? _catalogSlot : _ctx.Catalog.FindDb(a.DbName);
                // 2.x-3.3: the target database must exist; 3.4+ creates it in the restore process.
                if (existing is null && !_ctx.Version.Is34) throw FeException.Execution(Messages.BadDb(a.DbName));
                if (existing is not null) CheckNoRunningJob(existing);
            }

            (BackupJobInfo info, SnapshotMeta? meta) = ReadSnapshot(repo, a.Label, a.BackupTimestamp);
            if (a.IsCatalogRestore && !info.IsCatalogSnapshot) throw FeException.Execution(Messages.NotCatalogSnapshot(a.Label));
            if (!a.IsCatalogRestore && info.IsCatalogSnapshot) throw FeException.Execution(Messages.DatabaseWithCatalogSnapshot());
            if (a.SourceDbName is not null && info.Database != a.SourceDbName) throw FeException.Execution(Messages.DbNotInSnapshot(a.SourceDbName));
            List<RestoreObject> objects = SelectRestoreObjects(info, a);
            RestoreExtras extras = SelectRestoreExtras(info, meta, a);
            if (_ctx.SharedData) throw FeException.Execution(Messages.TableTypeNotSupported(objects.FirstOrDefault()?.TargetName ?? a.Label, "CLOUD_NATIVE"));

            lock (_ctx.Catalog.Gate)
            {
                Database db = a.IsCatalogRestore ? _catalogSlot : _ctx.Catalog.FindDb(a.DbName) ?? _ctx.Catalog.CreateDatabase(a.DbName);
                CheckNoRunningJob(db);
                var job = new RestoreJob(_ctx, a, db, repo, info, meta, objects) { Extras = extras };
                _jobByDb[db.Id] = job;
                job.Start();
            }

            return OkResult.Empty;
        }
        finally
        {
            _seqLock.Release();
        }
    }

    private void CheckNoRunningJob(Database db)
    {
        if (_jobByDb.TryGetValue(db.Id, out AbstractJob? current) && !current.IsDone)
        {
            throw FeException.Execution(db.Id == -1 ? Messages.OneCatalogJob() : Messages.OneJobPerDb());
        }
    }

    /// <summary>Finds exactly one __info_&lt;ts&gt; file, parses it, and reads __meta (null when unreadable: the job then fails).</summary>
    private static (BackupJobInfo Info, SnapshotMeta? Meta) ReadSnapshot(Repository repo, string label, string timestamp)
    {
        RepositoryStorage storage = repo.Storage;
        string infoPath = storage.SnapshotDir(label) + "__info_" + timestamp;
        try
        {
            (string? key, string? error) = storage.FindOneAsync(infoPath).GetAwaiter().GetResult();
            if (key is null) throw FeException.Execution(Messages.SnapshotInfoFailed(label, error!));
            byte[] content = storage.Store.GetAsync(key).GetAwaiter().GetResult() ?? throw FeException.Execution(Messages.SnapshotInfoFailed(label, $"file {key} disappeared"));
            string suffix = key[(key.LastIndexOf('.') + 1)..];
            if (!RepositoryStorage.IsMd5(suffix) || RepositoryStorage.Md5Hex(content) != suffix)
            {
                throw FeException.Execution(Messages.SnapshotInfoFailed(label, Messages.Md5Mismatch(RepositoryStorage.Md5Hex(content), suffix)));
            }

            BackupJobInfo info;
            try
            {
                info = BackupJobInfo.Parse(Encoding.UTF8.GetString(content));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or InvalidOperationException or FormatException)
            {
                throw FeException.Execution(Messages.SnapshotInfoFailed(label, Messages.InfoUnreadable(e.Message)));
            }

            SnapshotMeta? meta = null;
            (string? metaKey, _) = storage.FindOneAsync(storage.SnapshotDir(label) + "__meta").GetAwaiter().GetResult();
            if (metaKey is not null)
            {
                byte[]? m = storage.Store.GetAsync(metaKey).GetAwaiter().GetResult();
                try
                {
                    if (m is not null && RepositoryStorage.Md5Hex(m) == metaKey[(metaKey.LastIndexOf('.') + 1)..]) meta = SnapshotMeta.Deserialize(m);
                }
                catch (System.Text.Json.JsonException)
                {
                    meta = null;
                }
            }

            return (info, meta);
        }
        catch (FeException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw FeException.Execution(Messages.SnapshotInfoFailed(label, RepositoryManager.StorageError(e)));
        }
    }

    /// <summary>checkAndFilterRestoreObjsExistInSnapshot: tables/partitions must be in the snapshot; aliases applied.</summary>
    private static List<RestoreObject> SelectRestoreObjects(BackupJobInfo info, AnalyzedRestore a)
    {
        if (a.IsCatalogRestore) return new List<RestoreObject>();
        if (a.Tables.Count == 0 && (!a.HasOn || a.AllTables)) return info.Tables.Select(t => new RestoreObject(t, t.Name)).ToList();
        var list = new List<RestoreObject>();
        foreach (TableRef r in a.Tables)
        {
            BackupJobInfo.TableInfo t = info.FindTable(r.Name) ?? throw FeException.Execution(Messages.TableNotInSnapshot(r.Name, info.Name));
            if (r.Partitions is not null)
            {
                foreach (string p in r.Partitions)
                {
                    if (t.Partitions.All(x => x.Name != p)) throw FeException.Execution(Messages.PartitionNotInSnapshot(p, r.Name, info.Name));
                }

                t = t with { Partitions = t.Partitions.Where(x => r.Partitions.Contains(x.Name)).ToList() };
            }

            list.Add(new RestoreObject(t, r.Alias ?? r.Name));
        }

        return list;
    }

    public QueryResult ShowBackup(ClientSession session, ShowBackupStmt stmt) => ShowJobs(session, stmt.Database, restore: false);

    public QueryResult ShowRestore(ClientSession session, ShowRestoreStmt stmt) => ShowJobs(session, stmt.Database, restore: true);

    private QueryResult ShowJobs(ClientSession session, string? dbName, bool restore)
    {
        string[] columns = restore ? RestoreJob.ShowColumns : BackupJob.ShowColumns;
        lock (_ctx.Catalog.Gate)
        {
            string? name = dbName ?? (_ctx.Version.Is30 ? null : session.Database ?? throw FeException.Analysis(Messages.NoDatabaseSelected()));
            IEnumerable<AbstractJob> jobs;
            if (name is not null)
            {
                Database db = _ctx.Catalog.FindDb(name) ?? throw FeException.Analysis(Messages.BadDb(name));
                jobs = _jobByDb.TryGetValue(db.Id, out AbstractJob? j) ? new[] { j } : Array.Empty<AbstractJob>();
            }
            else
            {
                jobs = _jobByDb.Values.OrderBy(j => j.DbId);
            }

            return ResultSetResult.Strings(columns, jobs.Where(j => j.IsRestore == restore).Select(j => j.InfoRow()).ToList());
        }
    }

    public QueryResult Cancel(ClientSession session, CancelJobStmt stmt)
    {
        AbstractJob? job;
        if (stmt.ForExternalCatalog)
        {
            // The simulator runs no external-catalog jobs (the slot of dbId -1 is always empty).
            throw FeException.Execution(stmt.IsRestore ? Messages.NoRestoreRunning() : Messages.NoBackupRunning());
        }

        lock (_ctx.Catalog.Gate)
        {
            string name = stmt.Database ?? session.Database ?? throw FeException.Analysis(Messages.NoDatabaseSelected());
            Database db = _ctx.Catalog.FindDb(name) ?? throw FeException.Execution(Messages.BadDb(name));
            _jobByDb.TryGetValue(db.Id, out job);
        }

        if (job is null || job.IsRestore != stmt.IsRestore)
        {
            throw FeException.Execution(stmt.IsRestore ? Messages.NoRestoreRunning() : Messages.NoBackupRunning());
        }

        string? refusal = job.UserCancel();
        if (refusal is not null) throw FeException.Execution(Messages.CannotCancel(job.Label, refusal));
        return OkResult.Empty;
    }
}
