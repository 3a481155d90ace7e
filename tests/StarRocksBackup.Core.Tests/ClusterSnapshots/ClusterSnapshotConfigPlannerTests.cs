using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using Xunit;

namespace StarRocksBackup.Tests.ClusterSnapshots;

// The decisions New-SrClusterSnapshotConfig used to make itself: which snapshot, which volume name, how the volume is described.
public class ClusterSnapshotConfigPlannerTests
{
    private const string Older = "s3://bucket/prefix/5f3c2a9e/meta/image/automated_cluster_snapshot_1704038400000";
    private const string Newer = "s3://bucket/prefix/5f3c2a9e/meta/image/automated_cluster_snapshot_1704042000000";

    private static ClusterSnapshotChoice Candidate(string path, ClusterSnapshotVerdict verdict, string why = "because") =>
        ClusterSnapshotChoice.FromCandidate(path[(path.LastIndexOf('/') + 1)..], path, verdict, why, "the older complete one", "s3://bucket/prefix");

    [Fact]
    public void Of_every_folder_Find_emits_only_the_selected_one_counts()
    {
        var request = new ClusterSnapshotConfigRequest { StorageVolumeName = "vol" };
        request.Snapshots.Add(Candidate(Newer, ClusterSnapshotVerdict.Incomplete));
        request.Snapshots.Add(Candidate(Older, ClusterSnapshotVerdict.Selected));
        ClusterSnapshotConfigPlan plan = ClusterSnapshotConfigPlanner.Plan(request);
        Assert.Equal(Older, plan.SnapshotPath);
        Assert.Equal("vol", plan.StorageVolumeName);
        Assert.Empty(plan.Warnings);
        Assert.Contains("cluster_snapshot_path: " + Older, plan.Content, StringComparison.Ordinal);
        // The volume is described from the finder's location when the cluster is gone.
        Assert.Equal("s3://bucket/prefix", Assert.Single(plan.Config.StorageVolumes).Location);
    }

