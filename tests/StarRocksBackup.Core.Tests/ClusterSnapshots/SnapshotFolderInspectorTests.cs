using System.Text;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Core.Storage;
using Xunit;

namespace StarRocksBackup.Tests.ClusterSnapshots;

public class SnapshotFolderInspectorTests
{
    private static readonly S3Location Image = S3Location.Parse("s3://bucket/vol/svc/meta/image/");

    private static ClusterSnapshotCandidate Inspect(params (string Key, long Size)[] files)
    {
        var candidate = new ClusterSnapshotCandidate("automated_cluster_snapshot_1739446285344", "svc", Image.Child("automated_cluster_snapshot_1739446285344/"));
        var objects = files.Select(f => new ObjectInfo(candidate.Folder.KeyFor(f.Key), f.Size, null)).ToList();
        SnapshotFolderInspector.Inspect(candidate, objects);
        return candidate;
    }

    [Fact]
    public void A_v2_folder_with_version_image_checksum_and_starmgr_image_has_no_problems()
    {
        var c = Inspect(("VERSION", 60), ("ROLE", 40), ("v2/image.120", 5000), ("v2/checksum.120", 10), ("v2/image.100", 4000), ("v2/checksum.100", 10), ("starmgr/image.33", 800), ("", 0));
        Assert.Empty(c.Problems);
        Assert.Equal(FeImageFormat.V2, c.FeImageFormat);
        Assert.Equal(120, c.FeImageJournalId);
        Assert.Equal(33, c.StarMgrImageJournalId);
        Assert.Equal(7, c.ObjectCount); // the directory marker is not a file
    }

    [Fact]
    public void A_v1_image_is_chosen_only_when_its_journal_id_is_higher_as_ImageLoader_does()
    {
        var v1 = Inspect(("VERSION", 60), ("image.130", 5000), ("v2/image.120", 5000), ("v2/checksum.120", 9), ("starmgr/image.1", 8));
        Assert.Equal(FeImageFormat.V1, v1.FeImageFormat);
        Assert.Equal(130, v1.FeImageJournalId);
        Assert.Empty(v1.Problems);

        var tie = Inspect(("VERSION", 60), ("image.120", 5000), ("v2/image.120", 5000), ("starmgr/image.1", 8));
        Assert.Equal(FeImageFormat.V2, tie.FeImageFormat);
        Assert.Contains(tie.Problems, p => p.Contains("v2/checksum.120 is missing"));
    }

    [Theory]
    [InlineData("VERSION", "VERSION (cluster id and token) is missing")]
    [InlineData("v2/checksum.120", "v2/checksum.120 is missing or empty")]
    [InlineData("starmgr/image.33", "no StarManager image")]
    [InlineData("v2/image.120", "no FE image")]
    public void Each_missing_required_file_is_named(string missing, string problem)
    {
        var all = new List<(string, long)> { ("VERSION", 60), ("v2/image.120", 5000), ("v2/checksum.120", 10), ("starmgr/image.33", 800) };
        all.RemoveAll(f => f.Item1 == missing);
        var c = Inspect(all.ToArray());
        Assert.Contains(c.Problems, p => p.Contains(problem));
    }

    [Fact]
    public void Empty_files_and_checkpoints_in_progress_are_problems()
    {
        var empty = Inspect(("VERSION", 0), ("v2/image.120", 0), ("v2/checksum.120", 10), ("starmgr/image.33", 0));
        Assert.Contains("VERSION is empty", empty.Problems);
        Assert.Contains(empty.Problems, p => p.Contains("v2/image.120 is empty"));
        Assert.Contains(empty.Problems, p => p.Contains("starmgr/image.33 is empty"));

        var ckpt = Inspect(("VERSION", 60), ("v2/image.ckpt", 5000), ("starmgr/image.33", 8));
        Assert.Contains(ckpt.Problems, p => p.Contains("still being written"));

        Assert.Equal(new[] { "the folder is empty" }, Inspect().Problems);
    }

    [Theory]
    [InlineData("automated_cluster_snapshot_1739446285344", null)]
    [InlineData("automated_cluster_snapshot_", "not an epoch-milliseconds number")]
    [InlineData("automated_cluster_snapshot_12ab", "not an epoch-milliseconds number")]
    [InlineData("automated_cluster_snapshot_-5", "not an epoch-milliseconds number")]
    [InlineData("automated_cluster_snapshot_42", "not a plausible snapshot time")]
    [InlineData("manual_backup", "not an automated cluster snapshot")]
    [InlineData("tmp", "not an automated cluster snapshot")]
    public void Names_are_checked(string name, string? problem)
    {
        string? actual = SnapshotFolderInspector.CheckName(name, out DateTimeOffset? created);
        if (problem is null)
        {
            Assert.Null(actual);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1739446285344), created);
        }
        else
        {
            Assert.Contains(problem, actual);
            Assert.Null(created);
        }
    }

    [Fact]
    public void Crc32_matches_java_util_zip_CRC32_on_the_standard_check_value()
    {
        var crc = new Crc32();
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        crc.Append(data, 0, 4);
        crc.Append(data, 4, 5);
        Assert.Equal(0xCBF43926L, crc.Value);
        Assert.Equal(0L, new Crc32().Value);
    }

    [Theory]
    [InlineData("FINISHED", ClusterSnapshotJobState.Finished)]
    [InlineData("snapshoting", ClusterSnapshotJobState.Snapshoting)]
    [InlineData("UPLOADING", ClusterSnapshotJobState.Uploading)]
    [InlineData("INITIALIZING", ClusterSnapshotJobState.Initializing)]
    [InlineData("EXPIRED", ClusterSnapshotJobState.Expired)]
    [InlineData("DELETED", ClusterSnapshotJobState.Deleted)]
    [InlineData("ERROR", ClusterSnapshotJobState.Error)]
    [InlineData("SNAPSHOTTING", ClusterSnapshotJobState.Unknown)]
    [InlineData("3", ClusterSnapshotJobState.Unknown)]
    [InlineData(null, ClusterSnapshotJobState.Unknown)]
    public void Job_states_parse_as_StarRocks_spells_them(string? raw, ClusterSnapshotJobState expected)
    {
        Assert.Equal(expected, ClusterSnapshotJob.ParseState(raw));
    }
}

public class ClusterSnapshotPathsTests
{
    [Theory]
    [InlineData("s3://bucket/data/svc-1/meta/image/automated_cluster_snapshot_1739446285344", "s3://bucket/data", "svc-1")]
    [InlineData("s3://bucket/svc-1/meta/image/automated_cluster_snapshot_1739446285344/", "s3://bucket", "svc-1")]
    [InlineData("hdfs://nn:9000/sr/test/7351ce6a/meta/image/automated_cluster_snapshot_1", "hdfs://nn:9000/sr/test", "7351ce6a")]
    [InlineData("s3://bucket/data/svc-1/meta", null, null)]
    [InlineData("s3://bucket/meta/image/x", null, null)]
    [InlineData("/local/meta/image/x", null, null)]
    [InlineData("", null, null)]
    public void Volume_location_and_service_id_come_from_StarRocks_layout(string path, string? volume, string? serviceId)
    {
        Assert.Equal(volume, ClusterSnapshotPaths.VolumeLocationOf(path));
        Assert.Equal(serviceId, ClusterSnapshotPaths.ServiceIdOf(path));
    }
}
