using StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Core.Verification;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Retention;

/// <summary>Test-SrBackup's and Test-SrRepository's Core on the simulator and the real S3 server.</summary>
public sealed class DrillAndRepositoryCheckTests
{
    [S3Theory]
    [InlineData("3.3.9")]
    [InlineData("4.2.0")]
    public async Task Drill_passes_a_good_snapshot_and_catches_one_whose_data_was_tampered_with(string version)
    {
        await using RepoFixture f = await RepoFixture.StartAsync(version, "drill");
        await f.Sim.SeedAsync("sales");
        string ts = await f.BackupAsync("sales", "snap");
        var drill = new RestoreDrillService(f.Client, f.Storage);
        RestoreDrillResult good = await drill.RunAsync(new RestoreDrillRequest { Repository = "repo1", Label = "snap", Wait = Sim.FastWait }, null, default);
        Assert.True(good.Passed, string.Join("\n", good.Findings) + string.Join("\n", good.Notes));
        Assert.Equal(ts, good.Timestamp);
        Assert.Equal(4, good.RowsRestored);
        Assert.Equal(3, good.PartitionsCompared); // orders p1, p2 and dim
        Assert.Equal(2, good.TablesFingerprinted);
        Assert.True(good.ScratchDropped);
        Assert.False(await f.Client.Catalog.DatabaseExistsAsync(good.ScratchDatabase));
        Assert.NotNull(good.RecordKey);

        // Tamper with a data object in S3, keeping its name: StarRocks' restore checks the MD5 and fails; the drill says so.
        SnapshotFolderListing listing = await SnapshotFolderListing.ListAsync(f.Storage, "snap", default);
        ObjectInfo victim = listing.DataFiles.First();
        byte[] content = await f.Store.GetAsync(f.Bucket, victim.Key, default);
        content[^2] ^= 0x01;
        await f.Store.PutAsync(f.Bucket, victim.Key, content, default);
        RestoreDrillResult bad = await drill.RunAsync(new RestoreDrillRequest { Repository = "repo1", Label = "snap", Timestamp = ts, Wait = Sim.FastWait }, null, default);
        Assert.False(bad.Passed);
        VerificationFinding finding = Assert.Single(bad.Findings);
        Assert.Equal(FindingKinds.RestoreFailed, finding.Kind);
        Assert.Contains("md5", finding.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.True(bad.ScratchDropped);
        Assert.False(await f.Client.Catalog.DatabaseExistsAsync(bad.ScratchDatabase));

        var records = (await VerificationRecord.ListAsync(f.Storage, null, default)).Where(r => r.Kind == VerificationRecord.RestoreDrillKind).OrderBy(r => r.AtUtc).ToList();
        Assert.Equal(new[] { true, false }, records.Select(r => r.Passed));
    }

    [S3Fact]
    public async Task Drill_of_a_snapshot_with_a_view_and_a_materialized_view_compares_the_tables_only()
    {
        // 3.4+: the info file lists the MV like a table and the view without partitions. An MV's rows are derived (and a
        // restored MV waits for a refresh), so the drill leaves it out of the row comparison and says so.
        await using RepoFixture f = await RepoFixture.StartAsync("3.4.5", "drill-mv");
        await f.Sim.SeedAsync("sales");
        await f.Sim.ExecAsync("CREATE VIEW sales.v_orders AS SELECT * FROM sales.orders");
        await f.Sim.ExecAsync("CREATE MATERIALIZED VIEW sales.mv_ids DISTRIBUTED BY HASH(id) REFRESH ASYNC AS SELECT id FROM sales.orders");
        await f.BackupAsync("sales", "snap");
        RestoreDrillResult r = await new RestoreDrillService(f.Client, f.Storage).RunAsync(
            new RestoreDrillRequest { Repository = "repo1", Label = "snap", Wait = Sim.FastWait }, null, default);
        Assert.True(r.Passed, string.Join("\n", r.Findings) + string.Join("\n", r.Notes));
        Assert.Equal(3, r.PartitionsCompared); // orders p1, p2 and dim; not the MV
        Assert.Contains(r.Notes, n => n.Contains("mv_ids", StringComparison.Ordinal) && n.Contains("materialized view", StringComparison.Ordinal));
    }

    [S3Fact]
    public async Task Drill_compares_row_counts_with_the_manifest_and_reports_a_difference()
    {
        await using RepoFixture f = await RepoFixture.StartAsync("3.3.9", "drill-manifest");
        await f.Sim.SeedAsync("sales");
        string ts = await f.BackupAsync("sales", "snap");
        // The source changes after the backup: only the manifest can say how many rows were backed up.
        await f.Sim.ExecAsync("INSERT INTO sales.dim VALUES (2, 'two')");
        var parts = await f.Client.Catalog.ListPartitionsAsync("sales", "orders");
        string manifest = "{\"schema\":1,\"label\":\"snap\",\"backupTimestamp\":\"" + ts + "\",\"repository\":\"repo1\",\"database\":\"sales\",\"source\":\"module\",\"kind\":\"full\",\"finishedAt\":\"2026-01-01T00:00:00Z\",\"state\":\"FINISHED\",\"partitions\":["
            + string.Join(",", parts.Select(p => $"{{\"table\":\"orders\",\"tableId\":1,\"partition\":\"{p.Name}\",\"partitionId\":{p.PartitionId},\"visibleVersion\":{p.VisibleVersion},\"rowCount\":{(p.Name == "p1" ? 99 : p.RowCount)},\"future\":true}}"))
            + "],\"inventory\":null}";
        await f.Store.PutAsync(f.Bucket, f.Storage.ModuleFolder.Prefix + "catalog/manifests/sales/" + ts + "_snap.json", System.Text.Encoding.UTF8.GetBytes(manifest), default);

        RestoreDrillResult r = await new RestoreDrillService(f.Client, f.Storage).RunAsync(
            new RestoreDrillRequest { Repository = "repo1", Label = "snap", Timestamp = ts, Wait = Sim.FastWait }, null, default);
        Assert.False(r.Passed);
        VerificationFinding d = Assert.Single(r.Findings);
        Assert.Equal(FindingKinds.Different, d.Kind);
        Assert.Contains("partition p1", d.Key);
        Assert.Contains("99 backed up (per the manifest)", d.Detail);
        Assert.Contains(r.Notes, n => n.StartsWith("dim", StringComparison.Ordinal)); // source changed, no manifest count
        Assert.Equal(2, r.PartitionsCompared);
    }

    [S3Fact]
    public async Task Repository_check_finds_orphans_part_objects_and_manifests_of_gone_snapshots()
    {
        await using RepoFixture f = await RepoFixture.StartAsync("3.3.9", "repo-check");
        await f.Sim.SeedAsync("sales");
        string ts = await f.BackupAsync("sales", "snap");
        using RepositoryAccess clean = await RepositoryAccess.OpenAsync(f.Client, "repo1", f.StoreOptions, null, default);
        RepositoryCheckResult ok = await RepositoryChecker.CheckAsync(clean, null, default);
        Assert.True(ok.Passed, $"{ok.ServerError} {ok.StorageError} {string.Join(",", ok.Problems)}");
        RepositorySnapshotUsage usage = Assert.Single(ok.Snapshots);
        Assert.Equal(new[] { ts }, usage.Timestamps);
        Assert.True(usage.Bytes > 0);
        Assert.True(ok.TotalBytes > usage.Bytes); // __repo_info too
        Assert.Empty(await f.ListAsync(f.Storage.ModuleFolder.Prefix + "probe/"));

        await f.PutAsync("__starrocks_repository_repo1/__ss_half/__ss_content/__db_1/x.dat.0cc175b9c0f1b6a831c399e269772661", "a");
        await f.PutAsync("__starrocks_repository_repo1/__ss_snap/__ss_content/y.dat.part", "y");
        await f.Store.PutAsync(f.Bucket, f.Storage.ModuleFolder.Prefix + "catalog/manifests/sales/2020-01-01-00-00-00-000_gone.json",
            "{\"schema\":1,\"label\":\"gone\",\"backupTimestamp\":\"2020-01-01-00-00-00-000\",\"database\":\"sales\",\"partitions\":[]}"u8.ToArray(), default);
        RepositoryCheckResult bad = await RepositoryChecker.CheckAsync(clean, null, default);
        Assert.False(bad.Passed);
        Assert.Equal(new[] { "half" }, bad.OrphanFolders);
        Assert.Equal(new[] { f.Storage.SnapshotFolder("snap").Prefix + "__ss_content/y.dat.part" }, bad.PartObjects);
        Assert.Single(bad.OrphanManifests);
        Assert.EndsWith("_gone.json", bad.OrphanManifests[0]);
    }
}
