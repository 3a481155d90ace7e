// lake/snapshot/ClusterSnapshotMgr.java: the automated cluster snapshot switch, the job history and the
// purge of older snapshots. The daemon that creates jobs is in ClusterSnapshotManager.Scheduler.cs.
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator.Fe.SharedData;

public sealed partial class ClusterSnapshotManager : IAsyncDisposable
{
    /// <summary>ClusterSnapshotMgr.AUTOMATED_NAME_PREFIX.</summary>
    public const string AutomatedNamePrefix = "automated_cluster_snapshot_";

    private readonly object _gate = new();
    private readonly SemaphoreSlim _purgeLock = new(1, 1);
    private readonly SharedDataOptions _options;
    private readonly StorageVolumeRegistry _volumes;
    private readonly JournalIds _journal;
    private readonly Func<long> _nextId;
    private readonly ClusterSnapshotImageWriter _writer;
    private readonly SortedDictionary<long, ClusterSnapshotJob> _jobs = new();
    private readonly Dictionary<string, VolumeObjectStore> _stores = new(StringComparer.Ordinal);
    private string? _storageVolumeName;

    public ClusterSnapshotManager(SharedDataOptions options, StorageVolumeRegistry volumes, JournalIds journal, Func<long>? nextId = null, Func<string?>? catalogImage = null)
    {
        _options = options;
        _volumes = volumes;
        _journal = journal;
        long ids = 10_000;
        _nextId = nextId ?? (() => Interlocked.Increment(ref ids));
        _writer = new ClusterSnapshotImageWriter(options, catalogImage);
        _lastJobStartMs = NowMs();
    }

    /// <summary>isAutomatedSnapshotOn: shared-data mode and a storage volume chosen.</summary>
    public bool IsAutomatedSnapshotOn
    {
        get { lock (_gate) return _options.IsSharedData && _storageVolumeName is not null; }
    }

    /// <summary>The volume snapshots are written to while on.</summary>
    public string? AutomatedSnapshotStorageVolume
    {
        get { lock (_gate) return _storageVolumeName; }
    }

    /// <summary>Versions 3.4.x have no UPLOADING state (facts §3.3, first version).</summary>
    public bool HasUploadingState => !_options.Version.StartsWith("3.4", StringComparison.Ordinal);

    /// <summary>ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON [STORAGE VOLUME sv]: the analyzer's checks, then the switch.</summary>
    public QueryResult SetAutomatedSnapshotOn(string? storageVolumeName)
    {
        if (!_options.IsSharedData)
        {
            return SharedDataMessages.AnalysisError(SharedDataMessages.OnlySharedData);
        }

        lock (_gate)
        {
            if (_storageVolumeName is not null)
            {
                return SharedDataMessages.AnalysisError(SharedDataMessages.AlreadyOn);
            }

            // Without STORAGE VOLUME the default volume is used (facts §1.7). Java's "%s" of null is "null".
            string? sv = storageVolumeName ?? _volumes.DefaultName;
            if (sv is null || _volumes.Find(sv) is null)
            {
                return SharedDataMessages.AnalysisError(SharedDataMessages.UnknownStorageVolume(sv ?? "null"));
            }

            _storageVolumeName = sv;
            _journal.LogFe();
        }

        return OkResult.Empty;
    }

    /// <summary>ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF: purges every finished snapshot from storage, then switches off.</summary>
    public QueryResult SetAutomatedSnapshotOff()
    {
        if (!_options.IsSharedData)
        {
            return SharedDataMessages.AnalysisError(SharedDataMessages.OnlySharedData);
        }

        if (!IsAutomatedSnapshotOn)
        {
            return SharedDataMessages.AnalysisError(SharedDataMessages.NotOn);
        }

        // StarRocks deletes the remote folders synchronously inside the statement.
        ClearFinishedAsync(keepSnapshotName: null, CancellationToken.None).GetAwaiter().GetResult();
        lock (_gate)
        {
            _storageVolumeName = null;
            _journal.LogFe();
        }

        return OkResult.Empty;
    }

