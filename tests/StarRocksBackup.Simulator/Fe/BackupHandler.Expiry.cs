using System.Text;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// 4.2 snapshot expiry: the leader FE deletes snapshots this cluster created once finish time + ttl has passed
/// (facts §5.4). The simulator tracks the ttl backups it finished and sweeps them against its (advanceable) clock.
/// </summary>
public sealed partial class BackupHandler
{
    private readonly List<(Repository Repo, string Label, long ExpireMs)> _expiring = new();
    private Task? _sweeper;

    /// <summary>Caller holds the gate.</summary>
    public void ScheduleExpiry(Repository repo, string label, long expireMs)
    {
        _expiring.Add((repo, label, expireMs));
        _sweeper ??= Task.Run(SweepAsync);
    }

    private async Task SweepAsync()
    {
        while (!_ctx.Shutdown.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(50, _ctx.Shutdown.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<(Repository Repo, string Label, long ExpireMs)> due;
            lock (_ctx.Catalog.Gate)
            {
                long now = _ctx.Clock.NowMs;
                due = _expiring.Where(e => e.ExpireMs <= now && !_jobByDb.Values.Any(j => !j.IsDone && j.Repo.Id == e.Repo.Id && j.Label == e.Label)).ToList();
                foreach (var d in due) _expiring.Remove(d);
            }

            foreach ((Repository repo, string label, _) in due)
            {
                try
                {
                    // Only if every info file of the label still names this cluster.
                    bool ours = true;
                    foreach (string f in await repo.Storage.ListInfoFilesAsync(label).ConfigureAwait(false))
                    {
                        byte[]? c = await repo.Storage.Store.GetAsync(repo.Storage.SnapshotDir(label) + f).ConfigureAwait(false);
                        ours &= c is not null && BackupJobInfo.Parse(Encoding.UTF8.GetString(c)).ClusterId == _ctx.Options.ClusterId;
                    }

                    if (ours) await repo.Storage.DeleteSnapshotAsync(label).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // StarRocks retries up to backup_clean_retry_limit; the simulator retries on the next sweep.
                    lock (_ctx.Catalog.Gate) _expiring.Add((repo, label, _ctx.Clock.NowMs));
                }
            }
        }
    }
}
