// Issue 4, first half, end to end: Core's ClusterSnapshotService over TCP against the simulator in shared-data mode,
// whose storage volumes write real objects to the S3 server. What the service reports is checked against the bucket.
using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Simulator;
using Xunit;
using CoreState = StarRocksBackup.Core.ClusterSnapshots.ClusterSnapshotJobState;

namespace StarRocksBackup.Tests.DisasterRecovery;

public class ClusterSnapshotServiceEndToEndTests
{
    [S3Fact]
    public async Task Enable_on_the_default_volume_takes_snapshots_keeps_only_the_newest_and_disable_purges_them()
    {
        await using DrCluster dr = await DrCluster.StartAsync("dr-svc-default");
        ClusterSnapshotService service = dr.Client.ClusterSnapshots;

        await service.EnableAsync(null);
        Assert.Contains(dr.Sim.QueryLog.Entries, e => e.Statement.Trim() == "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON");

        // Snapshots appear over time; wait for the second FINISHED job so a purge has happened at least once.
        IReadOnlyList<ClusterSnapshotJob> jobs = await DrCluster.PollAsync(() => service.ListJobsAsync(),
            js => js.Count(j => j.State is CoreState.Finished or CoreState.Expired or CoreState.Deleted) >= 2, "two finished jobs");
        dr.Manager.PauseScheduling();
        await DrCluster.PollAsync(() => Task.FromResult(dr.Manager.IsIdle), idle => idle, "an idle scheduler");
        jobs = await DrCluster.PollAsync(() => service.ListJobsAsync(),
            js => js.Count(j => j.State == CoreState.Finished) == 1 && js.All(j => j.State is CoreState.Finished or CoreState.Deleted), "purge settled");

        // Typed states with StarRocks' raw text kept; job history oldest first.
        ClusterSnapshotJob newest = jobs.Single(j => j.State == CoreState.Finished);
        Assert.Equal("FINISHED", newest.RawState);
        Assert.All(jobs.Where(j => j != newest), j => Assert.Equal(CoreState.Deleted, j.State));
        Assert.Equal(jobs.OrderBy(j => j.JobId).Select(j => j.JobId), jobs.Select(j => j.JobId));
        Assert.NotNull(newest.FinishedAt);
        Assert.Equal(new[] { "INITIALIZING", "SNAPSHOTING", "UPLOADING", "FINISHED" },
            dr.Manager.Transitions.Where(t => t.JobId == newest.JobId).Select(t => t.State.ToString()));

        // information_schema.cluster_snapshots: exactly the newest, pointing at the one folder left in S3.
        ClusterSnapshot snapshot = Assert.Single(await service.ListSnapshotsAsync());
        Assert.Equal(newest.SnapshotName, snapshot.Name);
        Assert.Equal("AUTOMATED", snapshot.SnapshotType);
        Assert.Equal("builtin_storage_volume", snapshot.StorageVolume);
        Assert.Equal($"{dr.BuiltinLocation}/{dr.ServiceId}/meta/image/{snapshot.Name}", snapshot.StoragePath);
        Assert.Equal(new[] { snapshot.Name }, await dr.SnapshotFoldersAsync(dr.BuiltinLocation));
        IReadOnlyList<string> files = await dr.FolderFilesAsync(dr.BuiltinLocation, snapshot.Name);
        Assert.Contains($"v2/image.{snapshot.FeJournalId}", files);
        Assert.Contains($"v2/checksum.{snapshot.FeJournalId}", files);
        Assert.Contains($"starmgr/image.{snapshot.StarMgrJournalId}", files);

        // Turning it off purges: nothing listed, and the folder is gone from S3.
        await service.DisableAsync();
        Assert.Empty(await service.ListSnapshotsAsync());
        Assert.Empty(await dr.SnapshotFoldersAsync(dr.BuiltinLocation));
        Assert.All(await service.ListJobsAsync(), j => Assert.NotEqual(CoreState.Finished, j.State));

        // Off twice is StarRocks' own error, surfaced as ServerError with its text.
        var again = await Assert.ThrowsAsync<StarRocksBackupException>(() => service.DisableAsync());
        Assert.Equal(ErrorKind.ServerError, again.Kind);
        Assert.False(string.IsNullOrEmpty(again.ServerMessage));
    }

