// Issue 4, second half, end to end: the simulator writes snapshot folders into S3 the way a real FE does (including
// an upload interrupted by a crash), the FE goes away, and Core's ClusterSnapshotFinder reads the bucket alone and
// picks the folder to restore; ClusterSnapshotConfigWriter then turns that choice into cluster_snapshot.yaml.
using StarRocksBackup.Core;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Core.Storage;
using ClusterSnapshotCrashPoint = StarRocksBackup.Simulator.Fe.SharedData.ClusterSnapshotCrashPoint;
using StarRocksBackup.Tests.ClusterSnapshots;
using Xunit;
using YamlDotNet.RepresentationModel;
using CoreState = StarRocksBackup.Core.ClusterSnapshots.ClusterSnapshotJobState;

namespace StarRocksBackup.Tests.DisasterRecovery;

public class FindAfterDisasterEndToEndTests
{
    /// <summary>Snapshots on, one FINISHED snapshot written, the scheduler quiet: exactly one folder in S3.</summary>
    private static async Task<ClusterSnapshot> OneFinishedSnapshotAsync(DrCluster dr)
    {
        await dr.Client.ClusterSnapshots.EnableAsync(null);
        await DrCluster.PollAsync(() => dr.Client.ClusterSnapshots.ListSnapshotsAsync(), s => s.Count == 1, "a finished snapshot");
        dr.Manager.PauseScheduling();
        await DrCluster.PollAsync(() => Task.FromResult(dr.Manager.IsIdle), idle => idle, "an idle scheduler");
        ClusterSnapshot snapshot = (await DrCluster.PollAsync(() => dr.Client.ClusterSnapshots.ListSnapshotsAsync(), s => s.Count == 1, "a finished snapshot")).Single();
        await DrCluster.PollAsync(() => dr.SnapshotFoldersAsync(dr.BuiltinLocation), f => f.SequenceEqual(new[] { snapshot.Name }), "one folder");
        return snapshot;
    }

    /// <summary>The next snapshot dies at <paramref name="point"/>; returns the newer (interrupted) folder's name.</summary>
    private static async Task<string> CrashNextSnapshotAsync(DrCluster dr, ClusterSnapshotCrashPoint point)
    {
        dr.Sim.Faults.CrashDuringNextClusterSnapshot(point);
        dr.Manager.ResumeScheduling();
        await DrCluster.PollAsync(() => Task.FromResult(dr.Manager.IsCrashed), crashed => crashed, "the simulated FE crash");
        IReadOnlyList<string> folders = await dr.SnapshotFoldersAsync(dr.BuiltinLocation);
        Assert.Equal(2, folders.Count);
        return folders[1];
    }

    private static Task<ClusterSnapshotSearchResult> FindAsync(DrCluster dr, IOperationObserver? observer = null, bool verify = true,
        IReadOnlyList<ClusterSnapshotJob>? jobs = null) =>
        new ClusterSnapshotFinder(dr.Store).FindAsync(new ClusterSnapshotSearch(S3Location.Parse(dr.BuiltinLocation + "/")) { VerifyChecksum = verify, Jobs = jobs },
            observer ?? NullObserver.Instance, CancellationToken.None);

    [S3Fact]
    public async Task One_complete_folder_written_by_the_FE_is_selected_from_storage_alone_with_its_checksum_verified()
    {
        await using DrCluster dr = await DrCluster.StartAsync("dr-find-one", version: "3.4.2");
        ClusterSnapshot live = await OneFinishedSnapshotAsync(dr);
        await dr.StopFeAsync();

        ClusterSnapshotSearchResult result = await FindAsync(dr);
        Assert.Equal(dr.ServiceId, result.ServiceId);
        ClusterSnapshotCandidate selected = Assert.IsType<ClusterSnapshotCandidate>(result.Selected);
        Assert.Equal(live.Name, selected.Name);
        Assert.Equal(live.StoragePath, selected.SnapshotPath);
        Assert.Equal(ClusterSnapshotVerdict.Selected, selected.Verdict);
        Assert.True(selected.IsComplete, string.Join("; ", selected.Problems));
        Assert.Equal(FeImageFormat.V2, selected.FeImageFormat);
        Assert.Equal(live.FeJournalId, selected.FeImageJournalId);
        Assert.Equal(live.StarMgrJournalId, selected.StarMgrImageJournalId);
        Assert.True(selected.ChecksumVerified, "the CRC32 the simulator wrote must match the finder's");
        Assert.Contains("only snapshot folder", result.Why);
    }

