using System.Collections;
using System.Linq;
using CoreVolume = StarRocksBackup.Core.ClusterSnapshots.StorageVolume;

namespace StarRocksBackup
{
    /// <summary>A storage volume (SHOW STORAGE VOLUMES + DESC STORAGE VOLUME), as Get-SrStorageVolume returns it. Credentials are masked.</summary>
    public sealed class StorageVolumeInfo
    {
        private StorageVolumeInfo(CoreVolume v)
        {
            StorageVolume = v.Name;
            Type = v.Type;
            IsDefault = v.IsDefault;
            Location = v.Locations.ToArray();
            Enabled = v.Enabled;
            Comment = v.Comment;
            var properties = new Hashtable();
            foreach (var p in v.Properties)
            {
                properties[p.Key] = p.Value;
            }

            Properties = properties;
            Volume = v;
        }

        /// <summary>The volume name (binds to -StorageVolume of Enable-SrClusterSnapshot).</summary>
        public string StorageVolume { get; }

        /// <summary>S3, HDFS, AZBLOB, ADLS2 or GS.</summary>
        public string Type { get; }

        /// <summary>True for the cluster's default storage volume.</summary>
        public bool IsDefault { get; }

        /// <summary>The locations (normally one).</summary>
        public string[] Location { get; }

        /// <summary>Enabled (null when the server does not report it).</summary>
        public bool? Enabled { get; }

        /// <summary>The comment.</summary>
        public string Comment { get; }

        /// <summary>The properties, every credential value shown as ******.</summary>
        public Hashtable Properties { get; }

        internal CoreVolume Volume { get; }

        /// <inheritdoc />
        public override string ToString() => $"{StorageVolume} ({Type} {string.Join(", ", Location)})";

        internal static StorageVolumeInfo From(CoreVolume volume) => new StorageVolumeInfo(volume);
    }
}
