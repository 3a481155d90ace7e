using StarRocksBackup.Core;
using StarRocksBackup.Core.Policy;
using Xunit;

namespace StarRocksBackup.Tests.History;

/// <summary>Policy files are validated before anything runs; errors name the key and its line.</summary>
public class PolicyLoaderTests
{
    [Fact]
    public void A_full_policy_is_read()
    {
        BackupPolicy p = PolicyLoader.Parse("""
            repository: nightly
            parallelism: 8
            timeoutMinutes: 120
            connection:
              server: fe1
              port: 9030
              user: backup
              passwordVariable: SR_PASSWORD
            notification:
              webhook: http://127.0.0.1:8080/hook
              on: always
            sets:
              - name: sales
                databases: [sales, 'crm_*']
                excludeDatabases: [crm_tmp]
                excludeTables: ['tmp_*']
                fullEveryDays: 7
                lateDataDays: 30
                includeLateData: false
            """, "p.yaml");
        Assert.Equal(("nightly", 8, 120), (p.Repository, p.Parallelism, p.TimeoutMinutes!.Value));
        Assert.Equal(("fe1", "backup", "SR_PASSWORD"), (p.Connection!.Server, p.Connection.User, p.Connection.PasswordVariable!));
        BackupSet s = Assert.Single(p.Sets);
        Assert.True(s.MatchesDatabase("crm_eu"));
        Assert.False(s.MatchesDatabase("crm_tmp"));
        Assert.True(s.MatchesTable("orders"));
        Assert.False(s.MatchesTable("tmp_x"));
        Assert.Equal((7, 30), (s.FullEveryDays!.Value, s.LateDataDays!.Value));
    }

    [Theory]
    [InlineData("repository: r\nparalelism: 3\nsets:\n  - databases: [a]\n", "line 2: unknown key 'paralelism'")]
    [InlineData("repository: r\nsets:\n  - databases: [a]\n    fullEveryDays: weekly\n", "line 4: fullEveryDays: must be a whole number, not 'weekly'")]
    [InlineData("sets:\n  - databases: [a]\n", "missing 'repository'")]
    [InlineData("repository: r\nsets:\n  - databases: ['sales[0-9']\n", "line 3: databases: bad wildcard")]
    [InlineData("repository: r\nsets:\n  - name: x\n", "line 3: set 'x': missing 'databases'")]
    [InlineData("repository: r\nsets:\n  - databases: [a]\n    Mode: full\n", "(did you mean 'mode'?)")]
    [InlineData("repository: r\nsets:\n  - databases: [a]\nnotification:\n  webhook: ftp://x\n", "line 5: notification.webhook")]
    [InlineData("repository: [r\n", "not valid YAML")]
    public void Bad_files_name_the_key_and_the_line(string yaml, string expected)
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => PolicyLoader.Parse(yaml, "bad.yaml"));
        Assert.Equal(ErrorKind.InvalidConfiguration, ex.Kind);
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("bad.yaml", ex.Message);
    }
}
