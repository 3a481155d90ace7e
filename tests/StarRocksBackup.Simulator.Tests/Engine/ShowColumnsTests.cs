using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>Column names and order of every SHOW statement over the wire equal starrocks-facts.md §2 (3.3.9; per release: ColumnsPerVersionTests).</summary>
public sealed class ShowColumnsTests
{
    [S3Fact]
    public async Task EveryShowStatementHasTheFactsColumns()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using var c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("r1", S3Settings.UniquePrefix("cols")));

        Assert.Equal(
            new[] { "JobId", "SnapshotName", "DbName", "State", "BackupObjs", "CreateTime", "SnapshotFinishedTime", "UploadFinishedTime", "FinishedTime", "UnfinishedTasks", "Progress", "TaskErrMsg", "Status", "Timeout" },
            c.Query("SHOW BACKUP").Columns);
        Assert.Equal(
            new[] { "JobId", "Label", "Timestamp", "DbName", "State", "AllowLoad", "ReplicationNum", "RestoreObjs", "CreateTime", "MetaPreparedTime", "SnapshotFinishedTime", "DownloadFinishedTime", "FinishedTime", "UnfinishedTasks", "Progress", "TaskErrMsg", "Status", "Timeout" },
            c.Query("SHOW RESTORE FROM sales").Columns);
        Assert.Equal(new[] { "Snapshot", "Timestamp", "Status" }, c.Query("SHOW SNAPSHOT ON r1").Columns);
        Assert.Equal(new[] { "Snapshot", "Timestamp", "Status" }, c.Query("SHOW SNAPSHOT ON r1 WHERE SNAPSHOT IN ('a', 'b')").Columns);
        Assert.Equal(new[] { "Snapshot", "Timestamp", "Database", "Details", "Status" }, c.Query("SHOW SNAPSHOT ON r1 WHERE TIMESTAMP = 'x' AND SNAPSHOT = 'a'").Columns);
        Assert.Equal(new[] { "RepoId", "RepoName", "CreateTime", "IsReadOnly", "Location", "Broker", "ErrMsg" }, c.Query("SHOW REPOSITORIES").Columns);
        Assert.Equal(new[] { "Name", "IP", "Port", "Alive", "LastStartTime", "LastUpdateTime", "ErrMsg" }, c.Query("SHOW BROKER").Columns);
        Assert.Equal(new[] { "Key", "AliasNames", "Value", "Type", "IsMutable", "Comment" }, c.Query("ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'").Columns);
        Assert.Equal(
            new[] { "PartitionId", "PartitionName", "VisibleVersion", "VisibleVersionTime", "VisibleVersionHash", "State", "PartitionKey", "Range", "DistributionKey", "Buckets", "ReplicationNum", "StorageMedium", "CooldownTime", "LastConsistencyCheckTime", "DataSize", "IsInMemory", "RowCount", "DataVersion", "VersionEpoch", "VersionTxnType" },
            c.Query("SHOW PARTITIONS FROM orders").Columns);
        WireResult backends = c.Query("SHOW BACKENDS");
        Assert.Equal(new[] { "BackendId", "IP", "HeartbeatPort", "BePort", "HttpPort", "BrpcPort", "LastStartTime", "LastHeartbeat", "Alive" }, backends.Columns.Take(9));
        Assert.Equal(3, backends.Rows.Count);
        Assert.All(backends.Rows, r => Assert.Equal("true", r[8]));
        Assert.Equal(
            new[] { "DB_NAME", "TABLE_NAME", "PARTITION_NAME", "PARTITION_ID", "COMPACT_VERSION", "VISIBLE_VERSION", "VISIBLE_VERSION_TIME", "NEXT_VERSION" },
            c.Query("SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = 'sales'").Columns.Take(8));
    }

    [S3Fact]
    public async Task RepositoryRowAndRunModeValues()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync(configure: o => o.RunMode = SimulatorRunMode.SharedData);
        using var c = Sql.Open(sim);
        Assert.Equal("shared_data", c.Query("ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'").Cell(0, "Value"));
        string prefix = S3Settings.UniquePrefix("repo-row");
        c.Exec(Sql.CreateRepoSql("r2", prefix, readOnly: true));
        WireResult r = c.Query("SHOW REPOSITORIES");
        Assert.Equal("r2", r.Cell(0, "RepoName"));
        Assert.Equal("true", r.Cell(0, "IsReadOnly"));
        Assert.Equal($"s3a://{TestEnvironment.RequireS3().Bucket}/{prefix}", r.Cell(0, "Location"));
        Assert.Equal(string.Empty, r.Cell(0, "Broker"));
        Assert.Null(r.Cell(0, "ErrMsg"));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", r.Cell(0, "CreateTime"));
    }
}
