namespace StarRocksBackup.Internal
{
    /// <summary>
    /// The stable error identifiers (the public contract: scripts and tests branch on
    /// FullyQualifiedErrorId, never on exception types, which live in an isolated load context on PowerShell 7).
    /// </summary>
    internal static class ErrorIds
    {
        public const string NotConnected = nameof(NotConnected);
        public const string ServerUnreachable = nameof(ServerUnreachable);
        public const string AuthenticationFailed = nameof(AuthenticationFailed);
        public const string InvalidArgument = nameof(InvalidArgument);
        public const string UnsupportedByServer = nameof(UnsupportedByServer);
        public const string DatabaseNotFound = nameof(DatabaseNotFound);
        public const string TableNotFound = nameof(TableNotFound);
        public const string PartitionNotFound = nameof(PartitionNotFound);
        public const string RepositoryNotFound = nameof(RepositoryNotFound);
        public const string SnapshotNotFound = nameof(SnapshotNotFound);
        public const string JobNotFound = nameof(JobNotFound);
        public const string RepositoryExists = nameof(RepositoryExists);
        public const string JobInProgress = nameof(JobInProgress);
        public const string JobFailed = nameof(JobFailed);
        public const string JobStalled = nameof(JobStalled);
        public const string OperationTimedOut = nameof(OperationTimedOut);
        public const string OverwriteRefused = nameof(OverwriteRefused);
        public const string ObjectStorageError = nameof(ObjectStorageError);
        public const string InvalidConfiguration = nameof(InvalidConfiguration);
        public const string ServerError = nameof(ServerError);
        public const string BackupPolicyFailed = nameof(BackupPolicyFailed);
        public const string SecureConnectionRequired = nameof(SecureConnectionRequired);
        public const string TlsFailed = nameof(TlsFailed);
        public const string ConfirmationRequired = nameof(ConfirmationRequired);
        public const string SchemaMismatch = nameof(SchemaMismatch);
        public const string RestoreDrillFailed = nameof(RestoreDrillFailed);
        public const string UnsupportedInputObject = nameof(UnsupportedInputObject);
    }
}