    [S3Fact]
    public async Task Enable_on_a_named_volume_writes_there_and_not_into_the_default_one()
    {
        await using DrCluster dr = await DrCluster.StartAsync("dr-svc-named");
        ClusterSnapshotService service = dr.Client.ClusterSnapshots;
        var unknown = await Assert.ThrowsAsync<StarRocksBackupException>(() => service.EnableAsync("no_such_volume"));
        Assert.Equal(ErrorKind.InvalidArgument, unknown.Kind);
        Assert.Contains("no_such_volume", unknown.Message);

        await service.EnableAsync(DrCluster.NamedVolume);
        Assert.Contains(dr.Sim.QueryLog.Entries, e => e.Statement.Contains($"STORAGE VOLUME {DrCluster.NamedVolume}", StringComparison.Ordinal)
            || e.Statement.Contains($"STORAGE VOLUME `{DrCluster.NamedVolume}`", StringComparison.Ordinal));

        ClusterSnapshot snapshot = (await DrCluster.PollAsync(() => service.ListSnapshotsAsync(), s => s.Count == 1, "a snapshot")).Single();
        Assert.Equal(DrCluster.NamedVolume, snapshot.StorageVolume);
        Assert.StartsWith($"{dr.NamedLocation}/{dr.ServiceId}/meta/image/automated_cluster_snapshot_", snapshot.StoragePath);
        Assert.Contains(snapshot.Name, await dr.SnapshotFoldersAsync(dr.NamedLocation));
        Assert.Empty(await dr.SnapshotFoldersAsync(dr.BuiltinLocation));

        // Already on: StarRocks' own refusal, whatever volume is named.
        var alreadyOn = await Assert.ThrowsAsync<StarRocksBackupException>(() => service.EnableAsync(null));
        Assert.Equal(ErrorKind.ServerError, alreadyOn.Kind);
        Assert.Contains("already on", alreadyOn.Message);
    }

    [S3Fact]
    public async Task Storage_volumes_are_listed_with_their_secrets_masked()
    {
        var observer = new RecordingObserver();
        await using DrCluster dr = await DrCluster.StartAsync("dr-svc-volumes", observer: observer);
        IReadOnlyList<StorageVolume> volumes = await dr.Client.ClusterSnapshots.ListStorageVolumesAsync(null, observer);

        Assert.Equal(new[] { "builtin_storage_volume", DrCluster.NamedVolume }.OrderBy(n => n), volumes.Select(v => v.Name).OrderBy(n => n));
        StorageVolume builtin = volumes.Single(v => v.Name == "builtin_storage_volume");
        Assert.True(builtin.IsDefault);
        Assert.Equal("S3", builtin.Type);
        Assert.Equal(new[] { dr.BuiltinLocation }, builtin.Locations);
        Assert.Equal(dr.S3.Endpoint, builtin.Properties["aws.s3.endpoint"]);
        Assert.Equal(dr.S3.Region, builtin.Properties["aws.s3.region"]);
        Assert.Equal("******", builtin.Properties["aws.s3.secret_key"]);
        Assert.Equal("******", builtin.Properties["aws.s3.access_key"]);
        Assert.DoesNotContain(volumes, v => v.Properties.Values.Any(p => p.Contains(dr.S3.SecretKey, StringComparison.Ordinal)));
        Assert.DoesNotContain(observer.Messages, m => m.Contains(dr.S3.SecretKey, StringComparison.Ordinal));
    }

    [S3Fact]
    public async Task A_shared_nothing_cluster_gets_StarRocks_own_refusal_as_UnsupportedByServer()
    {
        await using DrCluster dr = await DrCluster.StartAsync("dr-svc-sn", runMode: SimulatorRunMode.SharedNothing);
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => dr.Client.ClusterSnapshots.EnableAsync(null));
        Assert.Equal(ErrorKind.UnsupportedByServer, ex.Kind);
        Assert.Contains("Automated snapshot only support share data mode", ex.Message);
        Assert.Contains(dr.Sim.QueryLog.Entries, e => e.Statement.Contains("AUTOMATED CLUSTER SNAPSHOT", StringComparison.Ordinal));
    }

    [S3Fact]
    public async Task Version_3_3_is_refused_before_any_cluster_snapshot_sql_is_sent()
    {
        await using DrCluster dr = await DrCluster.StartAsync("dr-svc-33", version: "3.3.9");
        ClusterSnapshotService service = dr.Client.ClusterSnapshots;
        foreach (Func<Task> call in new Func<Task>[] { () => service.EnableAsync(null), () => service.DisableAsync(), () => service.ListJobsAsync(), () => service.ListSnapshotsAsync() })
        {
            var ex = await Assert.ThrowsAsync<StarRocksBackupException>(call);
            Assert.Equal(ErrorKind.UnsupportedByServer, ex.Kind);
            Assert.Contains("3.3.9", ex.Message);
        }

        Assert.DoesNotContain(dr.Sim.QueryLog.Entries, e => e.Statement.Contains("CLUSTER SNAPSHOT", StringComparison.OrdinalIgnoreCase)
            || e.Statement.Contains("cluster_snapshot", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(await dr.SnapshotFoldersAsync(dr.BuiltinLocation));
    }
}
