// Writes one automated cluster snapshot folder exactly as docs/ARCHITECTURE.md ("Cluster snapshot folders in
// storage") describes from StarRocks' source: the leader FE's local meta/image directory copied object by object to
// <volume location>/<service id>/meta/image/automated_cluster_snapshot_<ms>/ (ClusterSnapshotUtils.getSnapshotImagePath,
// uploadAutomatedSnapshotToRemote → HdfsUtil.copyFromLocal). That directory holds VERSION, ROLE, the v1 image.<N>
// (GlobalStateMgr.saveImage writes it best effort), v2/image.<N> with v2/checksum.<N> (ImageWriter.saveChecksum: the
// decimal CRC32 of the image bytes) and starmgr/image.<M>. The upload runs after both checkpoints finished, under
// CheckpointController.exclusiveLock, so no image.ckpt is ever part of it and StarRocks writes no completion marker:
// an interrupted upload is simply a subset of these objects, each object whole (an S3 PUT is atomic).
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StarRocksBackup.Simulator.Fe.SharedData;

/// <summary>Where the crash fault stops the FE while it writes a snapshot folder.</summary>
public enum ClusterSnapshotCrashPoint
{
    /// <summary>No crash.</summary>
    None,

    /// <summary>After VERSION, ROLE and v2/checksum.N: the newer folder is incomplete (no FE image, no StarMgr image).</summary>
    DuringUpload,

    /// <summary>After the whole folder is written but before the job is FINISHED and older ones purged: two complete folders.</summary>
    AfterUpload,
}

/// <summary>Thrown by the crash fault: the FE "dies" while copying a snapshot.</summary>
internal sealed class SimulatedFeCrashException : Exception
{
    public SimulatedFeCrashException()
        : base("simulated FE crash during cluster snapshot upload")
    {
    }
}

internal sealed class ClusterSnapshotImageWriter
{
    private readonly SharedDataOptions _options;
    private readonly string _token = Guid.NewGuid().ToString();
    private readonly Func<string?> _catalogImage;

    public ClusterSnapshotImageWriter(SharedDataOptions options, Func<string?>? catalogImage)
    {
        _options = options;
        _catalogImage = catalogImage ?? (() => null);
    }

    /// <summary>
    /// ClusterSnapshotUtils.getSnapshotImagePath: String.join("/", location, serviceId, "meta/image", name).
    /// A location ending in '/' gives "//" in this text (as in StarRocks); object keys collapse it.
    /// </summary>
    public string SnapshotPath(StorageVolume volume, string snapshotName) =>
        string.Join("/", volume.Location, _options.ServiceId, "meta/image", snapshotName);

    /// <summary>The object-key prefix (with trailing '/') of a snapshot folder inside the volume's bucket.</summary>
    public string FolderKey(StorageVolume volume, string snapshotName) =>
        VolumeObjectStore.SplitS3Uri(SnapshotPath(volume, snapshotName)).Key + "/";

    /// <summary>The relative keys of a complete folder, in upload order (for tests).</summary>
    public static IReadOnlyList<string> FolderFiles(long feJournalId, long starMgrJournalId) => new[]
    {
        "VERSION",
        "ROLE",
        "v2/checksum." + feJournalId.ToString(CultureInfo.InvariantCulture),
        "v2/image." + feJournalId.ToString(CultureInfo.InvariantCulture),
        "image." + feJournalId.ToString(CultureInfo.InvariantCulture),
        "starmgr/image." + starMgrJournalId.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Uploads the folder; <paramref name="crash"/> makes the FE die at that point (see <see cref="ClusterSnapshotCrashPoint"/>).
    /// Hadoop's copy order is the local directory listing's (unspecified); the simulator fixes one order so the
    /// crash fault leaves a reproducible subset: VERSION, ROLE and v2/checksum.N, but neither image.
    /// </summary>
    public async Task UploadAsync(VolumeObjectStore store, StorageVolume volume, ClusterSnapshotJobInfo job, ClusterSnapshotCrashPoint crash, CancellationToken cancel)
    {
        string folder = FolderKey(volume, job.SnapshotName);
        DateTimeOffset now = _options.Time.GetUtcNow();
        string fe = job.FeJournalId.ToString(CultureInfo.InvariantCulture);
        byte[] v2Image = FeImage(job, "v2");

        await store.PutAsync(folder + "VERSION", JavaProperties(now, ("clusterId", _options.ClusterId.ToString(CultureInfo.InvariantCulture)), ("token", _token), ("runMode", "shared_data")), cancel).ConfigureAwait(false);
        await store.PutAsync(folder + "ROLE", JavaProperties(now, ("role", "FOLLOWER"), ("name", _options.NodeName), ("hostType", "IP")), cancel).ConfigureAwait(false);

        // ImageWriter.saveChecksum: Files.writeString(checksum.<N>, String.valueOf(CRC32.getValue())) — decimal, no newline.
        await store.PutAsync(folder + "v2/checksum." + fe, Encoding.ASCII.GetBytes(Crc32.Compute(v2Image).ToString(CultureInfo.InvariantCulture)), cancel).ConfigureAwait(false);
        if (crash == ClusterSnapshotCrashPoint.DuringUpload)
        {
            throw new SimulatedFeCrashException();
        }

        await store.PutAsync(folder + "v2/image." + fe, v2Image, cancel).ConfigureAwait(false);
        await store.PutAsync(folder + "image." + fe, FeImage(job, "v1"), cancel).ConfigureAwait(false);
        await store.PutAsync(folder + "starmgr/image." + job.StarMgrJournalId.ToString(CultureInfo.InvariantCulture), StarMgrImage(job), cancel).ConfigureAwait(false);
        if (crash == ClusterSnapshotCrashPoint.AfterUpload)
        {
            throw new SimulatedFeCrashException();
        }
    }

    // The real v1 image is binary meta blocks and v2 is JSON meta blocks; the simulator writes one JSON document
    // for both (ARCHITECTURE.md says so). Only the checksum relation to v2/checksum.N has to be exact.
    private byte[] FeImage(ClusterSnapshotJobInfo job, string format)
    {
        string? catalog = _catalogImage();
        var doc = new Dictionary<string, object?>
        {
            ["imageJournalId"] = job.FeJournalId,
            ["imageFormatVersion"] = format,
            ["clusterId"] = _options.ClusterId,
            ["runMode"] = "shared_data",
            ["snapshotName"] = job.SnapshotName,
            ["catalog"] = catalog is null ? null : JsonDocument.Parse(catalog).RootElement,
        };
        return JsonSerializer.SerializeToUtf8Bytes(doc);
    }

    // File stores are listed by name and location only: the simulator never copies credentials into S3.
    private byte[] StarMgrImage(ClusterSnapshotJobInfo job)
    {
        var doc = new Dictionary<string, object?>
        {
            ["imageJournalId"] = job.StarMgrJournalId,
            ["serviceId"] = _options.ServiceId,
            ["fileStores"] = new[] { new { name = job.StorageVolume } },
        };
        return JsonSerializer.SerializeToUtf8Bytes(doc);
    }

    // java.util.Properties.store: a "#<Date.toString()>" line, then key=value lines.
    private static byte[] JavaProperties(DateTimeOffset now, params (string Key, string Value)[] entries)
    {
        var sb = new StringBuilder();
        sb.Append('#').Append(now.UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture)).Append('\n');
        foreach ((string key, string value) in entries)
        {
            sb.Append(key).Append('=').Append(value).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
