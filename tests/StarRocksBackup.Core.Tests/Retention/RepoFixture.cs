using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests;
using StarRocksBackup.Tests.Storage;
using Xunit;

namespace StarRocksBackup.Core.Tests.Retention;

/// <summary>A simulator with a repository on the real S3 server and helpers to take backups and plant objects.</summary>
internal sealed class RepoFixture : IAsyncDisposable
{
    private RepoFixture(Sim sim, S3Settings s3, S3Location location, S3ObjectStore store, RepositoryStorage storage)
    {
        Sim = sim;
        S3 = s3;
        Location = location;
        Store = store;
        Storage = storage;
    }

    public Sim Sim { get; }

    public StarRocksClient Client => Sim.Client;

    public S3Settings S3 { get; }

    public S3Location Location { get; }

    public S3ObjectStore Store { get; }

    public RepositoryStorage Storage { get; }

    public string Bucket => Location.Bucket;

    public static async Task<RepoFixture> StartAsync(string version, string tag, string repo = "repo1")
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        Sim sim = await Sim.StartAsync(version, phaseMs: 10);
        S3Location location = S3TestStore.UniqueLocation(s3, tag);
        await sim.Client.Repositories.CreateAsync(Repositories.RepositorySpec.S3(repo, location.ToUriWithoutTrailingSlash(), s3.AccessKey, s3.SecretKey, s3.Endpoint, s3.Region));
        S3ObjectStore store = S3TestStore.Create(s3);
        return new RepoFixture(sim, s3, location, store, new RepositoryStorage(store, location, repo));
    }

    public ObjectStoreOptions StoreOptions => S3TestStore.Options(S3);

    /// <summary>Backs up <paramref name="db"/> under <paramref name="label"/> and waits; returns the timestamp.</summary>
    public async Task<string> BackupAsync(string db, string label, string repo = "repo1")
    {
        var plan = Client.Backups.Plan(new BackupRequest { Repository = repo, Label = label }.Add(db));
        var started = await Client.Backups.StartAsync(plan);
        BackupJob job = Assert.Single(started).Job!;
        var done = await Client.Jobs.WaitAsync(new JobInfo[] { job }, Sim.FastWait);
        Assert.True(done[0].Succeeded, done[0].Error?.Message);
        Snapshot snap = (await Client.Snapshots.GetAsync(repo, label))!;
        return snap.Latest!.Text;
    }

    public async Task<List<ObjectInfo>> ListAsync(string prefix) => (await Store.ListAsync(Bucket, prefix, null, default)).Objects.ToList();

    public string Key(string relative) => Location.Prefix + relative;

    public Task PutAsync(string relative, string content) => Store.PutAsync(Bucket, Key(relative), System.Text.Encoding.UTF8.GetBytes(content), default);

    /// <summary>Copies every object of label <paramref name="from"/> except its meta into the folder of <paramref name="to"/> (a second timestamp of one label, as older versions or copied data leave).</summary>
    public async Task CopyIntoLabelAsync(string from, string to)
    {
        string src = Storage.SnapshotFolder(from).Prefix;
        string dst = Storage.SnapshotFolder(to).Prefix;
        foreach (ObjectInfo o in await ListAsync(src))
        {
            string rel = o.Key.Substring(src.Length);
            if (rel.StartsWith("__meta", StringComparison.Ordinal)) continue;
            await Store.PutAsync(Bucket, dst + rel, await Store.GetAsync(Bucket, o.Key, default), default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await Sim.DisposeAsync();
    }
}