    [S3Fact]
    public async Task A_crash_during_upload_leaves_a_newer_incomplete_folder_and_the_older_one_is_selected_with_the_reason()
    {
        await using DrCluster dr = await DrCluster.StartAsync("dr-find-crash");
        ClusterSnapshot older = await OneFinishedSnapshotAsync(dr);
        string newer = await CrashNextSnapshotAsync(dr, ClusterSnapshotCrashPoint.DuringUpload);
        Assert.True(string.CompareOrdinal(older.Name, newer) < 0);
        await dr.StopFeAsync();

        var observer = new RecordingObserver();
        ClusterSnapshotSearchResult result = await FindAsync(dr, observer);
        Assert.Equal(older.Name, result.Selected?.Name);
        ClusterSnapshotCandidate interrupted = result.Candidates.Single(c => c.Name == newer);
        Assert.Equal(ClusterSnapshotVerdict.Incomplete, interrupted.Verdict);
        Assert.False(interrupted.IsComplete);
        Assert.Contains(interrupted.Problems, p => p.Contains("no FE image", StringComparison.Ordinal));
        Assert.Contains(interrupted.Problems, p => p.Contains("starmgr/image.N", StringComparison.Ordinal));
        Assert.Contains("2 snapshot folders exist", result.Why);
        Assert.Contains($"The newest, {newer}: it is incomplete", result.Why);
        Assert.Contains($"restore from the older one: {older.Name}", result.Why);
        Assert.Contains("StarRocks' guidance", result.Selected!.Why);
    }

    [S3Fact]
    public async Task A_crash_after_upload_leaves_two_complete_folders_and_the_older_one_is_selected()
    {
        await using DrCluster dr = await DrCluster.StartAsync("dr-find-two");
        ClusterSnapshot older = await OneFinishedSnapshotAsync(dr);
        string newer = await CrashNextSnapshotAsync(dr, ClusterSnapshotCrashPoint.AfterUpload);
        await dr.StopFeAsync();

        ClusterSnapshotSearchResult result = await FindAsync(dr);
        Assert.Equal(older.Name, result.Selected?.Name);
        ClusterSnapshotCandidate newest = result.Candidates.Single(c => c.Name == newer);
        Assert.True(newest.IsComplete, string.Join("; ", newest.Problems));
        Assert.True(newest.ChecksumVerified);
        Assert.Equal(ClusterSnapshotVerdict.CompleteNotSelected, newest.Verdict);
        Assert.Contains("its files look complete", result.Why);
        Assert.Contains($"restore from the older one: {older.Name}", result.Why);
    }

    [S3Fact]
    public async Task The_live_cross_check_with_cluster_snapshot_jobs_agrees_with_the_cluster()
    {
        await using DrCluster dr = await DrCluster.StartAsync("dr-find-live");
        ClusterSnapshot older = await OneFinishedSnapshotAsync(dr);
        string newer = await CrashNextSnapshotAsync(dr, ClusterSnapshotCrashPoint.AfterUpload);

        // The cluster is still reachable: its jobs say the newer snapshot never FINISHED.
        IReadOnlyList<ClusterSnapshotJob> jobs = await dr.Client.ClusterSnapshots.ListJobsAsync();
        Assert.Equal(CoreState.Finished, jobs.Single(j => j.SnapshotName == older.Name).State);
        Assert.Equal(CoreState.Uploading, jobs.Single(j => j.SnapshotName == newer).State);
        ClusterSnapshot reported = Assert.Single(await dr.Client.ClusterSnapshots.ListSnapshotsAsync());

        ClusterSnapshotSearchResult result = await FindAsync(dr, jobs: jobs);
        Assert.True(result.CrossChecked);
        Assert.Equal(reported.Name, result.Selected?.Name);
        Assert.Equal(reported.StoragePath, result.Selected?.SnapshotPath);
        Assert.Equal(CoreState.Finished, result.Selected?.JobState);
        Assert.Equal(CoreState.Uploading, result.Candidates.Single(c => c.Name == newer).JobState);
        Assert.Contains("cross-checked with information_schema.cluster_snapshot_jobs", result.Why);
    }

