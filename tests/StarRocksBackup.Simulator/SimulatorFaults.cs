using StarRocksBackup.Simulator.Fe;
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator;

/// <summary>
/// The knobs tests flip to provoke one failure each: job failures, stalls and slow phases in the FE engine,
/// dropped connections in the wire layer, and a clock jump to reach whole-job timeouts.
/// </summary>
public sealed partial class SimulatorFaults
{
    private readonly FeContext _ctx;
    private readonly Func<MySqlProtocolServer?> _server;

    internal SimulatorFaults(FeContext ctx, Func<MySqlProtocolServer?> server)
    {
        _ctx = ctx;
        _server = server;
    }

    /// <summary>
    /// The database's running job shows <paramref name="taskErrMsg"/> (e.g. "[12345: upload failed]") in TaskErrMsg,
    /// then, one phase later, turns CANCELLED with Status [COMMON_ERROR, msg: upload failed].
    /// </summary>
    public void FailJob(string db, string taskErrMsg)
    {
        AbstractJob job = _ctx.Jobs.RunningJob(db) ?? throw new InvalidOperationException($"no running backup/restore job in database {db}");
        job.InjectTaskFailure(taskErrMsg);
    }

    /// <summary>The next job submitted for <paramref name="db"/> is CANCELLED at its first step with [COMMON_ERROR, msg: message].</summary>
    public void FailNextJob(string db, string message) => _ctx.Faults.FailNext(db, message);

    /// <summary>Jobs of <paramref name="db"/> stop advancing (the whole-job timeout still applies).</summary>
    public void StallJob(string db) => _ctx.Faults.Stall(db);

    public void ResumeJob(string db) => _ctx.Faults.Resume(db);

    /// <summary>Every job's state <paramref name="stateName"/> (e.g. "UPLOADING") lasts <paramref name="extra"/> longer.</summary>
    public void SlowPhase(string stateName, TimeSpan extra) => _ctx.Faults.SlowPhase(stateName, extra);

    /// <summary>
    /// Every statement <paramref name="match"/> accepts fails with error 1064 and <paramref name="message"/> (as an FE
    /// answers a statement it cannot execute) until <see cref="ClearStatementFaults"/>.
    /// </summary>
    public void FailStatements(Func<string, bool> match, string message) => _ctx.Faults.FailStatements(match, message);

    /// <summary>
    /// Every statement <paramref name="match"/> accepts waits <paramref name="delay"/> before it is executed (a busy FE, a
    /// slow information_schema scan) until <see cref="ClearStatementFaults"/>.
    /// </summary>
    public void DelayStatements(Func<string, bool> match, TimeSpan delay) => _ctx.Faults.DelayStatements(match, delay);

    /// <summary>
    /// Another submission holds StarRocks' BACKUP/RESTORE submission lock for <paramref name="duration"/> (as when it lists
    /// a big repository): BACKUP and RESTORE statements meanwhile wait <see cref="SimulatorOptions.SubmissionLockWait"/>,
    /// then fail with "Another backup or restore job is being submitted". Returns once the lock is held.
    /// </summary>
    public void HoldSubmissionLock(TimeSpan duration) => _ctx.Jobs.HoldSubmissionLock(duration);

    /// <summary>
    /// From now on (restarts included) every reply waits <paramref name="roundTrip"/> after its statement ran: a client
    /// that far from its FE (<see cref="SimulatorOptions.NetworkRoundTrip"/>). Zero: loopback again.
    /// </summary>
    public void SetNetworkRoundTrip(TimeSpan roundTrip)
    {
        _ctx.Options.NetworkRoundTrip = roundTrip;
        (_server() ?? throw new InvalidOperationException("the wire layer is not running")).Options.ReplyDelay = roundTrip;
    }

    /// <summary>Ends the failures of <see cref="FailStatements"/> and the delays of <see cref="DelayStatements"/>.</summary>
    public void ClearStatementFaults() => _ctx.Faults.ClearStatementFaults();

    /// <summary>Moves the FE clock forward (job timeouts, ttl expiry, displayed times) without waiting.</summary>
    public void AdvanceClock(TimeSpan by) => _ctx.Clock.Advance(by);

    /// <summary>Closes every client connection abruptly; the FE keeps listening.</summary>
    public void DropAllConnections() => (_server() ?? throw new InvalidOperationException("the wire layer is not running")).DropAllConnections();
}
