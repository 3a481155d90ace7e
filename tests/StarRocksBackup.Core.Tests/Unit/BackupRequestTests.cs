using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Sql;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>Start-SrBackup's decisions, now in Core: targets per input, template or exact label, label timing, approved subsets.</summary>
public sealed class BackupRequestTests
{
    [Fact]
    public void An_input_without_tables_is_the_whole_database_and_empty_names_are_ignored()
    {
        BackupTarget t = Assert.Single(BackupTarget.FromInput("sales", new[] { "", null }, null));
        Assert.Equal("sales", t.Database);
        Assert.Null(t.Table);
    }

    [Fact]
    public void An_input_with_tables_is_one_target_per_table_and_partitions_go_with_the_one_table()
    {
        IReadOnlyList<BackupTarget> tables = BackupTarget.FromInput("sales", new[] { "orders", "items" }, null);
        Assert.Equal(new[] { "orders", "items" }, tables.Select(t => t.Table));
        BackupTarget parts = Assert.Single(BackupTarget.FromInput("sales", new[] { "orders" }, new[] { "p1", "p2" }));
        Assert.Equal(new[] { "p1", "p2" }, parts.Partitions);
    }

    [Theory]
    [InlineData("information_schema", null, null, "system database")]
    [InlineData("_statistics_", null, null, "system database")]
    [InlineData("sales", null, "p1", "-Partition needs exactly one -Table (got 0)")]
    [InlineData("sales", "a,b", "p1", "-Partition needs exactly one -Table (got 2)")]
    public void Inputs_that_cannot_be_backed_up_are_InvalidArgument(string database, string? tables, string? partitions, string message)
    {
        var ex = Assert.Throws<StarRocksBackupException>(() =>
            BackupTarget.FromInput(database, tables?.Split(','), partitions?.Split(',')));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_with_tokens_is_a_template_and_without_is_the_exact_label()
    {
        var targets = new[] { new BackupTarget("sales") };
        BackupRequest template = BackupRequest.Create("repo", "nightly_{database}_{yyyyMMdd}", targets, TimeSpan.FromMinutes(20), "7 DAY");
        Assert.Null(template.Label);
        Assert.Equal("nightly_{database}_{yyyyMMdd}", template.LabelTemplate);
        Assert.NotNull(template.LabelTimeUtc);
        Assert.Equal(TimeSpan.FromMinutes(20), template.Timeout);
        Assert.Equal("7 DAY", template.Ttl);

        BackupRequest exact = BackupRequest.Create("repo", "before_upgrade", targets);
        Assert.Equal("before_upgrade", exact.Label);
        BackupPlan plan = BackupPlanner.Plan(exact, new SqlDialect(new ServerInfo(new Version(3, 3, 9), "3.3.9", RunMode.SharedNothing)));
        Assert.Equal("before_upgrade", Assert.Single(plan.Databases).Label);
    }

    [Fact]
    public void Only_keeps_the_approved_databases_and_their_labels()
    {
        BackupRequest request = BackupRequest.Create("repo", BackupRequest.DefaultLabelTemplate,
            new[] { new BackupTarget("a"), new BackupTarget("b"), new BackupTarget("c", "t") });
        SqlDialect dialect = new SqlDialect(new ServerInfo(new Version(3, 4, 5), "3.4.5", RunMode.SharedNothing));
        BackupPlan all = BackupPlanner.Plan(request, dialect);
        BackupPlan some = BackupPlanner.Plan(request.Only(new[] { "c", "a" }), dialect);
        Assert.Equal(new[] { "a", "c" }, some.Databases.Select(d => d.Database).OrderBy(d => d));
        foreach (DatabaseBackup db in some.Databases)
        {
            Assert.Equal(all.Databases.Single(d => d.Database == db.Database).Label, db.Label);
        }
    }

    [Fact]
    public void Two_labels_in_the_same_second_get_different_seconds()
    {
        DateTime clock = new DateTime(2030, 1, 2, 3, 4, 5, 100, DateTimeKind.Utc);
        var slept = new List<TimeSpan>();
        var labelClock = new BackupLabelClock(() => clock, d => { slept.Add(d); clock += d; });
        DateTime first = labelClock.Next();
        DateTime second = labelClock.Next();
        Assert.Equal(clock.Date.AddHours(3).AddMinutes(4).AddSeconds(5).AddMilliseconds(100), first);
        Assert.True(second >= first.AddMilliseconds(900), $"{second:O} is in the same second as {first:O}");
        Assert.Equal(BackupPlanner.ExpandLabel(BackupRequest.DefaultLabelTemplate, "db", first).Length,
            BackupPlanner.ExpandLabel(BackupRequest.DefaultLabelTemplate, "db", second).Length);
        Assert.NotEqual(BackupPlanner.ExpandLabel(BackupRequest.DefaultLabelTemplate, "db", first),
            BackupPlanner.ExpandLabel(BackupRequest.DefaultLabelTemplate, "db", second));
        Assert.Single(slept);
    }
}
