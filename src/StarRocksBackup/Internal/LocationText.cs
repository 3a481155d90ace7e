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

        /// <summary>s3/s3a/s3n → S3, oss → OSS, hdfs/viewfs → HDFS, gs/gcs → GCS; null for anything else.</summary>
        public static RepositoryType? InferType(string? location)
        {
            string text = location ?? string.Empty;
            int colon = text.IndexOf("://", StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            switch (text.Substring(0, colon).ToLowerInvariant())
            {
                case "s3":
                case "s3a":
                case "s3n":
                    return RepositoryType.S3;
                case "oss":
                    return RepositoryType.OSS;
                case "hdfs":
                case "viewfs":
                    return RepositoryType.HDFS;
                case "gs":
                case "gcs":
                    return RepositoryType.GCS;
                default:
                    return null;
            }
        }
    }
}
