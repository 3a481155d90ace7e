using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Sql;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

public sealed class BackupPlannerTests
{
    private static readonly SqlDialect D33 = new(new ServerInfo(new Version(3, 3, 9), "", RunMode.SharedNothing));
    private static readonly DateTime When = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    [Fact]
    public void Groups_into_one_backup_per_database()
    {
        var req = new BackupRequest { Repository = "repo", LabelTimeUtc = When }
            .Add("a", "t1", "p1").Add("b").Add("a", "t1", "p2", "p1").Add("a", "t2").Add("b", "x");
        BackupPlan plan = BackupPlanner.Plan(req, D33);
        Assert.Equal(new[] { "a", "b" }, plan.Databases.Select(d => d.Database));
        DatabaseBackup a = plan.Databases[0];
        Assert.Equal("a_20250304_050607", a.Label);
        Assert.Equal(new[] { "p1", "p2" }, a.Tables[0].Partitions);
        Assert.Empty(a.Tables[1].Partitions);
        Assert.Equal("BACKUP SNAPSHOT `a`.`a_20250304_050607` TO `repo` ON (`t1` PARTITION (`p1`, `p2`), `t2`)", a.Sql);
        Assert.True(plan.Databases[1].IsWholeDatabase);
        Assert.Equal("BACKUP SNAPSHOT `b`.`b_20250304_050607` TO `repo`", plan.Databases[1].Sql);
    }

    [Fact]
    public void Whole_table_wins_over_partitions_in_either_order()
    {
        var p1 = BackupPlanner.Plan(new BackupRequest { Repository = "r", LabelTimeUtc = When }.Add("a", "t", "p1").Add("a", "t"), D33);
        var p2 = BackupPlanner.Plan(new BackupRequest { Repository = "r", LabelTimeUtc = When }.Add("a", "t").Add("a", "t", "p1"), D33);
        Assert.Empty(p1.Databases[0].Tables[0].Partitions);
        Assert.Empty(p2.Databases[0].Tables[0].Partitions);
    }

    [Fact]
    public void Explicit_label_with_several_databases_is_refused()
    {
        var req = new BackupRequest { Repository = "r", Label = "x" }.Add("a").Add("b");
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(() => BackupPlanner.Plan(req, D33)).Kind);
        var req2 = new BackupRequest { Repository = "r", LabelTemplate = "nightly_{yyyyMMdd}" }.Add("a").Add("b");
        Assert.Throws<StarRocksBackupException>(() => BackupPlanner.Plan(req2, D33));
    }

    [Fact]
    public void Label_template_sanitises_database_names_and_is_bounded()
    {
        Assert.Equal("d_b____20250304_050607", BackupPlanner.ExpandLabel(BackupRequest.DefaultLabelTemplate, "d.b`日本", When));
        string longLabel = BackupPlanner.ExpandLabel(BackupRequest.DefaultLabelTemplate, new string('x', 200), When);
        Assert.Equal(128, longLabel.Length);
        Assert.EndsWith("_20250304_050607", longLabel);
        Assert.True(NameRules.IsValidLabel(longLabel));
        Assert.Throws<StarRocksBackupException>(() => BackupPlanner.ExpandLabel("bad label {database}", "a", When));
    }

    [Fact]
    public void Validation_happens_before_sql()
    {
        Assert.Throws<StarRocksBackupException>(() => BackupPlanner.Plan(new BackupRequest { Repository = "1bad" }.Add("a"), D33));
        Assert.Throws<StarRocksBackupException>(() => BackupPlanner.Plan(new BackupRequest { Repository = "r" }, D33));
        Assert.Throws<StarRocksBackupException>(() => BackupPlanner.Plan(new BackupRequest { Repository = "r" }.Add("a", "t", ""), D33));
        Assert.Throws<StarRocksBackupException>(() => new BackupTarget("a", null, new[] { "p" }));
    }
}
