using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// Column lists of SHOW PARTITIONS / BACKENDS / FRONTENDS / MATERIALIZED VIEWS and information_schema.partitions_meta per
/// StarRocks release, read from StarRocks' source at the release tags (docs/starrocks-columns.md records tag, path and
/// the patch release where each column appeared). Patch boundaries matter: 3.3.0-3.3.1 lack DataVersion, 3.4.0-3.4.3
/// lack StorageSize.
/// </summary>
public static class ShowColumns
{
    private static bool AtLeast(SrVersion v, int major, int minor, int patch) =>
        v.Major != major || v.Minor != minor ? v.AtLeast(major, minor) : v.Patch >= patch;

    /// <summary>DataVersion / VersionEpoch / VersionTxnType (PR #46507): 3.3.2+, 3.4.0+.</summary>
    public static bool HasDataVersion(SrVersion v) => AtLeast(v, 3, 3, 2);

    /// <summary>StorageSize (PR #56234): 3.4.4+ (not in any 3.3).</summary>
    public static bool HasStorageSize(SrVersion v) => v.AtLeast(4, 0) || (v.Major == 3 && v.Minor >= 5) || (v.Major == 3 && v.Minor == 4 && v.Patch >= 4);

    /// <summary>PartitionsProcDir titles (shared-nothing OLAP table, or the cloud-native variant in shared-data mode).</summary>
    public static string[] Partitions(SrVersion v, bool sharedData, bool listPartitioned = false)
    {
        string range = listPartitioned ? "List" : "Range";
        var cols = new List<string>();
        if (!v.AtLeast(3, 0))
        {
            // 2.5: one builder; lake tables (integrate_starmgr) swap the storage columns.
            cols.AddRange(new[] { "PartitionId", "PartitionName", "VisibleVersion", "VisibleVersionTime", "VisibleVersionHash", "State", "PartitionKey", range, "DistributionKey", "Buckets", "ReplicationNum" });
            cols.AddRange(sharedData
                ? new[] { "EnableStorageCache", "StorageCacheTtlSecond", "AllowAsyncWriteBack", "DataSize", "RowCount" }
                : new[] { "StorageMedium", "CooldownTime", "LastConsistencyCheckTime", "DataSize", "IsInMemory", "RowCount" });
            return cols.ToArray();
        }

        if (sharedData)
        {
            cols.AddRange(new[] { "PartitionId", "PartitionName", "CompactVersion", "VisibleVersion", "NextVersion", "State", "PartitionKey", range, "DistributionKey", "Buckets", "DataSize" });
            if (HasStorageSize(v)) cols.Add("StorageSize");
            cols.AddRange(new[] { "RowCount", "EnableDataCache", "AsyncWrite", "AvgCS", "P50CS", "MaxCS" });
            if (HasDataVersion(v)) cols.AddRange(new[] { "DataVersion", "VersionEpoch", "VersionTxnType" });
            if (v.AtLeast(4, 0)) cols.Add("MetaSwitchVersion");
            return cols.ToArray();
        }

        cols.AddRange(new[]
        {
            "PartitionId", "PartitionName", "VisibleVersion", "VisibleVersionTime", "VisibleVersionHash", "State", "PartitionKey", range, "DistributionKey",
            "Buckets", "ReplicationNum", "StorageMedium", "CooldownTime", "LastConsistencyCheckTime", "DataSize",
        });
        if (HasStorageSize(v)) cols.Add("StorageSize");
        cols.AddRange(new[] { "IsInMemory", "RowCount" });
        if (HasDataVersion(v)) cols.AddRange(new[] { "DataVersion", "VersionEpoch", "VersionTxnType" });
        if (v.AtLeast(3, 5)) cols.Add("TabletBalanced");
        return cols.ToArray();
    }

    /// <summary>BackendsProcDir TITLE_NAMES (+ TITLE_NAMES_SHARED_DATA in shared-data mode).</summary>
    public static string[] Backends(SrVersion v, bool sharedData)
    {
        var cols = new List<string>
        {
            "BackendId", "IP", "HeartbeatPort", "BePort", "HttpPort", "BrpcPort", "LastStartTime", "LastHeartbeat", "Alive", "SystemDecommissioned",
            "ClusterDecommissioned", "TabletNum", "DataUsedCapacity", "AvailCapacity", "TotalCapacity", "UsedPct", "MaxDiskUsedPct", "ErrMsg", "Version",
            "Status", "DataTotalCapacity", "DataUsedPct", "CpuCores",
        };
        if (AtLeast(v, 3, 3, 4)) cols.Add("MemLimit");
        cols.AddRange(new[] { "NumRunningQueries", "MemUsedPct", "CpuUsedPct" });
        if (!v.AtLeast(3, 0))
        {
            if (sharedData) cols.AddRange(new[] { "StarletPort", "WorkerId" });
            return cols.ToArray();
        }

        cols.AddRange(new[] { "DataCacheMetrics", "Location" });
        if (v.AtLeast(3, 4)) cols.Add("StatusCode");
        if (sharedData) cols.AddRange(new[] { "StarletPort", "WorkerId", "WarehouseName" });
        return cols.ToArray();
    }

