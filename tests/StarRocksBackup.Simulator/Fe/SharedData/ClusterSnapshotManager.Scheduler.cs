// lake/snapshot/ClusterSnapshotCheckpointScheduler.java: the leader's daemon. It starts with the FE, on its
// first run settles jobs an FE restart interrupted, then every automated_cluster_snapshot_interval_seconds
// (counted from the FE start or the previous job's start) runs one job to completion.
namespace StarRocksBackup.Simulator.Fe.SharedData;

public sealed partial class ClusterSnapshotManager
{
    private readonly object _lifecycle = new();
    private CancellationTokenSource? _schedulerCts;
    private Task? _schedulerTask;
    private long _lastJobStartMs;
    private string? _failNextMessage;
    private ClusterSnapshotCrashPoint _crashNext;
    private volatile bool _crashed;
    private volatile bool _paused;

    /// <summary>True after <see cref="CrashDuringNextSnapshot"/> fired: the daemon is dead until the FE restarts.</summary>
    public bool IsCrashed => _crashed;

    /// <summary>Starts the daemon (FE start or restart). The interval counts from now, as in StarRocks.</summary>
    public void Start()
    {
        lock (_lifecycle)
        {
            if (_schedulerTask is not null || !_options.IsSharedData)
            {
                return;
            }

            _crashed = false;
            _lastJobStartMs = NowMs();
            _schedulerCts = new CancellationTokenSource();
            CancellationToken token = _schedulerCts.Token;
            _schedulerTask = Task.Run(() => RunSchedulerAsync(token));
        }
    }

    /// <summary>Stops the daemon (FE going down): a running job is interrupted where it stands.</summary>
    public async Task StopAsync()
    {
        Task? task;
        lock (_lifecycle)
        {
            task = _schedulerTask;
            _schedulerCts?.Cancel();
            _schedulerTask = null;
        }

        if (task is not null)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        lock (_lifecycle)
        {
            _schedulerCts?.Dispose();
            _schedulerCts = null;
        }
    }

    /// <summary>
    /// Test knob: the daemon starts no new job until <see cref="ResumeScheduling"/> (a running one finishes).
    /// Lets a test reach a moment with no job in flight, which a busy machine may otherwise never offer.
    /// </summary>
    public void PauseScheduling() => _paused = true;

    public void ResumeScheduling() => _paused = false;

    /// <summary>True while no job is INITIALIZING, SNAPSHOTING or UPLOADING.</summary>
    public bool IsIdle
    {
        get { lock (_gate) return !_jobs.Values.Any(j => j.IsUnfinished); }
    }

    /// <summary>Fault: the next job fails before uploading: state ERROR with exactly this ERROR_MESSAGE.</summary>
    public void FailNextSnapshot(string errorMessage)
    {
        lock (_gate) _failNextMessage = errorMessage;
    }

    /// <summary>
    /// Fault: the FE dies while the next job copies its folder. By default (<see cref="ClusterSnapshotCrashPoint.DuringUpload"/>)
    /// the folder keeps VERSION, ROLE and v2/checksum.N but no FE or StarMgr image, next to the older complete snapshot; with
    /// <see cref="ClusterSnapshotCrashPoint.AfterUpload"/> it is complete and the older one is not purged yet.
    /// The job stays UPLOADING (SNAPSHOTING on 3.4) and no further job runs until the FE restarts, whose
    /// recovery marks the job ERROR and removes that folder.
    /// </summary>
    public void CrashDuringNextSnapshot(ClusterSnapshotCrashPoint point = ClusterSnapshotCrashPoint.DuringUpload)
    {
        lock (_gate) _crashNext = point;
    }

