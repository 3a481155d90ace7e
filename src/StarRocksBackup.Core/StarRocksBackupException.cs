using System;

namespace StarRocksBackup.Core
{
    /// <summary>What went wrong, in terms a caller can branch on (see docs/ARCHITECTURE.md for the cmdlet mapping).</summary>
    public enum ErrorKind
    {
        /// <summary>The FE could not be reached, or the connection dropped and could not be re-established.</summary>
        ConnectionFailed,
        /// <summary>The server refused the user name or password (MySQL error 1045).</summary>
        AuthenticationFailed,
        /// <summary>An argument was refused before any SQL was sent (bad name, bad option).</summary>
        InvalidArgument,
        /// <summary>The server's version does not support the requested feature.</summary>
        UnsupportedByServer,
        /// <summary>The database does not exist.</summary>
        DatabaseNotFound,
        /// <summary>The table does not exist.</summary>
        TableNotFound,
        /// <summary>The partition does not exist.</summary>
        PartitionNotFound,
        /// <summary>The repository does not exist.</summary>
        RepositoryNotFound,
        /// <summary>A repository with that name already exists.</summary>
        RepositoryExists,
        /// <summary>The snapshot (label or timestamp) does not exist in the repository.</summary>
        SnapshotNotFound,
        /// <summary>Another backup or restore job is running in the database.</summary>
        JobInProgress,
        /// <summary>A job ended CANCELLED (its Status and TaskErrMsg are in the message and on the exception).</summary>
        JobFailed,
        /// <summary>A job made no progress for longer than allowed.</summary>
        JobStalled,
        /// <summary>The job is not (or no longer) known to the server.</summary>
        JobNotFound,
        /// <summary>An overall time limit ran out.</summary>
        Timeout,
        /// <summary>A restore would overwrite an existing table and that was not allowed.</summary>
        OverwriteRefused,
        /// <summary>Object storage (S3 …) failed.</summary>
        ObjectStorageError,
        /// <summary>A configuration file or object is invalid.</summary>
        InvalidConfiguration,
        /// <summary>Any other error reported by the server.</summary>
        ServerError,
        /// <summary>Two tables that must have the same schema do not (see <see cref="StarRocksBackupException.Differences"/>).</summary>
        SchemaMismatch,
        /// <summary>
        /// The server asked for the password in clear text (mysql_clear_password: StarRocks' LDAP users) over a
        /// connection without verified TLS; the driver refused to send it.
        /// </summary>
        SecureConnectionRequired,
        /// <summary>TLS could not be set up: the FE offers no TLS, or its certificate was not trusted.</summary>
        TlsFailed,
    }

    /// <summary>
    /// The only exception type Core lets escape (driver and AWSSDK exceptions are translated at the edge).
    /// The message never contains a secret.
    /// </summary>
    public class StarRocksBackupException : Exception
    {
        /// <summary>Creates an exception of the given kind.</summary>
        public StarRocksBackupException(ErrorKind kind, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
        }

        /// <summary>What went wrong.</summary>
        public ErrorKind Kind { get; }

        /// <summary>The server's MySQL error code, when the server reported the error.</summary>
        public int? ServerErrorCode { get; init; }

        /// <summary>The server's SQLSTATE, when the server reported the error.</summary>
        public string? SqlState { get; init; }

        /// <summary>
        /// The server's message without the <c>Getting analyzing error… Detail message: </c> prefix and without the
        /// trailing period (starrocks-facts.md §4.1).
        /// </summary>
        public string? ServerMessage { get; init; }

        /// <summary>For <see cref="ErrorKind.SchemaMismatch"/>: each difference, readable.</summary>
        public System.Collections.Generic.IReadOnlyList<string> Differences { get; init; } = Array.Empty<string>();

        /// <summary>The statement that failed, with secrets masked, when one was sent.</summary>
        public string? Statement { get; init; }

        /// <summary>
        /// For a statement whose effect cannot be known because the connection dropped while it ran
        /// (for example BACKUP): true. Callers must re-query state rather than re-send it.
        /// </summary>
        public bool OutcomeUnknown { get; init; }

        /// <summary>The job this error is about, when there is one (JobFailed, JobStalled, Timeout while waiting).</summary>
        public Model.JobInfo? Job { get; init; }
    }
}
