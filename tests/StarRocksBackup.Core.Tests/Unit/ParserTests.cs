using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Parsing;
using StarRocksBackup.Core.Tests.Support;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

public sealed class ParserTests
{
    [Theory]
    [InlineData("[OK]", "OK", "", true)]
    [InlineData("[COMMON_ERROR, msg: user cancelled]", "COMMON_ERROR", "user cancelled", false)]
    [InlineData("[COMMON_ERROR, msg: user cancelled, current state: DOWNLOADING]", "COMMON_ERROR", "user cancelled, current state: DOWNLOADING", false)]
    [InlineData("[TIMEOUT, msg: ]", "TIMEOUT", "", false)]
    [InlineData("", "", "", true)]
    [InlineData("garbage", "UNKNOWN", "garbage", false)]
    public void Status(string text, string code, string msg, bool ok)
    {
        JobStatus s = JobTextParser.ParseStatus(text);
        Assert.Equal(code, s.Code);
        Assert.Equal(msg, s.Message);
        Assert.Equal(ok, s.IsOk);
    }

    [Fact]
    public void TaskErrMsg_with_commas_and_brackets_inside_messages()
    {
        var errs = JobTextParser.ParseTaskErrors("[12345: upload failed, retry later], [678: bad file [x] here]");
        Assert.Equal(2, errs.Count);
        Assert.Equal("12345", errs[0].TaskId);
        Assert.Equal("upload failed, retry later", errs[0].Message);
        Assert.Equal("678", errs[1].TaskId);
        Assert.Equal("bad file [x] here", errs[1].Message);
        Assert.Empty(JobTextParser.ParseTaskErrors(""));
        Assert.Empty(JobTextParser.ParseTaskErrors(null));
    }

    [Fact]
    public void Progress_and_unfinished_tasks()
    {
        var p = JobTextParser.ParseProgress("[10001: 3/10], [10002: 10/10]");
        Assert.Equal(2, p.Count);
        Assert.Equal(13, p.Sum(x => x.Finished));
        Assert.Equal(20, p.Sum(x => x.Total));
        var u = JobTextParser.ParseUnfinishedTasks("10005=10001, 10006=10002");
        Assert.Equal("10005", u[0].Key);
        Assert.Equal("10002", u[1].Value);
    }

    [Fact]
    public void Backup_and_restore_objects()
    {
        var b = JobTextParser.ParseBackupObjects("[default_cluster:test_priv.test_table], [test.t], [db.t2 PARTITIONS (p1, p2)]");
        Assert.Equal(new[] { "test_table", "t", "t2" }, b.Select(o => o.Name));
        Assert.Equal(new[] { "p1", "p2" }, b[2].Partitions);
        var r = JobTextParser.ParseRestoreObjects("tbl, tbl2 PARTITIONS [p1, p2]");
        Assert.Equal(new[] { "tbl", "tbl2" }, r.Select(o => o.Name));
        Assert.Equal(new[] { "p1", "p2" }, r[1].Partitions);
    }