    /// <summary>Waits until a job satisfying <paramref name="predicate"/> exists (test helper).</summary>
    public async Task<ClusterSnapshotJobInfo> WaitForJobAsync(Func<ClusterSnapshotJobInfo, bool> predicate, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            ClusterSnapshotJobInfo? job = GetJobs().FirstOrDefault(predicate);
            if (job is not null)
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no cluster snapshot job matched within {timeout}; jobs: {string.Join(", ", GetJobs().Select(j => $"{j.SnapshotName}={j.State}"))}");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private async Task RunSchedulerAsync(CancellationToken cancel)
    {
        // firstRun: resetSnapshotJobsStateAfterRestarted.
        await ResetJobsAfterRestartAsync(cancel).ConfigureAwait(false);
        while (!cancel.IsCancellationRequested)
        {
            await Task.Delay(_options.SchedulerTick, _options.Time, cancel).ConfigureAwait(false);
            if (_paused || !IsAutomatedSnapshotOn || NowMs() - _lastJobStartMs < (long)_options.ClusterSnapshotInterval.TotalMilliseconds)
            {
                continue;
            }

            ClusterSnapshotJob? job = CreateJob();
            if (job is null)
            {
                continue; // switched OFF between the check and the creation
            }

            _lastJobStartMs = NowMs();
            try
            {
                await RunJobAsync(job, cancel).ConfigureAwait(false);
            }
            catch (SimulatedFeCrashException)
            {
                _crashed = true;
                return;
            }
        }
    }

    /// <summary>abortUnfinishedClusterSnapshotJob + clearFinishedAutomatedClusterSnapshotExceptLast.</summary>
    private async Task ResetJobsAfterRestartAsync(CancellationToken cancel)
    {
        string? keep;
        lock (_gate)
        {
            ClusterSnapshotJob? last = _jobs.Values.LastOrDefault();
            if (last is not null && last.IsUnfinished)
            {
                last.ErrorMessage = SharedDataMessages.AbortedByRestart;
                SetState(last, ClusterSnapshotJobState.ERROR);
            }

            keep = _jobs.Values.LastOrDefault(j => j.State == ClusterSnapshotJobState.FINISHED)?.SnapshotName;
        }

        if (keep is not null)
        {
            await ClearFinishedAsync(keep, cancel).ConfigureAwait(false);
        }
    }

    /// <summary>createAutomatedSnapshotJob + addSnapshotJob (bounded history, only final jobs dropped).</summary>
    private ClusterSnapshotJob? CreateJob()
    {
        lock (_gate)
        {
            if (_storageVolumeName is null)
            {
                return null;
            }

            long createdMs = NowMs();
            var job = new ClusterSnapshotJob(_nextId(), AutomatedNamePrefix + createdMs, _storageVolumeName, createdMs);
            _journal.LogFe();
            _jobs[job.Id] = job;
            RecordTransition(job);
            int max = Math.Max(_options.MaxHistoricalJobs, 2);
            int excess = _jobs.Count - max;
            foreach (long id in _jobs.Values.Where(j => j.IsFinalState).Select(j => j.Id).Take(Math.Max(excess, 0)).ToList())
            {
                _jobs.Remove(id);
            }

            return job;
        }
    }

    private async Task RunJobAsync(ClusterSnapshotJob job, CancellationToken cancel)
    {
        await Task.Delay(_options.ClusterSnapshotPhaseDuration, _options.Time, cancel).ConfigureAwait(false);
        string? failure;
        ClusterSnapshotCrashPoint crash;
        lock (_gate)
        {
            // step 1: capture consistent journal ids; step 2: SNAPSHOTING (checkpoint both images).
            job.FeJournalId = _journal.FeJournalId;
            job.StarMgrJournalId = _journal.StarMgrJournalId;
            SetState(job, ClusterSnapshotJobState.SNAPSHOTING);
            failure = _failNextMessage;
            _failNextMessage = null;
            crash = _crashNext;
            _crashNext = ClusterSnapshotCrashPoint.None;
        }

        await Task.Delay(_options.ClusterSnapshotPhaseDuration, _options.Time, cancel).ConfigureAwait(false);
        if (failure is null)
        {
            // step 3: upload (3.4.x does it inside SNAPSHOTING).
            if (HasUploadingState)
            {
                lock (_gate) SetState(job, ClusterSnapshotJobState.UPLOADING);
                await Task.Delay(_options.ClusterSnapshotPhaseDuration, _options.Time, cancel).ConfigureAwait(false);
            }

            failure = await UploadAsync(job, crash, cancel).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            lock (_gate)
            {
                job.ErrorMessage = failure;
                SetState(job, ClusterSnapshotJobState.ERROR);
            }

            return;
        }

        lock (_gate)
        {
            job.FinishedTimeMs = NowMs();
            SetState(job, ClusterSnapshotJobState.FINISHED);
        }

        // ClusterSnapshotJob.setState(FINISHED) purges every older snapshot.
        await ClearFinishedAsync(job.SnapshotName, cancel).ConfigureAwait(false);
    }

    private async Task<string?> UploadAsync(ClusterSnapshotJob job, ClusterSnapshotCrashPoint crash, CancellationToken cancel)
    {
        try
        {
            StorageVolume sv = _volumes.Find(job.StorageVolumeName) ?? throw new InvalidOperationException($"Unknown storage volume: {job.StorageVolumeName}");
            ClusterSnapshotJobInfo info;
            lock (_gate) info = job.ToInfo();
            await _writer.UploadAsync(Store(sv), sv, info, crash, cancel).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException and not SimulatedFeCrashException)
        {
            return SharedDataMessages.UploadFailedPrefix + e.Message;
        }
    }

    private void SetState(ClusterSnapshotJob job, ClusterSnapshotJobState state)
    {
        job.State = state;
        _journal.LogFe();
        RecordTransition(job);
    }

    /// <summary>Every state each job entered, in order (lets tests assert the exact sequence without polling races).</summary>
    public IReadOnlyList<(long JobId, ClusterSnapshotJobState State)> Transitions
    {
        get { lock (_gate) return _transitions.ToArray(); }
    }

    private readonly List<(long JobId, ClusterSnapshotJobState State)> _transitions = new();

    // Called under _gate.
    private void RecordTransition(ClusterSnapshotJob job)
    {
        if (_transitions.Count >= 10_000) _transitions.RemoveRange(0, 5_000);
        _transitions.Add((job.Id, job.State));
    }
}
