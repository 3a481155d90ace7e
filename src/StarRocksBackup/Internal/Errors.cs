using System;
using System.Management.Automation;
using StarRocksBackup.Core;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// The one place that turns failures into ErrorRecords: ErrorId, ErrorCategory and
    /// RecommendedAction per docs/ARCHITECTURE.md. TargetObject is always the input being processed.
    /// </summary>
    internal static class Errors
    {
        public static ErrorRecord NotConnected() =>
            Record(new InvalidOperationException("No StarRocks connection is active in this session."),
                ErrorIds.NotConnected, ErrorCategory.ConnectionError, null,
                "Run Connect-SrServer, or pass -Connection.");

        /// <summary>A connection object used after Disconnect-SrServer closed it.</summary>
        public static ErrorRecord ConnectionClosed(SrConnection connection, bool explicitParameter) =>
            Record(new InvalidOperationException(
                    $"The connection {connection} was closed by Disconnect-SrServer{(explicitParameter ? " and cannot be passed to -Connection" : string.Empty)}."),
                ErrorIds.NotConnected, ErrorCategory.ConnectionError, connection,
                "Run Connect-SrServer to open a new connection, and use the object it returns.");

        public static ErrorRecord InvalidArgument(string message, object? target) =>
            Record(new ArgumentException(message), ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target,
                "Correct the parameter value and run the command again.");

        /// <summary>A piped object the cmdlet cannot use (no property it reads by name); per input, the rest is still processed.</summary>
        public static ErrorRecord UnsupportedInputObject(string message, object? target) =>
            Record(new ArgumentException(message), ErrorIds.UnsupportedInputObject, ErrorCategory.InvalidType, target,
                "Pipe database names or the objects of the Get-Sr* cmdlets, or name what to back up with -Database.");

        /// <summary>A plain -Name that matched nothing (the same ErrorId Core's own not-found errors use).</summary>
        public static ErrorRecord NotFound(ErrorKind kind, string message, object? target) =>
            From(new StarRocksBackupException(kind, message), target);

        /// <summary>A job that ended CANCELLED; the message names its Status and TaskErrMsg.</summary>
        public static ErrorRecord JobFailed(string message, object target) =>
            Record(new InvalidOperationException(message), ErrorIds.JobFailed, ErrorCategory.InvalidResult, target,
                Recommended(ErrorKind.JobFailed));

        /// <summary>A restore drill that found a difference or whose restore failed (Test-SrBackup fails loudly).</summary>
        public static ErrorRecord DrillFailed(string message, object target) =>
            Record(new InvalidOperationException(message), ErrorIds.RestoreDrillFailed, ErrorCategory.InvalidResult, target,
                "Read the drill's Findings: a failed restore carries StarRocks' Status; a difference names the table or partition. Check the snapshot with Test-SrSnapshot and take a new backup.");

        /// <summary>Failures the cmdlets expect (everything else is a bug and is left to surface).</summary>
        public static bool IsExpected(Exception ex) => ex is StarRocksBackupException || ex is OperationTimedOutException;

        /// <summary>Failures after which no further input can succeed (the server is gone or refuses us).</summary>
        public static bool IsTerminating(Exception ex) =>
            ex is StarRocksBackupException sre
            && (sre.Kind == ErrorKind.ConnectionFailed || sre.Kind == ErrorKind.AuthenticationFailed || sre.Kind == ErrorKind.InvalidConfiguration
                || sre.Kind == ErrorKind.SecureConnectionRequired || sre.Kind == ErrorKind.TlsFailed);

        public static ErrorRecord From(Exception ex, object? target)
        {
            if (ex is OperationTimedOutException)
            {
                return Record(ex, ErrorIds.OperationTimedOut, ErrorCategory.OperationTimeout, target, Recommended(ErrorKind.Timeout));
            }

            if (ex is StarRocksBackupException sre)
            {
                (string id, ErrorCategory category) = Map(sre.Kind);
                return Record(sre, id, category, target, Recommended(sre.Kind));
            }

            return Record(ex, ErrorIds.ServerError, ErrorCategory.NotSpecified, target, null);
        }

        internal static (string Id, ErrorCategory Category) Map(ErrorKind kind) => kind switch
        {
            ErrorKind.ConnectionFailed => (ErrorIds.ServerUnreachable, ErrorCategory.ConnectionError),
            ErrorKind.AuthenticationFailed => (ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError),
            ErrorKind.InvalidArgument => (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument),
            ErrorKind.UnsupportedByServer => (ErrorIds.UnsupportedByServer, ErrorCategory.NotImplemented),
            ErrorKind.DatabaseNotFound => (ErrorIds.DatabaseNotFound, ErrorCategory.ObjectNotFound),
            ErrorKind.TableNotFound => (ErrorIds.TableNotFound, ErrorCategory.ObjectNotFound),
            ErrorKind.PartitionNotFound => (ErrorIds.PartitionNotFound, ErrorCategory.ObjectNotFound),
            ErrorKind.RepositoryNotFound => (ErrorIds.RepositoryNotFound, ErrorCategory.ObjectNotFound),
            ErrorKind.SnapshotNotFound => (ErrorIds.SnapshotNotFound, ErrorCategory.ObjectNotFound),
            ErrorKind.JobNotFound => (ErrorIds.JobNotFound, ErrorCategory.ObjectNotFound),
            ErrorKind.RepositoryExists => (ErrorIds.RepositoryExists, ErrorCategory.ResourceExists),
            ErrorKind.JobInProgress => (ErrorIds.JobInProgress, ErrorCategory.ResourceBusy),
            ErrorKind.JobFailed => (ErrorIds.JobFailed, ErrorCategory.InvalidResult),
            ErrorKind.JobStalled => (ErrorIds.JobStalled, ErrorCategory.OperationTimeout),
            ErrorKind.Timeout => (ErrorIds.OperationTimedOut, ErrorCategory.OperationTimeout),
            ErrorKind.OverwriteRefused => (ErrorIds.OverwriteRefused, ErrorCategory.PermissionDenied),
            ErrorKind.ObjectStorageError => (ErrorIds.ObjectStorageError, ErrorCategory.ConnectionError),
            ErrorKind.InvalidConfiguration => (ErrorIds.InvalidConfiguration, ErrorCategory.InvalidData),
            ErrorKind.SchemaMismatch => (ErrorIds.SchemaMismatch, ErrorCategory.InvalidOperation),
            ErrorKind.SecureConnectionRequired => (ErrorIds.SecureConnectionRequired, ErrorCategory.SecurityError),
            ErrorKind.TlsFailed => (ErrorIds.TlsFailed, ErrorCategory.SecurityError),
            _ => (ErrorIds.ServerError, ErrorCategory.InvalidOperation),
        };

        private static string? Recommended(ErrorKind kind) => kind switch
        {
            ErrorKind.ConnectionFailed => "Check that the FE is running and reachable on its query port (9030 by default), then run Connect-SrServer again.",
            ErrorKind.AuthenticationFailed => "Check the user name and password passed with -Credential.",
            ErrorKind.InvalidArgument => "Correct the parameter value and run the command again.",
            ErrorKind.UnsupportedByServer => "Upgrade StarRocks or leave out the option this server version does not support.",
            ErrorKind.DatabaseNotFound => "Check the name with Get-SrDatabase.",
            ErrorKind.TableNotFound => "Check the name with Get-SrTable.",
            ErrorKind.PartitionNotFound => "Check the name with Get-SrPartition.",
            ErrorKind.RepositoryNotFound => "Check the name with Get-SrRepository, or create it with New-SrRepository.",
            ErrorKind.SnapshotNotFound => "Check the snapshot name and timestamp with Get-SrSnapshot.",
            ErrorKind.JobNotFound => "List current jobs with Get-SrBackupJob or Get-SrRestoreJob.",
            ErrorKind.RepositoryExists => "Use Get-SrRepository to inspect the existing repository, or choose another name.",
            ErrorKind.JobInProgress => "Wait for the running job (Get-SrBackupJob | Wait-SrJob) or stop it with Stop-SrJob.",
            ErrorKind.JobFailed => "Read the job's Status and TaskErrMsg, fix the cause, and run the job again.",
            ErrorKind.JobStalled => "Check the backends and the repository's storage; stop the job with Stop-SrJob if it cannot recover.",
            ErrorKind.Timeout => "Allow more time (-TimeoutSeconds, -WaitTimeoutSeconds) or check why the job is slow; the server job keeps running (Get-SrBackupJob, Get-SrRestoreJob, Wait-SrJob).",
            ErrorKind.OverwriteRefused => "Restore under new names with -AsDatabase/-AsTable, or pass -Force to overwrite the existing tables.",
            ErrorKind.ObjectStorageError => "Check the storage endpoint, bucket and credentials.",
            ErrorKind.InvalidConfiguration => "Correct the configuration and run the command again.",
            ErrorKind.SchemaMismatch => "Make the replacement's schema match the live table (restore it from a snapshot of that table, or alter it), then swap again.",
            ErrorKind.SecureConnectionRequired => "Connect with -UseSsl (the FE must have TLS enabled); add -SslCaCertificate <ca.pem> when a private CA issued the FE's certificate.",
            ErrorKind.TlsFailed => "Trust the CA that issued the FE's certificate with -SslCaCertificate <ca.pem> (and -SslMode VerifyCA if the certificate does not name the host you connect to), or, on a network you trust, -SkipCertificateCheck. If the FE has no TLS, connect without -UseSsl.",
            _ => null,
        };

        private static ErrorRecord Record(Exception ex, string id, ErrorCategory category, object? target, string? recommendedAction) =>
            new ErrorRecord(ex, id, category, target)
            {
                ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = recommendedAction },
            };
    }
}
