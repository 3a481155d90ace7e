using StarRocksBackup.Core;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests.Storage;
using Xunit;

namespace StarRocksBackup.Tests.History;

/// <summary>
/// CatalogAccess.OpenAsync builds the S3 client while SHOW REPOSITORIES is answered, and ChangeDetector.OpenAndDetectAsync
/// reads the partitions while the catalog is opened (first uses overlapped in a new process); the outcome must be what
/// doing them one after the other gave: the lookup's error first, the same changes.
/// </summary>
public class CatalogAccessTests
{
    // Not an http(s) URL: constructing the S3 client with it fails (InvalidArgument).
    private static readonly ObjectStoreOptions BrokenStorage = new() { Endpoint = "ftp://storage.invalid", AccessKey = "k", SecretKey = new Secret("s") };

    [Fact]
    public async Task A_missing_repository_is_RepositoryNotFound_even_when_the_storage_options_are_broken()
    {
        await using Sim sim = await Sim.StartAsync();
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => CatalogAccess.OpenAsync(sim.Client, "no_such_repo", BrokenStorage));
        Assert.Equal(ErrorKind.RepositoryNotFound, ex.Kind);
        Assert.Contains("no_such_repo", ex.Message, StringComparison.Ordinal);
    }

    [S3Fact]
    public async Task An_existing_repository_with_broken_storage_options_reports_the_construction_error()
    {
        await using Sim sim = await Sim.StartAsync();
        RepositorySpec spec = Sim.S3Repo("repo_ca_broken", "t-catalog-access-" + Guid.NewGuid().ToString("N"));
        await sim.Client.Repositories.CreateAsync(spec);
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => CatalogAccess.OpenAsync(sim.Client, spec.Name, BrokenStorage));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("not an http(s) URL", ex.Message, StringComparison.Ordinal);
    }

    [S3Fact]
    public async Task An_existing_repository_opens_its_catalog()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        await using Sim sim = await Sim.StartAsync();
        RepositorySpec spec = Sim.S3Repo("repo_ca_ok", "t-catalog-access-" + Guid.NewGuid().ToString("N"));
        await sim.Client.Repositories.CreateAsync(spec);
        using CatalogAccess access = await CatalogAccess.OpenAsync(sim.Client, spec.Name, S3TestStore.Options(s3));
        Assert.Empty(await access.Catalog.ListAsync());
    }

    [Fact]
    public async Task Null_storage_is_an_argument_error()
    {
        await using Sim sim = await Sim.StartAsync();
        await Assert.ThrowsAsync<ArgumentNullException>(() => CatalogAccess.OpenAsync(sim.Client, "r", null!));
    }

    [Fact]
    public async Task OpenAndDetect_reports_a_missing_repository_before_a_missing_database()
    {
        await using Sim sim = await Sim.StartAsync();
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() =>
            ChangeDetector.OpenAndDetectAsync(sim.Client, "no_such_repo", BrokenStorage, "no_such_db"));
        Assert.Equal(ErrorKind.RepositoryNotFound, ex.Kind);
    }

    [S3Fact]
    public async Task OpenAndDetect_reports_a_missing_database_of_an_existing_repository()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        await using Sim sim = await Sim.StartAsync();
        RepositorySpec spec = Sim.S3Repo("repo_ca_nodb", "t-catalog-access-" + Guid.NewGuid().ToString("N"));
        await sim.Client.Repositories.CreateAsync(spec);
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() =>
            ChangeDetector.OpenAndDetectAsync(sim.Client, spec.Name, S3TestStore.Options(s3), "no_such_db"));
        Assert.Equal(ErrorKind.DatabaseNotFound, ex.Kind);
    }

    [S3Fact]
    public async Task OpenAndDetect_finds_what_DetectAsync_finds()
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        await using Sim sim = await Sim.StartAsync();
        RepositorySpec spec = Sim.S3Repo("repo_ca_same", "t-catalog-access-" + Guid.NewGuid().ToString("N"));
        await sim.Client.Repositories.CreateAsync(spec);
        await sim.ExecAsync("CREATE DATABASE db_same");
        await sim.ExecAsync("CREATE TABLE db_same.events (id BIGINT, dt DATE) DUPLICATE KEY(id) PARTITION BY RANGE(dt) (" +
                            "PARTITION p2024 VALUES LESS THAN (\"2025-01-01\"), PARTITION p2099 VALUES LESS THAN (\"2100-01-01\")) " +
                            "DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        await sim.ExecAsync("INSERT INTO db_same.events VALUES (1, '2024-05-01')");
        using CatalogAccess access = await CatalogAccess.OpenAsync(sim.Client, spec.Name, S3TestStore.Options(s3));
        DatabaseChanges one = await ChangeDetector.DetectAsync(sim.Client, access.Catalog, "db_same");
        DatabaseChanges other = await ChangeDetector.OpenAndDetectAsync(sim.Client, spec.Name, S3TestStore.Options(s3), "db_same");
        static string[] Shape(DatabaseChanges c) => c.Changes.Select(x => $"{x.Current.Table}.{x.Current.Name}:{x.Reason}:{x.NeedsBackup}").OrderBy(x => x, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "events.p2024:NeverBackedUp:True", "events.p2099:NeverBackedUp:True" }, Shape(one));
        Assert.Equal(Shape(one), Shape(other));
    }
}
