// Serialises QueryResults as MySQL protocol-4.1 text responses, as StarRocks does: OK, ERR
// ('#' + SQLSTATE), and result sets (column count, ColumnDefinition41 per column, EOF, text rows,
// EOF). Only charset ids 33 (utf8_general_ci, VARCHAR) and 63 (binary, everything else) appear
// (starrocks-facts.md §11.1.5), so every client maps both (MySql.Data 8.0.16 looked them up in SHOW COLLATION; MySqlConnector knows them).
using System.Globalization;
using System.Text;

namespace StarRocksBackup.Simulator.Protocol;

internal static class ResultWriter
{
    /// <summary>SERVER_STATUS_AUTOCOMMIT: every statement autocommits.</summary>
    public const int StatusAutocommit = 0x0002;

    private const int CharsetBinary = 63;
    private const int BinaryFlag = 0x0080;
    private const int NumFlag = 0x8000;

    public static void WriteOk(PacketChannel channel, long affectedRows = 0, string? info = null)
    {
        var w = new PayloadWriter().Byte(0x00).LengthEncodedInt((ulong)Math.Max(0, affectedRows)).LengthEncodedInt(0)
            .Int2(StatusAutocommit).Int2(0);
        if (!string.IsNullOrEmpty(info)) w.RestOfPacketString(info);
        channel.WritePacket(w.Span);
    }

    public static void WriteError(PacketChannel channel, int code, string sqlState, string message)
    {
        string state = (sqlState ?? string.Empty).PadRight(5, '0')[..5];
        var w = new PayloadWriter().Byte(0xFF).Int2(code).Byte('#').RestOfPacketString(state).RestOfPacketString(message ?? string.Empty);
        channel.WritePacket(w.Span);
    }

    public static void WriteError(PacketChannel channel, ErrorResult error) => WriteError(channel, error.Code, error.SqlState, error.Message);

    public static void WriteEof(PacketChannel channel) =>
        channel.WritePacket(new PayloadWriter().Byte(0xFE).Int2(0).Int2(StatusAutocommit).Span);

    /// <summary>Writes any result; a result set is validated first so a bad row becomes an ERR, not half a result.</summary>
    public static void Write(PacketChannel channel, QueryResult result, string? schema)
    {
        switch (result)
        {
            case OkResult ok:
                WriteOk(channel, ok.AffectedRows, ok.Info);
                break;
            case ErrorResult err:
                WriteError(channel, err);
                break;
            case ResultSetResult rs:
                WriteResultSet(channel, rs, schema);
                break;
            default:
                throw new InvalidOperationException($"unknown result type {result?.GetType().Name ?? "null"}");
        }
    }

    public static void WriteResultSet(PacketChannel channel, ResultSetResult rs, string? schema)
    {
        IReadOnlyList<ColumnDef> columns = rs.Columns;

        // Validated (and measured: column lengths) before anything is written. Cells are formatted into a copy only for
        // rows holding something other than text; rows of strings (every SHOW and information_schema answer) are used
        // as they are.
        var cells = new string?[rs.Rows.Count][];
        long chars = 0;
        for (int r = 0; r < rs.Rows.Count; r++)
        {
            object?[] row = rs.Rows[r] ?? throw new InvalidOperationException($"row {r} is null");
            if (row.Length != columns.Count)
            {
                throw new InvalidOperationException($"row {r} has {row.Length} cells for {columns.Count} columns");
            }

            if (row is string?[] texts)
            {
                cells[r] = texts;
                continue;
            }

            string?[]? formatted = null;
            for (int c = 0; c < row.Length; c++)
            {
                if (row[c] is null or string) continue;
                formatted ??= new string?[row.Length];
                formatted[c] = FormatValue(row[c], columns[c].Type);
            }

            if (formatted is null)
            {
                formatted = new string?[row.Length];
                for (int c = 0; c < row.Length; c++) formatted[c] = (string?)row[c];
            }
            else
            {
                for (int c = 0; c < row.Length; c++)
                {
                    if (row[c] is string text) formatted[c] = text;
                }
            }

            cells[r] = formatted;
        }

        // The whole answer is queued before it is sent: sized once (text is mostly ASCII; a length prefix per cell and a
        // header per row), not grown by doubling through the large-object heap.
        foreach (string?[] row in cells)
        {
            chars += 4 + row.Length;
            foreach (string? cell in row)
            {
                chars += cell?.Length ?? 0;
            }
        }

        channel.Reserve(chars);

        channel.WritePacket(new PayloadWriter().LengthEncodedInt((ulong)columns.Count).Span);
        for (int c = 0; c < columns.Count; c++)
        {
            WriteColumn(channel, columns[c], schema ?? string.Empty, cells, c);
        }

        WriteEof(channel);
        var w = new PayloadWriter();
        foreach (string?[] row in cells)
        {
            w.Reset();
            foreach (string? cell in row)
            {
                if (cell is null) w.Byte(0xFB);
                else w.LengthEncodedString(cell);
            }

            channel.WritePacket(w.Span);
        }

        WriteEof(channel);
    }

