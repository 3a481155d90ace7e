using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;
using StarRocksBackup.Simulator.Storage;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>CREATE / DROP / SHOW REPOSITORIES (RepositoryMgr, RepositoryAnalyzer; facts §1.1, §2.4, §4.2).</summary>
public sealed partial class RepositoryManager
{
    private readonly FeContext _ctx;
    private readonly List<Repository> _repos = new();
    private readonly SemaphoreSlim _createLock = new(1, 1);

    public RepositoryManager(FeContext ctx) => _ctx = ctx;

    /// <summary>Caller holds the catalog gate.</summary>
    public Repository? Find(string name) => _repos.FirstOrDefault(r => r.Name == name);

    public Repository? Find(long id) => _repos.FirstOrDefault(r => r.Id == id);

    public QueryResult Create(CreateRepositoryStmt stmt)
    {
        // RepositoryAnalyzer: name format, then location.
        if (!NameRule().IsMatch(stmt.Name)) throw FeException.Analysis(Messages.WrongNameFormat("repository", stmt.Name));
        if (string.IsNullOrWhiteSpace(stmt.Location)) throw FeException.Analysis(Messages.NoLocation());

        _createLock.Wait();
        try
        {
            lock (_ctx.Catalog.Gate)
            {
                // Brokerless repositories arrived in ≈2.5 (facts §1.1, §1.10).
                if (stmt.Broker is null && !_ctx.Version.AtLeast(2, 5)) throw FeException.Execution(Messages.BrokerRequired());
                if (stmt.Broker is { Length: > 0 } broker) throw FeException.Execution(Messages.BrokerDoesNotExist(broker));
                if (Find(stmt.Name) is not null) throw FeException.Execution(Messages.RepoExists(stmt.Name));
            }

            string location = stmt.Location.Trim().TrimEnd('/');
            S3Location s3 = S3Location.TryParse(location)
                ?? throw FeException.Execution(Messages.SimulatorLocationUnsupported(stmt.Location));
            string? P(string k1, string k2) => stmt.Properties.Get(k1) ?? stmt.Properties.Get(k2);
            var store = new ObjectStore(
                P("aws.s3.endpoint", "fs.s3a.endpoint"),
                P("aws.s3.access_key", "fs.s3a.access.key") ?? string.Empty,
                P("aws.s3.secret_key", "fs.s3a.secret.key") ?? string.Empty,
                P("aws.s3.region", "fs.s3a.endpoint.region"),
                s3.Bucket);
            var storage = new RepositoryStorage(store, s3, stmt.Name);
            long now = _ctx.Clock.NowMs;
            try
            {
                // Reuse an existing repository at this location; otherwise write __repo_info (no md5 suffix).
                byte[]? existing = store.GetAsync(storage.RepoInfoKey).GetAwaiter().GetResult();
                if (existing is null)
                {
                    var info = new JsonObject { ["name"] = stmt.Name, ["create_time"] = _ctx.FormatTime(now) };
                    store.PutAsync(storage.RepoInfoKey, System.Text.Encoding.UTF8.GetBytes(info.ToJsonString())).GetAwaiter().GetResult();
                }
            }
            catch (Exception e) when (e is not FeException)
            {
                store.Dispose();
                throw FeException.Execution(Messages.RepoCreateFailed(StorageError(e)));
            }

            lock (_ctx.Catalog.Gate)
            {
                _repos.Add(new Repository
                {
                    Id = _ctx.Catalog.NextId(),
                    Name = stmt.Name,
                    IsReadOnly = stmt.ReadOnly,
                    Location = location,
                    Broker = stmt.Broker ?? string.Empty,
                    CreateTimeMs = now,
                    Storage = storage,
                });
            }

            return OkResult.Empty;
        }
        finally
        {
            _createLock.Release();
        }
    }

    public QueryResult Drop(DropRepositoryStmt stmt)
    {
        lock (_ctx.Catalog.Gate)
        {
            Repository repo = Find(stmt.Name) ?? throw FeException.Execution(Messages.DropUnknownRepo());
            if (_ctx.Jobs.RepoInUse(repo.Id)) throw FeException.Execution(Messages.RepoInUse());
            _repos.Remove(repo);
            return OkResult.Empty;
        }
    }

    public static readonly string[] ShowColumns = { "RepoId", "RepoName", "CreateTime", "IsReadOnly", "Location", "Broker", "ErrMsg" };

    public QueryResult Show()
    {
        lock (_ctx.Catalog.Gate)
        {
            return ResultSetResult.Strings(ShowColumns, _repos.Select(r => new object?[]
            {
                r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name, _ctx.FormatTime(r.CreateTimeMs),
                r.IsReadOnly ? "true" : "false", r.Location, r.Broker, r.ErrMsg,
            }));
        }
    }

    /// <summary>A short, secret-free description of a storage failure.</summary>
    public static string StorageError(Exception e)
    {
        Exception root = e is AggregateException a && a.InnerException is not null ? a.InnerException : e;
        return root is Amazon.S3.AmazonS3Exception s3 ? $"{s3.ErrorCode ?? s3.StatusCode.ToString()}: {s3.Message}" : root.Message;
    }

    // FeNameFormat's common name rule (facts §1.1).
    [GeneratedRegex(@"^[a-zA-Z]\w{0,63}$|^_[a-zA-Z0-9]\w{0,62}$", RegexOptions.ECMAScript)]
    private static partial Regex NameRule();
}