    [S3Fact]
    public async Task The_finder_choice_and_the_service_volume_become_cluster_snapshot_yaml_and_helm_values_with_the_secret_only_in_the_file()
    {
        var observer = new RecordingObserver();
        await using DrCluster dr = await DrCluster.StartAsync("dr-find-yaml", observer: observer);
        ClusterSnapshot older = await OneFinishedSnapshotAsync(dr);
        await CrashNextSnapshotAsync(dr, ClusterSnapshotCrashPoint.DuringUpload);
        StorageVolume volume = Assert.Single(await dr.Client.ClusterSnapshots.ListStorageVolumesAsync(new[] { "builtin_storage_volume" }, observer));
        await dr.StopFeAsync();

        ClusterSnapshotSearchResult result = await FindAsync(dr, observer);
        ClusterSnapshotCandidate chosen = result.Selected!;
        Assert.Equal(older.Name, chosen.Name);

        // DESC STORAGE VOLUME masked the keys: give them again, as the runbook says.
        SnapshotStorageVolume snapshotVolume = SnapshotStorageVolume.From(volume).WithCredential(dr.S3.AccessKey, new Secret(dr.S3.SecretKey));
        Assert.False(snapshotVolume.HasMaskedCredentials);
        var config = new ClusterSnapshotConfig
        {
            ClusterSnapshotPath = chosen.SnapshotPath,
            StorageVolumeName = volume.Name,
            StorageVolumes = new[] { snapshotVolume },
        };
        string yaml = ClusterSnapshotConfigWriter.Render(config);
        string helm = ClusterSnapshotConfigWriter.Render(config, new ClusterSnapshotConfigWriteOptions { Format = ClusterSnapshotConfigFormat.HelmValues, Generation = 2 });

        foreach (YamlMappingNode doc in new[] { YamlShape.Parse(yaml), YamlShape.Parse(YamlShape.Scalar(YamlShape.Parse(helm), "starrocks", "configMaps", 0, "data", "cluster_snapshot.yaml")) })
        {
            Assert.Equal(chosen.SnapshotPath, YamlShape.Scalar(doc, "cluster_snapshot", "cluster_snapshot_path"));
            Assert.Equal($"{dr.BuiltinLocation}/{dr.ServiceId}/meta/image/{older.Name}", YamlShape.Scalar(doc, "cluster_snapshot", "cluster_snapshot_path"));
            Assert.Equal("builtin_storage_volume", YamlShape.Scalar(doc, "cluster_snapshot", "storage_volume_name"));
            Assert.Equal("builtin_storage_volume", YamlShape.Scalar(doc, "storage_volumes", 0, "name"));
            Assert.Equal("S3", YamlShape.Scalar(doc, "storage_volumes", 0, "type"));
            Assert.Equal(dr.BuiltinLocation, YamlShape.Scalar(doc, "storage_volumes", 0, "location"));
            Dictionary<string, string> properties = ((YamlSequenceNode)YamlShape.At(doc, "storage_volumes", 0, "properties")).Children
                .ToDictionary(p => YamlShape.Scalar(p, "key"), p => YamlShape.Scalar(p, "value"));
            Assert.Equal(dr.S3.Endpoint, properties["aws.s3.endpoint"]);
            Assert.Equal(dr.S3.Region, properties["aws.s3.region"]);
            Assert.Equal(dr.S3.AccessKey, properties["aws.s3.access_key"]);
            Assert.Equal(dr.S3.SecretKey, properties["aws.s3.secret_key"]);
            foreach ((string key, string value) in volume.Properties.Where(p => p.Value != SnapshotStorageVolume.StarRocksMask))
            {
                Assert.Equal(value, properties[key]);
            }
        }

        Assert.Equal("2", YamlShape.Scalar(YamlShape.Parse(helm), "starrocks", "starrocksCluster", "disasterRecovery", "generation"));

        // The file is written and holds the secret; nothing else does.
        string path = Path.Combine(Path.GetTempPath(), S3Settings.UniquePrefix("dr-yaml") + ".yaml");
        try
        {
            ClusterSnapshotConfigWriter.WriteFile(path, yaml, overwrite: false);
            Assert.Contains(dr.S3.SecretKey, File.ReadAllText(path));
            var refused = Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigWriter.WriteFile(path, yaml, overwrite: false));
            Assert.Equal(ErrorKind.OverwriteRefused, refused.Kind);

            var invalid = Assert.Throws<StarRocksBackupException>(() => ClusterSnapshotConfigWriter.Render(new ClusterSnapshotConfig
            {
                ClusterSnapshotPath = chosen.SnapshotPath,
                StorageVolumeName = "not_listed",
                StorageVolumes = new[] { snapshotVolume },
            }));
            Assert.Equal(ErrorKind.InvalidConfiguration, invalid.Kind);

            var texts = new List<string>(observer.Messages)
            {
                refused.Message, refused.ToString(), invalid.Message, invalid.ToString(),
                snapshotVolume.ToString(), config.ToString()!, chosen.ToString(), result.Why, volume.ToString()!,
            };
            texts.AddRange(snapshotVolume.Properties.Select(p => p.ToString()));
            texts.AddRange(snapshotVolume.Properties.Select(p => p.Value.ToString()));
            texts.AddRange(result.Candidates.Select(c => c.ToString()));
            Assert.DoesNotContain(texts, t => t.Contains(dr.S3.SecretKey, StringComparison.Ordinal));
            Assert.Contains(snapshotVolume.Properties, p => p.Key == "aws.s3.secret_key" && p.ToString() == "aws.s3.secret_key=****");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