    /// <summary>The text form of a cell (ResultSetResult's contract); null stays null (SQL NULL).</summary>
    public static string? FormatValue(object? value, ColumnType type) => value switch
    {
        null or DBNull => null,
        string s => s,
        DateTime dt when type == ColumnType.Date => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.DateTime.ToString(type == ColumnType.Date ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeSpan ts => FormatTime(ts),
        TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>TIME as [-]HH:mm:ss; hours may exceed 24 (MySQL's TIME range is ±838:59:59).</summary>
    public static string FormatTime(TimeSpan ts)
    {
        string sign = ts < TimeSpan.Zero ? "-" : string.Empty;
        TimeSpan a = ts.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{(long)a.TotalHours:00}:{a.Minutes:00}:{a.Seconds:00}");
    }

    /// <summary>MySQL type byte (MYSQL_TYPE_*) per column type; VARCHAR is VAR_STRING as StarRocks sends it.</summary>
    public static byte MySqlType(ColumnType type) => type switch
    {
        ColumnType.Varchar => 0xFD,
        ColumnType.BigInt => 0x08,
        ColumnType.Int => 0x03,
        ColumnType.TinyInt => 0x01,
        ColumnType.Double => 0x05,
        ColumnType.Decimal => 0xF6,
        ColumnType.Date => 0x0A,
        ColumnType.DateTime => 0x0C,
        ColumnType.Time => 0x0B,
        _ => 0xFD,
    };

    /// <summary>33 for VARCHAR, 63 for every other type (facts §11.1.5).</summary>
    public static int CharsetOf(ColumnType type) => type == ColumnType.Varchar ? Handshake.Utf8GeneralCi : CharsetBinary;

    private static void WriteColumn(PacketChannel channel, ColumnDef column, string schema, string?[][] cells, int index)
    {
        int charset = CharsetOf(column.Type);
        int flags = charset == CharsetBinary ? BinaryFlag : 0;
        if (column.Type is ColumnType.BigInt or ColumnType.Int or ColumnType.TinyInt or ColumnType.Double or ColumnType.Decimal)
        {
            flags |= NumFlag;
        }

        (uint length, byte decimals) = LengthAndDecimals(column.Type, cells, index);
        var w = new PayloadWriter()
            .LengthEncodedString("def")
            .LengthEncodedString(schema)
            .LengthEncodedString(string.Empty) // table: computed / SHOW columns have none
            .LengthEncodedString(string.Empty) // org_table
            .LengthEncodedString(column.Name)
            .LengthEncodedString(column.Name) // org_name
            .Byte(0x0C)
            .Int2(charset)
            .Int4(length)
            .Byte(MySqlType(column.Type))
            .Int2(flags)
            .Byte(decimals)
            .Int2(0);
        channel.WritePacket(w.Span);
    }

    /// <summary>
    /// Column length in bytes. VARCHAR: the longest value in characters × 3 (utf8's max bytes per
    /// character; at least 3), so a column of 36-character values announces 108 — the shape of
    /// drivers' CHAR(36)→Guid rules, which must not fire for VAR_STRING. Others: MySQL's display widths.
    /// </summary>
    private static (uint Length, byte Decimals) LengthAndDecimals(ColumnType type, string?[][] cells, int index)
    {
        switch (type)
        {
            case ColumnType.Varchar:
                long max = 1;
                foreach (string?[] row in cells)
                {
                    if (row[index] is { } s) max = Math.Max(max, s.Length);
                }

                return ((uint)Math.Min(uint.MaxValue / 4, max * 3), 0);
            case ColumnType.BigInt: return (20, 0);
            case ColumnType.Int: return (11, 0);
            case ColumnType.TinyInt: return (4, 0);
            case ColumnType.Double: return (22, 31);
            case ColumnType.Decimal:
                int scale = 0;
                foreach (string?[] row in cells)
                {
                    if (row[index] is { } s && s.IndexOf('.') is var dot and >= 0) scale = Math.Max(scale, s.Length - dot - 1);
                }

                return (27, (byte)Math.Min(30, scale));
            case ColumnType.Date: return (10, 0);
            case ColumnType.DateTime: return (19, 0);
            case ColumnType.Time: return (10, 0);
            default: return (65533, 0);
        }
    }
}
