using System;
using System.Collections.Generic;

namespace StarRocksBackup.Core.Repositories
{
    /// <summary>The storage behind a repository.</summary>
    public enum RepositoryStorageType
    {
        /// <summary>Amazon S3 or an S3-compatible store (s3://, s3a://, s3n://).</summary>
        S3,

        /// <summary>Alibaba Cloud OSS (oss://).</summary>
        OSS,

        /// <summary>HDFS (hdfs://, viewfs://).</summary>
        HDFS,

        /// <summary>Google Cloud Storage through S3A (gs://, gcs://, or s3a:// with a googleapis.com endpoint).</summary>
        GCS,
    }

    /// <summary>
    /// What New-SrRepository was given, before it is a <see cref="RepositorySpec"/>: the storage type (inferred from the
    /// location's scheme unless given), the key pair, endpoint and region, and extra properties. <see cref="ToSpec"/>
    /// checks that the combination makes sense for the type and builds the CREATE REPOSITORY properties.
    /// </summary>
    public sealed class RepositoryRequest
    {
        /// <summary>The repository name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>The location URI (its user information, if any, is masked in every message).</summary>
        public string Location { get; set; } = string.Empty;

        /// <summary>The storage type; null infers it from the location.</summary>
        public RepositoryStorageType? Type { get; set; }

        /// <summary>The access key (or HDFS user name); null when no credential is given.</summary>
        public string? AccessKey { get; set; }

        /// <summary>The secret key (or HDFS password).</summary>
        public Secret SecretKey { get; set; } = Secret.Empty;

        /// <summary>The endpoint (S3-compatible stores, OSS, GCS).</summary>
        public string? Endpoint { get; set; }

        /// <summary>The region (S3 only).</summary>
        public string? Region { get; set; }

        /// <summary>Use the instance profile instead of keys (S3 only).</summary>
        public bool UseInstanceProfile { get; set; }

        /// <summary>CREATE READ ONLY REPOSITORY.</summary>
        public bool ReadOnly { get; set; }

        /// <summary>A broker name (WITH BROKER &lt;name&gt;).</summary>
        public string? Broker { get; set; }

        /// <summary>More properties, added after (and overriding) the ones built from the other settings.</summary>
        public IList<KeyValuePair<string, Secret>> Properties { get; } = new List<KeyValuePair<string, Secret>>();

        /// <summary>s3/s3a/s3n → S3, oss → OSS, hdfs/viewfs → HDFS, gs/gcs → GCS; null for anything else.</summary>
        public static RepositoryStorageType? InferType(string? location)
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
                    return RepositoryStorageType.S3;
                case "oss":
                    return RepositoryStorageType.OSS;
                case "hdfs":
                case "viewfs":
                    return RepositoryStorageType.HDFS;
                case "gs":
                case "gcs":
                    return RepositoryStorageType.GCS;
                default:
                    return null;
            }
        }

        /// <summary>The storage type: given, else from the scheme (an S3 location with a Google endpoint is GCS).</summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument when the scheme tells nothing.</exception>
        public RepositoryStorageType ResolveType()
        {
            if (Type.HasValue)
            {
                return Type.Value;
            }

            RepositoryStorageType inferred = InferType(Location)
                ?? throw Invalid($"Cannot tell the storage type from the location '{Sql.SqlRedactor.RedactUriPasswords(Location)}'; pass -Type S3, OSS, HDFS or GCS.");

            // GCS is reached through S3A: an s3a:// location with a Google endpoint is GCS.
            return inferred == RepositoryStorageType.S3 && Endpoint is not null
                   && Endpoint.IndexOf("googleapis.com", StringComparison.OrdinalIgnoreCase) >= 0
                ? RepositoryStorageType.GCS
                : inferred;
        }

        /// <summary>Checks the settings against the storage type and builds the spec.</summary>
        /// <exception cref="StarRocksBackupException">InvalidArgument, naming the parameter to change.</exception>
        public RepositorySpec ToSpec()
        {
            RepositoryStorageType type = ResolveType();
            string? user = AccessKey;
            if (UseInstanceProfile && type != RepositoryStorageType.S3)
            {
                throw Invalid("-UseInstanceProfile applies to S3 repositories only.");
            }

            if (UseInstanceProfile && user is not null)
            {
                throw Invalid("Give either -Credential or -UseInstanceProfile, not both.");
            }

            RepositorySpec spec;
            switch (type)
            {
                case RepositoryStorageType.S3:
                    if (user is null && !UseInstanceProfile)
                    {
                        throw Invalid("An S3 repository needs -Credential (access key as user name, secret key as password) or -UseInstanceProfile.");
                    }

                    spec = RepositorySpec.S3(Name, Location, user, SecretKey, Endpoint, Region);
                    break;
                case RepositoryStorageType.OSS:
                    if (user is null || Endpoint is null)
                    {
                        throw Invalid("An OSS repository needs -Credential (AccessKey ID as user name, AccessKey secret as password) and -Endpoint.");
                    }

                    spec = RepositorySpec.Oss(Name, Location, user, SecretKey, Endpoint);
                    break;
                case RepositoryStorageType.GCS:
                    if (user is null)
                    {
                        throw Invalid("A GCS repository needs -Credential (HMAC access key as user name, secret as password).");
                    }

                    spec = Endpoint is null ? RepositorySpec.Gcs(Name, Location, user, SecretKey) : RepositorySpec.Gcs(Name, Location, user, SecretKey, Endpoint);
                    break;
                default:
                    if (Endpoint is not null)
                    {
                        throw Invalid("-Endpoint does not apply to HDFS repositories: the name node is part of the hdfs:// location.");
                    }

                    // (Secret?)null: a bare null would become an empty Secret through its string conversion, and an anonymous
                    // HDFS repository would get password = ''.
                    spec = RepositorySpec.Hdfs(Name, Location, user, user is null ? (Secret?)null : SecretKey);
                    break;
            }

            if (Region is not null && type != RepositoryStorageType.S3)
            {
                throw Invalid("-Region applies to S3 repositories only; pass other settings with -Property.");
            }

            spec.ReadOnly = ReadOnly;
            spec.Broker = Broker;
            foreach (KeyValuePair<string, Secret> p in Properties)
            {
                spec.WithProperty(p.Key, p.Value);
            }

            return spec;
        }

        private static StarRocksBackupException Invalid(string message) => new StarRocksBackupException(ErrorKind.InvalidArgument, message);
    }
}
