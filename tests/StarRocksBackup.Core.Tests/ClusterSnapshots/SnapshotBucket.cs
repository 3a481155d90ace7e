using System.Text;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Tests.ClusterSnapshots;

/// <summary>What a prepared snapshot folder lacks (or how it is damaged).</summary>
internal enum FolderState
{
    Complete,
    NoChecksum,
    NoStarMgrImage,
    NoVersion,
    OnlyCheckpoint,
    DamagedImage,
    ChecksumWithNewline,
}

/// <summary>Writes snapshot folders the way StarRocks lays them out (a copy of the FE's meta/image directory).</summary>
internal sealed class SnapshotBucket
{
    private readonly IObjectStore _store;

    public SnapshotBucket(IObjectStore store, S3Location volume)
    {
        _store = store;
        Volume = volume;
    }

    public S3Location Volume { get; }

    public S3Location ImageDir(string serviceId) => Volume.Child(serviceId + "/meta/image/");

    public async Task<string> WriteSnapshotAsync(string serviceId, long epochMs, FolderState state = FolderState.Complete, long feJournalId = 1200)
    {
        string name = SnapshotFolderInspector.NamePrefix + epochMs;
        S3Location folder = ImageDir(serviceId).Child(name + "/");
        byte[] image = Encoding.UTF8.GetBytes($"{{\"fe image\":{feJournalId},\"payload\":\"{new string('x', 3000)}\"}}");
        var crc = new Crc32();
        crc.Append(image, 0, image.Length);
        long checksum = crc.Value;
        if (state == FolderState.DamagedImage)
        {
            image[10] ^= 0xFF;
        }

        if (state != FolderState.NoVersion)
        {
            await Put(folder.KeyFor("VERSION"), "#Mon Feb 13 2025\nclusterId=123456\ntoken=abc\nrunMode=shared_data\n");
        }

        await Put(folder.KeyFor("ROLE"), "role=FOLLOWER\nname=fe1\nhostType=IP\n");
        if (state == FolderState.OnlyCheckpoint)
        {
            await PutBytes(folder.KeyFor("v2/image.ckpt"), image);
        }
        else
        {
            await PutBytes(folder.KeyFor($"v2/image.{feJournalId}"), image);
            if (state != FolderState.NoChecksum)
            {
                // ImageWriter writes the bare decimal; a trailing newline is what a hand-edited file would have.
                await Put(folder.KeyFor($"v2/checksum.{feJournalId}"), checksum.ToString() + (state == FolderState.ChecksumWithNewline ? "\n" : string.Empty));
            }
        }

        if (state != FolderState.NoStarMgrImage)
        {
            await Put(folder.KeyFor("starmgr/image.77"), "starmgr meta");
        }

        return name;
    }

    public Task Put(string key, string text) => PutBytes(key, Encoding.UTF8.GetBytes(text));

    public Task PutBytes(string key, byte[] bytes) => _store.PutAsync(Volume.Bucket, key, bytes, CancellationToken.None);
}
