using System;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Policy;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// What the cmdlets that take a policy file (Invoke-SrBackupPolicy, Invoke-SrRetention -Path) share: loading and
    /// validating it before anything runs, the connection of its <c>connection</c> section unless -Connection is given,
    /// and the storage access of its <c>storage</c> section unless a storage parameter is given.
    /// </summary>
    internal static class PolicyFile
    {
        /// <summary>Loads <paramref name="path"/>; a bad file is a terminating InvalidConfiguration error listing every problem.</summary>
        public static BackupPolicy Load(StorageAccessCmdlet cmdlet, string path)
        {
            try
            {
                return PolicyLoader.Load(path);
            }
            catch (StarRocksBackupException ex)
            {
                cmdlet.ThrowTerminatingError(Errors.From(ex, path));
                throw; // not reached: ThrowTerminatingError throws
            }
        }

        /// <summary>
        /// When the file has a <c>connection</c> section and no -Connection was given, connects as it says and sets
        /// -Connection to it; returns the client the caller disposes at the end of the run (null when none was made).
        /// </summary>
        public static StarRocksClient? ConnectIfConfigured(StorageAccessCmdlet cmdlet, BackupPolicy policy, string path)
        {
            if (policy.Connection is not PolicyConnection pc || cmdlet.Connection is not null)
            {
                return null;
            }

            string? password = pc.PasswordVariable is null ? null : Environment.GetEnvironmentVariable(pc.PasswordVariable);
            if (pc.PasswordVariable is not null && password is null)
            {
                cmdlet.ThrowTerminatingError(Errors.From(new StarRocksBackupException(ErrorKind.InvalidConfiguration,
                    $"{System.IO.Path.GetFileName(path)}: connection.passwordVariable names '{pc.PasswordVariable}', which is not set."), path));
                return null;
            }

            var options = new ConnectionOptions { Host = pc.Server, Port = pc.Port, User = pc.User, Password = new Secret(password ?? string.Empty) };
            StarRocksClient client = cmdlet.Run((sink, ct) => StarRocksClient.ConnectAsync(options, sink, ct));
            cmdlet.Connection = SrConnection.From(client);
            cmdlet.WriteVerbose($"Connected to {cmdlet.Connection} as the policy's connection section says.");
            return client;
        }

        /// <summary>
        /// Storage access for <paramref name="repository"/>: the file's <c>storage</c> section (keys read from the environment
        /// variables it names) unless a storage parameter was given; else the parameters or the session's registration.
        /// </summary>
        public static ObjectStoreOptions StorageFor(StorageAccessCmdlet cmdlet, BackupPolicy policy, string repository)
        {
            if (policy.Storage is PolicyStorage ps && !cmdlet.HasStorageParameters)
            {
                string? Read(string? variable, string key)
                {
                    if (variable is null)
                    {
                        return null;
                    }

                    return Environment.GetEnvironmentVariable(variable)
                        ?? throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"storage.{key} names '{variable}', which is not set.");
                }

                string? access = Read(ps.AccessKeyVariable, "accessKeyVariable");
                string? secret = Read(ps.SecretKeyVariable, "secretKeyVariable");
                return new ObjectStoreOptions { Endpoint = ps.Endpoint, Region = ps.Region, AccessKey = access, SecretKey = secret is null ? Secret.Empty : new Secret(secret) };
            }

            return cmdlet.CreateObjectStoreOptions(repository);
        }
    }
}
