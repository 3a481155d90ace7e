using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Core.Tests.Support;
using Xunit;

namespace StarRocksBackup.Tests.ClusterSnapshots;

/// <summary>The version gate over a real connection: nothing is sent to a server older than 3.4.2.</summary>
public class ClusterSnapshotSimulatorTests
{
    [Theory]
    [InlineData("3.3.9")]
    [InlineData("3.4.1")]
    public async Task Servers_before_3_4_2_are_refused_without_sending_cluster_snapshot_sql(string version)
    {
        await using Sim s = await Sim.StartAsync(version);
        var service = new ClusterSnapshotService(s.Client);
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => service.EnableAsync("builtin_storage_volume"));
        Assert.Equal(ErrorKind.UnsupportedByServer, ex.Kind);
        Assert.Contains($"the server is {version}", ex.Message);
        await Assert.ThrowsAsync<StarRocksBackupException>(() => service.ListJobsAsync());
        Assert.DoesNotContain(s.Simulator.QueryLog.Entries, e => e.Statement.Contains("CLUSTER SNAPSHOT", StringComparison.OrdinalIgnoreCase)
            || e.Statement.Contains("cluster_snapshot", StringComparison.OrdinalIgnoreCase));
    }
}
