using System;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// How to reach S3-compatible object storage. The secret key is a <see cref="Secret"/>: it is only revealed to
    /// the AWS SDK's credentials object, and <see cref="ToString"/> shows the access key id but masks the secret.
    /// </summary>
    public sealed class ObjectStoreOptions
    {
        /// <summary>
        /// The endpoint URL (<c>http://127.0.0.1:9000</c>, <c>https://oss-cn-hangzhou.aliyuncs.com</c> …), or null for
        /// AWS itself in <see cref="Region"/>. A bare host name gets <c>https://</c>.
        /// </summary>
        public string? Endpoint { get; init; }

        /// <summary>The region (signing region for custom endpoints). Default <c>us-east-1</c>.</summary>
        public string Region { get; init; } = "us-east-1";

        /// <summary>The access key id, or null to use the SDK's default credential chain (environment, profile, instance role).</summary>
        public string? AccessKey { get; init; }

        /// <summary>The secret access key (never shown).</summary>
        public Secret SecretKey { get; init; } = Secret.Empty;

        /// <summary>
        /// Path-style addressing (<c>endpoint/bucket/key</c>). Null: on for custom endpoints (MinIO, Ceph …), off for AWS and
        /// for Alibaba Cloud OSS (<c>*.aliyuncs.com</c>), which refuses path-style requests.
        /// </summary>
        public bool? ForcePathStyle { get; init; }

        /// <summary>The addressing actually used: <see cref="ForcePathStyle"/> when set, else the default described there.</summary>
        public bool UsesPathStyle
        {
            get
            {
                if (ForcePathStyle.HasValue)
                {
                    return ForcePathStyle.Value;
                }

                Uri? uri = EndpointUri;
                if (uri is null || IsAwsEndpoint)
                {
                    return false;
                }

                string host = uri.Host.ToLowerInvariant();
                return !(host == "aliyuncs.com" || host.EndsWith(".aliyuncs.com", StringComparison.Ordinal));
            }
        }

        /// <summary>Time limit of one HTTP request (null: the SDK's default).</summary>
        public TimeSpan? RequestTimeout { get; init; }

        /// <summary>Retries after a failed request (null: the SDK's default of its standard retry mode).</summary>
        public int? MaxRetries { get; init; }

        /// <summary>The endpoint as a URI with a scheme, or null when none was given.</summary>
        public Uri? EndpointUri
        {
            get
            {
                if (string.IsNullOrWhiteSpace(Endpoint))
                {
                    return null;
                }

                string text = Endpoint!.Trim();
                if (!text.Contains("://"))
                {
                    text = "https://" + text;
                }

                if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"The object storage endpoint '{Endpoint}' is not an http(s) URL.");
                }

                if (!string.IsNullOrEmpty(uri.UserInfo))
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        "The object storage endpoint carries credentials before '@'; pass the keys separately.");
                }

                return uri;
            }
        }

        /// <summary>
        /// True when the endpoint is AWS S3 itself (no endpoint, or a host under <c>amazonaws.com</c> / <c>amazonaws.com.cn</c>).
        /// Only AWS keeps the SDK's default request/response checksums; other servers get WHEN_REQUIRED.
        /// </summary>
        public bool IsAwsEndpoint
        {
            get
            {
                Uri? uri = EndpointUri;
                if (uri is null)
                {
                    return true;
                }

                string host = uri.Host.ToLowerInvariant();
                return host == "amazonaws.com" || host.EndsWith(".amazonaws.com", StringComparison.Ordinal)
                    || host.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal);
            }
        }

        /// <summary>Endpoint, region and access key id; the secret is always <c>****</c>.</summary>
        public override string ToString() =>
            $"Endpoint={Endpoint ?? "(AWS)"}; Region={Region}; AccessKey={AccessKey ?? "(default chain)"}; SecretKey={(SecretKey.IsEmpty ? "(none)" : SecretKey.ToString())}";
    }
}
