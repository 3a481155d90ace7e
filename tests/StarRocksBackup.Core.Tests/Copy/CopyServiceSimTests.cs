using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Copy;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Copy;

/// <summary>Copy a database between two simulators sharing the S3 server.</summary>
public sealed class CopyServiceSimTests
{
    private static Func<string, string, RepositorySpec> Keys()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        return (name, location) => RepositorySpec.S3(name, location, s3.AccessKey, s3.SecretKey, s3.Endpoint, s3.Region);
    }

    [S3Fact]
    public async Task From33To34_RowsEqualPerPartition_AndTheDestinationRepositoryIsReadOnly()
    {
        await using Sim source = await Sim.StartAsync("3.3.9");
        await using Sim dest = await Sim.StartAsync("3.4.5", aliveBackends: 1);
        await source.SeedAsync("sales");
        await source.Client.Repositories.CreateAsync(Sim.S3Repo("shared", "copy-33-34"));
        var request = new CopyRequest { Database = "sales", TargetDatabase = "sales_copy", Repository = "shared", DestinationRepositorySpec = Keys() };
        var service = new CopyService(source.Client, dest.Client);
        CopyPlan plan = await service.PlanAsync(request);
        Assert.True(plan.CreatesDestinationRepository);
        Assert.StartsWith("CREATE READ ONLY REPOSITORY `shared`", plan.CreateRepositorySql);
        Assert.DoesNotContain(TestEnvironment.RequireS3().SecretKey, plan.Describe());
        Assert.Equal(1, plan.ReplicationNum);
        Assert.Equal(7, plan.Steps.Count);

        CopyResult result = await service.RunAsync(plan, request, new RecordingObserver());
        Assert.True(result.Verified, string.Join(", ", result.Partitions.Select(p => $"{p.Table}.{p.Partition} {p.SourceRows}/{p.DestinationRows}")));
        Assert.Equal(new[] { "dim.dim 1/1", "orders.p1 2/2", "orders.p2 1/1" },
            result.Partitions.Select(p => $"{p.Table}.{p.Partition} {p.SourceRows}/{p.DestinationRows}").OrderBy(x => x));
        Repository repo = (await dest.Client.Repositories.GetAsync("shared"))!;
        Assert.True(repo.IsReadOnly);

        // A second copy reuses the destination's repository on the same location.
        var again = new CopyRequest { Database = "sales", TargetDatabase = "sales_copy2", Repository = "shared" };
        CopyPlan plan2 = await service.PlanAsync(again);
        Assert.False(plan2.CreatesDestinationRepository);
        Assert.Equal("shared", plan2.DestinationRepository);
    }

    [S3Fact]
    public async Task From34To33_IsRefusedBeforeAnythingRuns()
    {
        await using Sim source = await Sim.StartAsync("3.4.5");
        await using Sim dest = await Sim.StartAsync("3.3.9");
        await source.SeedAsync("sales");
        await source.Client.Repositories.CreateAsync(Sim.S3Repo("shared", "copy-34-33"));
        var request = new CopyRequest { Database = "sales", Repository = "shared", DestinationRepositorySpec = Keys() };
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => new CopyService(source.Client, dest.Client).PlanAsync(request));
        Assert.Equal(ErrorKind.UnsupportedByServer, ex.Kind);
        Assert.Contains("cannot be restored by StarRocks 3.3.9", ex.Message);
        Assert.Empty(await dest.Client.Repositories.ListAsync());
        Assert.Empty(await source.Client.Jobs.ListBackupJobsAsync());
    }

    [Fact]
    public void VersionRule_OlderToNewerOnly()
    {
        Assert.Null(CopyService.VersionRefusal(new Version(3, 3, 9), new Version(3, 4, 0)));
        Assert.Null(CopyService.VersionRefusal(new Version(3, 4, 5), new Version(3, 4, 1)));
        Assert.NotNull(CopyService.VersionRefusal(new Version(4, 2, 0), new Version(4, 0, 2)));
        Assert.True(CopyService.SameLocation("s3a://b/p/", "s3://b/p"));
        Assert.False(CopyService.SameLocation("s3://b/p", "s3://b/q"));
    }
}
