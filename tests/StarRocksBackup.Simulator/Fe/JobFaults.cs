using System.Collections.Concurrent;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>Fault state the job engine consults (set through <see cref="SimulatorFaults"/>).</summary>
public sealed class JobFaults
{
    private readonly ConcurrentDictionary<string, bool> _stalled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _failNext = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _slow = new(StringComparer.OrdinalIgnoreCase);

    public bool IsStalled(string db) => _stalled.ContainsKey(db);

    public void Stall(string db) => _stalled[db] = true;

    public void Resume(string db) => _stalled.TryRemove(db, out _);

    public void FailNext(string db, string message) => _failNext[db] = message;

    /// <summary>Takes (and clears) the failure planned for the next job of <paramref name="db"/>.</summary>
    public string? TakeFailNext(string db) => _failNext.TryRemove(db, out string? m) ? m : null;

    public void SlowPhase(string state, TimeSpan extra) => _slow[state] = extra;

    public TimeSpan ExtraFor(string state) => _slow.TryGetValue(state, out TimeSpan t) ? t : TimeSpan.Zero;
}
