using StarRocksBackup.Tests;
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>The Debian `mysql` command-line client (MariaDB's) against the wire layer.</summary>
public sealed class MysqlClientTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly ITestOutputHelper _out;

    public MysqlClientTests(ITestOutputHelper output) => _out = output;

    private (int ExitCode, string StdOut, string StdErr) Mysql(int port, params string[] args)
    {
        var all = new List<string> { "--no-defaults", "-h127.0.0.1", $"-P{port}", "--protocol=TCP", "--batch", "--skip-ssl" };
        all.AddRange(args);
        var r = ProcessRunner.Run(TestEnvironment.MysqlClientPath!, all, Limit);
        _out.WriteLine($"exit {r.ExitCode}\n{r.StdOut}\n{r.StdErr}");
        return r;
    }

    [MysqlClientFact]
    public async Task Mysql_client_reads_version_comment_and_a_handler_result()
    {
        await using TestServer s = TestServer.Start(o => o.VersionComment = "StarRocks version 3.3.9-sim");
        var r = Mysql(s.Port, "-uroot", "-e", "SELECT @@version_comment");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("@@version_comment\nStarRocks version 3.3.9-sim\n", r.StdOut);

        r = Mysql(s.Port, "-uroot", "-e", "SELECT types");
        Assert.Equal(0, r.ExitCode);
        string[] lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name\tcount\tcreated\tnote\tratio\tday", lines[0]);
        Assert.Equal("alpha\t42\t2024-05-17 13:45:30\tNULL\t0.25\t2024-05-17", lines[1]);
        Assert.Equal("β-ünïcødé\t-7\tNULL\tx\tNULL\tNULL", lines[2]);

        foreach (var id in s.Server.QueryLog.Entries.Select(e => e.ConnectionId).Distinct())
        {
            _out.WriteLine($"connection {id}: {string.Join(" | ", s.Server.QueryLog.StatementsOf(id))}");
        }
    }

    [MysqlClientFact]
    public async Task Mysql_client_with_and_without_password()
    {
        await using TestServer s = TestServer.Start(o => o.Users["backup"] = "Pa55-wörd");
        var ok = Mysql(s.Port, "-ubackup", "--password=Pa55-wörd", "-e", "SELECT whoami");
        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith("user\tdb\tid\nbackup\tNULL\t", ok.StdOut, StringComparison.Ordinal);

        var missing = Mysql(s.Port, "-ubackup", "-e", "SELECT whoami");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("ERROR 1045 (28000): Access denied for user 'backup' (using password: NO)", missing.StdErr, StringComparison.Ordinal);

        var wrong = Mysql(s.Port, "-ubackup", "--password=nope", "-e", "SELECT whoami");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("ERROR 1045 (28000): Access denied for user 'backup' (using password: YES)", wrong.StdErr, StringComparison.Ordinal);
    }

    [MysqlClientFact]
    public async Task Mysql_client_shows_server_errors_with_code_and_SQLSTATE_and_uses_a_database()
    {
        await using TestServer s = TestServer.Start();
        var r = Mysql(s.Port, "-uroot", "-e", "SELECT fail");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("ERROR 5501 (3F000) at line 1: Getting analyzing error. Detail message: Unknown database 'edw_dwt'.", r.StdErr, StringComparison.Ordinal);

        r = Mysql(s.Port, "-uroot", "-Dedw", "-e", "SELECT DATABASE(); USE `we``ird`; SELECT DATABASE()");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("DATABASE()\nedw\nDATABASE()\nwe`ird\n", r.StdOut);
        var last = s.Server.QueryLog.Entries.Last().ConnectionId;
        // -D edw comes in the handshake; the client's own `use` is COM_INIT_DB followed by its SELECT DATABASE().
        Assert.Equal(["USE `edw`", "SELECT DATABASE()", "SELECT DATABASE()", "USE `we``ird`", "SELECT DATABASE()"], s.Server.QueryLog.StatementsOf(last));
    }
}
