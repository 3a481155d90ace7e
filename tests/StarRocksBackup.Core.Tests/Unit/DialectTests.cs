using StarRocksBackup.Core;
using StarRocksBackup.Core.Sql;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

public sealed class DialectTests
{
    private static SqlDialect D(string v) => new(new ServerInfo(ServerInfo.ParseVersion(v)!, v, RunMode.SharedNothing));

    [Fact]
    public void Backup_on_33_uses_the_legacy_db_label_form()
    {
        string sql = D("3.3.9").Backup("sales", "l1", "repo", new[] { new SqlTableRef("t1", new[] { "p1", "p2" }), new SqlTableRef("t2") }, null, null);
        Assert.Equal("BACKUP SNAPSHOT `sales`.`l1` TO `repo` ON (`t1` PARTITION (`p1`, `p2`), `t2`)", sql);
    }

    [Fact]
    public void Backup_on_34_uses_BACKUP_DATABASE()
    {
        string sql = D("3.4.1").Backup("sales", "l1", "repo", null, TimeSpan.FromHours(2), null);
        Assert.Equal("BACKUP DATABASE `sales` SNAPSHOT `l1` TO `repo` PROPERTIES ('timeout' = '7200')", sql);
    }

    [Fact]
    public void Ttl_only_on_42()
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => D("4.1.0").Backup("db", "l", "r", null, null, "7 DAY"));
        Assert.Equal(ErrorKind.UnsupportedByServer, ex.Kind);
        Assert.Equal("BACKUP DATABASE `db` SNAPSHOT `l` TO `r` PROPERTIES ('ttl' = '7 DAY')", D("4.2.0").Backup("db", "l", "r", null, null, " 7   day ".ToUpperInvariant()));
    }

    [Theory]
    [InlineData("7d")]
    [InlineData("forever")]
    [InlineData("0 DAY")]
    [InlineData("-1 DAY")]
    [InlineData("7 PARSEC")]
    public void Bad_ttl_is_refused(string ttl)
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => D("4.2.1").CheckTtl(ttl));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void Timeout_below_ten_minutes_is_refused()
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => D("3.3.0").Backup("db", "l", "r", null, TimeSpan.FromMinutes(5), null));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void Restore_on_34_uses_DATABASE_AS_and_aliases()
    {
        string sql = D("3.4.0").Restore("l1", "repo", "sales", "sales_copy", new[] { new SqlTableRef("t1", new[] { "p1" }, "t1_new") },
            "2024-12-09-10-25-58-842", 1, null, false);
        Assert.Equal("RESTORE SNAPSHOT `l1` FROM `repo` DATABASE `sales` AS `sales_copy` ON (`t1` PARTITION (`p1`) AS `t1_new`) " +
                     "PROPERTIES ('backup_timestamp' = '2024-12-09-10-25-58-842', 'replication_num' = '1')", sql);
    }

    [Fact]
    public void Restore_on_33_names_the_target_database_in_the_label()
    {
        string sql = D("3.3.2").Restore("l1", "repo", "sales", "sales_copy", null, "2024-12-09-10-25-58-842", null, null, true);
        Assert.Equal("RESTORE SNAPSHOT `sales_copy`.`l1` FROM `repo` PROPERTIES ('backup_timestamp' = '2024-12-09-10-25-58-842', 'allow_load' = 'true')", sql);
    }

    [Fact]
    public void Restore_needs_a_real_timestamp()
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => D("3.3.2").Restore("l", "r", "d", "d", null, "yesterday", null, null, false));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void Show_backup_without_from_needs_30()
    {
        Assert.Equal("SHOW BACKUP", D("3.0.0").ShowBackup(null));
        Assert.Equal("SHOW RESTORE FROM `d``b`", D("2.5.3").ShowRestore("d`b"));
        Assert.Equal(ErrorKind.UnsupportedByServer, Assert.Throws<StarRocksBackupException>(() => D("2.5.3").ShowBackup(null)).Kind);
    }

    [Fact]
    public void Drop_snapshot_only_on_42()
    {
        Assert.Equal(ErrorKind.UnsupportedByServer, Assert.Throws<StarRocksBackupException>(() => D("4.1.9").DropSnapshot("l", "r", false)).Kind);
        Assert.Equal("DROP SNAPSHOT `l` ON `r` FORCE", D("4.2.0").DropSnapshot("l", "r", true));
    }

    [Fact]
    public void Create_repository_always_says_WITH_BROKER()
    {
        string sql = D("3.3.0").CreateRepository("r1", "s3://b/p", new[] { new KeyValuePair<string, string>("aws.s3.access_key", "AK") }, readOnly: true, broker: null);
        Assert.Equal("CREATE READ ONLY REPOSITORY `r1` WITH BROKER ON LOCATION 's3://b/p' PROPERTIES ('aws.s3.access_key' = 'AK')", sql);
        Assert.Contains("WITH BROKER `hdfs_broker` ON", D("3.3.0").CreateRepository("r1", "hdfs://x", Array.Empty<KeyValuePair<string, string>>(), false, "hdfs_broker"));
    }

    [Fact]
    public void Show_snapshot_where_forms()
    {
        Assert.Equal("SHOW SNAPSHOT ON `r` WHERE SNAPSHOT = 'l' AND TIMESTAMP = '2024-12-09-10-25-58-842'", D("3.3.0").ShowSnapshot("r", "l", "2024-12-09-10-25-58-842"));
        Assert.Equal("SHOW SNAPSHOT ON `r`", D("3.3.0").ShowSnapshot("r"));
    }

    [Fact]
    public void Backup_refuses_duplicate_tables_and_aliases()
    {
        Assert.Throws<StarRocksBackupException>(() => D("3.3.0").Backup("d", "l", "r", new[] { new SqlTableRef("t"), new SqlTableRef("t") }, null, null));
        Assert.Throws<StarRocksBackupException>(() => D("3.3.0").Backup("d", "l", "r", new[] { new SqlTableRef("t", null, "x") }, null, null));
    }

    [Theory]
    [InlineData("3.3.9 0782ad7", 3, 3, 9)]
    [InlineData("StarRocks version 2.1.2", 2, 1, 2)]
    [InlineData("3.1.5-5d8438a", 3, 1, 5)]
    [InlineData("4.2", 4, 2, 0)]
    public void Version_parsing(string text, int a, int b, int c) => Assert.Equal(new Version(a, b, c), ServerInfo.ParseVersion(text));

    [Fact]
    public void Feature_flags()
    {
        var s34 = new ServerInfo(new Version(3, 4, 2), "", RunMode.SharedData);
        Assert.True(s34.SupportsBackupDatabaseSyntax && s34.SupportsClusterSnapshots && s34.ListsAllDatabasesInShowBackup);
        Assert.False(s34.SupportsDropSnapshot || s34.SupportsSnapshotTtl);
        var s25 = new ServerInfo(new Version(2, 5, 0), "", RunMode.SharedNothing);
        Assert.False(s25.ListsAllDatabasesInShowBackup || s25.SupportsBackupDatabaseSyntax || s25.SupportsClusterSnapshots);
        var utc = new ServerInfo(new Version(3, 3, 0), "", RunMode.SharedNothing, TimeSpan.FromHours(8)).ToUtc(new DateTime(2025, 1, 1, 8, 0, 0));
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), utc);
    }
}
