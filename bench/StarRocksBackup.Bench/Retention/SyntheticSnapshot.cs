using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Bench.Retention;

/// <summary>
/// Writes a snapshot in StarRocks' repository layout (facts §5.1) with N data files: an <c>__info_</c> JSON listing every
/// file under its tablet folder, a <c>__meta</c>, and the data files named with their MD5. Objects are small and
/// distinct (random content), so what is measured is per-object cost, not bandwidth.
/// </summary>
internal static class SyntheticSnapshot
{
    public const string Timestamp = "2026-01-01-02-00-00-000";
    private const int FilesPerTablet = 50;
    private const int TabletsPerPartition = 20;

    /// <summary>Every object (relative key under the label folder → content), generated deterministically from <paramref name="seed"/>.</summary>
    public static IEnumerable<(string Relative, byte[] Content)> Objects(string label, int dataFiles, int objectBytes, int seed)
    {
        var rng = new Random(seed);
        var files = new List<(long Part, long Tablet, string Name)>();
        var info = new JsonObject();
        var partitions = new JsonObject();
        int perPartition = FilesPerTablet * TabletsPerPartition;
        var contents = new List<(string, byte[])>(dataFiles);
        for (int i = 0; i < dataFiles; i++)
        {
            long part = 1000 + i / perPartition;
            long tablet = 100000 + i / FilesPerTablet;
            byte[] content = new byte[objectBytes];
            rng.NextBytes(content);
            string name = $"{i % FilesPerTablet}.dat.{Md5(content)}";
            files.Add((part, tablet, name));
            contents.Add(($"__ss_content/__db_1/__tbl_2/__part_{part}/__idx_3/__{tablet}/{name}", content));
        }

        foreach (var p in files.GroupBy(f => f.Part))
        {
            var tablets = new JsonObject();
            foreach (var t in p.GroupBy(f => f.Tablet))
            {
                tablets[t.Key.ToString(CultureInfo.InvariantCulture)] = new JsonArray(t.Select(f => (JsonNode)f.Name).ToArray());
            }

            partitions["p" + p.Key] = new JsonObject
            {
                ["id"] = p.Key, ["version"] = 2, ["version_hash"] = 0,
                ["indexes"] = new JsonObject { ["big"] = new JsonObject { ["id"] = 3, ["schema_hash"] = 1, ["tablets"] = tablets } },
            };
        }

        info["name"] = label;
        info["database"] = "bench";
        info["id"] = 1;
        info["backup_time"] = 1767232800000;
        info["backup_objects"] = new JsonObject { ["big"] = new JsonObject { ["id"] = 2, ["partitions"] = partitions } };
        info["backup_result"] = "succeed";
        byte[] infoBytes = Encoding.UTF8.GetBytes(info.ToJsonString());
        byte[] meta = Encoding.UTF8.GetBytes("{\"tables\":[]}");
        yield return ($"__info_{Timestamp}.{Md5(infoBytes)}", infoBytes);
        yield return ($"__meta.{Md5(meta)}", meta);
        foreach (var c in contents) yield return c;
    }

    /// <summary>Uploads <paramref name="objects"/> under each of <paramref name="folders"/> with <paramref name="parallel"/> PUTs at once.</summary>
    public static async Task UploadAsync(IObjectStore store, string bucket, IReadOnlyList<string> folders, IEnumerable<(string Relative, byte[] Content)> objects, int parallel)
    {
        using var gate = new SemaphoreSlim(parallel);
        var tasks = new List<Task>();
        int done = 0;
        foreach ((string rel, byte[] content) in objects)
        {
            foreach (string folder in folders)
            {
                await gate.WaitAsync();
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        await store.PutAsync(bucket, folder + rel, content, default);
                        if (Interlocked.Increment(ref done) % 10000 == 0) Console.Error.WriteLine($"  uploaded {done} objects");
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }

            if (tasks.Count > 4096)
            {
                await Task.WhenAll(tasks);
                tasks.Clear();
            }
        }

        await Task.WhenAll(tasks);
    }

    public static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));
}
