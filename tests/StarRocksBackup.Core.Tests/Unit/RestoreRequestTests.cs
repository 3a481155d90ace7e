using StarRocksBackup.Core.Restore;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>Restore-SrSnapshot's request building, now in Core: blanks from the pipeline, parallel table lists.</summary>
public sealed class RestoreRequestTests
{
    [Fact]
    public void Blank_pipeline_values_mean_latest_and_as_recorded()
    {
        RestoreRequest r = RestoreRequest.Create("repo", "snap", "  ", "", null, 0, 0);
        Assert.Null(r.Timestamp);
        Assert.Null(r.SourceDatabase);
        Assert.Null(r.TargetDatabase);
        Assert.Null(r.ReplicationNum);
        Assert.Null(r.Timeout);
        Assert.False(r.AllowOverwrite);
        Assert.Empty(r.Tables);
    }

    [Fact]
    public void Given_values_are_kept_trimmed()
    {
        RestoreRequest r = RestoreRequest.Create("repo", "snap", " 2026-01-02-03-04-05-678 ", "sales", "drill", 2, 3600, allowLoad: true);
        Assert.Equal("2026-01-02-03-04-05-678", r.Timestamp);
        Assert.Equal("sales", r.SourceDatabase);
        Assert.Equal("drill", r.TargetDatabase);
        Assert.Equal(2, r.ReplicationNum);
        Assert.Equal(TimeSpan.FromHours(1), r.Timeout);
        Assert.True(r.AllowLoad);
    }

    [Fact]
    public void Tables_with_new_names_and_partitions_of_one_table()
    {
        RestoreRequest renamed = RestoreRequest.Create("repo", "snap").WithTables(new[] { "a", "b" }, new[] { "a2", "b2" });
        Assert.Equal(new[] { ("a", "a2"), ("b", "b2") }, renamed.Tables.Select(t => (t.Table, t.Alias!)));
        RestoreRequest parts = RestoreRequest.Create("repo", "snap").WithTables(new[] { "orders" }, null, new[] { "p1" });
        RestoreTableRequest t = Assert.Single(parts.Tables);
        Assert.Null(t.Alias);
        Assert.Equal(new[] { "p1" }, t.Partitions);
    }

    [Theory]
    [InlineData("a,b", "x", null, "-AsTable needs one new name per -Table (got 1 for 2).")]
    [InlineData(null, "x", null, "-AsTable needs one new name per -Table (got 1 for 0).")]
    [InlineData("a,b", null, "p1", "-Partition needs exactly one -Table (got 2).")]
    [InlineData(null, null, "p1", "-Partition needs exactly one -Table (got 0).")]
    public void Lists_that_do_not_line_up_are_InvalidArgument(string? tables, string? aliases, string? partitions, string message)
    {
        var ex = Assert.Throws<StarRocksBackupException>(() =>
            RestoreRequest.Create("repo", "snap").WithTables(tables?.Split(','), aliases?.Split(','), partitions?.Split(',')));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(message, ex.Message);
    }
}
