using System;
using System.Collections.Generic;
using System.Linq;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.Repositories
{
    /// <summary>
    /// What CREATE REPOSITORY needs: name, location, properties (secret ones held as <see cref="Secret"/>).
    /// Use the builders <see cref="S3"/>, <see cref="Oss"/>, <see cref="Hdfs"/>, <see cref="Gcs"/> or add properties.
    /// </summary>
    public sealed class RepositorySpec
    {
        private readonly List<KeyValuePair<string, Secret>> _properties = new List<KeyValuePair<string, Secret>>();

        /// <summary>Creates a spec; the name is checked against StarRocks' repository rule.</summary>
        public RepositorySpec(string name, string location)
        {
            Name = NameRules.CheckRepositoryName(name);
            if (string.IsNullOrWhiteSpace(location))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "You must specify a location for the repository.");
            }

            Location = location;
        }

        /// <summary>Repository name.</summary>
        public string Name { get; }

        /// <summary>Location URI (<c>s3://bucket/path</c>, <c>hdfs://…</c>, <c>oss://…</c>).</summary>
        public string Location { get; }

        /// <summary>CREATE READ ONLY REPOSITORY (for restoring another cluster's snapshots).</summary>
        public bool ReadOnly { get; set; }

        /// <summary>Broker name; null = brokerless (direct client).</summary>
        public string? Broker { get; set; }

        /// <summary>Property keys in order (values are not exposed here; see <see cref="ToString"/>).</summary>
        public IReadOnlyList<string> PropertyKeys => _properties.Select(p => p.Key).ToList();

        /// <summary>Adds or replaces a property. Values of secret-looking keys are masked wherever shown.</summary>
        public RepositorySpec WithProperty(string key, Secret value)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, "A repository property key must not be empty.");
            }

            _properties.RemoveAll(p => string.Equals(p.Key, key, StringComparison.Ordinal));
            _properties.Add(new KeyValuePair<string, Secret>(key, value));
            return this;
        }

        /// <summary>S3 / S3-compatible (MinIO, Ceph) with access keys, or the instance profile when <paramref name="accessKey"/> is null.</summary>
        public static RepositorySpec S3(string name, string location, string? accessKey, Secret secretKey, string? endpoint = null, string? region = null,
            bool? enablePathStyleAccess = null, string? iamRoleArn = null)
        {
            var spec = new RepositorySpec(name, location);
            if (accessKey != null)
            {
                spec.WithProperty("aws.s3.access_key", accessKey).WithProperty("aws.s3.secret_key", secretKey);
            }
            else
            {
                spec.WithProperty("aws.s3.use_instance_profile", "true");
            }

            if (!string.IsNullOrEmpty(endpoint))
            {
                spec.WithProperty("aws.s3.endpoint", endpoint);
            }

            if (!string.IsNullOrEmpty(region))
            {
                spec.WithProperty("aws.s3.region", region);
            }

            if (enablePathStyleAccess.HasValue)
            {
                spec.WithProperty("aws.s3.enable_path_style_access", enablePathStyleAccess.Value ? "true" : "false");
            }

            if (!string.IsNullOrEmpty(iamRoleArn))
            {
                spec.WithProperty("aws.s3.iam_role_arn", iamRoleArn);
            }

            return spec;
        }

        /// <summary>Alibaba OSS (<c>fs.oss.accessKeyId</c>, <c>fs.oss.accessKeySecret</c>, <c>fs.oss.endpoint</c>).</summary>
        public static RepositorySpec Oss(string name, string location, string accessKeyId, Secret accessKeySecret, string endpoint) =>
            new RepositorySpec(name, location)
                .WithProperty("fs.oss.accessKeyId", accessKeyId)
                .WithProperty("fs.oss.accessKeySecret", accessKeySecret)
                .WithProperty("fs.oss.endpoint", endpoint);

        /// <summary>HDFS (<c>username</c>, <c>password</c>).</summary>
        public static RepositorySpec Hdfs(string name, string location, string? userName = null, Secret? password = null)
        {
            var spec = new RepositorySpec(name, location);
            if (userName != null)
            {
                spec.WithProperty("username", userName);
            }

            if (password.HasValue)
            {
                spec.WithProperty("password", password.Value);
            }

            return spec;
        }

        /// <summary>Google Cloud Storage through S3A (<c>fs.s3a.access.key</c>, <c>fs.s3a.secret.key</c>, <c>fs.s3a.endpoint</c> without https).</summary>
        public static RepositorySpec Gcs(string name, string location, string accessKey, Secret secretKey, string endpoint = "storage.googleapis.com") =>
            new RepositorySpec(name, location)
                .WithProperty("fs.s3a.access.key", accessKey)
                .WithProperty("fs.s3a.secret.key", secretKey)
                .WithProperty("fs.s3a.endpoint", endpoint.Replace("https://", string.Empty).Replace("http://", string.Empty));

        /// <summary>The clear value of one property (null when absent). Never log the result.</summary>
        public string? Reveal(string key) =>
            _properties.Where(p => string.Equals(p.Key, key, StringComparison.Ordinal)).Select(p => p.Value.Reveal()).FirstOrDefault();

        internal IEnumerable<KeyValuePair<string, string>> RevealedProperties() =>
            _properties.Select(p => new KeyValuePair<string, string>(p.Key, p.Value.Reveal()));

        /// <summary>Name, location and properties with secret values masked.</summary>
        public override string ToString() =>
            $"{Name} {SqlRedactor.RedactUriPasswords(Location)} ({string.Join(", ", _properties.Select(p => p.Key + "=" + (SqlRedactor.IsSecretKey(p.Key) ? SqlRedactor.Mask : p.Value.Reveal())))})";
    }
}
