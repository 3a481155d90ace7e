using MySqlConnector;
using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>Results read back through MySqlConnector, the driver the module uses.</summary>
public sealed class ResultSetTests
{
    [Fact]
    public async Task Varchar_bigint_datetime_double_date_and_null_read_back_with_their_NET_types()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        using var cmd = new MySqlCommand("SELECT types", c);
        using var r = cmd.ExecuteReader();
        Assert.Equal(["name", "count", "created", "note", "ratio", "day"], Enumerable.Range(0, r.FieldCount).Select(r.GetName));
        Assert.True(r.Read());
        Assert.Equal("alpha", r.GetValue(0));
        Assert.Equal(42L, r.GetValue(1));
        Assert.Equal(FakeQueryHandler.SampleTime, r.GetValue(2));
        Assert.Equal(DBNull.Value, r.GetValue(3));
        Assert.Equal(0.25, r.GetValue(4));
        Assert.Equal(new DateTime(2024, 5, 17), r.GetValue(5));
        Assert.True(r.Read());
        Assert.Equal("β-ünïcødé", r.GetString(0));
        Assert.Equal(-7L, r.GetInt64(1));
        Assert.True(r.IsDBNull(2));
        Assert.Equal("x", r.GetString(3));
        Assert.True(r.IsDBNull(4));
        Assert.False(r.Read());
    }

    [Fact]
    public async Task A_varchar_column_of_36_character_values_stays_a_string()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        using var cmd = new MySqlCommand("SELECT guid", c);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(typeof(string), r.GetFieldType(0));
        Assert.Equal(FakeQueryHandler.Guid36, r.GetValue(0));
        Assert.True(r.Read());
        Assert.Equal(Guid.Empty.ToString(), r.GetString(0));
    }

    [Fact]
    public async Task Empty_result_and_OK_with_info()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        using (var cmd = new MySqlCommand("SELECT empty", c))
        using (var r = cmd.ExecuteReader())
        {
            Assert.Equal(2, r.FieldCount);
            Assert.False(r.Read());
        }

        using var ok = new MySqlCommand("BACKUP SNAPSHOT x", c);
        Assert.Equal(0, ok.ExecuteNonQuery());
    }

    [Fact]
    public async Task ERR_becomes_MySqlException_with_number_and_exact_message()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open();
        using var cmd = new MySqlCommand("SELECT fail;", c);
        var ex = Assert.Throws<MySqlException>(() => cmd.ExecuteNonQuery());
        Assert.Equal(5501, ex.Number);
        Assert.Equal("Getting analyzing error. Detail message: Unknown database 'edw_dwt'.", ex.Message);

        // MySqlConnector exposes the SQLSTATE of the ERR packet (StarRocks' ERR_BAD_DB_ERROR is 3F000).
        Assert.Equal("3F000", ex.SqlState);

        // The connection is still usable after an error.
        using var again = new MySqlCommand("SELECT CONNECTION_ID()", c);
        Assert.NotNull(again.ExecuteScalar());
    }

    [Fact]
    public async Task Packets_larger_than_16MB_are_split_and_joined_both_ways()
    {
        await using TestServer s = TestServer.Start();
        using var c = s.Open(extra: "Default Command Timeout=60");
        const int size = 0xFFFFFF + 1234;
        using (var big = new MySqlCommand($"SELECT big {size}", c))
        {
            string value = (string)big.ExecuteScalar()!;
            Assert.Equal(size, value.Length);
            Assert.All(value.Take(100), ch => Assert.Equal('z', ch));
        }

        string payload = new('q', 0xFFFFFF + 10);
        using var echo = new MySqlCommand("SELECT echolen " + payload, c);
        Assert.Equal((long)payload.Length, echo.ExecuteScalar());
    }

    [Fact]
    public void Value_formats_follow_the_ResultSetResult_contract()
    {
        Assert.Equal("2024-05-17 13:45:30", ResultWriter.FormatValue(FakeQueryHandler.SampleTime, ColumnType.DateTime));
        Assert.Equal("2024-05-17", ResultWriter.FormatValue(FakeQueryHandler.SampleTime, ColumnType.Date));
        Assert.Equal("00:00:00", ResultWriter.FormatValue(TimeSpan.Zero, ColumnType.Time));
        Assert.Equal("-26:03:04", ResultWriter.FormatValue(-new TimeSpan(1, 2, 3, 4), ColumnType.Time));
        Assert.Equal("1.5", ResultWriter.FormatValue(1.5, ColumnType.Double));
        Assert.Equal("12345678901234", ResultWriter.FormatValue(12345678901234L, ColumnType.BigInt));
        Assert.Equal("3.25", ResultWriter.FormatValue(3.25m, ColumnType.Decimal));
        Assert.Null(ResultWriter.FormatValue(null, ColumnType.Varchar));
        Assert.Null(ResultWriter.FormatValue(DBNull.Value, ColumnType.Varchar));

        // Culture must not leak into the wire format.
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("1.5", ResultWriter.FormatValue(1.5, ColumnType.Double));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}
