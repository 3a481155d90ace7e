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

        /// <summary>True when any storage parameter was given on the command line.</summary>
        internal bool HasStorageParameters =>
            MyInvocation.BoundParameters.ContainsKey(nameof(StorageCredential)) || MyInvocation.BoundParameters.ContainsKey(nameof(StorageEndpoint))
            || MyInvocation.BoundParameters.ContainsKey(nameof(StorageRegion)) || MyInvocation.BoundParameters.ContainsKey(nameof(VirtualHostedStyle));

        /// <summary>
        /// How to reach the storage of repository <paramref name="repositoryName"/>. The one place that turns the storage
        /// parameters into Core's options: the parameters when any is given, else what New-SrRepository or
        /// Set-SrRepositoryStorage registered for the repository on the connection, else the SDK's default chain.
        /// </summary>
        internal ObjectStoreOptions CreateObjectStoreOptions(string repositoryName)
        {
            if (!HasStorageParameters && ActiveConnection?.RegisteredStorage(repositoryName) is ObjectStoreOptions registered)
            {
                WriteVerbose($"Using the storage access registered for repository '{repositoryName}': {registered}.");
                return registered;
            }

            return OptionsFromParameters();
        }

        /// <summary>Opens repository <paramref name="repository"/>'s backup catalog and runs <paramref name="work"/> on it (see <see cref="SrCmdletBase.Run{T}"/>).</summary>
        internal T WithCatalog<T>(string repository, System.Func<Core.History.BackupCatalog, PipelineSink, System.Threading.CancellationToken, System.Threading.Tasks.Task<T>> work)
        {
            ObjectStoreOptions options = CreateObjectStoreOptions(repository);
            return Run(async (sink, ct) =>
            {
                using Core.History.CatalogAccess access = await Core.History.CatalogAccess.OpenAsync(ActiveConnection.Client, repository, options, sink, ct).ConfigureAwait(false);
                return await work(access.Catalog, sink, ct).ConfigureAwait(false);
            });
        }

        /// <summary>The storage parameters as Core's options (ignoring any registration).</summary>
        internal ObjectStoreOptions OptionsFromParameters()
        {
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
