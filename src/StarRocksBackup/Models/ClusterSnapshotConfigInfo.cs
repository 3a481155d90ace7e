namespace StarRocksBackup
{
    /// <summary>The file format New-SrClusterSnapshotConfig writes.</summary>
    public enum ClusterSnapshotConfigFormat
    {
        /// <summary>StarRocks' cluster_snapshot.yaml for fe/conf/ of the leader FE.</summary>
        ClusterSnapshotYaml,

        /// <summary>A kube-starrocks Helm values override (operator disaster recovery).</summary>
        HelmValues,
    }

    /// <summary>What New-SrClusterSnapshotConfig wrote. Never holds a credential.</summary>
    public sealed class ClusterSnapshotConfigInfo
    {
        internal ClusterSnapshotConfigInfo(string path, ClusterSnapshotConfigFormat format, string snapshotPath, string storageVolume,
            int? generation, int frontendCount, int? computeNodeCount, bool containsCredentials)
        {
            Path = path;
            Format = format;
            SnapshotPath = snapshotPath;
            StorageVolume = storageVolume;
            Generation = generation;
            FrontendCount = frontendCount;
            ComputeNodeCount = computeNodeCount;
            ContainsCredentials = containsCredentials;
        }

        /// <summary>The file written.</summary>
        public string Path { get; }

        /// <summary>ClusterSnapshotYaml or HelmValues.</summary>
        public ClusterSnapshotConfigFormat Format { get; }

        /// <summary>cluster_snapshot_path in the file.</summary>
        public string SnapshotPath { get; }

        /// <summary>storage_volume_name in the file.</summary>
        public string StorageVolume { get; }

        /// <summary>disasterRecovery.generation (Helm values only).</summary>
        public int? Generation { get; }

        /// <summary>FEs listed besides the leader.</summary>
        public int FrontendCount { get; }

        /// <summary>CNs listed, or null when the key was left out (the original CNs are kept).</summary>
        public int? ComputeNodeCount { get; }

        /// <summary>True when credentials were written into the file (protect it); false with -SecretPlaceholder.</summary>
        public bool ContainsCredentials { get; }

        /// <inheritdoc />
        public override string ToString() => Path;
    }
}
