using StarRocksBackup.Core;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests.Storage;
using Xunit;

namespace StarRocksBackup.Tests.History;

/// <summary>
/// CatalogAccess.OpenAsync: the repository lookup decides first (RepositoryNotFound even with unusable storage options),
/// then the storage options (their error for an existing repository), then the catalog opens. Pins the order a change
/// that overlaps the two (tried in the fifth session for a fresh process's first uses: no gain on 2 cores) must keep.
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
}
