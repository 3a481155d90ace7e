using System.Diagnostics;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// What BackupJob and RestoreJob share (StarRocks' AbstractJob): identity, times, status, timeout, and a
/// background runner that advances the state machine. Each state lasts the configured phase duration
/// (plus SlowPhase extra); a stalled database's job does not advance; the whole-job timeout
/// (now - createTime &gt; timeout, facts §3.4) cancels with [TIMEOUT, msg: ].
/// </summary>
public abstract class AbstractJob
{
    private const int TickMs = 5;
    private readonly Stopwatch _phaseClock = Stopwatch.StartNew();
    private string? _injectedTaskErr;
    private long _injectedAt;
    private Task? _runner;

    protected AbstractJob(FeContext ctx, string label, Database db, Repository repo, long timeoutMs)
    {
        Ctx = ctx;
        JobId = ctx.Catalog.NextId();
        Label = label;
        DbId = db.Id;
        DbName = db.Name;
        Repo = repo;
        TimeoutMs = timeoutMs;
        CreateTimeMs = ctx.Clock.NowMs;
        PlannedFailure = ctx.Faults.TakeFailNext(db.Name);
    }

    protected FeContext Ctx { get; }

    public long JobId { get; }

    public string Label { get; }

    public long DbId { get; }

    public string DbName { get; }

    public Repository Repo { get; }

    public long TimeoutMs { get; }

    public long CreateTimeMs { get; }

    public long FinishedTimeMs { get; protected set; }

    public JobStatus Status { get; protected set; } = JobStatus.Ok;

    /// <summary>TaskErrMsg cell: "[taskId: msg]" entries, empty when none.</summary>
    public string TaskErrMsg { get; protected set; } = string.Empty;

    /// <summary>The state's name as StarRocks shows it (PENDING, SNAPSHOTING, ...).</summary>
    public abstract string StateName { get; }

    public abstract bool IsDone { get; }

    public abstract bool IsRestore { get; }

    /// <summary>A failure planned by SimulatorFaults.FailNextJob: the job cancels at its first step.</summary>
    protected string? PlannedFailure { get; set; }

    private TimeSpan BasePhaseDuration => IsRestore ? Ctx.Options.RestorePhaseDuration : Ctx.Options.BackupPhaseDuration;

    protected TimeSpan PhaseDuration => BasePhaseDuration + Ctx.Faults.ExtraFor(StateName) + ExtraPhaseTime;

    /// <summary>What the job's own size adds to the current state (none by default).</summary>
    protected virtual TimeSpan ExtraPhaseTime => TimeSpan.Zero;

    /// <summary>How far the current state is through its duration (0..1), for Progress columns.</summary>
    protected double PhaseFraction
    {
        get
        {
            double total = PhaseDuration.TotalMilliseconds;
            return total <= 0 ? 1 : Math.Clamp(_phaseClock.Elapsed.TotalMilliseconds / total, 0, 1);
        }
    }

    public void Start() => _runner = Task.Run(RunAsync);

    /// <summary>Waits for the runner (tests and shutdown).</summary>
    public Task Completion => _runner ?? Task.CompletedTask;

    /// <summary>FailJob fault: show <paramref name="taskErrMsg"/> now, cancel with COMMON_ERROR one phase later.</summary>
    public void InjectTaskFailure(string taskErrMsg)
    {
        lock (Ctx.Catalog.Gate)
        {
            if (IsDone) return;
            TaskErrMsg = taskErrMsg;
            _injectedTaskErr = taskErrMsg;
            _injectedAt = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>User CANCEL: returns null on success, else the state that cannot be cancelled.</summary>
    public string? UserCancel()
    {
        lock (Ctx.Catalog.Gate)
        {
            if (IsDone) return StateName;
            CancelLocked(UserCancelStatus());
            return null;
        }
    }

    protected virtual JobStatus UserCancelStatus() => JobStatus.Common(Messages.UserCancelled());

    /// <summary>Moves to CANCELLED and undoes what the job did (caller holds the gate).</summary>
    protected abstract void CancelLocked(JobStatus status);

    /// <summary>Does the work that ends the current state and moves to the next one. May do object-storage I/O
    /// (outside the gate); throws <see cref="JobFailedException"/> to cancel.</summary>
    protected abstract Task StepAsync();

    /// <summary>The row of SHOW BACKUP / SHOW RESTORE (caller holds the gate).</summary>
    public abstract object?[] InfoRow();

    private async Task RunAsync()
    {
        _phaseClock.Restart();
        while (true)
        {
            await Task.Delay(TickMs).ConfigureAwait(false);
            if (Ctx.Shutdown.IsCancellationRequested) return;
            lock (Ctx.Catalog.Gate)
            {
                if (IsDone) return;
                if (Ctx.Clock.NowMs - CreateTimeMs > TimeoutMs)
                {
                    CancelLocked(JobStatus.Timeout());
                    return;
                }

                if (_injectedTaskErr is not null && Stopwatch.GetElapsedTime(_injectedAt) >= BasePhaseDuration)
                {
                    CancelLocked(JobStatus.Common(StripTaskId(_injectedTaskErr)));
                    return;
                }

                if (Ctx.Faults.IsStalled(DbName) || _injectedTaskErr is not null) continue;
                if (_phaseClock.Elapsed < PhaseDuration) continue;
                if (PlannedFailure is { } planned)
                {
                    CancelLocked(JobStatus.Common(planned));
                    return;
                }
            }

            try
            {
                await StepAsync().ConfigureAwait(false);
            }
            catch (JobFailedException e)
            {
                lock (Ctx.Catalog.Gate)
                {
                    if (!IsDone) CancelLocked(e.Status);
                }
            }
            catch (Exception e)
            {
                lock (Ctx.Catalog.Gate)
                {
                    if (!IsDone) CancelLocked(JobStatus.Common(e.Message));
                }
            }

            _phaseClock.Restart();
        }
    }

    /// <summary>"[12345: upload failed]" → "upload failed" (the Status carries the bare message).</summary>
    private static string StripTaskId(string taskErr)
    {
        string s = taskErr.Trim();
        if (s.StartsWith('[') && s.EndsWith(']'))
        {
            int colon = s.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0) return s[(colon + 2)..^1];
        }

        return s;
    }
}
