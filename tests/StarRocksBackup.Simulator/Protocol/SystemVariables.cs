// The system variables a MySQL driver or the mysql client asks for, with StarRocks' values
// (starrocks-facts.md §11.1.6; SessionVariable.java / GlobalVariable.java). SELECT @@x reads
// the session override (SET x = v), then the server-wide one (SET GLOBAL), then the default.
using System.Collections.Concurrent;
using System.Text;

namespace StarRocksBackup.Simulator.Protocol;

/// <summary>A known variable: its default text and the type SELECT @@x answers with.</summary>
internal sealed record SystemVariable(string Name, Func<ProtocolOptions, string> Default, ColumnType Type, bool GlobalOnly = false);

internal static class SystemVariables
{
    private static readonly SystemVariable[] Known =
    [
        Text("auto_increment_increment", "1", ColumnType.BigInt),
        Text("autocommit", "1", ColumnType.BigInt),
        Text("character_set_client", "utf8"),
        Text("character_set_connection", "utf8"),
        new("character_set_database", _ => "utf8", ColumnType.Varchar, GlobalOnly: true),
        Text("character_set_results", "utf8"),
        Text("character_set_server", "utf8"),
        Text("collation_connection", "utf8_general_ci"),
        Text("collation_database", "utf8_general_ci"),
        Text("collation_server", "utf8_general_ci"),
        Text("init_connect", string.Empty),
        Text("interactive_timeout", "3600", ColumnType.BigInt),
        Text("language", "/starrocks/share/english/"),
        Text("license", "Apache License 2.0"),
        Text("lower_case_table_names", "0", ColumnType.BigInt),
        Text("max_allowed_packet", "33554432", ColumnType.BigInt),
        Text("net_buffer_length", "16384", ColumnType.BigInt),
        Text("net_read_timeout", "60", ColumnType.BigInt),
        Text("net_write_timeout", "60", ColumnType.BigInt),
        Text("performance_schema", "0", ColumnType.BigInt),
        Text("query_cache_size", "1048576", ColumnType.BigInt),
        Text("query_cache_type", "0", ColumnType.BigInt),
        Text("query_timeout", "300", ColumnType.BigInt),
        Text("sql_mode", "ONLY_FULL_GROUP_BY"),
        Text("sql_select_limit", "9223372036854775807", ColumnType.BigInt),
        Text("system_time_zone", "UTC"),
        Text("time_zone", "UTC"),
        Text("transaction_isolation", "REPEATABLE-READ"),
        Text("transaction_read_only", "0", ColumnType.BigInt),
        Text("tx_isolation", "REPEATABLE-READ"),
        Text("tx_read_only", "0", ColumnType.BigInt),
        new("version", o => o.ServerVersion, ColumnType.Varchar),
        new("version_comment", o => o.VersionComment, ColumnType.Varchar),
        Text("wait_timeout", "28800", ColumnType.BigInt),
    ];

    private static readonly Dictionary<string, SystemVariable> ByName =
        Known.ToDictionary(v => v.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>All known names, sorted (SHOW VARIABLES order).</summary>
    public static IEnumerable<SystemVariable> All => Known.OrderBy(v => v.Name, StringComparer.Ordinal);

    public static SystemVariable? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>
    /// The value of <paramref name="name"/> in <paramref name="scope"/> ("session" or "global"), or null
    /// when it is neither known nor ever SET. Names are case-insensitive.
    /// </summary>
    public static string? Read(string name, bool global, ClientSession? session, IReadOnlyDictionary<string, string> globals, ProtocolOptions options)
    {
        if (!global && session is not null && session.Variables.TryGetValue(name, out string? s)) return s;
        if (globals.TryGetValue(name, out string? g)) return g;
        return Find(name)?.Default(options);
    }

    /// <summary>SHOW [SESSION|GLOBAL] VARIABLES: the known variables plus every name SET in this scope.</summary>
    public static List<(string Name, string Value)> Snapshot(bool global, ClientSession session, ConcurrentDictionary<string, string> globals, ProtocolOptions options)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (SystemVariable v in Known)
        {
            if (!v.GlobalOnly || global) names.Add(v.Name);
        }

        foreach (string n in globals.Keys) names.Add(n.ToLowerInvariant());
        if (!global)
        {
            foreach (string n in session.Variables.Keys)
            {
                if (!n.StartsWith('@')) names.Add(n.ToLowerInvariant());
            }
        }

        return names.Select(n => (n, Read(n, global, session, globals, options) ?? string.Empty)).ToList();
    }

    /// <summary>SQL LIKE, case-insensitive (the collation is _ci): % any run, _ one character, \ escapes.</summary>
    public static bool Like(string value, string pattern)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(System.Text.RegularExpressions.Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '%')
            {
                regex.Append(".*");
            }
            else if (c == '_')
            {
                regex.Append('.');
            }
            else
            {
                regex.Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        return System.Text.RegularExpressions.Regex.IsMatch(
            value, regex.ToString(), System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
    }

    private static SystemVariable Text(string name, string value, ColumnType type = ColumnType.Varchar) => new(name, _ => value, type);
}
