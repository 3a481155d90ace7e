using System;
using System.Collections;
using System.Collections.Generic;
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
                spec = NewRequest().ToSpec();
            }
            catch (StarRocksBackupException ex)
            {
                WriteError(Errors.From(ex, Name));
                return;
            }

            // The masked statement is shown once: in the -WhatIf line (nothing is sent), else by the session at -Debug.
            string action = $"Create {(ReadOnly ? "read-only " : string.Empty)}repository '{Name}' at {LocationText.Redact(Location)}";
            if (IsWhatIf())
            {
                action += ": " + ActiveConnection.Client.Repositories.DescribeCreate(spec);
            }

            if (!Confirm(TargetText(Name), action))
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

        private RepositoryRequest NewRequest()
        {
            bool hasCredential = Credential is not null && Credential != PSCredential.Empty;
            RepositoryRequest request = new RepositoryRequest
            {
                Name = Name,
                Location = Location,
                Type = Type is null ? null : LocationText.ToCore(Type.Value),
                AccessKey = hasCredential ? Credential!.UserName : null,
                SecretKey = hasCredential ? new Secret(Credential!.GetNetworkCredential().Password) : Secret.Empty,
                Endpoint = Endpoint,
                Region = Region,
                UseInstanceProfile = UseInstanceProfile.IsPresent,
                ReadOnly = ReadOnly.IsPresent,
                Broker = Broker,
            };

            foreach (DictionaryEntry entry in Property ?? new Hashtable())
            {
                string key = Convert.ToString(Unwrap(entry.Key), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                request.Properties.Add(new KeyValuePair<string, Secret>(key, new Secret(ValueText(Unwrap(entry.Value)))));
            }

            return request;
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

    }
}
