using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;
using Xunit;
using TokenKind = StarRocksBackup.Simulator.Statements.TokenKind;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>Lexer/parser details and the catalog through the handler (no S3 needed).</summary>
public sealed class ParserAndCatalogTests
{
    private static readonly SrVersion V33 = SrVersion.Parse("3.3.9");

    [Fact]
    public void Lexer_QuotedIdentifiersStringsAndComments()
    {
        var t = Lexer.Tokenize("SELECT `a``b`, 'it''s', \"x\\\"y\\n\", -- comment\n /* block\n */ 12.5 # tail");
        Assert.Equal("a`b", t[1].Value);
        Assert.Equal(TokenKind.QuotedIdent, t[1].Kind);
        Assert.Equal("it's", t[3].Value);
        Assert.Equal("x\"y\n", t[5].Value);
        Assert.Equal(TokenKind.Number, t[7].Kind);
        Assert.Equal(3, t[7].Line);
        Assert.Equal(TokenKind.End, t[8].Kind);
    }

    [Fact]
    public void Parser_BackupAndRestoreForms()
    {
        var b = Assert.IsType<BackupStmt>(SqlParser.Parse("BACKUP SNAPSHOT `db`.`lbl` TO repo ON (t1 PARTITION (p1, p2), t2 PARTITIONS p3) PROPERTIES ('type' = 'full');", V33));
        Assert.Equal(("db", "lbl", "repo"), (b.LabelDb, b.Label, b.Repository));
        Assert.Equal(new[] { "p1", "p2" }, b.Objects[0].Partitions);
        Assert.Equal(new[] { "p3" }, b.Objects[1].Partitions);
        Assert.Equal("full", b.Properties.Get("type"));

        var r = Assert.IsType<RestoreStmt>(SqlParser.Parse("RESTORE SNAPSHOT l FROM r DATABASE src AS dst ON (TABLE t AS u, ALL TABLES) PROPERTIES (\"backup_timestamp\"=\"x\")", SrVersion.Parse("3.4.0")));
        Assert.Equal(("src", "dst"), (r.DatabaseClause, r.DatabaseAlias));
        Assert.Equal("u", r.Objects[0].Alias);
        Assert.Equal(BackupObjectKind.AllTables, r.Objects[1].Kind);
        Assert.IsType<DropSnapshotStmt>(SqlParser.Parse("DROP SNAPSHOT 'l' ON r FORCE", SrVersion.Parse("4.2.1")));
        // 3.3 requires PROPERTIES on CREATE REPOSITORY and RESTORE (G4-3x)
        Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse("CREATE REPOSITORY r WITH BROKER ON LOCATION 's3://b/p'", V33));
        Assert.IsType<CreateRepositoryStmt>(SqlParser.Parse("CREATE REPOSITORY r WITH BROKER ON LOCATION 's3://b/p'", SrVersion.Parse("3.4.0")));
    }

    [Fact]
    public async Task Catalog_InsertRoutesRowsVersionsRiseAndShowValues()
    {
        await using var h = new EngineHarness(configure: o => o.AliveBackends = 2);
        h.Ok("CREATE DATABASE d");
        h.Ok("USE d");
        h.Ok("CREATE TABLE t (id INT NOT NULL, dt DATETIME, v DOUBLE) DUPLICATE KEY(id) PARTITION BY RANGE(dt) " +
             "(PARTITION p1 VALUES LESS THAN ('2024-01-01'), PARTITION p2 VALUES LESS THAN (MAXVALUE)) DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES ('replication_num' = '2')");
        h.Ok("INSERT INTO t VALUES (1, '2023-05-05 10:00:00', 1.5), (2, '2025-01-01', 2)");
        h.Ok("INSERT INTO t (id, dt) VALUES (3, '2026-01-01 00:00:01')");
        var meta = h.Query("SELECT PARTITION_NAME, VISIBLE_VERSION, ROW_COUNT, BUCKETS, REPLICATION_NUM FROM information_schema.partitions_meta WHERE DB_NAME = 'd' AND TABLE_NAME = 't' ORDER BY PARTITION_NAME");
        Assert.Equal(new[] { "p1|2|1|4|2", "p2|3|2|4|2" }, meta.Rows.Select(r => string.Join("|", r)));
        var parts = h.Query("SHOW PARTITIONS FROM d.t");
        Assert.Equal("[types: [DATETIME]; keys: [0000-01-01 00:00:00]; ..types: [DATETIME]; keys: [2024-01-01 00:00:00]; )", EngineHarness.Cell(parts, 0, "Range"));
        Assert.Equal("id", EngineHarness.Cell(parts, 0, "DistributionKey"));
        Assert.Equal("2", EngineHarness.Cell(parts, 1, "RowCount"));
        Assert.Null(EngineHarness.Cell(parts, 0, "LastConsistencyCheckTime"));

        var sel = h.Query("SELECT id, v FROM t WHERE v >= 1 AND id IN (1, 2) ORDER BY id DESC LIMIT 1");
        Assert.Equal(new object?[] { "2", "2" }, Assert.Single(sel.Rows));
        Assert.Equal(ColumnType.Int, sel.Columns[0].Type);
        Assert.Equal("3", h.Query("SELECT COUNT(*) FROM t").Rows[0][0]);
        Assert.Null(h.Query("SELECT v FROM t WHERE id = 3").Rows[0][0]);
        Assert.Equal("3.3.9 a1b2c3d", h.Query("SELECT current_version()").Rows[0][0]);
        Assert.Equal(2, h.Query("SHOW BACKENDS").Rows.Count);
        Assert.Equal("shared_nothing", EngineHarness.Cell(h.Query("ADMIN SHOW FRONTEND CONFIG LIKE 'run_%'"), 0, "Value"));
        Assert.Empty(h.Query("SHOW BROKER").Rows);
        Assert.Contains(h.Query("SHOW DATABASES").Rows, r => (string?)r[0] == "d");
        Assert.Equal(new[] { "t" }, h.Query("SHOW TABLES").Rows.Select(r => r[0]));

        h.Ok("CREATE TABLE pk (k INT, v VARCHAR(5)) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ('replication_num' = '1')");
        h.Ok("INSERT INTO pk VALUES (1, 'a'), (2, 'b')");
        h.Ok("INSERT INTO pk VALUES (1, 'z')");
        Assert.Equal(new[] { "1|z", "2|b" }, h.Query("SELECT * FROM pk ORDER BY k").Rows.Select(r => string.Join("|", r)));
        h.Fails("CREATE TABLE big (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ('replication_num' = '3')", 5064, "42000",
            "Table replication num should be less than or equal to the number of available BE nodes. You can change this default by setting the replication_num table properties. Current alive backend is [2]. , table=, default_replication_num=3");
    }

    [Fact]
    public async Task GarbageNeverThrows_AndAValidStatementStillWorks()
    {
        await using var h = new EngineHarness();
        string[] pieces =
        {
            "BACKUP", "RESTORE", "SNAPSHOT", "SHOW", "CREATE", "DROP", "TABLE", "DATABASE", "ON", "(", ")", ",", ".", "'x", "\"y\"", "`z`", "``",
            "PROPERTIES", "=", "WHERE", "IN", "AND", "PARTITION", "VALUES", "LESS", "THAN", "MAXVALUE", "SELECT", "*", "FROM", "INSERT", "INTO",
            "12", "-", "/*", "*/", "--", "\n", "REPOSITORY", "WITH", "BROKER", "LOCATION", "CANCEL", "ALL", "TABLES", "AS", "\\", "[", "]", "é", ";",
        };
        var rng = new Random(4242);
        for (int i = 0; i < 400; i++)
        {
            string sql = string.Join(" ", Enumerable.Range(0, rng.Next(1, 12)).Select(_ => pieces[rng.Next(pieces.Length)]));
            QueryResult r = h.Exec(sql);
            Assert.NotNull(r);
            if (r is ErrorResult e) Assert.DoesNotContain("Unexpected exception", e.Message);
        }

        foreach (string s in new[] { "", " ", ";", "\0", "SELECT", "BACKUP SNAPSHOT", "RESTORE SNAPSHOT a.b FROM", "CREATE TABLE t (", "INSERT INTO t VALUES (", "SHOW SNAPSHOT ON r WHERE (" })
        {
            Assert.IsType<ErrorResult>(h.Exec(s));
        }

        h.Ok("CREATE DATABASE still_ok");
        Assert.Contains(h.Query("SHOW DATABASES").Rows, r => (string?)r[0] == "still_ok");
    }
}
