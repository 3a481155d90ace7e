using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Sql;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

public sealed class RedactionAndErrorTests
{
    [Fact]
    public void Redactor_masks_secret_properties_only()
    {
        string sql = "CREATE REPOSITORY `r` WITH BROKER ON LOCATION 's3://b' PROPERTIES ('aws.s3.access_key' = 'AKIA', 'aws.s3.secret_key' = 's\\'ec=ret', " +
                     "\"password\"=\"pw\", 'fs.s3a.secret.key' = 'k2', 'aws.s3.endpoint' = 'http://h:9000', 'fs.oss.accessKeySecret' = 'k3')";
        string r = SqlRedactor.Redact(sql);
        Assert.DoesNotContain("s\\'ec=ret", r);
        Assert.DoesNotContain("AKIA", r);
        Assert.DoesNotContain("\"pw\"", r);
        Assert.DoesNotContain("k2", r);
        Assert.DoesNotContain("k3", r);
        Assert.Contains("'aws.s3.endpoint' = 'http://h:9000'", r);
        Assert.Contains("'aws.s3.secret_key' = '****'", r);
    }

    [Fact]
    public void Repository_spec_ToString_and_describe_mask_the_secret()
    {
        RepositorySpec spec = RepositorySpec.S3("r1", "s3://bucket/x", "AK", "TOPSECRET", "http://127.0.0.1:9000", "us-east-1");
        Assert.DoesNotContain("TOPSECRET", spec.ToString());
        var dialect = new SqlDialect(new ServerInfo(new Version(3, 3, 0), "", RunMode.SharedNothing));
        string sql = dialect.CreateRepository(spec.Name, spec.Location, spec.RevealedProperties(), false, null);
        Assert.Contains("TOPSECRET", sql);
        Assert.DoesNotContain("TOPSECRET", SqlRedactor.Redact(sql));
    }

    [Theory]
    [InlineData("Getting analyzing error. Detail message: Unknown database 'edw_dwt'.", "Unknown database 'edw_dwt'")]
    [InlineData("Getting analyzing error from line 1, column 5 to line 1, column 9. Detail message: Duplicated table: t.", "Duplicated table: t")]
    [InlineData("Getting syntax error at line 1, column 7. Detail message: Input 'DATABASE' is not valid at this position.", "Input 'DATABASE' is not valid at this position")]
    [InlineData("Snapshot with name 'x' already exist in repository", "Snapshot with name 'x' already exist in repository")]
    public void Detail_message_extraction(string raw, string detail) => Assert.Equal(detail, ServerErrorTranslator.ExtractDetail(raw));

    [Theory]
    [InlineData("Getting analyzing error. Detail message: Repository [nosuch] does not exist.", "Repository 'nosuch' does not exist on this server.")]
    [InlineData("Repository nosuch does not exist", "Repository 'nosuch' does not exist on this server.")]
    [InlineData("Repository does not exist", "The repository does not exist on this server.")]
    public void Unknown_repository_reads_in_the_module_wording_and_keeps_the_server_text(string raw, string message)
    {
        StarRocksBackupException ex = ServerErrorTranslator.Translate(1064, "42000", raw, "SHOW SNAPSHOT ON `nosuch`", null);
        Assert.Equal(ErrorKind.RepositoryNotFound, ex.Kind);
        Assert.Equal(message, ex.Message);
        Assert.Equal(ServerErrorTranslator.ExtractDetail(raw), ex.ServerMessage);
    }

    [Theory]
    [InlineData(1045, "Access denied for user 'root'@'x' (using password: YES)", ErrorKind.AuthenticationFailed)]
    [InlineData(5501, "Getting analyzing error. Detail message: Unknown database 'x'.", ErrorKind.DatabaseNotFound)]
    [InlineData(1064, "Repository [r] does not exist", ErrorKind.RepositoryNotFound)]
    [InlineData(5064, "Repository r does not exist", ErrorKind.RepositoryNotFound)]
    [InlineData(5064, "Repository does not exist", ErrorKind.RepositoryNotFound)]
    [InlineData(5064, "Failed to create repository: repository with same name already exist: r", ErrorKind.RepositoryExists)]
    [InlineData(5064, "Can only run one backup or restore job of a database at same time", ErrorKind.JobInProgress)]
    [InlineData(5064, "Another backup or restore job is being submitted. Please wait and try again", ErrorKind.JobInProgress)]
    [InlineData(5064, "Failed to get info of snapshot 'l' because: Expected one file with path: p. get: 0. Maybe specified wrong backup timestamp", ErrorKind.SnapshotNotFound)]
    [InlineData(1064, "Getting analyzing error. Detail message: partition[p9] does not exist  in tablet.", ErrorKind.PartitionNotFound)]
    [InlineData(1064, "Getting analyzing error. Detail message: Incorrect table name 'nope'.", ErrorKind.TableNotFound)]
    [InlineData(5064, "No backup job is currently running", ErrorKind.JobNotFound)]
    [InlineData(5064, "Failed to cancel job: Job with label l can not be cancelled. state: CANCELLED", ErrorKind.JobNotFound)]
    [InlineData(5064, "Failed to cancel job: Job with label l can not be cancelled. state: COMMITTING", ErrorKind.ServerError)]
    [InlineData(5064, "Snapshot with name 'l' already exist in repository", ErrorKind.InvalidArgument)]
    [InlineData(1064, "Getting syntax error at line 1, column 7. Detail message: No viable statement for input 'BACKUP DATABASE'.", ErrorKind.UnsupportedByServer)]
    [InlineData(5064, "Table t already exist but with different schema", ErrorKind.ServerError)]
    public void Error_classification(int code, string message, ErrorKind kind)
    {
        StarRocksBackupException ex = ServerErrorTranslator.Translate(code, "42000", message, "SQL", null);
        Assert.Equal(kind, ex.Kind);
        Assert.Equal(code, ex.ServerErrorCode);
        Assert.False(ex.ServerMessage!.EndsWith(".", StringComparison.Ordinal) && !message.EndsWith("..", StringComparison.Ordinal) && message.StartsWith("Getting", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5064, "Another backup or restore job is being submitted. Please wait and try again", true)]
    [InlineData(1064, "Getting analyzing error. Detail message: Another backup or restore job is being submitted. Please wait and try again.", true)]
    [InlineData(5064, "Can only run one backup or restore job of a database at same time", false)]
    [InlineData(5064, "Can only run one backup or restore job of external catalog", false)]
    [InlineData(5064, "Repository r does not exist", false)]
    public void Only_the_submission_lock_refusal_counts_as_submission_busy(int code, string message, bool busy)
    {
        Assert.Equal(busy, ServerErrorTranslator.IsSubmissionBusy(ServerErrorTranslator.Translate(code, "42000", message, "BACKUP ...", null)));
    }

    [Fact]
    public void Translated_error_masks_secrets_echoed_by_the_server()
    {
        var ex = ServerErrorTranslator.Translate(1064, "42000",
            "Getting syntax error at line 1, column 5. Detail message: Input ''aws.s3.secret_key' = 'SEKRIT'' is not valid.", "x", null);
        Assert.DoesNotContain("SEKRIT", ex.Message);
        Assert.DoesNotContain("SEKRIT", ex.ServerMessage);
    }
}
