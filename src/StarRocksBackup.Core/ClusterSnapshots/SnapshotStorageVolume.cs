using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>One entry of <c>storage_volumes</c> in <c>cluster_snapshot.yaml</c>.</summary>
    public sealed class SnapshotStorageVolume
    {
        /// <summary>The storage volume types StarRocks knows (<c>StorageVolume.StorageVolumeType</c>, as it names them).</summary>
        public static IReadOnlyList<string> KnownTypes { get; } = new[] { "S3", "HDFS", "AZBLOB", "ADLS2", "GS" };

        /// <summary>StarRocks' mask for credentials in DESC STORAGE VOLUME (<c>StorageVolume.CREDENTIAL_MASK</c>).</summary>
        public const string StarRocksMask = "******";

        /// <summary>The volume name (the same as in the original cluster).</summary>
        public string Name { get; init; } = string.Empty;

        /// <summary>S3, HDFS, AZBLOB, ADLS2 or GS.</summary>
        public string Type { get; init; } = "S3";

        /// <summary>The location, e.g. <c>s3://bucket/prefix/</c>.</summary>
        public string Location { get; init; } = string.Empty;

        /// <summary>The comment, or null to omit it.</summary>
        public string? Comment { get; init; }

        /// <summary>The properties (region, endpoint, credentials …), written as a list of key/value pairs.</summary>
        public IReadOnlyList<SnapshotVolumeProperty> Properties { get; init; } = Array.Empty<SnapshotVolumeProperty>();

        /// <summary>
        /// A volume described by DESC STORAGE VOLUME. StarRocks takes one location in the file: the first is used. Masked
        /// credentials stay masked (<c>******</c>) until <see cref="WithCredential"/> replaces them or placeholders are written.
        /// </summary>
        public static SnapshotStorageVolume From(StorageVolume volume)
        {
            if (volume is null)
            {
                throw new ArgumentNullException(nameof(volume));
            }

            return new SnapshotStorageVolume
            {
                Name = volume.Name,
                Type = volume.Type,
                Location = volume.Locations.FirstOrDefault() ?? string.Empty,
                Comment = string.IsNullOrEmpty(volume.Comment) ? null : volume.Comment,
                Properties = volume.Properties.Select(p => new SnapshotVolumeProperty(p.Key, new Secret(p.Value))).ToList(),
            };
        }

        /// <summary>True when a credential value is still StarRocks' mask.</summary>
        public bool HasMaskedCredentials => Properties.Any(p => p.Value.Reveal() == StarRocksMask);

        /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (replaced when present, appended otherwise).</summary>
        public SnapshotStorageVolume With(string key, Secret value)
        {
            var properties = Properties.ToList();
            int index = properties.FindIndex(p => p.Key == key);
            var property = new SnapshotVolumeProperty(key, value);
            if (index >= 0)
            {
                properties[index] = property;
            }
            else
            {
                properties.Add(property);
            }

            return new SnapshotStorageVolume { Name = Name, Type = Type, Location = Location, Comment = Comment, Properties = properties };
        }

        /// <summary>
        /// A copy carrying credentials in the properties StarRocks reads for this volume type: S3 —
        /// <c>aws.s3.access_key</c>/<c>aws.s3.secret_key</c> (and the instance-profile/default-chain switches off);
        /// AZBLOB/ADLS2 — <c>azure.blob.shared_key</c>/<c>azure.adls2.shared_key</c> (the user name is not used);
        /// GS — <c>gcp.gcs.service_account_private_key_id</c>/<c>gcp.gcs.service_account_private_key</c>; HDFS — <c>username</c>.
        /// </summary>
        public SnapshotStorageVolume WithCredential(string userName, Secret secret)
        {
            switch (Type.ToUpperInvariant())
            {
                case "S3":
                    SnapshotStorageVolume s3 = With("aws.s3.access_key", new Secret(userName)).With("aws.s3.secret_key", secret);
                    foreach (string flag in new[] { "aws.s3.use_instance_profile", "aws.s3.use_aws_sdk_default_behavior" })
                    {
                        if (s3.Properties.Any(p => p.Key == flag))
                        {
                            s3 = s3.With(flag, new Secret("false"));
                        }
                    }

                    return s3;
                case "AZBLOB":
                    return With("azure.blob.shared_key", secret);
                case "ADLS2":
                    return With("azure.adls2.shared_key", secret);
                case "GS":
                    return With("gcp.gcs.service_account_private_key_id", new Secret(userName)).With("gcp.gcs.service_account_private_key", secret);
                case "HDFS":
                    return With("username", new Secret(userName));
                default:
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"Storage volume '{Name}' has type '{Type}', for which no credential properties are known.");
            }
        }

        internal void Validate(List<string> problems, bool secretPlaceholders)
        {
            if (string.IsNullOrWhiteSpace(Name))
            {
                problems.Add("a storage volume has no name");
            }

            if (!KnownTypes.Contains(Type))
            {
                problems.Add($"storage volume '{Name}' has type '{Type}'; StarRocks knows {string.Join(", ", KnownTypes)} (upper case)");
            }

            if (string.IsNullOrWhiteSpace(Location))
            {
                problems.Add($"storage volume '{Name}' has no location");
            }

            foreach (SnapshotVolumeProperty p in Properties)
            {
                if (string.IsNullOrWhiteSpace(p.Key))
                {
                    problems.Add($"storage volume '{Name}' has a property without a key");
                }
                else if (secretPlaceholders && p.IsSensitive)
                {
                    continue; // written as ${…}
                }
                else if (p.Value.IsEmpty)
                {
                    problems.Add($"storage volume '{Name}': property {p.Key} has an empty value, which StarRocks refuses (\"Missing 'key' or 'value' in properties entry\")");
                }
                else if (p.Value.Reveal() == StarRocksMask)
                {
                    problems.Add($"storage volume '{Name}': property {p.Key} holds StarRocks' mask {StarRocksMask}, not the credential; supply the real value (a storage volume credential) or write placeholders");
                }
            }

            foreach (IGrouping<string, SnapshotVolumeProperty> dup in Properties.GroupBy(p => p.Key).Where(g => g.Count() > 1))
            {
                problems.Add($"storage volume '{Name}': property {dup.Key} is given {dup.Count()} times");
            }
        }

        /// <inheritdoc />
        public override string ToString() =>
            $"{Name} ({Type} {Location}) [{string.Join(", ", Properties.Select(p => p.ToString()))}]";
    }

    /// <summary>A storage volume property. Credential values are <see cref="Secret"/>s and print as <c>****</c>.</summary>
    public sealed class SnapshotVolumeProperty
    {
        /// <summary>Creates a property.</summary>
        public SnapshotVolumeProperty(string key, Secret value)
        {
            Key = key ?? string.Empty;
            Value = value;
        }

        /// <summary>The property key, e.g. <c>aws.s3.region</c>.</summary>
        public string Key { get; }

        /// <summary>The value (reveal only to write the file).</summary>
        public Secret Value { get; }

        /// <summary>True when the key names a credential (its value is masked in ToString and may be written as a placeholder).</summary>
        public bool IsSensitive => IsSensitiveKey(Key);

        /// <summary>
        /// Credential keys: containing <c>secret</c>, <c>password</c>, <c>access_key</c>, <c>shared_key</c>, <c>sas_token</c>,
        /// <c>private_key</c>, <c>token</c>, <c>credential</c>, or ending with <c>.key</c>.
        /// </summary>
        public static bool IsSensitiveKey(string key)
        {
            string k = (key ?? string.Empty).ToLowerInvariant();
            return k.Contains("secret") || k.Contains("password") || k.Contains("access_key") || k.Contains("shared_key")
                || k.Contains("sas_token") || k.Contains("private_key") || k.Contains("token") || k.Contains("credential")
                || k.EndsWith(".key", StringComparison.Ordinal);
        }

        /// <summary><c>key=value</c>, with credential values shown as <c>****</c>.</summary>
        public override string ToString() => IsSensitive ? $"{Key}=****" : $"{Key}={Value.Reveal()}";
    }
}
