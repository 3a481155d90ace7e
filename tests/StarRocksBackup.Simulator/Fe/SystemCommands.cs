using System.Globalization;
using System.Text.RegularExpressions;
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>SHOW BACKENDS, SHOW BROKER, ADMIN SHOW FRONTEND CONFIG.</summary>
public sealed class SystemCommands
{
    private readonly FeContext _ctx;
    private readonly long _startMs;

    public SystemCommands(FeContext ctx)
    {
        _ctx = ctx;
        _startMs = ctx.Clock.NowMs;
    }

    /// <summary>BackendsProcDir.TITLE_NAMES (3.x); shared-data adds StarletPort, WorkerId.</summary>
    public static readonly string[] BackendColumns =
    {
        "BackendId", "IP", "HeartbeatPort", "BePort", "HttpPort", "BrpcPort", "LastStartTime", "LastHeartbeat", "Alive",
        "SystemDecommissioned", "ClusterDecommissioned", "TabletNum", "DataUsedCapacity", "AvailCapacity", "TotalCapacity", "UsedPct",
        "MaxDiskUsedPct", "ErrMsg", "Version", "Status", "DataTotalCapacity", "DataUsedPct", "CpuCores", "NumRunningQueries",
        "MemUsedPct", "CpuUsedPct", "DataCacheMetrics", "location",
    };

    public QueryResult ShowBackends()
    {
        var inv = CultureInfo.InvariantCulture;
        string[] cols = _ctx.SharedData ? BackendColumns.Concat(new[] { "StarletPort", "WorkerId" }).ToArray() : BackendColumns;
        var rows = new List<object?[]>();
        if (!_ctx.SharedData)
        {
            long tablets;
            lock (_ctx.Catalog.Gate) tablets = _ctx.Catalog.Databases.SelectMany(d => d.Tables).Sum(t => (long)t.Partitions.Sum(p => p.Tablets.Count) * t.ReplicationNum);
            int n = _ctx.BackendIds.Count;
            foreach ((long id, int i) in _ctx.BackendIds.Select((id, i) => (id, i)))
            {
                rows.Add(new object?[]
                {
                    id.ToString(inv), $"127.0.0.{i + 1}", "9050", "9060", "8040", "8060", _ctx.FormatTime(_startMs), _ctx.FormatTime(_ctx.Clock.NowMs), "true",
                    "false", "false", (n == 0 ? 0 : tablets / n).ToString(inv), "0.000 B", "1.000 TB", "1.000 TB", "0.00 %",
                    "0.00 %", string.Empty, $"{_ctx.Options.Version}-{_ctx.Options.GitHash}", "{\"lastSuccessReportTabletsTime\":\"N/A\"}", "1.000 TB", "0.00 %", "2", "0",
                    "0.00 %", "0.0 %", "N/A", string.Empty,
                });
            }
        }

        return ResultSetResult.Strings(cols, rows);
    }

    /// <summary>FrontendsProcNode.TITLE_NAMES (2.5-3.4); 4.0+ lists the node id first (docs of 4.0; see report).</summary>
    public static readonly string[] FrontendColumns =
    {
        "Name", "IP", "EditLogPort", "HttpPort", "QueryPort", "RpcPort", "Role", "ClusterId", "Join", "Alive", "ReplayedJournalId",
        "LastHeartbeat", "IsHelper", "ErrMsg", "StartTime", "Version",
    };

    /// <summary>SHOW FRONTENDS: the simulator is one leader FE.</summary>
    public QueryResult ShowFrontends()
    {
        bool withId = _ctx.Version.AtLeast(4, 0);
        string[] cols = withId ? new[] { "Id" }.Concat(FrontendColumns).ToArray() : FrontendColumns;
        var inv = CultureInfo.InvariantCulture;
        var row = new List<object?>
        {
            $"127.0.0.1_9010_{_startMs.ToString(inv)}", "127.0.0.1", "9010", "8030", "9030", "9020", "LEADER", "1618031221", "true", "true",
            "1000", _ctx.FormatTime(_ctx.Clock.NowMs), "true", string.Empty, _ctx.FormatTime(_startMs), $"{_ctx.Options.Version}-{_ctx.Options.GitHash}",
        };
        if (withId) row.Insert(0, "1");
        return ResultSetResult.Strings(cols, new[] { row.ToArray() });
    }

    /// <summary>BrokerProcNode titles (facts §2.5); the simulator has no brokers.</summary>
    public static QueryResult ShowBroker() =>
        ResultSetResult.Strings(new[] { "Name", "IP", "Port", "Alive", "LastStartTime", "LastUpdateTime", "ErrMsg" }, Array.Empty<object?[]>());

    public static readonly string[] ConfigColumns = { "Key", "AliasNames", "Value", "Type", "IsMutable", "Comment" };

    public QueryResult ShowFrontendConfig(string? pattern)
    {
        var configs = new (string Key, string Value, string Type, bool Mutable)[]
        {
            ("backup_job_default_timeout_ms", "86400000", "int", true),
            ("enable_colocate_restore", "false", "boolean", true),
            ("history_job_keep_max_second", "604800", "int", true),
            ("mysql_server_version", "5.1.0", "String", true),
            ("run_mode", _ctx.SharedData ? "shared_data" : "shared_nothing", "String", false),
        };
        Regex? like = pattern is null ? null : new Regex("^" + Regex.Escape(pattern).Replace("%", ".*").Replace("_", ".") + "$", RegexOptions.IgnoreCase);
        return ResultSetResult.Strings(ConfigColumns, configs.Where(c => like is null || like.IsMatch(c.Key))
            .Select(c => new object?[] { c.Key, "[]", c.Value, c.Type, c.Mutable ? "true" : "false", string.Empty }));
    }
}
