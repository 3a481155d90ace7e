using MySqlConnector;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>The MySQL-compatibility statements the wire layer answers itself, through MySqlConnector.</summary>
public sealed class CompatStatementTests
{
    private static List<object?[]> Rows(MySqlConnection c, string sql, out string[] columns)
    {
        using var cmd = new MySqlCommand(sql, c);
        using var r = cmd.ExecuteReader();
        columns = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            r.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }

    private static Dictionary<string, string> Variables(MySqlConnection c, string sql) =>
        Rows(c, sql, out _).ToDictionary(r => (string)r[0]!, r => (string)r[1]!);

    [Fact]
    public async Task SHOW_VARIABLES_has_StarRocks_values_all_varchar_and_LIKE_filters()
    {
        await using TestServer s = TestServer.Start(o => o.VersionComment = "StarRocks version 3.3.9-abc");
        using var c = s.Open();
        var rows = Rows(c, "SHOW VARIABLES", out string[] columns);
        Assert.Equal(["Variable_name", "Value"], columns);
        Assert.All(rows, r => Assert.IsType<string>(r[1]));
        var all = rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal("utf8", all["character_set_client"]);
        Assert.Equal("utf8", all["character_set_connection"]);
        Assert.Equal("utf8", all["character_set_results"]); // the driver's only connect statement is SET NAMES utf8
        Assert.Equal("utf8", all["character_set_server"]);
        Assert.Equal("utf8_general_ci", all["collation_connection"]);
        Assert.Equal("utf8_general_ci", all["collation_database"]);
        Assert.Equal("utf8_general_ci", all["collation_server"]);
        Assert.Equal("0", all["lower_case_table_names"]);
        Assert.Equal("Apache License 2.0", all["license"]);
        Assert.Equal("5.1.0", all["version"]);
        Assert.Equal("StarRocks version 3.3.9-abc", all["version_comment"]);
        Assert.True(long.Parse(all["max_allowed_packet"]) >= 16 * 1024 * 1024);
        foreach (string n in new[] { "sql_mode", "autocommit", "time_zone", "system_time_zone", "wait_timeout", "interactive_timeout", "net_write_timeout", "tx_isolation", "transaction_isolation", "query_timeout" })
        {
            Assert.True(all.ContainsKey(n), n);
        }

        Assert.False(all.ContainsKey("character_set_database")); // global only

        Assert.Equal(
            ["character_set_client", "character_set_connection", "character_set_results", "character_set_server"],
            Variables(c, "show   variables like 'character\\_set\\_%'").Keys);
        Assert.Equal(["version_comment"], Variables(c, "SHOW SESSION VARIABLES LIKE 'VERSION_COMMEN_'").Keys);
        Assert.Equal("utf8", Variables(c, "SHOW GLOBAL VARIABLES LIKE 'character_set_database'")["character_set_database"]);
        Assert.Equal(
            ["max_allowed_packet", "version"],
            Variables(c, "SHOW VARIABLES WHERE Variable_name = 'version' OR variable_name IN ('max_allowed_packet')").Keys);
        Assert.Empty(Variables(c, "SHOW VARIABLES LIKE 'no_such_thing%'"));
    }

    [Fact]
    public async Task SHOW_COLLATION_and_SHOW_CHARSET_are_StarRocks_rows()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        foreach (string sql in new[] { "SHOW COLLATION", "show collation like 'utf8%'" })
        {
            var rows = Rows(c, sql, out string[] columns);
            Assert.Equal(["Collation", "Charset", "Id", "Default", "Compiled", "Sortlen"], columns);
            Assert.Equal(3, rows.Count);
            Assert.Equal(new object?[] { "utf8_general_ci", "utf8", 33L, "Yes", "Yes", 1L }, rows[0]);
            Assert.Equal(new object?[] { "binary", "binary", 63L, "Yes", "Yes", 1L }, rows[1]);
            Assert.Equal(new object?[] { "gbk_chinese_ci", "gbk", 28L, "Yes", "Yes", 1L }, rows[2]);
        }

