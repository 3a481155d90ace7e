// Disaster-recovery faults of the automated cluster snapshot daemon.
namespace StarRocksBackup.Simulator;

public sealed partial class SimulatorFaults
{
    /// <summary>The next automated cluster snapshot job ends in ERROR with exactly <paramref name="errorMessage"/> (no folder written).</summary>
    public void FailNextClusterSnapshot(string errorMessage) => _ctx.SharedDataFe.ClusterSnapshots.FailNextSnapshot(errorMessage);

    /// <summary>
    /// The FE dies while the next automated cluster snapshot is being copied: a newer folder with image.ckpt,
    /// VERSION and ROLE but no image stays next to the older complete one, and no further snapshot runs until
    /// <see cref="StarRocksSimulator.RestartAsync"/> (whose recovery marks the job ERROR and removes that folder).
    /// </summary>
    public void CrashDuringNextClusterSnapshot() => _ctx.SharedDataFe.ClusterSnapshots.CrashDuringNextSnapshot();
}
