using System;
using System.Linq;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// A bucket and key prefix in S3-compatible object storage, parsed from a StarRocks location URI
    /// (<c>s3://</c>, <c>s3a://</c>, <c>s3n://</c>, <c>oss://</c>, <c>cos://</c>, <c>obs://</c>, <c>ks3://</c>, <c>tos://</c>, <c>gs://</c>).
    /// The prefix never starts with <c>/</c> and, when not empty, always ends with <c>/</c>.
    /// <see cref="ToString"/> never contains credentials: user information in the URI is refused at parse time.
    /// </summary>
    public sealed class S3Location : IEquatable<S3Location>
    {
        private static readonly string[] s_schemes = { "s3", "s3a", "s3n", "oss", "cos", "cosn", "obs", "ks3", "tos", "gs" };

        private S3Location(string scheme, string bucket, string prefix)
        {
            Scheme = scheme;
            Bucket = bucket;
            Prefix = prefix;
        }

        /// <summary>The URI scheme as given, lower case (<c>s3</c>, <c>s3a</c>, <c>oss</c> …); kept so paths written back match the original.</summary>
        public string Scheme { get; }

        /// <summary>The bucket name.</summary>
        public string Bucket { get; }

        /// <summary>The key prefix: empty, or ending with <c>/</c>; never starting with <c>/</c>.</summary>
        public string Prefix { get; }

        /// <summary>Parses <paramref name="uri"/>; throws <see cref="StarRocksBackupException"/> (InvalidArgument) with the reason.</summary>
        public static S3Location Parse(string uri)
        {
            if (!TryParse(uri, out S3Location? location, out string? error))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, error!);
            }

            return location!;
        }

        /// <summary>Tries to parse <paramref name="uri"/>; on failure <paramref name="error"/> says why (without echoing credentials).</summary>
        public static bool TryParse(string? uri, out S3Location? location, out string? error)
        {
            location = null;
            error = null;
            if (string.IsNullOrWhiteSpace(uri))
            {
                error = "The object storage location is empty; expected s3://bucket/prefix.";
                return false;
            }

            string text = uri!.Trim();
            int sep = text.IndexOf("://", StringComparison.Ordinal);
            if (sep <= 0)
            {
                error = $"'{Describe(text)}' is not an object storage URI; expected s3://bucket/prefix.";
                return false;
            }

            string scheme = text.Substring(0, sep).ToLowerInvariant();
            if (!s_schemes.Contains(scheme))
            {
                error = $"Unsupported scheme '{scheme}://' in '{Describe(text)}'; expected one of {string.Join(", ", s_schemes.Select(s => s + "://"))}.";
                return false;
            }

            string rest = text.Substring(sep + 3);
            int slash = rest.IndexOf('/');
            string authority = slash < 0 ? rest : rest.Substring(0, slash);
            string path = slash < 0 ? string.Empty : rest.Substring(slash + 1);
            if (authority.Contains("@"))
            {
                // Credentials embedded in a URI would end up in messages and files: refuse them.
                error = $"The location '{scheme}://…' carries credentials before '@'; pass the keys separately.";
                return false;
            }

            if (authority.Length == 0)
            {
                error = $"The location '{Describe(text)}' has no bucket name.";
                return false;
            }

            if (authority.Length < 3 || authority.Length > 63 || authority.Any(c => !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')))
            {
                error = $"'{authority}' is not a valid bucket name (3-63 letters, digits, '-', '.', '_').";
                return false;
            }

            if (path.IndexOfAny(new[] { '?', '#' }) >= 0)
            {
                error = $"The location '{Describe(text)}' contains a query or fragment, which object storage paths do not have.";
                return false;
            }

            string prefix = NormalizePrefix(path);
            location = new S3Location(scheme, authority, prefix);
            return true;
        }

        /// <summary>Builds a location from parts (the prefix is normalised).</summary>
        public static S3Location Create(string bucket, string prefix, string scheme = "s3") =>
            Parse($"{scheme}://{bucket}/{prefix}");

        /// <summary>The key for <paramref name="relative"/> below this prefix (leading slashes of <paramref name="relative"/> ignored).</summary>
        public string KeyFor(string relative) => Prefix + (relative ?? string.Empty).TrimStart('/');

        /// <summary>A location for the folder <paramref name="relative"/> below this one.</summary>
        public S3Location Child(string relative) => new S3Location(Scheme, Bucket, NormalizePrefix(KeyFor(relative)));

        /// <summary>The last path segment of the prefix, or an empty string at the bucket root.</summary>
        public string LastSegment
        {
            get
            {
                string trimmed = Prefix.TrimEnd('/');
                int i = trimmed.LastIndexOf('/');
                return i < 0 ? trimmed : trimmed.Substring(i + 1);
            }
        }

        /// <summary>The location one folder up (the bucket root stays the bucket root).</summary>
        public S3Location Parent
        {
            get
            {
                string trimmed = Prefix.TrimEnd('/');
                int i = trimmed.LastIndexOf('/');
                return new S3Location(Scheme, Bucket, i < 0 ? string.Empty : trimmed.Substring(0, i + 1));
            }
        }

        /// <summary>The URI without a trailing slash, e.g. <c>s3://bucket/a/b</c> (StarRocks' form for <c>cluster_snapshot_path</c>).</summary>
        public string ToUriWithoutTrailingSlash() => $"{Scheme}://{Bucket}/{Prefix}".TrimEnd('/');

        /// <summary>The URI, e.g. <c>s3://bucket/a/b/</c>. Never contains credentials.</summary>
        public override string ToString() => $"{Scheme}://{Bucket}/{Prefix}";

        /// <inheritdoc />
        public bool Equals(S3Location? other) =>
            other is not null && Scheme == other.Scheme && Bucket == other.Bucket && Prefix == other.Prefix;

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as S3Location);

        /// <inheritdoc />
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

        private static string NormalizePrefix(string path)
        {
            string trimmed = path.Trim('/');
            while (trimmed.Contains("//"))
            {
                trimmed = trimmed.Replace("//", "/");
            }

            return trimmed.Length == 0 ? string.Empty : trimmed + "/";
        }

        // Echo at most the scheme and what follows the authority, so a mistyped URI with a key in it
        // is not printed whole.
        private static string Describe(string text) => text.Length > 200 ? text.Substring(0, 200) + "…" : text;
    }
}
