// Disaster-recovery faults of the automated cluster snapshot daemon.
using StarRocksBackup.Simulator.Fe.SharedData;

namespace StarRocksBackup.Simulator;

public sealed partial class SimulatorFaults
{
    /// <summary>The next automated cluster snapshot job ends in ERROR with exactly <paramref name="errorMessage"/> (no folder written).</summary>
    public void FailNextClusterSnapshot(string errorMessage) => _ctx.SharedDataFe.ClusterSnapshots.FailNextSnapshot(errorMessage);

    /// <summary>
    /// The FE dies while the next automated cluster snapshot is being copied. DuringUpload (default): a newer
    /// folder with VERSION, ROLE and v2/checksum.N but neither image stays next to the older complete one. AfterUpload:
    /// two complete folders. No further snapshot runs until <see cref="StarRocksSimulator.RestartAsync"/>, whose
    /// recovery marks the job ERROR and removes the newer folder.
    /// </summary>
    public void CrashDuringNextClusterSnapshot(ClusterSnapshotCrashPoint point = ClusterSnapshotCrashPoint.DuringUpload) =>
        _ctx.SharedDataFe.ClusterSnapshots.CrashDuringNextSnapshot(point);

    /// <summary>The automated cluster snapshot daemon starts no new job (a running one completes) until resumed.</summary>
    public void StallClusterSnapshots() => _ctx.SharedDataFe.ClusterSnapshots.PauseScheduling();

    public void ResumeClusterSnapshots() => _ctx.SharedDataFe.ClusterSnapshots.ResumeScheduling();
}
