using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Objects;

/// <summary>Tables, a view, an async MV and a UDF backed up and restored through Core against the simulator.</summary>
public sealed class ObjectBackupSimTests
{
    internal static async Task SeedObjectsAsync(Sim sim, string db)
    {
        await sim.SeedAsync(db);
        await sim.ExecAsync($"CREATE VIEW `{db}`.`recent` AS SELECT id, note FROM orders WHERE id > 1");
        await sim.ExecAsync($"CREATE MATERIALIZED VIEW `{db}`.`order_ids` DISTRIBUTED BY HASH(id) REFRESH ASYNC AS SELECT id FROM orders");
        await sim.ExecAsync($"CREATE FUNCTION `{db}`.`add_one`(INT) RETURNS INT PROPERTIES ('symbol' = 'com.example.AddOne', 'type' = 'StarrocksJar', 'file' = 'http://repo/udf.jar')");
    }

    [S3Theory]
    [InlineData("3.4.5")]
    [InlineData("4.2.0")]
    public async Task WholeDatabase_CarriesEveryObject_AndTheRestoreBringsThemBack(string version)
    {
        await using Sim sim = await Sim.StartAsync(version);
        await SeedObjectsAsync(sim, "shop");
        await sim.Client.Repositories.CreateAsync(Sim.S3Repo("repo", "core-objects"));
        var observer = new RecordingObserver();
        BackupPlan plan = sim.Client.Backups.Plan(new BackupRequest { Repository = "repo", Label = "full" }.Add("shop"));
        IReadOnlyList<DatabaseBackupResult> results = await sim.Client.Backups.StartAsync(plan, null, observer);
        await sim.Client.Jobs.WaitOneAsync(results.Single().Job!, Sim.FastWait);
        Assert.DoesNotContain(observer.Warnings, w => w.Contains("backs up tables only"));

        Snapshot snap = (await sim.Client.Snapshots.GetAsync("repo", "full"))!;
        SnapshotDetail detail = await sim.Client.Snapshots.GetDetailAsync("repo", "full", snap.Latest!.Text);
        // The info file lists the MV with the tables and has no functions (StarRocks keeps them only in __meta).
        Assert.Equal(new[] { "dim", "order_ids", "orders" }, detail.Tables.Select(t => t.Name).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(new[] { "recent" }, detail.Views);
        Assert.DoesNotContain("add_one", detail.DetailsJson);

        RestorePlan rp = await sim.Client.Restores.PlanAsync(new RestoreRequest { Repository = "repo", Snapshot = "full", TargetDatabase = "shop_back", ReplicationNum = 1 });
        RestoreJob job = await sim.Client.Restores.StartAsync(rp);
        await sim.Client.Jobs.WaitOneAsync(job, Sim.FastWait);
        IReadOnlyList<DatabaseObject> back = await sim.Client.Objects.ListAsync("shop_back");
        Assert.Equal(new[] { "Function add_one", "MaterializedView order_ids", "View recent" }, back.Select(o => $"{o.Kind} {o.Name}").OrderBy(x => x));
        Assert.True(back.Single(o => o.Kind == DatabaseObjectKind.MaterializedView).IsActive);
        Assert.Equal(new[] { "2" }, await sim.RowsAsync("SELECT COUNT(*) FROM shop_back.recent"));
    }

    [S3Fact]
    public async Task NamedObjects_On34_AndRestoreOfOneView()
    {
        await using Sim sim = await Sim.StartAsync("3.4.5");
        await SeedObjectsAsync(sim, "shop");
        await sim.Client.Repositories.CreateAsync(Sim.S3Repo("repo", "core-objects-named"));
        var request = new BackupRequest { Repository = "repo", Label = "named" };
        request.Targets.Add(new BackupTarget("shop", "orders"));
        request.Targets.Add(new BackupTarget("shop", DatabaseObjectKind.View, "recent"));
        request.Targets.Add(new BackupTarget("shop", DatabaseObjectKind.Function, "add_one"));
        BackupPlan plan = sim.Client.Backups.Plan(request);
        Assert.Equal("BACKUP DATABASE `shop` SNAPSHOT `named` TO `repo` ON (`orders`, VIEW `recent`, FUNCTION `add_one`)", plan.Databases.Single().Sql);
        await sim.Client.Jobs.WaitOneAsync((await sim.Client.Backups.StartAsync(plan)).Single().Job!, Sim.FastWait);

        var rr = new RestoreRequest { Repository = "repo", Snapshot = "named", TargetDatabase = "only_view", ReplicationNum = 1 };
        rr.Tables.Add(new RestoreTableRequest("orders"));
        rr.Objects.Add(new RestoreObjectRequest(DatabaseObjectKind.View, "recent", "recent2"));
        RestorePlan rp = await sim.Client.Restores.PlanAsync(rr);
        Assert.Contains("VIEW `recent` AS `recent2`", rp.Sql);
        await sim.Client.Jobs.WaitOneAsync(await sim.Client.Restores.StartAsync(rp), Sim.FastWait);
        Assert.Equal(new[] { "View recent2" }, (await sim.Client.Objects.ListAsync("only_view")).Select(o => $"{o.Kind} {o.Name}"));

        var missing = new RestoreRequest { Repository = "repo", Snapshot = "named", TargetDatabase = "x" };
        missing.Objects.Add(new RestoreObjectRequest(DatabaseObjectKind.MaterializedView, "order_ids"));
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => sim.Client.Restores.PlanAsync(missing));
        Assert.Equal(ErrorKind.TableNotFound, ex.Kind);
    }

