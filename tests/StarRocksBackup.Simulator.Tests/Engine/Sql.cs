using MySqlConnector;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>A result read over the wire with MySqlConnector: column names and text cells (null = SQL NULL).</summary>
public sealed record WireResult(string[] Columns, List<string?[]> Rows)
{
    public string? Cell(int row, string column)
    {
        int i = Array.IndexOf(Columns, column);
        Assert.True(i >= 0, $"no column {column} in {string.Join(",", Columns)}");
        return Rows[row][i];
    }
}

/// <summary>MySqlConnector helpers for the TCP tests.</summary>
public static class Sql
{
    public static async Task<StarRocksSimulator> StartAsync(string version = "3.3.9", Action<SimulatorOptions>? configure = null)
    {
        var o = new SimulatorOptions
        {
            Version = version,
            BackupPhaseDuration = TimeSpan.FromMilliseconds(40),
            RestorePhaseDuration = TimeSpan.FromMilliseconds(40),
        };
        configure?.Invoke(o);
        return await StarRocksSimulator.StartAsync(o);
    }

    public static MySqlConnection Open(StarRocksSimulator sim)
    {
        var c = new MySqlConnection(sim.ConnectionString() + ";Pooling=false;Default Command Timeout=30");
        c.Open();
        return c;
    }

    public static void Exec(this MySqlConnection c, string sql)
    {
        using var cmd = new MySqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    public static WireResult Query(this MySqlConnection c, string sql)
    {
        using var cmd = new MySqlCommand(sql, c);
        using MySqlDataReader r = cmd.ExecuteReader();
        string[] cols = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
        var rows = new List<string?[]>();
        while (r.Read())
        {
            rows.Add(Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }

        return new WireResult(cols, rows);
    }

    /// <summary>Asserts the statement fails with exactly this code and message; returns the exception.</summary>
    public static MySqlException Fails(this MySqlConnection c, string sql, int code, string message)
    {
        var e = Assert.Throws<MySqlException>(() => c.Exec(sql));
        Assert.Equal(message, e.Message);
        Assert.Equal(code, e.Number);
        return e;
    }

    public static string CreateRepoSql(string name, string prefix, bool readOnly = false)
    {
        S3Settings s3 = TestEnvironment.RequireS3();
        return $"CREATE {(readOnly ? "READ ONLY " : string.Empty)}REPOSITORY `{name}` WITH BROKER ON LOCATION \"s3a://{s3.Bucket}/{prefix}\" " +
               $"PROPERTIES (\"aws.s3.access_key\" = \"{s3.AccessKey}\", \"aws.s3.secret_key\" = \"{s3.SecretKey}\", " +
               $"\"aws.s3.endpoint\" = \"{s3.Endpoint}\", \"aws.s3.region\" = \"{s3.Region}\")";
    }

    public static WireResult WaitState(this MySqlConnection c, string showSql, params string[] states)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            WireResult r = c.Query(showSql);
            if (r.Rows.Count > 0 && states.Contains(r.Cell(0, "State"))) return r;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{showSql}: state {(r.Rows.Count > 0 ? r.Cell(0, "State") : "<none>")}");
            Thread.Sleep(10);
        }
    }

    /// <summary>The seed data of the TCP tests: a range-partitioned table and an unpartitioned PRIMARY KEY table.</summary>
    public static void Seed(MySqlConnection c, string db = "sales")
    {
        c.Exec($"CREATE DATABASE {db}");
        c.Exec($"USE {db}");
        c.Exec("CREATE TABLE orders (id BIGINT, dt DATE, amount DECIMAL(10,2), note VARCHAR(64)) DUPLICATE KEY(id) " +
               "PARTITION BY RANGE(dt) (PARTITION p202401 VALUES LESS THAN (\"2024-02-01\"), PARTITION p202402 VALUES [(\"2024-02-01\"), (\"2024-03-01\"))) " +
               "DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES (\"replication_num\" = \"1\")");
        c.Exec("INSERT INTO orders VALUES (1, '2024-01-05', 10.5, 'a'), (2, '2024-01-06', 20, 'it''s'), (3, '2024-02-07', 30.25, NULL)");
        c.Exec("INSERT INTO orders (id, dt, amount) VALUES (4, '2024-02-08', 1)");
        c.Exec("CREATE TABLE dim (k INT, name VARCHAR(10)) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        c.Exec("INSERT INTO dim VALUES (1, 'one'), (2, 'two')");
    }

    /// <summary>BACKUP, wait for FINISHED, return the snapshot timestamp from SHOW SNAPSHOT.</summary>
    public static string BackupAndWait(this MySqlConnection c, string db, string label, string repo, string on = "")
    {
        c.Exec($"BACKUP SNAPSHOT {db}.{label} TO {repo}{on}");
        WireResult r = c.WaitState($"SHOW BACKUP FROM {db}", "FINISHED", "CANCELLED");
        Assert.Equal("[OK]", r.Cell(0, "Status"));
        WireResult s = c.Query($"SHOW SNAPSHOT ON {repo} WHERE SNAPSHOT = '{label}'");
        Assert.Equal("OK", s.Cell(0, "Status"));
        return s.Cell(0, "Timestamp")!;
    }

    public static string Dump(this MySqlConnection c, string sql) => string.Join("\n", c.Query(sql).Rows.Select(r => string.Join("|", r.Select(x => x ?? "NULL"))));
}