    /// <summary>Every job in the bounded history, oldest first (getAllSnapshotJobsInfo).</summary>
    public IReadOnlyList<ClusterSnapshotJobInfo> GetJobs()
    {
        lock (_gate) return _jobs.Values.Select(j => j.ToInfo()).ToList();
    }

    /// <summary>getAllSnapshotsInfo: the newest FINISHED snapshot, and only while the feature is on.</summary>
    public IReadOnlyList<ClusterSnapshotInfo> GetSnapshots()
    {
        lock (_gate)
        {
            if (!(_options.IsSharedData && _storageVolumeName is not null))
            {
                return Array.Empty<ClusterSnapshotInfo>();
            }

            ClusterSnapshotJob? job = _jobs.Values.LastOrDefault(j => j.State == ClusterSnapshotJobState.FINISHED);
            if (job is null)
            {
                return Array.Empty<ClusterSnapshotInfo>();
            }

            StorageVolume? sv = _volumes.Find(job.StorageVolumeName);
            return new[]
            {
                new ClusterSnapshotInfo(job.SnapshotName, "AUTOMATED", job.CreatedTimeMs, job.FinishedTimeMs, job.FeJournalId,
                    job.StarMgrJournalId, string.Empty, job.StorageVolumeName, sv is null ? string.Empty : _writer.SnapshotPath(sv, job.SnapshotName)),
            };
        }
    }

    /// <summary>The storage path a snapshot of this cluster gets (for tests and the console host).</summary>
    public string SnapshotPath(string storageVolumeName, string snapshotName) =>
        _writer.SnapshotPath(_volumes.Find(storageVolumeName) ?? throw new ArgumentException($"unknown storage volume {storageVolumeName}"), snapshotName);

    /// <summary>
    /// clearFinishedAutomatedClusterSnapshot: FINISHED → EXPIRED → (remote folder deleted) → DELETED for every
    /// job but <paramref name="keepSnapshotName"/>; ERROR jobs lose their (partial) folder but stay ERROR.
    /// </summary>
    private async Task ClearFinishedAsync(string? keepSnapshotName, CancellationToken cancel)
    {
        await _purgeLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            List<ClusterSnapshotJob> candidates;
            lock (_gate)
            {
                candidates = _jobs.Values
                    .Where(j => j.State is ClusterSnapshotJobState.FINISHED or ClusterSnapshotJobState.EXPIRED or ClusterSnapshotJobState.ERROR)
                    .Where(j => keepSnapshotName is null || j.SnapshotName != keepSnapshotName)
                    .ToList();
                foreach (ClusterSnapshotJob job in candidates.Where(j => j.State == ClusterSnapshotJobState.FINISHED))
                {
                    SetState(job, ClusterSnapshotJobState.EXPIRED);
                }
            }

            foreach (ClusterSnapshotJob job in candidates)
            {
                try
                {
                    await DeleteFolderAsync(job, cancel).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // StarRocks logs "Cluster Snapshot delete failed" and leaves the job EXPIRED; the next purge retries.
                    continue;
                }

                lock (_gate)
                {
                    if (job.State == ClusterSnapshotJobState.EXPIRED)
                    {
                        SetState(job, ClusterSnapshotJobState.DELETED);
                    }
                }
            }
        }
        finally
        {
            _purgeLock.Release();
        }
    }

    private async Task DeleteFolderAsync(ClusterSnapshotJob job, CancellationToken cancel)
    {
        StorageVolume sv = _volumes.Find(job.StorageVolumeName) ?? throw new InvalidOperationException($"storage volume {job.StorageVolumeName} is gone");
        await Store(sv).DeletePrefixAsync(_writer.FolderKey(sv, job.SnapshotName), cancel).ConfigureAwait(false);
    }

    private VolumeObjectStore Store(StorageVolume sv)
    {
        lock (_stores)
        {
            if (!_stores.TryGetValue(sv.Name, out VolumeObjectStore? store))
            {
                store = new VolumeObjectStore(sv);
                _stores[sv.Name] = store;
            }

            return store;
        }
    }

    private long NowMs() => _options.Time.GetUtcNow().ToUnixTimeMilliseconds();

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        lock (_stores)
        {
            foreach (VolumeObjectStore store in _stores.Values) store.Dispose();
            _stores.Clear();
        }
    }
}
