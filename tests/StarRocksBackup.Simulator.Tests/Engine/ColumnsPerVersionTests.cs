using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>
/// SHOW PARTITIONS / BACKENDS / FRONTENDS / MATERIALIZED VIEWS and information_schema.partitions_meta columns per release,
/// through MySqlConnector. The expected lists are written out here from StarRocks' source at the tags named in
/// docs/starrocks-columns.md (2.5.22, 3.3.0, 3.3.14, 3.4.0, 3.4.4, main 2026-01-30 for 4.x), independently of the simulator's table.
/// </summary>
public sealed class ColumnsPerVersionTests
{
    private static readonly string[] Olap25 =
    {
        "PartitionId", "PartitionName", "VisibleVersion", "VisibleVersionTime", "VisibleVersionHash", "State", "PartitionKey", "Range", "DistributionKey",
        "Buckets", "ReplicationNum", "StorageMedium", "CooldownTime", "LastConsistencyCheckTime", "DataSize", "IsInMemory", "RowCount",
    };

    private static readonly string[] MetaBase =
    {
        "DB_NAME", "TABLE_NAME", "PARTITION_NAME", "PARTITION_ID", "COMPACT_VERSION", "VISIBLE_VERSION", "VISIBLE_VERSION_TIME", "NEXT_VERSION",
    };

    private static readonly string[] MetaVersioned = { "DATA_VERSION", "VERSION_EPOCH", "VERSION_TXN_TYPE" };

    private static readonly string[] MetaRest =
    {
        "PARTITION_KEY", "PARTITION_VALUE", "DISTRIBUTION_KEY", "BUCKETS", "REPLICATION_NUM", "STORAGE_MEDIUM", "COOLDOWN_TIME",
        "LAST_CONSISTENCY_CHECK_TIME", "IS_IN_MEMORY", "IS_TEMP", "DATA_SIZE", "ROW_COUNT", "ENABLE_DATACACHE", "AVG_CS", "P50_CS", "MAX_CS", "STORAGE_PATH",
    };

    private static readonly string[] BackendsBase =
    {
        "BackendId", "IP", "HeartbeatPort", "BePort", "HttpPort", "BrpcPort", "LastStartTime", "LastHeartbeat", "Alive", "SystemDecommissioned",
        "ClusterDecommissioned", "TabletNum", "DataUsedCapacity", "AvailCapacity", "TotalCapacity", "UsedPct", "MaxDiskUsedPct", "ErrMsg", "Version", "Status",
        "DataTotalCapacity", "DataUsedPct", "CpuCores",
    };

    private static readonly string[] Frontends =
    {
        "Name", "IP", "EditLogPort", "HttpPort", "QueryPort", "RpcPort", "Role", "ClusterId", "Join", "Alive", "ReplayedJournalId", "LastHeartbeat", "IsHelper",
        "ErrMsg", "StartTime", "Version",
    };

    private static readonly string[] Mv3 =
    {
        "id", "database_name", "name", "refresh_type", "is_active", "inactive_reason", "partition_type", "task_id", "task_name", "last_refresh_start_time",
        "last_refresh_finished_time", "last_refresh_duration", "last_refresh_state", "last_refresh_force_refresh", "last_refresh_start_partition",
        "last_refresh_end_partition", "last_refresh_base_refresh_partitions", "last_refresh_mv_refresh_partitions", "last_refresh_error_code",
        "last_refresh_error_message", "rows", "text", "extra_message", "query_rewrite_status", "creator",
    };

    private static string[] Cat(params IEnumerable<string>[] parts) => parts.SelectMany(p => p).ToArray();

    private static string[] OlapPartitions(string version) => version switch
    {
        "2.5.22" or "3.3.0" => Olap25,
        "3.3.14" or "3.4.0" => Cat(Olap25, new[] { "DataVersion", "VersionEpoch", "VersionTxnType" }),
        "3.4.4" => Cat(Olap25.Take(15), new[] { "StorageSize", "IsInMemory", "RowCount", "DataVersion", "VersionEpoch", "VersionTxnType" }),
        _ => Cat(Olap25.Take(15), new[] { "StorageSize", "IsInMemory", "RowCount", "DataVersion", "VersionEpoch", "VersionTxnType", "TabletBalanced" }),
    };

    private static string[]? PartitionsMeta(string version) => version switch
    {
        "2.5.22" => null,
        "3.3.0" => Cat(MetaBase, MetaRest),
        "3.3.14" or "3.4.0" => Cat(MetaBase, MetaVersioned, MetaRest),
        "3.4.4" => Cat(MetaBase, MetaVersioned, MetaRest, new[] { "STORAGE_SIZE" }),
        _ => Cat(MetaBase, MetaVersioned, MetaRest, new[] { "STORAGE_SIZE", "TABLET_BALANCED", "METADATA_SWITCH_VERSION" }),
    };

