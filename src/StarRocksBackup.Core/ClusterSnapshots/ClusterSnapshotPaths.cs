using System;
using System.Linq;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>
    /// The layout StarRocks uses for snapshot folders: <c>&lt;volume location&gt;/&lt;service id&gt;/meta/image/&lt;snapshot&gt;</c>
    /// (<c>ClusterSnapshotUtils.getSnapshotImagePath</c>). Works on any scheme (s3://, hdfs://, …).
    /// </summary>
    public static class ClusterSnapshotPaths
    {
        /// <summary>The storage volume location a snapshot folder lives in, or null when the path does not have that shape.</summary>
        public static string? VolumeLocationOf(string? snapshotPath)
        {
            string trimmed = (snapshotPath ?? string.Empty).Trim().TrimEnd('/');
            int scheme = trimmed.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0)
            {
                return null;
            }

            string[] parts = trimmed.Substring(scheme + 3).Split('/');

            // authority, service id, "meta", "image", snapshot — at least.
            int n = parts.Length;
            if (n < 5 || parts[n - 2] != "image" || parts[n - 3] != "meta" || parts[n - 1].Length == 0 || parts[n - 4].Length == 0)
            {
                return null;
            }

            return trimmed.Substring(0, scheme + 3) + string.Join("/", parts.Take(n - 4));
        }

        /// <summary>The service id in a snapshot folder path, or null when the path does not have that shape.</summary>
        public static string? ServiceIdOf(string? snapshotPath)
        {
            string? volume = VolumeLocationOf(snapshotPath);
            if (volume is null)
            {
                return null;
            }

            string rest = snapshotPath!.Trim().TrimEnd('/').Substring(volume.Length).TrimStart('/');
            return rest.Split('/')[0];
        }
    }
}
