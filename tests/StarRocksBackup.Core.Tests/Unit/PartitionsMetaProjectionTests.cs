using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Sql;
using StarRocksBackup.Core.Tests.Support;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>partitions_meta is read through the columns the module uses, with SELECT * when a server refuses one of them.</summary>
public sealed class PartitionsMetaProjectionTests
{
    [Fact]
    public void The_query_names_every_column_the_parser_reads_and_nothing_else()
    {
        string sql = FakeSession.Client(new FakeSession(_ => ResultTable.Empty)).Dialect.SelectPartitions("d", "t");
        Assert.Equal(
            "SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, VISIBLE_VERSION_TIME, PARTITION_KEY, PARTITION_VALUE, "
            + "BUCKETS, REPLICATION_NUM, IS_TEMP, DATA_SIZE, ROW_COUNT FROM information_schema.partitions_meta WHERE DB_NAME = 'd' AND TABLE_NAME = 't'",
            sql);

        // Every named column is one the parser reads: a row carrying only these columns fills every Partition property.
        var row = new string?[] { "d", "t", "p1", "11", "7", "2026-01-02 03:04:05", "k", "[types: [INT]; keys: [0]; ..types: [INT]; keys: [10]; )", "3", "2", "0", "1.5KB", "42" };
        var p = Parsing.ShowParsers.ParsePartitions(new ResultTable(SqlDialect.PartitionsMetaColumns.ToArray(), new[] { row })).Single();
        Assert.Equal(("d", "t", "p1", 11L, 7L, 42L, 3, 2, "k"), (p.Database, p.Table, p.Name, p.PartitionId, p.VisibleVersion, p.RowCount, p.Buckets, p.ReplicationNum, p.PartitionKey));
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5), p.VisibleVersionTime);
        Assert.Equal(1536L, p.DataSizeBytes);
        Assert.False(p.IsTemp);
        Assert.NotEmpty(p.PartitionValue);
        Assert.StartsWith("SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = 'd'", FakeSession.Client(new FakeSession(_ => ResultTable.Empty)).Dialect.SelectPartitions("d", null, allColumns: true));
    }

    [Fact]
    public async Task A_server_that_lacks_a_named_column_is_asked_for_every_column_and_still_answers()
    {
        var session = new FakeSession(sql =>
        {
            if (sql.StartsWith("SELECT DB_NAME,", StringComparison.Ordinal))
            {
                throw new StarRocksBackupException(ErrorKind.ServerError, "Getting analyzing error. Detail message: Column 'DATA_SIZE' cannot be resolved.") { ServerErrorCode = 1064 };
            }

            return sql.StartsWith("SELECT * FROM information_schema.partitions_meta", StringComparison.Ordinal)
                ? FakeSession.Table(new[] { "DB_NAME", "TABLE_NAME", "PARTITION_NAME", "PARTITION_ID", "VISIBLE_VERSION", "IS_TEMP" }, new string?[] { "d", "t", "p1", "11", "4", "0" })
                : ResultTable.Empty;
        });
        StarRocksClient client = FakeSession.Client(session);

        var parts = await client.Catalog.ListPartitionsAsync("d", "t");

        Assert.Equal(new[] { ("p1", (long?)4) }, parts.Select(p => (p.Name, p.VisibleVersion)));
        Assert.Equal(2, session.Log.Count);
        Assert.DoesNotContain(session.Log, s => s.StartsWith("SHOW PARTITIONS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_without_partitions_meta_goes_straight_to_SHOW_PARTITIONS()
    {
        var session = new FakeSession(sql =>
        {
            if (sql.Contains("partitions_meta", StringComparison.Ordinal))
            {
                throw new StarRocksBackupException(ErrorKind.ServerError, "Getting analyzing error. Detail message: Unknown table 'partitions_meta'.") { ServerErrorCode = 1064 };
            }

            return sql.StartsWith("SHOW PARTITIONS", StringComparison.Ordinal)
                ? FakeSession.Table(new[] { "PartitionId", "PartitionName", "VisibleVersion" }, new string?[] { "11", "p1", "4" })
                : ResultTable.Empty;
        });

        StarRocksClient client = FakeSession.Client(session);
        var parts = await client.Catalog.ListPartitionsAsync("d", "t");

        Assert.Equal(new[] { "p1" }, parts.Select(p => p.Name));
        Assert.Equal(1, session.Log.Count(s => s.Contains("partitions_meta", StringComparison.Ordinal)));

        // Said once: the connection's later reads (one database, or several together) skip the table.
        Assert.Equal(new[] { "p1" }, (await client.Catalog.ListPartitionsAsync("e", "t")).Select(p => p.Name));
        Assert.Null(await client.Catalog.ListPartitionsOfDatabasesAsync(new[] { "d", "e" }, includeTemporary: false));
        Assert.Equal(1, session.Log.Count(s => s.Contains("partitions_meta", StringComparison.Ordinal)));
        Assert.Equal(2, session.Log.Count(s => s.StartsWith("SHOW PARTITIONS", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refused_privilege_on_partitions_meta_is_not_taken_for_a_missing_table()
    {
        int calls = 0;
        var session = new FakeSession(sql =>
        {
            if (sql.Contains("partitions_meta", StringComparison.Ordinal) && calls++ == 0)
            {
                throw new StarRocksBackupException(ErrorKind.ServerError, "Access denied; you need (at least one of) the SELECT privilege(s)") { ServerErrorCode = 1227 };
            }

            return sql.Contains("partitions_meta", StringComparison.Ordinal)
                ? FakeSession.Table(new[] { "DB_NAME", "TABLE_NAME", "PARTITION_NAME", "PARTITION_ID", "VISIBLE_VERSION", "IS_TEMP" }, new string?[] { "d", "t", "p1", "11", "4", "0" })
                : FakeSession.Table(new[] { "PartitionId", "PartitionName", "VisibleVersion" }, new string?[] { "11", "p1", "4" });
        });
        StarRocksClient client = FakeSession.Client(session);

        await client.Catalog.ListPartitionsAsync("d", "t");   // refused: SHOW PARTITIONS this time
        await client.Catalog.ListPartitionsAsync("d", "t");   // asked again (a grant may have come since)

        Assert.Equal(2, session.Log.Count(s => s.Contains("partitions_meta", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Several_databases_are_read_in_one_statement_and_split_by_database()
    {
        var session = new FakeSession(sql => sql.Contains("partitions_meta", StringComparison.Ordinal)
            ? FakeSession.Table(new[] { "DB_NAME", "TABLE_NAME", "PARTITION_NAME", "PARTITION_ID", "VISIBLE_VERSION", "IS_TEMP" },
                new string?[] { "a", "t", "p1", "11", "4", "0" },
                new string?[] { "it's", "t", "p1", "21", "2", "0" },
                new string?[] { "a", "t", "tmp", "12", "1", "1" },
                new string?[] { "a", "u", "p1", "13", "3", "0" },
                new string?[] { "other", "t", "p1", "31", "1", "0" })
            : ResultTable.Empty);
        StarRocksClient client = FakeSession.Client(session);

        var byDb = await client.Catalog.ListPartitionsOfDatabasesAsync(new[] { "a", "it's", "empty" }, includeTemporary: false);

        Assert.Equal("SELECT * FROM information_schema.partitions_meta WHERE DB_NAME IN ('a', 'it\\'s')", client.Dialect.SelectPartitions(new[] { "a", "it's" }, allColumns: true));
        Assert.EndsWith(" FROM information_schema.partitions_meta WHERE DB_NAME IN ('a', 'it\\'s', 'empty')", Assert.Single(session.Log), StringComparison.Ordinal);
        Assert.NotNull(byDb);
        Assert.Equal(new[] { "t.p1", "u.p1" }, byDb!["a"].Select(p => $"{p.Table}.{p.Name}"));   // the temporary partition left out, the rest in order
        Assert.Equal(new[] { 21L }, byDb["it's"].Select(p => p.PartitionId!.Value));
        Assert.False(byDb.ContainsKey("empty"));   // no row: the caller reads it alone (empty or dropped)
        Assert.False(byDb.ContainsKey("other"));   // not asked for
        Assert.Throws<ArgumentException>(() => client.Dialect.SelectPartitions(Array.Empty<string>()));
    }

    [Fact]
    public async Task Several_databases_where_partitions_meta_is_missing_give_null_so_each_is_read_alone()
    {
        var session = new FakeSession(sql => throw new StarRocksBackupException(ErrorKind.ServerError, "Getting analyzing error. Detail message: Unknown table 'partitions_meta'.") { ServerErrorCode = 1064 });

        Assert.Null(await FakeSession.Client(session).Catalog.ListPartitionsOfDatabasesAsync(new[] { "a", "b" }, includeTemporary: false));
        Assert.Single(session.Log);
    }
}
