using System;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup
{
    /// <summary>A repository (SHOW REPOSITORIES), as Get-SrRepository and New-SrRepository return it.</summary>
    public sealed class RepositoryInfo
    {
        private RepositoryInfo(Repository r, ServerInfo? server)
        {
            Repository = r.Name;
            RepoId = r.RepoId;
            Location = LocationText.Redact(r.Location);
            Type = LocationText.InferType(r.Location);
            IsReadOnly = r.IsReadOnly;
            Broker = r.Broker;
            CreateTime = ServerTime.From(r.CreateTime, server);
            ErrorMessage = r.ErrorMessage;
        }

        /// <summary>The repository name (binds to -Repository down the pipeline).</summary>
        public string Repository { get; }

        /// <summary>The FE's repository id.</summary>
        public long RepoId { get; }

        /// <summary>Storage type, inferred from the location's scheme (null when unknown).</summary>
        public RepositoryType? Type { get; }

        /// <summary>Location URI (any user information in it is masked).</summary>
        public string Location { get; }

        /// <summary>True for a read-only repository (restores only).</summary>
        public bool IsReadOnly { get; }

        /// <summary>Broker name; empty for a brokerless repository.</summary>
        public string Broker { get; }

        /// <summary>When the repository was created.</summary>
        public DateTimeOffset? CreateTime { get; }

        /// <summary>The error of the FE's last periodic check of the storage, or null when healthy.</summary>
        public string? ErrorMessage { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Repository} ({Location})";

        internal static RepositoryInfo From(Repository repository, ServerInfo? server) => new RepositoryInfo(repository, server);
    }
}
