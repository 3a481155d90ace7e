using System.Management.Automation;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Base of the cmdlets that reach a repository's objects directly (deletion before 4.2, verification, the backup
    /// catalog): the server connection of <see cref="StarRocksCmdlet"/> plus how to reach the object storage.
    /// SHOW REPOSITORIES never reveals a repository's keys, so they are given here; without -StorageCredential the AWS
    /// SDK's default chain (environment, profile, instance role) is used.
    /// </summary>
    public abstract class StorageAccessCmdlet : StarRocksCmdlet
    {
        /// <summary>Access key (user name) and secret key (password) of the repository's object storage.</summary>
        [Parameter]
        [Credential]
        public PSCredential? StorageCredential { get; set; }

        /// <summary>The object storage endpoint URL (MinIO, Ceph, OSS …); omit for AWS S3.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StorageEndpoint { get; set; }

        /// <summary>The signing region (default us-east-1).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorageRegion { get; set; } = "us-east-1";

        /// <summary>Virtual-hosted-style addressing instead of the default for the endpoint.</summary>
        [Parameter]
        public SwitchParameter VirtualHostedStyle { get; set; }

        /// <summary>The access key id, or null for the SDK's default chain.</summary>
        internal string? StorageAccessKey =>
            StorageCredential is not null && StorageCredential != PSCredential.Empty ? StorageCredential.UserName : null;

        /// <summary>The secret key in clear text (only for Core's <c>Secret</c>), or null.</summary>
        internal string? StorageSecretKey =>
            StorageCredential is not null && StorageCredential != PSCredential.Empty ? StorageCredential.GetNetworkCredential().Password : null;

        /// <summary>
        /// How to reach the storage of repository <paramref name="repositoryName"/>. The one place that turns the storage
        /// parameters into Core's options (later: defaults registered for the repository in this session).
        /// </summary>
        internal ObjectStoreOptions CreateObjectStoreOptions(string repositoryName)
        {
            _ = repositoryName;
            string? secret = StorageSecretKey;
            return new ObjectStoreOptions
            {
                Endpoint = StorageEndpoint,
                Region = StorageRegion,
                AccessKey = StorageAccessKey,
                SecretKey = secret is null ? Secret.Empty : new Secret(secret),
                ForcePathStyle = VirtualHostedStyle ? false : (bool?)null,
            };
        }
    }
}
