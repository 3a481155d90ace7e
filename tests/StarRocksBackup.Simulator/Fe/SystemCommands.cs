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

    /// <summary>SHOW BACKENDS: BackendsProcDir titles of the simulated release (ShowColumns); shared-data mode lists no BE.</summary>
    public QueryResult ShowBackends()
    {
        var inv = CultureInfo.InvariantCulture;
        string[] cols = ShowColumns.Backends(_ctx.Version, _ctx.SharedData);
        var rows = new List<object?[]>();
        if (!_ctx.SharedData)
        {
            long tablets;
            lock (_ctx.Catalog.Gate) tablets = _ctx.Catalog.Databases.SelectMany(d => d.Tables).Sum(t => (long)t.Partitions.Sum(p => p.Tablets.Count) * t.ReplicationNum);
            int n = _ctx.BackendIds.Count;
            foreach ((long id, int i) in _ctx.BackendIds.Select((id, i) => (id, i)))
            {
                var v = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["BackendId"] = id.ToString(inv), ["IP"] = $"127.0.0.{i + 1}", ["HeartbeatPort"] = "9050", ["BePort"] = "9060", ["HttpPort"] = "8040",
                    ["BrpcPort"] = "8060", ["LastStartTime"] = _ctx.FormatTime(_startMs), ["LastHeartbeat"] = _ctx.FormatTime(_ctx.Clock.NowMs), ["Alive"] = "true",
                    ["SystemDecommissioned"] = "false", ["ClusterDecommissioned"] = "false", ["TabletNum"] = (n == 0 ? 0 : tablets / n).ToString(inv),
                    ["DataUsedCapacity"] = "0.000 B", ["AvailCapacity"] = "1.000 TB", ["TotalCapacity"] = "1.000 TB", ["UsedPct"] = "0.00 %", ["MaxDiskUsedPct"] = "0.00 %",
                    ["ErrMsg"] = string.Empty, ["Version"] = $"{_ctx.Options.Version}-{_ctx.Options.GitHash}", ["Status"] = "{\"lastSuccessReportTabletsTime\":\"N/A\"}",
                    ["DataTotalCapacity"] = "1.000 TB", ["DataUsedPct"] = "0.00 %", ["CpuCores"] = "2", ["MemLimit"] = "8.000GB", ["NumRunningQueries"] = "0",
                    ["MemUsedPct"] = "0.00 %", ["CpuUsedPct"] = "0.0 %", ["DataCacheMetrics"] = "N/A", ["Location"] = string.Empty, ["StatusCode"] = "OK",
                    ["StarletPort"] = "0", ["WorkerId"] = "0", ["WarehouseName"] = "default_warehouse",
                };
                rows.Add(cols.Select(c => v[c]).ToArray());
            }
        }

        return ResultSetResult.Strings(cols, rows);
    }

    /// <summary>SHOW FRONTENDS: FrontendsProcNode titles of the simulated release; the simulator is one leader FE.</summary>
    public QueryResult ShowFrontends()
    {
        string[] cols = ShowColumns.Frontends(_ctx.Version);
        var inv = CultureInfo.InvariantCulture;
        var v = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Id"] = "1", ["Name"] = $"127.0.0.1_9010_{_startMs.ToString(inv)}", ["IP"] = "127.0.0.1", ["EditLogPort"] = "9010", ["HttpPort"] = "8030",
            ["QueryPort"] = "9030", ["RpcPort"] = "9020", ["Role"] = "LEADER", ["ClusterId"] = "1618031221", ["Join"] = "true", ["Alive"] = "true",
            ["ReplayedJournalId"] = "1000", ["LastHeartbeat"] = _ctx.FormatTime(_ctx.Clock.NowMs), ["IsHelper"] = "true", ["ErrMsg"] = string.Empty,
            ["StartTime"] = _ctx.FormatTime(_startMs), ["Version"] = $"{_ctx.Options.Version}-{_ctx.Options.GitHash}",
        };
        return ResultSetResult.Strings(cols, new[] { cols.Select(c => v[c]).ToArray() });
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
