using System.Collections.Concurrent;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>Fault state the job engine consults (set through <see cref="SimulatorFaults"/>).</summary>
public sealed class JobFaults
{
    private readonly ConcurrentDictionary<string, bool> _stalled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _failNext = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _slow = new(StringComparer.OrdinalIgnoreCase);

    private readonly ConcurrentDictionary<Func<string, bool>, string> _statements = new();

    public bool IsStalled(string db) => _stalled.ContainsKey(db);

    public void FailStatements(Func<string, bool> match, string message) => _statements[match] = message;

    public void ClearStatementFaults()
    {
        _statements.Clear();
        _delays.Clear();
    }

    private readonly ConcurrentDictionary<Func<string, bool>, TimeSpan> _delays = new();

    public void DelayStatements(Func<string, bool> match, TimeSpan delay) => _delays[match] = delay;

    /// <summary>How long a statement waits before it is executed (the longest matching delay), or zero.</summary>
    public TimeSpan StatementDelay(string sql)
    {
        TimeSpan longest = TimeSpan.Zero;
        foreach (KeyValuePair<Func<string, bool>, TimeSpan> d in _delays)
        {
            if (d.Value > longest && d.Key(sql)) longest = d.Value;
        }

        return longest;
    }

    /// <summary>The error message a statement must fail with, or null.</summary>
    public string? StatementFault(string sql)
    {
        foreach (KeyValuePair<Func<string, bool>, string> f in _statements)
        {
            if (f.Key(sql)) return f.Value;
        }

        return null;
    }

    public void Stall(string db) => _stalled[db] = true;

    public void Resume(string db) => _stalled.TryRemove(db, out _);

    public void FailNext(string db, string message) => _failNext[db] = message;

    /// <summary>Takes (and clears) the failure planned for the next job of <paramref name="db"/>.</summary>
    public string? TakeFailNext(string db) => _failNext.TryRemove(db, out string? m) ? m : null;

    public void SlowPhase(string state, TimeSpan extra) => _slow[state] = extra;

    public TimeSpan ExtraFor(string state) => _slow.TryGetValue(state, out TimeSpan t) ? t : TimeSpan.Zero;
}
