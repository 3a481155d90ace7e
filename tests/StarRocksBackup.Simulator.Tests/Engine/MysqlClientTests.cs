using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>The Debian `mysql` command-line client (MariaDB) against the simulator.</summary>
public sealed class MysqlClientTests
{
    [MysqlClientFact]
    public async Task ShowBackup_WithTheMysqlClient()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        var (code, stdout, stderr) = ProcessRunner.Run(TestEnvironment.MysqlClientPath!,
            new[] { "-h127.0.0.1", $"-P{sim.Port}", "-uroot", "--batch", "-e", "SHOW BACKUP" }, TimeSpan.FromSeconds(30));
        Assert.True(code == 0, stderr);
        Assert.Equal(string.Empty, stdout); // no job yet: the client prints nothing for an empty result

        (code, _, stderr) = ProcessRunner.Run(TestEnvironment.MysqlClientPath!,
            new[] { "-h127.0.0.1", $"-P{sim.Port}", "-uroot", "-e", "SHOW BACKUP FROM nodb" }, TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, code);
        Assert.Contains("ERROR 5501 (3F000)", stderr);
        Assert.Contains("Getting analyzing error. Detail message: Unknown database 'nodb'.", stderr);
    }

    [S3Fact]
    public async Task ShowSnapshot_WithTheMysqlClient()
    {
        // Needs S3 and the mysql client: tests/run.sh provides both.
        Assert.True(TestEnvironment.MysqlClientPath is not null, "needs the `mysql` command-line client (Debian package mariadb-client)");
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using (var c = Sql.Open(sim))
        {
            Sql.Seed(c);
            c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("mysqlcli")));
            c.BackupAndWait("sales", "cli_snap", "repo", " ON (dim)");
        }

        var (code, stdout, stderr) = ProcessRunner.Run(TestEnvironment.MysqlClientPath!,
            new[] { "-h127.0.0.1", $"-P{sim.Port}", "-uroot", "--batch", "--skip-column-names", "-e", "SHOW SNAPSHOT ON repo" }, TimeSpan.FromSeconds(30));
        Assert.True(code == 0, stderr);
        Assert.Matches(@"^cli_snap\t\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}\tOK\n$", stdout);

        (code, stdout, stderr) = ProcessRunner.Run(TestEnvironment.MysqlClientPath!,
            new[] { "-h127.0.0.1", $"-P{sim.Port}", "-uroot", "--batch", "-e", "SHOW BACKUP" }, TimeSpan.FromSeconds(30));
        Assert.True(code == 0, stderr);
        string[] lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("JobId\tSnapshotName\tDbName\tState\tBackupObjs\tCreateTime\tSnapshotFinishedTime\tUploadFinishedTime\tFinishedTime\tUnfinishedTasks\tProgress\tTaskErrMsg\tStatus\tTimeout", lines[0]);
        Assert.Matches(@"^\d+\tcli_snap\tsales\tFINISHED\t\[sales\.dim\]\t", lines[1]);
        Assert.EndsWith("\t[OK]\t86400", lines[1]);
    }
}