    [Fact]
    public void Times_and_snapshot_timestamps()
    {
        DateTime? t = ValueParser.ParseTime("2025-01-02 03:04:05");
        Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5), t);
        Assert.Equal(DateTimeKind.Unspecified, t!.Value.Kind);
        Assert.Null(ValueParser.ParseTime(null));
        Assert.Null(ValueParser.ParseTime("\\N"));
        var (ts, bad) = ValueParser.ParseTimestampCell("2024-12-09-10-25-58-842\n2023-02-07-14-45-53-143\nInvalid: __info_x\n2018-05-04-16-45-08");
        Assert.Equal(new[] { "2018-05-04-16-45-08", "2023-02-07-14-45-53-143", "2024-12-09-10-25-58-842" }, ts.Select(x => x.Text));
        Assert.Equal(new DateTime(2024, 12, 9, 10, 25, 58, 842), ts[2].Value);
        Assert.Equal(new[] { "Invalid: __info_x" }, bad);
    }

    [Theory]
    [InlineData("0B", 0L)]
    [InlineData("1KB", 1024L)]
    [InlineData("1.5 MB", 1572864L)]
    [InlineData("123", 123L)]
    [InlineData("n/a", null)]
    public void Sizes(string text, long? bytes) => Assert.Equal(bytes, ValueParser.ParseSize(text));

    [Fact]
    public void Show_backup_by_column_name_with_nulls_and_missing_columns()
    {
        // Columns in another order, Timeout missing, NULL times.
        var table = FakeSession.Table(new[] { "State", "DbName", "SnapshotName", "JobId", "Status", "TaskErrMsg", "Progress", "CreateTime", "FinishedTime", "BackupObjs" },
            new string?[] { "UPLOAD_SNAPSHOT", "sales", "l1", "42", "[OK]", "", "[1: 2/4]", "2025-01-01 00:00:01", null, "[sales.t]" });
        BackupJob j = ShowParsers.ParseBackupJobs(table, "repo").Single();
        Assert.Equal(42, j.JobId);
        Assert.Equal(BackupJobState.UploadSnapshot, j.State);
        Assert.Equal("UPLOAD_SNAPSHOT", j.StateName);
        Assert.Equal("repo", j.Repository);
        Assert.Null(j.FinishedTime);
        Assert.Null(j.Timeout);
        Assert.Equal(50, j.PercentComplete);
        Assert.False(j.IsDone);
    }

    [Fact]
    public void Show_backup_cancelled_job_surfaces_failure_text()
    {
        var table = FakeSession.Table(FakeSession.BackupColumns, FakeSession.BackupRow(1, "l", "db", "CANCELLED", "[12345: upload failed]", "[COMMON_ERROR, msg: upload failed]"));
        BackupJob j = ShowParsers.ParseBackupJobs(table).Single();
        Assert.True(j.IsCancelled);
        Assert.Contains("upload failed", j.FailureText);
        Assert.Equal("12345", j.TaskErrors.Single().TaskId);
    }

    [Fact]
    public void Unknown_state_maps_to_Unknown()
    {
        Assert.Equal(BackupJobState.Unknown, ShowParsers.ParseEnum<BackupJobState>("FANCY_NEW_STATE"));
        Assert.Equal(RestoreJobState.Committing, ShowParsers.ParseEnum<RestoreJobState>("COMMITTING"));
        Assert.Equal(BackupJobState.Unknown, ShowParsers.ParseEnum<BackupJobState>("3"));
    }

    [Fact]
    public void Show_restore()
    {
        var table = FakeSession.Table(FakeSession.RestoreColumns, new string?[]
        {
            "7", "l1", "2024-12-09-10-25-58-842", "sales", "DOWNLOADING", "false", "1", "t1, t2 PARTITIONS [p1]", "2025-01-01 00:00:00",
            null, null, null, null, "1=2", "[5: 1/2]", "", "[OK]", "86400",
        });
        RestoreJob r = ShowParsers.ParseRestoreJobs(table).Single();
        Assert.Equal(RestoreJobState.Downloading, r.State);
        Assert.Equal(1, r.ReplicationNum);
        Assert.Equal("2024-12-09-10-25-58-842", r.Timestamp);
        Assert.Equal(TimeSpan.FromDays(1), r.Timeout);
        Assert.Equal(2, r.Objects.Count);
    }

    [Fact]
    public void Show_repositories_and_snapshots()
    {
        var repos = ShowParsers.ParseRepositories(FakeSession.Table(new[] { "RepoId", "RepoName", "CreateTime", "IsReadOnly", "Location", "Broker", "ErrMsg" },
            new string?[] { "1", "r1", "2025-01-01 00:00:00", "true", "s3://b/p", "", null }));
        Assert.True(repos[0].IsReadOnly);
        Assert.Null(repos[0].ErrorMessage);
        var snaps = ShowParsers.ParseSnapshots(FakeSession.Table(new[] { "Snapshot", "Timestamp", "Status" },
            new string?[] { "l1", "2024-12-09-10-25-58-842\n2024-12-10-10-25-58-842", "OK" },
            new string?[] { "l2", null, "ERROR: no snapshot" }), "r1");
        Assert.Equal("2024-12-10-10-25-58-842", snaps[0].Latest!.Text);
        Assert.True(snaps[0].IsOk);
        Assert.False(snaps[1].IsOk);
        Assert.Null(snaps[1].Latest);
    }

    [Fact]
    public void Snapshot_details_json()
    {
        string json = "{\n \"name\": \"l1\",\n \"database\": \"sales\",\n \"backup_time\": 1733739958842,\n \"backup_objects\": {\n  \"t1\": {\n   \"id\": 10, \"partitions\": {\n    \"p1\": {\"id\": 11, \"version\": 5, \"indexes\": {}}\n   }\n  }\n },\n \"backup_result\": \"succeed\"\n}";
        var d = ShowParsers.ParseSnapshotDetails(FakeSession.Table(new[] { "Snapshot", "Timestamp", "Database", "Details", "Status" },
            new string?[] { "l1", "2024-12-09-10-25-58-842", "sales", json, "OK" }), "r").Single();
        Assert.Equal("sales", d.Database);
        Assert.Equal("t1", d.Tables.Single().Name);
        Assert.Equal(5, d.Tables[0].Partitions.Single().Version);
        Assert.Equal(new DateTime(2024, 12, 9, 10, 25, 58, 842, DateTimeKind.Utc), d.BackupTimeUtc);
    }

    [Fact]
    public void Snapshot_details_json_as_34_writes_views_and_mvs()
    {
        // BackupJobInfo.toJson (3.4.4, main): a view has an empty "partitions" object; an MV is listed like a table.
        string json = "{\"name\":\"l\",\"database\":\"shop\",\"backup_time\":1,\"backup_objects\":{" +
            "\"orders\":{\"id\":10,\"partitions\":{\"p1\":{\"id\":11,\"version\":3}}}," +
            "\"recent\":{\"id\":20,\"partitions\":{}}," +
            "\"order_ids\":{\"id\":30,\"partitions\":{\"order_ids\":{\"id\":31,\"version\":2}}}},\"backup_result\":\"succeed\"}";
        var d = ShowParsers.ParseSnapshotDetails(FakeSession.Table(new[] { "Snapshot", "Timestamp", "Database", "Details", "Status" },
            new string?[] { "l", "2024-12-09-10-25-58-842", "shop", json, "OK" }), "r").Single();
        Assert.Equal(new[] { "orders", "order_ids" }, d.Tables.Select(t => t.Name));
        Assert.Equal(new[] { "recent" }, d.Views);
    }

    [Fact]
    public void Partitions_meta_data_size_in_bytes_from_40()
    {
        // DATA_SIZE is a BIGINT byte count from 4.0 (PR #61251), a size string before.
        var p = ShowParsers.ParsePartitions(FakeSession.Table(new[] { "DB_NAME", "TABLE_NAME", "PARTITION_NAME", "PARTITION_ID", "VISIBLE_VERSION", "DATA_SIZE" },
            new string?[] { "d", "t", "p1", "11", "7", "123456" })).Single();
        Assert.Equal(123456, p.DataSizeBytes);
    }

    [Fact]
    public void Show_partitions_of_a_list_partitioned_table_reads_the_List_column()
    {
        var p = ShowParsers.ParseShowPartitions(FakeSession.Table(new[] { "PartitionId", "PartitionName", "VisibleVersion", "PartitionKey", "List", "DataSize", "RowCount" },
            new string?[] { "11", "p_cn", "4", "city", "(('cn'))", "1.000 KB", "9" }), "d", "t").Single();
        Assert.Equal("(('cn'))", p.PartitionValue);
        Assert.Equal(1024, p.DataSizeBytes);
        Assert.Null(p.ReplicationNum);
    }

    [Fact]
    public void Partitions_meta()
    {
        var p = ShowParsers.ParsePartitions(FakeSession.Table(new[] { "DB_NAME", "TABLE_NAME", "PARTITION_NAME", "PARTITION_ID", "VISIBLE_VERSION", "VISIBLE_VERSION_TIME", "ROW_COUNT", "DATA_SIZE", "IS_TEMP" },
            new string?[] { "d", "t", "p1", "11", "7", "2025-01-01 00:00:00", "100", "2KB", "false" })).Single();
        Assert.Equal(7, p.VisibleVersion);
        Assert.Equal(100, p.RowCount);
        Assert.Equal(2048, p.DataSizeBytes);
        Assert.False(p.IsTemp);
    }

    [Fact]
    public void Result_rows_tolerate_missing_columns()
    {
        var t = new ResultTable(new[] { "A" }, new[] { new string?[] { "1" } });
        Assert.Null(t.Rows[0]["B"]);
        Assert.Equal("1", t.Rows[0]["a"]);
        Assert.Equal("", t.Rows[0].Text("B"));
        Assert.Null(t.Rows[0].Int64("B"));
    }
}
