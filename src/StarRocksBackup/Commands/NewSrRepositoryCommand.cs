using System;
using System.Collections;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Creates a repository (CREATE [READ ONLY] REPOSITORY) on S3-compatible storage, OSS, HDFS or GCS.</summary>
    [Cmdlet(VerbsCommon.New, "SrRepository", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RepositoryInfo))]
    public sealed class NewSrRepositoryCommand : StarRocksCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Repository")]
        public string Name { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Location { get; set; } = string.Empty;

        [Parameter]
        public RepositoryType? Type { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Endpoint { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Region { get; set; }

        [Parameter]
        public SwitchParameter UseInstanceProfile { get; set; }

        [Parameter]
        public Hashtable? Property { get; set; }

        [Parameter]
        public SwitchParameter ReadOnly { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Broker { get; set; }

        protected override void ProcessRecord()
        {
            RepositorySpec spec;
            try
            {
                spec = BuildSpec();
            }
            catch (StarRocksBackupException ex)
            {
                WriteError(Errors.From(ex, Name));
                return;
            }

            string sql = ActiveConnection.Client.Repositories.DescribeCreate(spec);
            WriteDebug("SQL: " + sql);
            if (!ShouldProcess(TargetText(Name), $"Create {(ReadOnly ? "read-only " : string.Empty)}repository '{Name}' at {LocationText.Redact(Location)}: {sql}"))
            {
                return;
            }

            if (TryRun((sink, ct) => ActiveConnection.Client.Repositories.CreateAsync(spec, sink, ct), Name, out Repository created))
            {
                RegisterStorage();
                WriteObject(RepositoryInfo.From(created, ActiveConnection.ServerInfo));
            }
        }

        /// <summary>
        /// Remembers the keys this repository was created with on the connection, so the cmdlets that reach its objects
        /// (the backup catalog: Wait-SrJob, Get-SrBackupHistory, Invoke-SrBackupPolicy …) need no storage parameters.
        /// </summary>
        private void RegisterStorage()
        {
            RepositoryType type = Type ?? LocationText.InferType(Location) ?? RepositoryType.HDFS;
            if (type != RepositoryType.S3 && type != RepositoryType.OSS)
            {
                return;
            }

            string? user = Credential is null || Credential == PSCredential.Empty ? null : Credential.UserName;
            ActiveConnection.RegisterStorage(Name, new Core.Storage.ObjectStoreOptions
            {
                Endpoint = Endpoint,
                Region = Region ?? "us-east-1",
                AccessKey = user,
                SecretKey = user is null ? Secret.Empty : new Secret(Credential!.GetNetworkCredential().Password),
            });
            WriteVerbose($"Registered the storage access of repository '{Name}' for this session (the backup catalog uses it).");
        }

        private RepositorySpec BuildSpec()
        {
            RepositoryType type = Type ?? InferType();
            string? user = Credential is null || Credential == PSCredential.Empty ? null : Credential.UserName;
            Secret secret = user is null ? Secret.Empty : new Secret(Credential!.GetNetworkCredential().Password);
            if (UseInstanceProfile && type != RepositoryType.S3)
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
                case RepositoryType.S3:
                    if (user is null && !UseInstanceProfile)
                    {
                        throw Invalid("An S3 repository needs -Credential (access key as user name, secret key as password) or -UseInstanceProfile.");
                    }

                    spec = RepositorySpec.S3(Name, Location, user, secret, Endpoint, Region);
                    break;
                case RepositoryType.OSS:
                    if (user is null || Endpoint is null)
                    {
                        throw Invalid("An OSS repository needs -Credential (AccessKey ID as user name, AccessKey secret as password) and -Endpoint.");
                    }

                    spec = RepositorySpec.Oss(Name, Location, user, secret, Endpoint);
                    break;
                case RepositoryType.GCS:
                    if (user is null)
                    {
                        throw Invalid("A GCS repository needs -Credential (HMAC access key as user name, secret as password).");
                    }

                    spec = Endpoint is null ? RepositorySpec.Gcs(Name, Location, user, secret) : RepositorySpec.Gcs(Name, Location, user, secret, Endpoint);
                    break;
                default:
                    if (Endpoint is not null)
                    {
                        throw Invalid("-Endpoint does not apply to HDFS repositories: the name node is part of the hdfs:// location.");
                    }

                    spec = RepositorySpec.Hdfs(Name, Location, user, user is null ? null : secret);
                    break;
            }

            if (Region is not null && type != RepositoryType.S3)
            {
                throw Invalid("-Region applies to S3 repositories only; pass other settings with -Property.");
            }

            spec.ReadOnly = ReadOnly.IsPresent;
            spec.Broker = Broker;
            AddExtraProperties(spec);
            return spec;
        }

        private RepositoryType InferType()
        {
            RepositoryType? inferred = LocationText.InferType(Location);
            if (inferred is null)
            {
                throw Invalid($"Cannot tell the storage type from the location '{LocationText.Redact(Location)}'; pass -Type S3, OSS, HDFS or GCS.");
            }

            // GCS is reached through S3A: an s3a:// location with a Google endpoint is GCS.
            if (inferred == RepositoryType.S3 && Endpoint is not null
                && Endpoint.IndexOf("googleapis.com", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return RepositoryType.GCS;
            }

            return inferred.Value;
        }

        private void AddExtraProperties(RepositorySpec spec)
        {
            if (Property is null)
            {
                return;
            }

            foreach (DictionaryEntry entry in Property)
            {
                string key = Convert.ToString(Unwrap(entry.Key), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                spec.WithProperty(key, new Secret(ValueText(Unwrap(entry.Value))));
            }
        }

        private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

        private static string ValueText(object? value)
        {
            switch (value)
            {
                case null:
                    return string.Empty;
                case bool b:
                    return b ? "true" : "false";
                case SecureString secure:
                    return Reveal(secure);
                case PSCredential credential:
                    return credential.GetNetworkCredential().Password;
                default:
                    return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        private static string Reveal(SecureString secure)
        {
            IntPtr ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        private static StarRocksBackupException Invalid(string message) => new StarRocksBackupException(ErrorKind.InvalidArgument, message);
    }
}