    [Fact]
    public void A_search_that_selected_nothing_says_why()
    {
        var request = new ClusterSnapshotConfigRequest();
        request.Snapshots.Add(Candidate(Newer, ClusterSnapshotVerdict.Incomplete));
        request.Snapshots.Add(Candidate(Older, ClusterSnapshotVerdict.Incomplete));
        var ex = Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigPlanner.Plan(request));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("selected no snapshot: the older complete one", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClusterSnapshotVerdict.Incomplete)]
    [InlineData(ClusterSnapshotVerdict.Ignored)]
    public void A_folder_that_cannot_be_restored_is_refused(ClusterSnapshotVerdict verdict)
    {
        var request = new ClusterSnapshotConfigRequest();
        request.Snapshots.Add(Candidate(Older, verdict, "v2/checksum.5 is missing"));
        var ex = Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigPlanner.Plan(request));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("cannot be restored: v2/checksum.5 is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_but_unselected_folder_is_planned_with_a_warning()
    {
        var request = new ClusterSnapshotConfigRequest { StorageVolumeName = "vol" };
        request.Snapshots.Add(Candidate(Newer, ClusterSnapshotVerdict.CompleteNotSelected, "a newer one is preferred"));
        ClusterSnapshotConfigPlan plan = ClusterSnapshotConfigPlanner.Plan(request);
        Assert.Equal(Newer, plan.SnapshotPath);
        Assert.Contains(plan.Warnings, w => w.Contains("not the snapshot Find-SrClusterSnapshot selected", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_snapshots_or_none_are_refused()
    {
        var none = new ClusterSnapshotConfigRequest();
        Assert.Contains("No snapshot given", Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigPlanner.Plan(none)).Message, StringComparison.Ordinal);
        var two = new ClusterSnapshotConfigRequest();
        two.Snapshots.Add(ClusterSnapshotChoice.FromCluster("a", Older, "vol"));
        two.Snapshots.Add(ClusterSnapshotChoice.FromCluster("b", Newer, "vol"));
        Assert.Contains("2 snapshots were given", Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigPlanner.Plan(two)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_volume_name_comes_from_the_FE_else_defaults_with_a_warning()
    {
        var fromFe = new ClusterSnapshotConfigRequest();
        fromFe.Snapshots.Add(ClusterSnapshotChoice.FromCluster("s", Older, "fe_volume"));
        ClusterSnapshotConfigPlan plan = ClusterSnapshotConfigPlanner.Plan(fromFe);
        Assert.Equal("fe_volume", plan.StorageVolumeName);
        Assert.Empty(plan.Warnings);

        ClusterSnapshotConfigPlan assumed = ClusterSnapshotConfigPlanner.Plan(new ClusterSnapshotConfigRequest { SnapshotPath = Older + "/" });
        Assert.Equal(Older, assumed.SnapshotPath);
        Assert.Equal(ClusterSnapshotConfigPlanner.DefaultVolumeName, assumed.StorageVolumeName);
        Assert.Contains(assumed.Warnings, w => w.Contains("No storage volume name given", StringComparison.Ordinal));
        // The volume's location is the snapshot's own: everything before /<service id>/meta/image/.
        Assert.Equal("s3://bucket/prefix", Assert.Single(assumed.Config.StorageVolumes).Location);
    }

    [Fact]
    public void A_given_volume_is_used_with_overrides_and_the_credential_goes_only_into_the_file()
    {
        var request = new ClusterSnapshotConfigRequest
        {
            SnapshotPath = Older,
            StorageVolumeProperties = new[] { new SnapshotVolumeProperty("aws.s3.region", new Secret("eu-west-1")) },
            StorageVolumeCredential = ("AKIDPLANNER", new Secret("planner-secret-value")),
        };
        request.Volumes.Add(new SnapshotStorageVolume { Name = "vol", Type = "S3", Location = "s3://bucket/prefix" });
        ClusterSnapshotConfigPlan plan = ClusterSnapshotConfigPlanner.Plan(request);
        Assert.Equal("vol", plan.StorageVolumeName);
        Assert.True(plan.ContainsCredentials);
        Assert.Contains("planner-secret-value", plan.Content, StringComparison.Ordinal);
        Assert.Contains("eu-west-1", plan.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("planner-secret-value", plan.Describe(), StringComparison.Ordinal);
        Assert.Contains("the file will contain storage credentials", plan.Describe(), StringComparison.Ordinal);

        request.Options = new ClusterSnapshotConfigWriteOptions { SecretPlaceholders = true, Format = ClusterSnapshotConfigFormat.HelmValues, Generation = 4 };
        ClusterSnapshotConfigPlan placeholders = ClusterSnapshotConfigPlanner.Plan(request);
        Assert.False(placeholders.ContainsCredentials);
        Assert.DoesNotContain("planner-secret-value", placeholders.Content, StringComparison.Ordinal);
        Assert.StartsWith("Write kube-starrocks Helm values (disasterRecovery generation 4)", placeholders.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_undescribed_volume_without_a_location_is_refused()
    {
        var request = new ClusterSnapshotConfigRequest { SnapshotPath = "s3://bucket/not-a-snapshot-folder", StorageVolumeName = "vol" };
        var ex = Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigPlanner.Plan(request));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("Storage volume 'vol' is not described", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_given_volumes_without_a_name_use_the_cluster_default()
    {
        var request = new ClusterSnapshotConfigRequest { SnapshotPath = Older, DefaultVolume = "second" };
        request.Volumes.Add(new SnapshotStorageVolume { Name = "first", Location = "s3://a/b" });
        request.Volumes.Add(new SnapshotStorageVolume { Name = "second", Location = "s3://bucket/prefix" });
        ClusterSnapshotConfigPlan plan = ClusterSnapshotConfigPlanner.Plan(request);
        Assert.Equal("second", plan.StorageVolumeName);
        Assert.Empty(plan.Warnings);
        Assert.Equal(2, plan.Config.StorageVolumes.Count);
    }
}
