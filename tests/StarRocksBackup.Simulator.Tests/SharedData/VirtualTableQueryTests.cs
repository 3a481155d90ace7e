using StarRocksBackup.Simulator.Fe.SharedData;
using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.SharedData;

public sealed class VirtualTableQueryTests
{
    private static readonly VirtualTable Jobs = new(
        "cluster_snapshot_jobs",
        ClusterSnapshotTables.JobColumns,
        () => new[]
        {
            new object?[] { "automated_cluster_snapshot_3000", 12L, 3L, null, "SNAPSHOTING", "", "" },
            new object?[] { "automated_cluster_snapshot_1000", 10L, 1L, 1L, "DELETED", "", "" },
            new object?[] { "automated_cluster_snapshot_2000", 11L, 2L, 2L, "FINISHED", "", "" },
            new object?[] { "automated_cluster_snapshot_1500", 9L, 1L, null, "ERROR", "", "boom" },
        });

    private static ResultSetResult Run(string sql)
    {
        TokenCursor c = TokenCursor.Tokenize(sql)!;
        (VirtualTableQuery? q, ErrorResult? e) = VirtualTableQuery.TryParse(c, (schema, table) =>
            string.Equals(schema, "information_schema", StringComparison.OrdinalIgnoreCase) && string.Equals(table, Jobs.Name, StringComparison.OrdinalIgnoreCase) ? Jobs : null);
        Assert.Null(e);
        Assert.NotNull(q);
        return q!.Execute();
    }

    private static IEnumerable<long> Ids(ResultSetResult r, int column = 1) => r.Rows.Select(x => (long)x[column]!);

    [Fact]
    public void Where_state_equals_filters_rows()
    {
        ResultSetResult r = Run("SELECT * FROM information_schema.cluster_snapshot_jobs WHERE STATE = 'FINISHED'");
        Assert.Equal(new[] { 11L }, Ids(r));
        Assert.Equal(7, r.Columns.Count);
    }

    [Fact]
    public void Order_by_desc_with_limit()
    {
        ResultSetResult r = Run("SELECT JOB_ID, state FROM information_schema.cluster_snapshot_jobs ORDER BY JOB_ID DESC LIMIT 2");
        Assert.Equal(new[] { "JOB_ID", "state" }, r.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.BigInt, r.Columns[0].Type);
        Assert.Equal(new[] { 12L, 11L }, Ids(r, 0));
    }

    [Fact]
    public void Order_by_two_columns_and_offset()
    {
        ResultSetResult r = Run("SELECT job_id FROM information_schema.cluster_snapshot_jobs ORDER BY created_time ASC, job_id DESC LIMIT 1, 2");
        Assert.Equal(new[] { 9L, 11L }, Ids(r, 0));
    }

    [Fact]
    public void Nulls_sort_first_ascending_and_is_null_filters()
    {
        Assert.Equal(new long?[] { null, null, 1, 2 }, Run("SELECT FINISHED_TIME FROM information_schema.cluster_snapshot_jobs ORDER BY FINISHED_TIME").Rows.Select(x => (long?)x[0]));
        Assert.Equal(new[] { 12L, 9L }, Ids(Run("SELECT * FROM information_schema.cluster_snapshot_jobs WHERE FINISHED_TIME IS NULL")));
        Assert.Equal(new[] { 10L, 11L }, Ids(Run("SELECT * FROM information_schema.cluster_snapshot_jobs WHERE finished_time is not null")));
    }

    [Fact]
    public void Comparisons_in_and_and_combine()
    {
        Assert.Equal(new[] { 12L, 11L }, Ids(Run("SELECT * FROM information_schema.cluster_snapshot_jobs WHERE JOB_ID >= 11")));
        Assert.Equal(new[] { 12L, 10L, 11L }, Ids(Run("SELECT * FROM information_schema.cluster_snapshot_jobs WHERE STATE <> 'ERROR'")));
        Assert.Equal(new[] { 10L, 9L }, Ids(Run("SELECT * FROM information_schema.cluster_snapshot_jobs WHERE STATE IN ('DELETED', 'ERROR')")));
        Assert.Equal(new[] { 9L }, Ids(Run("SELECT * FROM information_schema.cluster_snapshot_jobs WHERE CREATED_TIME = 1 AND ERROR_MESSAGE != ''")));
        Assert.Empty(Run("SELECT * FROM information_schema.cluster_snapshot_jobs WHERE FINISHED_TIME = NULL").Rows);
    }

    [Fact]
    public void Count_star_counts_filtered_rows()
    {
        ResultSetResult r = Run("SELECT COUNT(*) FROM information_schema.cluster_snapshot_jobs WHERE CREATED_TIME < 3");
        Assert.Equal("count(*)", Assert.Single(r.Columns).Name);
        Assert.Equal(3L, r.Rows[0][0]);
    }

    [Fact]
    public void Alias_renames_the_column()
    {
        ResultSetResult r = Run("SELECT SNAPSHOT_NAME AS name FROM `information_schema`.`cluster_snapshot_jobs` WHERE STATE = \"FINISHED\"");
        Assert.Equal("name", r.Columns[0].Name);
        Assert.Equal("automated_cluster_snapshot_2000", r.Rows[0][0]);
    }
}
