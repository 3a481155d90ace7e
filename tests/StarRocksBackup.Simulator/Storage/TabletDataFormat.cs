using System.Text;

namespace StarRocksBackup.Simulator.Storage;

/// <summary>
/// The simulator's own tablet data file format (real StarRocks uploads segment/rowset files; the facts file
/// only fixes the directory layout and the md5 suffix). One header line, then one line per row, cells
/// tab-separated with backslash escapes, NULL as \N.
/// </summary>
public static class TabletDataFormat
{
    public const string Magic = "#starrocks-simulator tablet-data v1";

    public static byte[] Encode(long tabletId, int columnCount, IEnumerable<string?[]> rows)
    {
        var sb = new StringBuilder();
        sb.Append(Magic).Append('\t').Append(tabletId).Append('\t').Append(columnCount).Append('\n');
        foreach (string?[] row in rows) sb.Append(EncodeRow(row)).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static List<string?[]> Decode(byte[] content, int expectedColumns)
    {
        string text = Encoding.UTF8.GetString(content);
        string[] lines = text.Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith(Magic, StringComparison.Ordinal))
        {
            throw new InvalidDataException("not a simulator tablet data file");
        }

        var rows = new List<string?[]>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 && i == lines.Length - 1) break;
            string?[] row = DecodeRow(lines[i]);
            if (row.Length != expectedColumns) throw new InvalidDataException($"row {i} has {row.Length} cells, expected {expectedColumns}");
            rows.Add(row);
        }

        return rows;
    }

    public static int RowBytes(string?[] row) => Encoding.UTF8.GetByteCount(EncodeRow(row)) + 1;

    private static string EncodeRow(string?[] row) => string.Join('\t', row.Select(EncodeCell));

    private static string EncodeCell(string? v)
    {
        if (v is null) return "\\N";
        var sb = new StringBuilder(v.Length);
        foreach (char c in v)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static string?[] DecodeRow(string line)
    {
        var cells = new List<string?>();
        foreach (string raw in line.Split('\t'))
        {
            if (raw == "\\N")
            {
                cells.Add(null);
                continue;
            }

            var sb = new StringBuilder(raw.Length);
            for (int i = 0; i < raw.Length; i++)
            {
                if (raw[i] == '\\' && i + 1 < raw.Length)
                {
                    i++;
                    sb.Append(raw[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => raw[i] });
                }
                else
                {
                    sb.Append(raw[i]);
                }
            }

            cells.Add(sb.ToString());
        }

        return cells.ToArray();
    }
}
