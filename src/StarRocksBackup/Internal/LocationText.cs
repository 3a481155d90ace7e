using System;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Internal
{
    /// <summary>Repository location helpers: storage type from the URI scheme, and masking of user information.</summary>
    internal static class LocationText
    {
        private static readonly Regex s_userInfo = new Regex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/@]*@", RegexOptions.CultureInvariant);

        /// <summary>Masks <c>user:password@</c> in a URI, so a credential typed into a location never reaches the screen.</summary>
        public static string Redact(string? location) =>
            string.IsNullOrEmpty(location) ? string.Empty : s_userInfo.Replace(location, "${scheme}****@");

        /// <summary>The storage type from the URI scheme (Core's rule), or null.</summary>
        public static RepositoryType? InferType(string? location) =>
            Core.Repositories.RepositoryRequest.InferType(location) is Core.Repositories.RepositoryStorageType t ? FromCore(t) : null;

        public static Core.Repositories.RepositoryStorageType ToCore(RepositoryType type) => type switch
        {
            RepositoryType.S3 => Core.Repositories.RepositoryStorageType.S3,
            RepositoryType.OSS => Core.Repositories.RepositoryStorageType.OSS,
            RepositoryType.HDFS => Core.Repositories.RepositoryStorageType.HDFS,
            _ => Core.Repositories.RepositoryStorageType.GCS,
        };

        private static RepositoryType FromCore(Core.Repositories.RepositoryStorageType type) => type switch
        {
            Core.Repositories.RepositoryStorageType.S3 => RepositoryType.S3,
            Core.Repositories.RepositoryStorageType.OSS => RepositoryType.OSS,
            Core.Repositories.RepositoryStorageType.HDFS => RepositoryType.HDFS,
            _ => RepositoryType.GCS,
        };
    }
}
