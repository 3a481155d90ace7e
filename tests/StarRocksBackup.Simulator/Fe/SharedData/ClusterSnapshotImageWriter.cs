// Writes one automated cluster snapshot folder exactly as docs/ARCHITECTURE.md ("Cluster snapshot folders in
// storage") promises Find-SrClusterSnapshot: the FE image directory copied to
// <volume location>/<service id>/meta/image/automated_cluster_snapshot_<ms>/ (ClusterSnapshotUtils.getSnapshotImagePath).
// image.ckpt goes first and is removed last, so a copy interrupted at any point is recognisably incomplete.
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StarRocksBackup.Simulator.Fe.SharedData;

/// <summary>Where the crash fault stops the FE while it writes a snapshot folder.</summary>
public enum ClusterSnapshotCrashPoint
{
    /// <summary>No crash.</summary>
    None,

    /// <summary>After image.ckpt, VERSION and ROLE: the newer folder is incomplete (no image, image.ckpt present).</summary>
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
    public const string CheckpointFile = "image.ckpt";

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

    /// <summary>
    /// Uploads the folder; <paramref name="crash"/> makes the FE die at that point (see <see cref="ClusterSnapshotCrashPoint"/>).
    /// </summary>
    public async Task UploadAsync(VolumeObjectStore store, StorageVolume volume, ClusterSnapshotJobInfo job, ClusterSnapshotCrashPoint crash, CancellationToken cancel)
    {
        string folder = FolderKey(volume, job.SnapshotName);
        DateTimeOffset now = _options.Time.GetUtcNow();

        await store.PutAsync(folder + CheckpointFile, Encoding.UTF8.GetBytes($"checkpoint in progress: journal {job.FeJournalId}\n"), cancel).ConfigureAwait(false);
        await store.PutAsync(folder + "VERSION", JavaProperties(now, ("clusterId", _options.ClusterId.ToString(CultureInfo.InvariantCulture)), ("token", _token), ("runMode", "shared_data")), cancel).ConfigureAwait(false);
        await store.PutAsync(folder + "ROLE", JavaProperties(now, ("role", "FOLLOWER"), ("name", _options.NodeName), ("hostType", "IP")), cancel).ConfigureAwait(false);
        if (crash == ClusterSnapshotCrashPoint.DuringUpload)
        {
            throw new SimulatedFeCrashException();
        }

        await store.PutAsync(folder + "starmgr/image." + job.StarMgrJournalId.ToString(CultureInfo.InvariantCulture), StarMgrImage(job), cancel).ConfigureAwait(false);
        await store.PutAsync(folder + "image." + job.FeJournalId.ToString(CultureInfo.InvariantCulture), FeImage(job), cancel).ConfigureAwait(false);
        await store.DeleteAsync(folder + CheckpointFile, cancel).ConfigureAwait(false);
        if (crash == ClusterSnapshotCrashPoint.AfterUpload)
        {
            throw new SimulatedFeCrashException();
        }
    }

    // The real image is a binary meta-block file; the simulator writes JSON (ARCHITECTURE.md says so).
    private byte[] FeImage(ClusterSnapshotJobInfo job)
    {
        string? catalog = _catalogImage();
        var doc = new Dictionary<string, object?>
        {
            ["imageJournalId"] = job.FeJournalId,
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
