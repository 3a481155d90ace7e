using System.Globalization;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>Converts literals to the canonical text of a column type, compares values, maps types to wire column types.</summary>
public static class ValueCodec
{
    private static readonly string[] DateFormats = { "yyyy-MM-dd", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF", "yyyy-M-d" };

    /// <summary>The canonical text of <paramref name="text"/> for <paramref name="type"/>, or null when it does not convert.</summary>
    public static bool TryCanonical(SqlType type, string text, out string canonical)
    {
        canonical = text;
        var inv = CultureInfo.InvariantCulture;
        switch (type.Name)
        {
            case "TINYINT":
            case "SMALLINT":
            case "INT":
            case "BIGINT":
                if (long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, inv, out long l))
                {
                    canonical = l.ToString(inv);
                    return true;
                }

                if (decimal.TryParse(text.Trim(), NumberStyles.Number, inv, out decimal dl) && dl == decimal.Truncate(dl))
                {
                    canonical = ((long)dl).ToString(inv);
                    return true;
                }

                return false;
            case "LARGEINT":
                if (System.Numerics.BigInteger.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, inv, out var big))
                {
                    canonical = big.ToString(inv);
                    return true;
                }

                return false;
            case "BOOLEAN":
                string b = text.Trim().ToLowerInvariant();
                if (b is "1" or "true") canonical = "1";
                else if (b is "0" or "false") canonical = "0";
                else return false;
                return true;
            case "FLOAT":
            case "DOUBLE":
                if (!double.TryParse(text.Trim(), NumberStyles.Float, inv, out double d)) return false;
                canonical = d.ToString("R", inv);
                return true;
            case "DECIMAL":
                if (!decimal.TryParse(text.Trim(), NumberStyles.Number | NumberStyles.AllowExponent, inv, out decimal m)) return false;
                canonical = Math.Round(m, type.Scale ?? 0, MidpointRounding.AwayFromZero).ToString("F" + (type.Scale ?? 0), inv);
                return true;
            case "DATE":
                if (!DateTime.TryParseExact(text.Trim(), DateFormats, inv, DateTimeStyles.None, out DateTime dt)) return false;
                canonical = dt.ToString("yyyy-MM-dd", inv);
                return true;
            case "DATETIME":
                if (!DateTime.TryParseExact(text.Trim(), DateFormats, inv, DateTimeStyles.None, out DateTime dtt)) return false;
                canonical = dtt.ToString("yyyy-MM-dd HH:mm:ss", inv);
                return true;
            default:
                return true;
        }
    }

    /// <summary>Orders two canonical values of one type (null sorts first).</summary>
    public static int Compare(SqlType type, string? a, string? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        var inv = CultureInfo.InvariantCulture;
        switch (type.Name)
        {
            case "TINYINT" or "SMALLINT" or "INT" or "BIGINT" or "BOOLEAN":
                return long.Parse(a, inv).CompareTo(long.Parse(b, inv));
            case "LARGEINT":
                return System.Numerics.BigInteger.Parse(a, inv).CompareTo(System.Numerics.BigInteger.Parse(b, inv));
            case "FLOAT" or "DOUBLE":
                return double.Parse(a, inv).CompareTo(double.Parse(b, inv));
            case "DECIMAL":
                return decimal.Parse(a, inv).CompareTo(decimal.Parse(b, inv));
            default:
                return string.CompareOrdinal(a, b);
        }
    }

    /// <summary>
    /// <paramref name="value"/> parsed once into a key that orders like <see cref="Compare"/> (sorting n values compares
    /// keys, not texts re-parsed on every comparison).
    /// </summary>
    public static SortKey Key(SqlType type, string? value)
    {
        if (value is null) return default;
        var inv = CultureInfo.InvariantCulture;
        switch (type.Name)
        {
            case "TINYINT" or "SMALLINT" or "INT" or "BIGINT" or "BOOLEAN":
                return new SortKey(long.Parse(value, inv));
            case "LARGEINT":
                return new SortKey(System.Numerics.BigInteger.Parse(value, inv));
            case "FLOAT" or "DOUBLE":
                return new SortKey(double.Parse(value, inv));
            case "DECIMAL":
                return new SortKey(decimal.Parse(value, inv));
            default:
                return new SortKey(value);
        }
    }

    /// <summary>A value of one column type, parsed for ordering (null sorts first); see <see cref="Key"/>.</summary>
    public readonly struct SortKey : IComparable<SortKey>
    {
        private readonly int _kind; // 0 null, 1 long, 2 BigInteger, 3 double, 4 decimal, 5 text
        private readonly long _long;
        private readonly double _double;
        private readonly decimal _decimal;
        private readonly object? _ref;

        public SortKey(long v) : this() { _kind = 1; _long = v; }

        public SortKey(System.Numerics.BigInteger v) : this() { _kind = 2; _ref = v; }

        public SortKey(double v) : this() { _kind = 3; _double = v; }

        public SortKey(decimal v) : this() { _kind = 4; _decimal = v; }

        public SortKey(string v) : this() { _kind = 5; _ref = v; }

        public int CompareTo(SortKey other)
        {
            if (_kind == 0 || other._kind == 0) return _kind == 0 ? (other._kind == 0 ? 0 : -1) : 1;
            return _kind switch
            {
                1 => _long.CompareTo(other._long),
                2 => ((System.Numerics.BigInteger)_ref!).CompareTo((System.Numerics.BigInteger)other._ref!),
                3 => _double.CompareTo(other._double),
                4 => _decimal.CompareTo(other._decimal),
                _ => string.CompareOrdinal((string)_ref!, (string)other._ref!),
            };
        }
    }

    public static ColumnType WireType(SqlType type) => type.Name switch
    {
        "TINYINT" or "BOOLEAN" => ColumnType.TinyInt,
        "SMALLINT" or "INT" => ColumnType.Int,
        "BIGINT" => ColumnType.BigInt,
        "FLOAT" or "DOUBLE" => ColumnType.Double,
        "DECIMAL" => ColumnType.Decimal,
        "DATE" => ColumnType.Date,
        "DATETIME" => ColumnType.DateTime,
        _ => ColumnType.Varchar,
    };

    /// <summary>A stable (process-independent) hash for bucketing rows into tablets.</summary>
    public static uint StableHash(IEnumerable<string?> values)
    {
        uint h = 2166136261;
        foreach (string? v in values)
        {
            foreach (char c in v ?? "\\N")
            {
                h ^= c;
                h *= 16777619;
            }

            h ^= 0x1f;
            h *= 16777619;
        }

        return h;
    }
}