        foreach (string sql in new[] { "SHOW CHARSET", "SHOW CHARACTER SET" })
        {
            var rows = Rows(c, sql, out string[] columns);
            Assert.Equal(["Charset", "Description", "Default collation", "Maxlen"], columns);
            Assert.Equal(new object?[] { "utf8", "UTF-8 Unicode", "utf8_general_ci", 3L }, Assert.Single(rows));
        }
    }

    [Fact]
    public async Task SELECT_system_variables_name_columns_as_written_and_type_numbers_as_BIGINT()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        var rows = Rows(c,
            "SELECT @@max_allowed_packet, @@character_set_client, @@character_set_connection, @@license, @@sql_mode, @@lower_case_table_names, @@autocommit",
            out string[] columns);
        Assert.Equal(["@@max_allowed_packet", "@@character_set_client", "@@character_set_connection", "@@license", "@@sql_mode", "@@lower_case_table_names", "@@autocommit"], columns);
        object?[] row = Assert.Single(rows);
        Assert.IsType<long>(row[0]);
        Assert.Equal("utf8", row[1]);
        Assert.Equal(0L, row[5]);
        Assert.Equal(1L, row[6]);

        row = Assert.Single(Rows(c, "select  @@SESSION.version_comment AS vc, @@global.version v2 , VERSION(), @@version LIMIT 1", out columns));
        Assert.Equal(["vc", "v2", "VERSION()", "@@version"], columns);
        Assert.Equal(new object?[] { "StarRocks version 3.3.9", "5.1.0", "5.1.0", "5.1.0" }, row);

        Assert.Empty(Rows(c, "SELECT @@version_comment LIMIT 0", out _));
        row = Assert.Single(Rows(c, "SELECT TIMEDIFF(NOW(), UTC_TIMESTAMP())", out columns));
        Assert.Equal("TIMEDIFF(NOW(), UTC_TIMESTAMP())", columns[0]);
        Assert.Equal(TimeSpan.Zero, row[0]);
        Assert.Equal(DBNull.Value, Assert.Single(Rows(c, "SELECT DATABASE()", out _))[0]);
    }

    [Fact]
    public async Task Unknown_system_variable_is_ERR_1193()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        using var cmd = new MySqlCommand("SELECT @@no_such_variable", c);
        var ex = Assert.Throws<MySqlException>(() => cmd.ExecuteScalar());
        Assert.Equal(1193, ex.Number);
        Assert.Equal("Unknown system variable 'no_such_variable'", ex.Message);
        QueryLogEntryAssert.Last(s, "SELECT @@no_such_variable", 1193);
    }

    [Fact]
    public async Task SET_stores_session_and_global_variables()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        Exec(c, "SET @@session.query_timeout = 600, wait_timeout=100, SESSION sql_mode = 'STRICT_TRANS_TABLES'");
        var row = Assert.Single(Rows(c, "SELECT @@query_timeout AS qt, @@session.wait_timeout, @@sql_mode", out _));
        Assert.Equal(new object?[] { 600L, 100L, "STRICT_TRANS_TABLES" }, row);
        Assert.Equal("600", Variables(c, "SHOW VARIABLES LIKE 'query_timeout'")["query_timeout"]);
        Assert.Equal("300", Variables(c, "SHOW GLOBAL VARIABLES LIKE 'query_timeout'")["query_timeout"]);

        Exec(c, "SET GLOBAL query_timeout = 30");
        Assert.Equal("30", Variables(c, "SHOW GLOBAL VARIABLES LIKE 'query_timeout'")["query_timeout"]);
        Assert.Equal(600L, Scalar(c, "SELECT @@query_timeout")); // the session override wins
        using (var other = s.Open())
        {
            Assert.Equal(30L, Scalar(other, "SELECT @@query_timeout"));
            Assert.Equal(28800L, Scalar(other, "SELECT @@wait_timeout")); // session values do not leak
        }

        Exec(c, "SET query_timeout = DEFAULT");
        Assert.Equal(30L, Scalar(c, "SELECT @@query_timeout"));
        Exec(c, "SET character_set_results=NULL");
        Exec(c, "SET autocommit = 1");
        Exec(c, "set session transaction isolation level read committed");
        Exec(c, "SET new_planner_optimize_timeout = 3000"); // StarRocks variables the simulator does not know are kept
        Assert.Equal("3000", Variables(c, "SHOW VARIABLES LIKE 'new_planner%'")["new_planner_optimize_timeout"]);
    }

    [Fact]
    public async Task SET_NAMES_accepts_utf8_family_and_rejects_others_as_StarRocks_does()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        Exec(c, "SET NAMES utf8mb4");
        Exec(c, "SET NAMES 'utf8' COLLATE 'utf8_general_ci'");
        Exec(c, "set names UTF8MB3");
        Assert.Equal("utf8", Variables(c, "SHOW VARIABLES LIKE 'character_set_client'")["character_set_client"]);
        Assert.Equal("utf8", Variables(c, "SHOW VARIABLES LIKE 'character_set_connection'")["character_set_connection"]);

        var latin = Assert.Throws<MySqlException>(() => Exec(c, "SET NAMES latin1"));
        Assert.Equal(1115, latin.Number);
        Assert.Equal("Getting analyzing error. Detail message: Unknown character set: 'latin1'.", latin.Message);
        var gbk = Assert.Throws<MySqlException>(() => Exec(c, "SET NAMES gbk"));
        Assert.Equal(1064, gbk.Number);
        Assert.Equal("Getting analyzing error. Detail message: charset name gbk is not supported yet.", gbk.Message);

        // A failed SET changes nothing, even its valid parts.
        Assert.Throws<MySqlException>(() => Exec(c, "SET query_timeout = 1, NAMES latin1"));
        Assert.Equal(300L, Scalar(c, "SELECT @@query_timeout"));
    }

    [Fact]
    public async Task KILL_unknown_id_is_ERR_1094_and_KILL_CONNECTION_closes_the_other_connection()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        var ex = Assert.Throws<MySqlException>(() => Exec(c, "KILL QUERY 99999"));
        Assert.Equal(1094, ex.Number);
        Assert.Equal("Unknown thread id: 99999", ex.Message);
        Assert.Equal(1094, Assert.Throws<MySqlException>(() => Exec(c, "KILL 99998")).Number);

        using var victim = s.Open();
        long victimId = (long)Scalar(victim, "SELECT CONNECTION_ID()")!;
        Exec(c, $"KILL CONNECTION {victimId}");
        Assert.ThrowsAny<Exception>(() => Scalar(victim, "SELECT CONNECTION_ID()"));
        Assert.NotNull(Scalar(c, "SELECT CONNECTION_ID()"));
    }

    [Fact]
    public async Task Statements_outside_the_compat_set_go_to_the_handler()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        foreach (string sql in new[] { "SELECT @@version FROM dual", "SELECT @@version, 1", "SHOW DATABASES", "SET PASSWORD = 'x'", "SELECT SLEEP(1) + 1" })
        {
            Assert.Throws<MySqlException>(() => Exec(c, sql));
            Assert.Contains(s.Handler.Received, r => r.Sql == sql);
        }
    }

    private static void Exec(MySqlConnection c, string sql)
    {
        using var cmd = new MySqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(MySqlConnection c, string sql)
    {
        using var cmd = new MySqlCommand(sql, c);
        return cmd.ExecuteScalar();
    }
}