    [S3Fact]
    public async Task On33_TheSameBackup_SaysWhatItCannotCarry()
    {
        await using Sim sim = await Sim.StartAsync("3.3.9");
        await SeedObjectsAsync(sim, "shop");
        await sim.Client.Repositories.CreateAsync(Sim.S3Repo("repo", "core-objects-33"));
        var observer = new RecordingObserver();
        BackupPlan plan = sim.Client.Backups.Plan(new BackupRequest { Repository = "repo", Label = "t33" }.Add("shop"));
        await sim.Client.Jobs.WaitOneAsync((await sim.Client.Backups.StartAsync(plan, null, observer)).Single().Job!, Sim.FastWait);
        string warning = Assert.Single(observer.Warnings, w => w.Contains("backs up tables only"));
        Assert.Contains("View recent", warning);
        Assert.Contains("MaterializedView order_ids", warning);
        Assert.Contains("Function add_one(INT)", warning);

        var request = new BackupRequest { Repository = "repo", Label = "v33" };
        request.Targets.Add(new BackupTarget("shop", DatabaseObjectKind.View, "recent"));
        var ex = Assert.Throws<StarRocksBackupException>(() => sim.Client.Backups.Plan(request));
        Assert.Equal(ErrorKind.UnsupportedByServer, ex.Kind);
    }

    [S3Fact]
    public async Task On34_AWholeDatabaseBackup_WarnsAboutExternalCatalogs_AndACatalogBackupCarriesThem()
    {
        await using Sim sim = await Sim.StartAsync("3.4.5");
        await sim.SeedAsync("shop");
        await sim.ExecAsync("CREATE EXTERNAL CATALOG hive1 PROPERTIES ('type' = 'hive', 'hive.metastore.uris' = 'thrift://hms:9083')");
        await sim.Client.Repositories.CreateAsync(Sim.S3Repo("repo", "core-objects-cat"));
        var observer = new RecordingObserver();
        BackupPlan plan = sim.Client.Backups.Plan(new BackupRequest { Repository = "repo", Label = "db" }.Add("shop"));
        await sim.Client.Jobs.WaitOneAsync((await sim.Client.Backups.StartAsync(plan, null, observer)).Single().Job!, Sim.FastWait);
        Assert.Contains(observer.Warnings, w => w.Contains("External catalogs are not part of a database backup: hive1"));

        var cats = new BackupRequest { Repository = "repo", CatalogLabel = "cats", AllExternalCatalogs = true };
        BackupPlan cp = sim.Client.Backups.Plan(cats);
        Assert.Equal("BACKUP ALL EXTERNAL CATALOGS SNAPSHOT `cats` TO `repo`", cp.Catalogs!.Sql);
        BackupJob job = await sim.Client.Backups.StartCatalogBackupAsync(cp.Catalogs);
        Assert.Equal(string.Empty, job.Database);
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await sim.Client.Snapshots.GetAsync("repo", "cats"))?.Latest is null)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(50);
        }

        Snapshot s = (await sim.Client.Snapshots.GetAsync("repo", "cats"))!;
        SnapshotDetail catDetail = await sim.Client.Snapshots.GetDetailAsync("repo", "cats", s.Latest!.Text);
        Assert.Empty(catDetail.Tables); // a catalog snapshot's info file has empty backup_objects: the catalogs are only in __meta
        Assert.DoesNotContain("hive1", catDetail.DetailsJson);
    }
}
