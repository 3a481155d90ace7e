using System;
using System.Collections.Generic;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>
    /// A snapshot handed to <see cref="ClusterSnapshotConfigPlanner"/>: a folder the finder judged (Find-SrClusterSnapshot)
    /// or the snapshot a live FE reports (Get-SrClusterSnapshot).
    /// </summary>
    public sealed class ClusterSnapshotChoice
    {
        private ClusterSnapshotChoice(string name, string snapshotPath)
        {
            Name = name;
            SnapshotPath = snapshotPath;
        }

        /// <summary>The snapshot (folder) name.</summary>
        public string Name { get; }

        /// <summary>The snapshot folder URI (cluster_snapshot_path).</summary>
        public string SnapshotPath { get; }

        /// <summary>The finder's verdict; null for a snapshot reported by the FE.</summary>
        public ClusterSnapshotVerdict? Verdict { get; private set; }

        /// <summary>Why the finder gave this verdict.</summary>
        public string? Why { get; private set; }

        /// <summary>Why the finder selected what it selected (the same for every folder of one search).</summary>
        public string? SelectionReason { get; private set; }

        /// <summary>The storage volume location the finder searched.</summary>
        public string? VolumeLocation { get; private set; }

        /// <summary>The storage volume the FE reports for the snapshot.</summary>
        public string? StorageVolume { get; private set; }

        /// <summary>A folder judged by the finder.</summary>
        public static ClusterSnapshotChoice FromCandidate(string name, string snapshotPath, ClusterSnapshotVerdict verdict, string why,
            string selectionReason, string? volumeLocation) =>
            new ClusterSnapshotChoice(name, snapshotPath)
            {
                Verdict = verdict,
                Why = why,
                SelectionReason = selectionReason,
                VolumeLocation = volumeLocation,
            };

        /// <summary>The snapshot a live FE reports (information_schema.cluster_snapshots).</summary>
        public static ClusterSnapshotChoice FromCluster(string name, string snapshotPath, string? storageVolume) =>
            new ClusterSnapshotChoice(name, snapshotPath) { StorageVolume = string.IsNullOrEmpty(storageVolume) ? null : storageVolume };
    }

    /// <summary>What New-SrClusterSnapshotConfig was given: snapshots, volumes, nodes and how to write the file.</summary>
    public sealed class ClusterSnapshotConfigRequest
    {
        /// <summary>An explicit snapshot folder; when set, <see cref="Snapshots"/> are ignored.</summary>
        public string? SnapshotPath { get; set; }

        /// <summary>Snapshots from the pipeline; exactly one must remain after dropping the finder's unselected folders.</summary>
        public IList<ClusterSnapshotChoice> Snapshots { get; } = new List<ClusterSnapshotChoice>();

        /// <summary>Storage volumes described by the live cluster (Get-SrStorageVolume), duplicates by name ignored.</summary>
        public IList<SnapshotStorageVolume> Volumes { get; } = new List<SnapshotStorageVolume>();

        /// <summary>Which of <see cref="Volumes"/> the cluster marks as its default (used when several are given and no name is).</summary>
        public string? DefaultVolume { get; set; }

        /// <summary>The storage volume's name; else the FE's, the single given volume's, the cluster's default, else builtin_storage_volume.</summary>
        public string? StorageVolumeName { get; set; }

        /// <summary>Type of a volume described by parameters (S3, HDFS, AZBLOB, ADLS2, GS).</summary>
        public string StorageVolumeType { get; set; } = "S3";

        /// <summary>Location of a volume described by parameters; else the snapshot's own volume location.</summary>
        public string? StorageVolumeLocation { get; set; }

        /// <summary>Comment of a volume described by parameters.</summary>
        public string? StorageVolumeComment { get; set; }

        /// <summary>Properties: the whole set of a volume described by parameters, or overrides of a given volume's.</summary>
        public IList<SnapshotVolumeProperty>? StorageVolumeProperties { get; set; }

        /// <summary>The storage key pair written into the file (access key, secret).</summary>
        public (string UserName, Secret Secret)? StorageVolumeCredential { get; set; }

        /// <summary>Frontends (<c>host:edit_log_port[:follower|observer]</c>); null leaves them out.</summary>
        public IList<string>? Frontends { get; set; }

        /// <summary>Compute nodes (<c>host:heartbeat_port</c>); null leaves them out.</summary>
        public IList<string>? ComputeNodes { get; set; }

        /// <summary>File format and writing options.</summary>
        public ClusterSnapshotConfigWriteOptions Options { get; set; } = new ClusterSnapshotConfigWriteOptions();
    }

    /// <summary>The file to write, decided by <see cref="ClusterSnapshotConfigPlanner.Plan"/>; nothing is written yet.</summary>
    public sealed class ClusterSnapshotConfigPlan
    {
        internal ClusterSnapshotConfigPlan(ClusterSnapshotConfig config, ClusterSnapshotConfigWriteOptions options, string content,
            bool containsCredentials, IReadOnlyList<string> warnings)
        {
            Config = config;
            Options = options;
            Content = content;
            ContainsCredentials = containsCredentials;
            Warnings = warnings;
        }

        /// <summary>The configuration.</summary>
        public ClusterSnapshotConfig Config { get; }

        /// <summary>How the file is written.</summary>
        public ClusterSnapshotConfigWriteOptions Options { get; }

        /// <summary>The snapshot folder to restore.</summary>
        public string SnapshotPath => Config.ClusterSnapshotPath;

        /// <summary>The storage volume holding it.</summary>
        public string StorageVolumeName => Config.StorageVolumeName;

        /// <summary>The rendered file (may contain credentials; never log it).</summary>
        public string Content { get; }

        /// <summary>True when the file carries storage credentials (not placeholders).</summary>
        public bool ContainsCredentials { get; }

        /// <summary>What the user should know (an assumed volume name, a snapshot other than the selected one).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Writes <see cref="Content"/> to <paramref name="path"/> (refuses an existing file unless <paramref name="overwrite"/>).</summary>
        /// <exception cref="StarRocksBackupException">OverwriteRefused.</exception>
        public void WriteTo(string path, bool overwrite) => ClusterSnapshotConfigWriter.WriteFile(path, Content, overwrite);

        /// <summary>The -WhatIf / confirmation text (no secret in it).</summary>
        public string Describe()
        {
            string what = Options.Format == ClusterSnapshotConfigFormat.HelmValues
                ? $"Write kube-starrocks Helm values (disasterRecovery generation {Options.Generation})"
                : "Write cluster_snapshot.yaml";
            return $"{what} restoring {SnapshotPath} from storage volume '{StorageVolumeName}'"
                   + (ContainsCredentials ? " (the file will contain storage credentials)" : string.Empty);
        }
    }
}
