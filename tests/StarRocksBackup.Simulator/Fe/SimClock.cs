namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// The FE's clock: real time plus an offset that tests can advance (SimulatorFaults.AdvanceClock), so a job's
/// whole-job timeout (at least 600 s in StarRocks) can be reached without waiting ten minutes.
/// </summary>
public sealed class SimClock
{
    private long _offsetTicks;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public long NowMs => UtcNow.ToUnixTimeMilliseconds();

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
