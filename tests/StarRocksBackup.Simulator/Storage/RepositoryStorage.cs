using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Simulator.Storage;

/// <summary>
/// The repository layout of facts §5 on top of an <see cref="ObjectStore"/>:
/// &lt;location&gt;/__starrocks_repository_&lt;name&gt;/{__repo_info, __ss_&lt;label&gt;/{__meta.md5, __info_ts.md5, __ss_content/...}},
/// uploads as &lt;path&gt;.part renamed (copy + delete) to &lt;path&gt;.&lt;md5&gt; (§5.2).
/// </summary>
public sealed partial class RepositoryStorage
{
    public RepositoryStorage(ObjectStore store, S3Location location, string repoName)
    {
        Store = store;
        Location = location;
        RepoName = repoName;
        string basePrefix = location.Prefix.Length == 0 ? string.Empty : location.Prefix + "/";
        Root = $"{basePrefix}__starrocks_repository_{repoName}/";
    }

    public ObjectStore Store { get; }

    public S3Location Location { get; }

    public string RepoName { get; }

    /// <summary>Key prefix of the repository root, ending in '/'.</summary>
    public string Root { get; }

    public string RepoInfoKey => Root + "__repo_info";

    public string SnapshotDir(string label) => $"{Root}__ss_{label}/";

    public string ContentDir(string label) => SnapshotDir(label) + "__ss_content/";

    public string TabletDir(string label, long dbId, long tableId, long partitionId, long indexId, long tabletId) =>
        $"{ContentDir(label)}__db_{dbId}/__tbl_{tableId}/__part_{partitionId}/__idx_{indexId}/__{tabletId}/";

    public static string Md5Hex(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));

    /// <summary>True when <paramref name="suffix"/> is 32 lowercase hex characters.</summary>
    public static bool IsMd5(string suffix) => Md5Regex().IsMatch(suffix);

    /// <summary>Upload protocol of §5.2: delete stale temp/final objects, write &lt;path&gt;.part, rename to &lt;path&gt;.&lt;md5&gt;.</summary>
    public async Task<string> UploadAsync(string pathWithoutSuffix, byte[] content, CancellationToken ct = default)
    {
        string md5 = Md5Hex(content);
        foreach (string stale in await Store.ListKeysAsync(pathWithoutSuffix + ".", ct).ConfigureAwait(false))
        {
            await Store.DeleteAsync(stale, ct).ConfigureAwait(false);
        }

        string temp = pathWithoutSuffix + ".part";
        string final = pathWithoutSuffix + "." + md5;
        await Store.PutAsync(temp, content, ct).ConfigureAwait(false);
        await Store.CopyAsync(temp, final, ct).ConfigureAwait(false);
        await Store.DeleteAsync(temp, ct).ConfigureAwait(false);
        return final;
    }

    /// <summary>Lookup of §5.2: list &lt;path&gt;*, require exactly one match; returns its key or an error text.</summary>
    public async Task<(string? Key, string? Error)> FindOneAsync(string path, CancellationToken ct = default)
    {
        List<string> keys = await Store.ListKeysAsync(path, ct).ConfigureAwait(false);
        if (keys.Count != 1) return (null, $"Expected one file with path: {path}. get: {keys.Count}");
        return (keys[0], null);
    }

    /// <summary>Labels of every __ss_&lt;label&gt; directory, in listing order.</summary>
    public async Task<List<string>> ListSnapshotLabelsAsync(CancellationToken ct = default)
    {
        var labels = new List<string>();
        foreach (string dir in await Store.ListDirectoriesAsync(Root + "__ss_", ct).ConfigureAwait(false))
        {
            string name = dir[Root.Length..].TrimEnd('/');
            if (name.StartsWith("__ss_", StringComparison.Ordinal)) labels.Add(name["__ss_".Length..]);
        }

        return labels;
    }

    /// <summary>File names (not keys) of the __info_* objects of one label.</summary>
    public async Task<List<string>> ListInfoFilesAsync(string label, CancellationToken ct = default)
    {
        string dir = SnapshotDir(label);
        List<string> keys = await Store.ListKeysAsync(dir + "__info_", ct).ConfigureAwait(false);
        return keys.Select(k => k[dir.Length..]).Where(n => !n.Contains('/')).ToList();
    }

    /// <summary>Deletes every object under the label's directory (DROP SNAPSHOT, 4.2).</summary>
    public async Task DeleteSnapshotAsync(string label, CancellationToken ct = default)
    {
        foreach (string key in await Store.ListKeysAsync(SnapshotDir(label), ct).ConfigureAwait(false))
        {
            await Store.DeleteAsync(key, ct).ConfigureAwait(false);
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Md5Regex();
}