    private static string[] Backends(string version) => version switch
    {
        "2.5.22" => Cat(BackendsBase, new[] { "NumRunningQueries", "MemUsedPct", "CpuUsedPct" }),
        "3.3.0" => Cat(BackendsBase, new[] { "NumRunningQueries", "MemUsedPct", "CpuUsedPct", "DataCacheMetrics", "Location" }),
        "3.3.14" => Cat(BackendsBase, new[] { "MemLimit", "NumRunningQueries", "MemUsedPct", "CpuUsedPct", "DataCacheMetrics", "Location" }),
        _ => Cat(BackendsBase, new[] { "MemLimit", "NumRunningQueries", "MemUsedPct", "CpuUsedPct", "DataCacheMetrics", "Location", "StatusCode" }),
    };

    [S3Theory]
    [InlineData("2.5.22")]
    [InlineData("3.3.0")]
    [InlineData("3.3.14")]
    [InlineData("3.4.0")]
    [InlineData("3.4.4")]
    [InlineData("4.0.1")]
    [InlineData("4.2.0")]
    public async Task ShowStatementsAndPartitionsMetaHaveTheColumnsOfTheRelease(string version)
    {
        await using StarRocksSimulator sim = await Sql.StartAsync(version);
        using var c = Sql.Open(sim);
        Sql.Seed(c);

        Assert.Equal(OlapPartitions(version), c.Query("SHOW PARTITIONS FROM sales.orders").Columns);
        WireResult be = c.Query("SHOW BACKENDS");
        Assert.Equal(Backends(version), be.Columns);
        Assert.Equal(3, be.Rows.Count);
        Assert.Equal(version.StartsWith('4') ? Cat(new[] { "Id" }, Frontends) : Frontends, c.Query("SHOW FRONTENDS").Columns);
        string[] mv = version == "2.5.22" ? new[] { "id", "name", "database_name", "text", "rows" }
            : version.StartsWith('4') ? Cat(Mv3, new[] { "last_refresh_process_time", "last_refresh_job_id" }) : Mv3;
        Assert.Equal(mv, c.Query("SHOW MATERIALIZED VIEWS FROM sales").Columns);

        string[]? meta = PartitionsMeta(version);
        if (meta is null)
        {
            FailsWith(c, "SELECT * FROM information_schema.partitions_meta", 1064, "Unknown table 'partitions_meta'");
            return;
        }

        WireResult all = c.Query("SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = 'sales' AND TABLE_NAME = 'orders'");
        Assert.Equal(meta, all.Columns);
        Assert.NotEmpty(all.Rows);
        // Named projection: the columns Core needs, in the order asked for.
        WireResult some = c.Query("SELECT PARTITION_ID, VISIBLE_VERSION, DATA_SIZE, ROW_COUNT FROM information_schema.partitions_meta WHERE DB_NAME = 'sales'");
        Assert.Equal(new[] { "PARTITION_ID", "VISIBLE_VERSION", "DATA_SIZE", "ROW_COUNT" }, some.Columns);
        string size = some.Rows[0][2]!;
        if (version.StartsWith('4')) Assert.Matches(@"^\d+$", size); // BIGINT bytes from 4.0 (PR #61251)
        else Assert.Matches(@"[A-Z]?B$", size); // human-readable VARCHAR before
        if (!meta.Contains("STORAGE_SIZE")) FailsWith(c, "SELECT STORAGE_SIZE FROM information_schema.partitions_meta", 1064, "Column 'STORAGE_SIZE' cannot be resolved");
    }

    private static void FailsWith(MySqlConnector.MySqlConnection c, string sql, int code, string messageEnd)
    {
        var e = Assert.Throws<MySqlConnector.MySqlException>(() => c.Exec(sql));
        Assert.Equal(code, e.Number);
        Assert.EndsWith(messageEnd, e.Message.TrimEnd('.'));
    }

    [S3Theory]
    [InlineData("3.3.14")]
    [InlineData("3.4.4")]
    [InlineData("4.2.0")]
    public async Task SharedDataPartitionsAndBackendsHaveTheCloudNativeColumns(string version)
    {
        await using StarRocksSimulator sim = await Sql.StartAsync(version, o => o.RunMode = SimulatorRunMode.SharedData);
        using var c = Sql.Open(sim);
        Sql.Seed(c);
        string[] lake =
        {
            "PartitionId", "PartitionName", "CompactVersion", "VisibleVersion", "NextVersion", "State", "PartitionKey", "Range", "DistributionKey", "Buckets", "DataSize",
        };
        string[] tail = { "RowCount", "EnableDataCache", "AsyncWrite", "AvgCS", "P50CS", "MaxCS", "DataVersion", "VersionEpoch", "VersionTxnType" };
        string[] expected = version switch
        {
            "3.3.14" => Cat(lake, tail),
            "3.4.4" => Cat(lake, new[] { "StorageSize" }, tail),
            _ => Cat(lake, new[] { "StorageSize" }, tail, new[] { "MetaSwitchVersion" }),
        };
        Assert.Equal(expected, c.Query("SHOW PARTITIONS FROM sales.orders").Columns);
        Assert.Equal(new[] { "StarletPort", "WorkerId", "WarehouseName" }, c.Query("SHOW BACKENDS").Columns.TakeLast(3));
    }
}
