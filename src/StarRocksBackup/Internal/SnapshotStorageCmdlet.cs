using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Base of the cmdlets that act on one snapshot's objects in storage (Remove-SrSnapshot, Test-SrSnapshot,
    /// Test-SrBackup): the snapshot named by -Repository, -Snapshot and -Timestamp (or the properties of a
    /// Get-SrSnapshot object in the pipeline), and the repository's storage opened once per input.
    /// </summary>
    public abstract class SnapshotStorageCmdlet : StorageAccessCmdlet
    {
        /// <summary>The repository holding the snapshot.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string Repository { get; set; } = string.Empty;

        /// <summary>The snapshot label.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Name", "Label")]
        [ArgumentCompleter(typeof(SnapshotNameCompleter))]
        public string Snapshot { get; set; } = string.Empty;

        /// <summary>One backup timestamp of the label; null or empty (e.g. from the pipeline) means every timestamp.</summary>
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        public string? Timestamp { get; set; }

        /// <summary>The timestamp given, or null for the whole label.</summary>
        internal string? TimestampOrNull => string.IsNullOrEmpty(Timestamp) ? null : Timestamp;

        /// <summary>"repository/label[@timestamp]", the target of messages and errors.</summary>
        internal string SnapshotText => $"{Repository}/{Snapshot}" + (TimestampOrNull is null ? string.Empty : "@" + TimestampOrNull);

        /// <summary>Opens the repository's storage (location from SHOW REPOSITORIES, keys from the storage parameters); false after writing the error.</summary>
        internal bool TryOpenRepository(object target, out RepositoryAccess access)
        {
            string repository = Repository;
            ObjectStoreOptions options = CreateObjectStoreOptions(repository);
            return TryRun((sink, ct) => RepositoryAccess.OpenAsync(ActiveConnection.Client, repository, options, sink, ct), target, out access);
        }
    }
}