    /// <summary>FrontendsProcNode TITLE_NAMES; "Id" first from PR #57276 (3.5+, 4.x).</summary>
    public static string[] Frontends(SrVersion v)
    {
        var cols = new List<string>
        {
            "Name", "IP", "EditLogPort", "HttpPort", "QueryPort", "RpcPort", "Role", "ClusterId", "Join", "Alive", "ReplayedJournalId", "LastHeartbeat",
            "IsHelper", "ErrMsg", "StartTime", "Version",
        };
        if (v.AtLeast(3, 5)) cols.Insert(0, "Id");
        return cols.ToArray();
    }

    /// <summary>SHOW MATERIALIZED VIEWS: 2.5 ShowMaterializedViewStmt; 3.x ShowMaterializedViewsStmt META_DATA; 4.x ShowResultMetaFactory.</summary>
    public static string[] MaterializedViews(SrVersion v)
    {
        if (!v.AtLeast(3, 0)) return new[] { "id", "name", "database_name", "text", "rows" };
        var cols = new List<string>
        {
            "id", "database_name", "name", "refresh_type", "is_active", "inactive_reason", "partition_type", "task_id", "task_name",
            "last_refresh_start_time", "last_refresh_finished_time", "last_refresh_duration", "last_refresh_state", "last_refresh_force_refresh",
            "last_refresh_start_partition", "last_refresh_end_partition", "last_refresh_base_refresh_partitions", "last_refresh_mv_refresh_partitions",
            "last_refresh_error_code", "last_refresh_error_message", "rows", "text", "extra_message", "query_rewrite_status", "creator",
        };
        if (v.AtLeast(4, 0)) cols.AddRange(new[] { "last_refresh_process_time", "last_refresh_job_id" });
        return cols.ToArray();
    }

    /// <summary>Whether information_schema.partitions_meta exists (PR #39265; present from 3.3.0 — absent in 2.5).</summary>
    public static bool HasPartitionsMeta(SrVersion v) => v.AtLeast(3, 3);

    /// <summary>PartitionsMetaSystemTable columns with their types (DATA_SIZE is VARCHAR before 4.0, BIGINT bytes from 4.0: PR #61251).</summary>
    public static (string Name, string Type)[] PartitionsMeta(SrVersion v)
    {
        const string V = "VARCHAR", B = "BIGINT", T = "DATETIME", Z = "BOOLEAN", D = "DOUBLE";
        var cols = new List<(string, string)>
        {
            ("DB_NAME", V), ("TABLE_NAME", V), ("PARTITION_NAME", V), ("PARTITION_ID", B), ("COMPACT_VERSION", B), ("VISIBLE_VERSION", B),
            ("VISIBLE_VERSION_TIME", T), ("NEXT_VERSION", B),
        };
        if (HasDataVersion(v)) cols.AddRange(new[] { ("DATA_VERSION", B), ("VERSION_EPOCH", B), ("VERSION_TXN_TYPE", V) });
        cols.AddRange(new[]
        {
            ("PARTITION_KEY", V), ("PARTITION_VALUE", V), ("DISTRIBUTION_KEY", V), ("BUCKETS", "INT"), ("REPLICATION_NUM", "INT"), ("STORAGE_MEDIUM", V),
            ("COOLDOWN_TIME", T), ("LAST_CONSISTENCY_CHECK_TIME", T), ("IS_IN_MEMORY", Z), ("IS_TEMP", Z), ("DATA_SIZE", v.AtLeast(4, 0) ? B : V), ("ROW_COUNT", B),
            ("ENABLE_DATACACHE", Z), ("AVG_CS", D), ("P50_CS", D), ("MAX_CS", D), ("STORAGE_PATH", V),
        });
        if (HasStorageSize(v)) cols.Add(("STORAGE_SIZE", B));
        if (v.AtLeast(3, 5)) cols.Add(("TABLET_BALANCED", Z));
        if (v.AtLeast(4, 0)) cols.Add(("METADATA_SWITCH_VERSION", B));
        return cols.ToArray();
    }
}
