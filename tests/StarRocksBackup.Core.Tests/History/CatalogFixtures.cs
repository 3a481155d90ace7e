using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Tests.History;

/// <summary>Manifests and repository objects for the catalog tests.</summary>
internal static class CatalogFixtures
{
    public static ManifestPartition P(string table, string partition, long id, long version, long tableId = 10) =>
        new() { Table = table, TableId = tableId, Partition = partition, PartitionId = id, VisibleVersion = version, RowCount = 3, DataSizeBytes = 100 };

    public static BackupManifest Manifest(string db, string label, DateTimeOffset finished, IEnumerable<ManifestPartition> parts,
        IEnumerable<ManifestPartition>? inventory = null, string kind = BackupManifest.KindIncremental) => new()
    {
        Label = label,
        BackupTimestamp = finished.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss-fff"),
        Repository = "repo",
        Database = db,
        Kind = kind,
        Cluster = "127.0.0.1:9030",
        CreatedAt = finished.AddSeconds(-5),
        FinishedAt = finished,
        Partitions = parts.ToList(),
        Inventory = inventory?.ToList(),
    };

    /// <summary>Writes <c>__ss_&lt;label&gt;/__info_&lt;ts&gt;.&lt;md5&gt;</c> as StarRocks does (facts §5.3) and returns the timestamp.</summary>
    public static async Task<string> WriteInfoAsync(RepositoryStorage storage, string db, string label, DateTimeOffset created,
        params (string Table, long TableId, string Partition, long Id, long Version)[] parts)
    {
        var objects = new JsonObject();
        foreach (var group in parts.GroupBy(p => (p.Table, p.TableId)))
        {
            var ps = new JsonObject();
            foreach (var p in group)
            {
                ps[p.Partition] = new JsonObject { ["id"] = p.Id, ["version"] = p.Version, ["version_hash"] = 0, ["indexes"] = new JsonObject() };
            }

            objects[group.Key.Table] = new JsonObject { ["id"] = group.Key.TableId, ["partitions"] = ps };
        }

        var root = new JsonObject
        {
            ["name"] = label, ["database"] = db, ["id"] = 1001, ["backup_time"] = created.ToUnixTimeMilliseconds(),
            ["backup_objects"] = objects, ["backup_result"] = "succeed", ["meta_version"] = 1, ["starrocks_meta_version"] = 1,
        };
        byte[] bytes = Encoding.UTF8.GetBytes(root.ToJsonString());
        string ts = created.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss-fff");
        string md5 = Convert.ToHexString(MD5.HashData(bytes)).ToLowerInvariant();
        S3Location folder = storage.SnapshotFolder(label);
        await storage.Store.PutAsync(folder.Bucket, folder.KeyFor($"__info_{ts}.{md5}"), bytes, CancellationToken.None);
        return ts;
    }
}
