using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Integration;

/// <summary>Review fixes end to end over the simulator.</summary>
public sealed class ReviewFixSimTests
{
    [Fact]
    public async Task SHOW_DATABASES_flags_the_system_databases()
    {
        await using Sim s = await Sim.StartAsync("3.3.9");
        await s.SeedAsync("sales");
        IReadOnlyList<Database> all = await s.Client.Catalog.ListDatabasesAsync();
        Assert.False(all.Single(d => d.Name == "sales").IsSystem);
        Assert.True(all.Single(d => d.Name == "information_schema").IsSystem);
        Assert.True(all.Single(d => d.Name == "_statistics_").IsSystem);
        Assert.Equal(new[] { "sales" }, all.Where(d => !d.IsSystem).Select(d => d.Name));
    }

    [Fact]
    public async Task Partitions_and_tables_of_a_missing_database_or_table_are_not_found_errors()
    {
        await using Sim s = await Sim.StartAsync("3.3.9");
        await s.SeedAsync("sales");

        var noDb = await Assert.ThrowsAsync<StarRocksBackupException>(() => s.Client.Catalog.ListPartitionsAsync("nosuchdb", includeTemporary: false, table: null));
        Assert.Equal(ErrorKind.DatabaseNotFound, noDb.Kind);
        var noDbTable = await Assert.ThrowsAsync<StarRocksBackupException>(() => s.Client.Catalog.ListPartitionsAsync("nosuchdb", "orders"));
        Assert.Equal(ErrorKind.DatabaseNotFound, noDbTable.Kind);
        var noTable = await Assert.ThrowsAsync<StarRocksBackupException>(() => s.Client.Catalog.ListPartitionsAsync("sales", "nosuchtable"));
        Assert.Equal(ErrorKind.TableNotFound, noTable.Kind);
        Assert.Contains("'nosuchtable'", noTable.Message);
        var tables = await Assert.ThrowsAsync<StarRocksBackupException>(() => s.Client.Catalog.ListTablesAsync("nosuchdb"));
        Assert.Equal(ErrorKind.DatabaseNotFound, tables.Kind);

        // An existing database and table still list normally (no extra check when there are rows).
        Assert.Equal(new[] { "p1", "p2" }, (await s.Client.Catalog.ListPartitionsAsync("sales", "orders", includeTemporary: false)).Select(p => p.Name).OrderBy(n => n));
    }

    [Fact]
    public async Task An_empty_database_lists_no_partitions_without_error()
    {
        await using Sim s = await Sim.StartAsync("3.3.9");
        await s.ExecAsync("CREATE DATABASE empty_db");
        Assert.Empty(await s.Client.Catalog.ListPartitionsAsync("empty_db", null, includeTemporary: false));
    }

    [S3Fact]
    public async Task Stall_limit_from_seconds_ends_the_wait_with_JobStalled()
    {
        Sim s = await Sim.StartAsync("3.3.9", phaseMs: 50);
        await using (s)
        {
            await s.SeedAsync("sales");
            await s.Client.Repositories.CreateAsync(Sim.S3Repo("repo1", "core-stall-seconds"));
            BackupJob job = await s.Client.Backups.StartOneAsync(s.Client.Backups.Plan(new BackupRequest { Repository = "repo1" }.Add("sales")).Databases[0]);
            s.Simulator.Faults.StallJob("sales");

            WaitOptions options = WaitOptions.FromSeconds(30, 1);
            options.MinPollInterval = TimeSpan.FromMilliseconds(20);
            JobWaitResult r = (await s.Client.Jobs.WaitAsync(new JobInfo[] { job }, options)).Single();
            Assert.Equal(JobOutcome.Stalled, r.Outcome);
            Assert.Equal(ErrorKind.JobStalled, r.Error!.Kind);

            s.Simulator.Faults.ResumeJob("sales");
            JobWaitResult done = (await s.Client.Jobs.WaitAsync(new JobInfo[] { job }, Sim.FastWait)).Single();
            Assert.Equal(JobOutcome.Finished, done.Outcome);
        }
    }

    [Fact]
    public async Task Backing_up_a_system_database_sends_nothing()
    {
        await using Sim s = await Sim.StartAsync("3.3.9");
        int mark = s.Simulator.QueryLog.Count;
        var ex = Assert.Throws<StarRocksBackupException>(() => s.Client.Backups.Plan(new BackupRequest { Repository = "repo1" }.Add("information_schema")));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(mark, s.Simulator.QueryLog.Count);
        await Task.CompletedTask;
    }
}
