using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using Xunit;

namespace StarRocksBackup.Tests.ClusterSnapshots;

/// <summary>ClusterSnapshotService: SQL sent, result parsing, StarRocks' errors and version gates (fake session).</summary>
public class ClusterSnapshotServiceTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY";

    [Fact]
    public async Task Enable_and_disable_send_StarRocks_statements_with_the_volume_quoted()
    {
        var session = new FakeSession();
        var service = new ClusterSnapshotService(FakeSession.Client(session));
        await service.EnableAsync(null);
        await service.EnableAsync("my`vol");
        await service.DisableAsync();
        Assert.Equal(new[]
        {
            "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON",
            "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON STORAGE VOLUME `my``vol`",
            "ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF",
        }, session.Sent);
    }

    [Theory]
    [InlineData("3.4.1")]
    [InlineData("3.3.9")]
    [InlineData("2.5.22")]
    public async Task Versions_before_3_4_2_are_refused_before_any_sql(string version)
    {
        var session = new FakeSession();
        var service = new ClusterSnapshotService(FakeSession.Client(session, version));
        foreach (Func<Task> call in new Func<Task>[] { () => service.EnableAsync(null), () => service.DisableAsync(), () => service.ListSnapshotsAsync(), () => service.ListJobsAsync() })
        {
            var ex = await Assert.ThrowsAsync<StarRocksBackupException>(call);
            Assert.Equal(ErrorKind.UnsupportedByServer, ex.Kind);
            Assert.Contains("3.4.2", ex.Message);
        }

        Assert.Empty(session.Sent);
    }

    [Theory]
    [InlineData("Automated snapshot only support share data mode", ErrorKind.UnsupportedByServer, "shared-nothing cluster")]
    [InlineData("Automated snapshot has been turn on", ErrorKind.ServerError, "already on")]
    [InlineData("Unknown storage volume: nope", ErrorKind.InvalidArgument, "Unknown storage volume: nope")]
    public async Task StarRocks_errors_on_enable_are_surfaced_with_its_own_text(string serverMessage, ErrorKind kind, string text)
    {
        string sql = "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON STORAGE VOLUME `nope`";
        var session = new FakeSession().Fail(sql, 5064, $"Getting analyzing error. Detail message: {serverMessage}.");
        var service = new ClusterSnapshotService(FakeSession.Client(session, mode: RunMode.SharedNothing));
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => service.EnableAsync("nope"));
        Assert.Equal(kind, ex.Kind);
        Assert.Equal(serverMessage, ex.ServerMessage);
        Assert.Contains(text, ex.Message);
        Assert.Contains(serverMessage, ex.Message);
        Assert.Equal(5064, ex.ServerErrorCode);
    }

    [Fact]
    public async Task Disable_when_off_is_StarRocks_error()
    {
        var session = new FakeSession().Fail("ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF", 5064, "Getting analyzing error. Detail message: Automated snapshot has not been turn on.");
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => new ClusterSnapshotService(FakeSession.Client(session)).DisableAsync());
        Assert.Contains("already off", ex.Message);
        Assert.Equal("Automated snapshot has not been turn on", ex.ServerMessage);
    }

    [Fact]
    public async Task Snapshots_parse_current_and_first_version_columns()
    {
        var current = FakeSession.Table(new[] { "SNAPSHOT_NAME", "SNAPSHOT_TYPE", "CREATED_TIME", "FE_JOURNAL_ID", "STARMGR_JOURNAL_ID", "PROPERTIES", "STORAGE_VOLUME", "STORAGE_PATH" },
            new[] { "automated_cluster_snapshot_1739446285344", "AUTOMATED", "1739446285", "1200", "77", "", "builtin_storage_volume", "s3://b/p/svc/meta/image/automated_cluster_snapshot_1739446285344" });
        var first = FakeSession.Table(new[] { "SNAPSHOT_NAME", "SNAPSHOT_TYPE", "CREATED_TIME", "FINISHED_TIME", "FE_JOURNAL_ID", "STARMGR_JOURNAL_ID", "PROPERTIES", "STORAGE_VOLUME", "STORAGE_PATH" },
            new[] { "automated_cluster_snapshot_1739446285344", "AUTOMATED", "1739446285344", "1739446290000", "1200", "77", "", "sv", "s3://x" });
        foreach (var (table, created, finished) in new[]
                 {
                     (current, DateTimeOffset.FromUnixTimeSeconds(1739446285), (DateTimeOffset?)null), // epoch seconds
                     (first, DateTimeOffset.FromUnixTimeMilliseconds(1739446285344), DateTimeOffset.FromUnixTimeMilliseconds(1739446290000)), // v3.4.2: ms
                 })
        {
            var session = new FakeSession().Answer(ClusterSnapshotService.SelectSnapshots, table);
            ClusterSnapshot s = Assert.Single(await new ClusterSnapshotService(FakeSession.Client(session)).ListSnapshotsAsync());
            Assert.Equal("automated_cluster_snapshot_1739446285344", s.Name);
            Assert.Equal(created, s.CreatedAt);
            Assert.Equal(finished, s.FinishedAt);
            Assert.Equal(1200, s.FeJournalId);
            Assert.Equal(77, s.StarMgrJournalId);
        }
    }

    [Fact]
    public async Task Jobs_are_typed_ordered_and_unfinished_ones_have_no_finish_time()
    {
        var table = FakeSession.Table(new[] { "SNAPSHOT_NAME", "JOB_ID", "CREATED_TIME", "FINISHED_TIME", "STATE", "DETAIL_INFO", "ERROR_MESSAGE" },
            new[] { "automated_cluster_snapshot_3", "30", "1739447000", "0", "UPLOADING", "", "" },
            new[] { "automated_cluster_snapshot_1", "10", "1739446000", "1739446100", "DELETED", "", "" },
            new[] { "automated_cluster_snapshot_2", "20", "1739446600", null, "ERROR", "", "Snapshot job has been failed because of FE restart or leader change" },
            new[] { "automated_cluster_snapshot_4", "40", "1739447600", null, "SOMETHING_NEW", "", "" });
        var session = new FakeSession().Answer(ClusterSnapshotService.SelectJobs, table);
        IReadOnlyList<ClusterSnapshotJob> jobs = await new ClusterSnapshotService(FakeSession.Client(session)).ListJobsAsync();
        Assert.Equal(new long[] { 10, 20, 30, 40 }, jobs.Select(j => j.JobId));
        Assert.Equal(new[] { ClusterSnapshotJobState.Deleted, ClusterSnapshotJobState.Error, ClusterSnapshotJobState.Uploading, ClusterSnapshotJobState.Unknown }, jobs.Select(j => j.State));
        Assert.Equal("SOMETHING_NEW", jobs[3].RawState);
        Assert.Null(jobs[2].FinishedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1739446100), jobs[0].FinishedAt);
        Assert.Contains("FE restart", jobs[1].ErrorMessage);
    }

    [Fact]
    public async Task Storage_volumes_are_described_and_every_credential_is_masked()
    {
        var session = new FakeSession()
            .Answer(ClusterSnapshotService.ShowStorageVolumes, FakeSession.Table(new[] { "Storage Volume" }, new[] { "builtin_storage_volume" }, new[] { "hdfs_vol" }))
            .Answer("DESC STORAGE VOLUME `builtin_storage_volume`", FakeSession.Table(new[] { "Name", "Type", "IsDefault", "Location", "Params", "Enabled", "Comment" },
                new[] { "builtin_storage_volume", "S3", "true", "s3://bucket/data, s3://bucket/data2",
                    "{\"aws.s3.region\":\"us-east-1\",\"aws.s3.endpoint\":\"http://minio:9000\",\"aws.s3.access_key\":\"******\",\"aws.s3.secret_key\":\"" + Secret + "\",\"azure.blob.sas_token\":\"tok\"}",
                    "true", "" }))
            .Answer("DESC STORAGE VOLUME `hdfs_vol`", FakeSession.Table(new[] { "Name", "Type", "IsDefault", "Location", "Params", "Comment" },
                new[] { "hdfs_vol", "HDFS", "false", "hdfs://nn:9000/sr", "{\"hadoop.security.authentication\":\"simple\",\"username\":\"sr\"}", "old" }));
        IReadOnlyList<StorageVolume> volumes = await new ClusterSnapshotService(FakeSession.Client(session)).ListStorageVolumesAsync();
        Assert.Equal(2, volumes.Count);
        StorageVolume s3 = volumes[0];
        Assert.Equal(("builtin_storage_volume", "S3", true, (bool?)true), (s3.Name, s3.Type, s3.IsDefault, s3.Enabled));
        Assert.Equal(new[] { "s3://bucket/data", "s3://bucket/data2" }, s3.Locations);
        Assert.Equal("us-east-1", s3.Properties["aws.s3.region"]);
        Assert.Equal("******", s3.Properties["aws.s3.secret_key"]); // masked by us even if the server did not
        Assert.Equal("******", s3.Properties["azure.blob.sas_token"]);
        Assert.DoesNotContain(Secret, string.Join(",", s3.Properties.Values) + s3);
        Assert.Null(volumes[1].Enabled);
        Assert.Equal("old", volumes[1].Comment);

        SnapshotStorageVolume forConfig = SnapshotStorageVolume.From(s3);
        Assert.Equal("s3://bucket/data", forConfig.Location);
        Assert.True(forConfig.HasMaskedCredentials);
        Assert.DoesNotContain(forConfig.WithCredential("AK", new Secret("SK")).Properties, p => p.Key.StartsWith("aws.") && p.Value.Reveal() == "******");
    }

    [Fact]
    public async Task A_named_volume_that_does_not_exist_is_refused()
    {
        var session = new FakeSession().Answer(ClusterSnapshotService.ShowStorageVolumes, FakeSession.Table(new[] { "Storage Volume" }, new[] { "builtin_storage_volume" }));
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => new ClusterSnapshotService(FakeSession.Client(session)).ListStorageVolumesAsync(new[] { "nope" }));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("Unknown storage volume: nope", ex.Message);
        Assert.Contains("builtin_storage_volume", ex.Message);
    }

    [Fact]
    public void Params_that_are_not_json_are_an_error_that_does_not_echo_them()
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotParsers.ParseParams("{aws.s3.secret_key=" + Secret));
        Assert.DoesNotContain(Secret, ex.Message);
    }
}
