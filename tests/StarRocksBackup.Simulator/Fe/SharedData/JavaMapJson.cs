// DESC STORAGE VOLUME's Params column is `new Gson().toJson(new HashMap<>(params))` in StarRocks
// (storagevolume/StorageVolume.dumpMaskedParams). Clients parse it as JSON, but a person comparing the
// simulator with a real FE sees the key order, so we reproduce java.util.HashMap's iteration order and
// Gson's default HTML-safe escaping instead of printing keys in insertion order.
using System.Globalization;
using System.Text;

namespace StarRocksBackup.Simulator.Fe.SharedData;

internal static class JavaMapJson
{
    /// <summary>Keys in the order a java.util.HashMap holding them (inserted in the given order) iterates.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> HashMapOrder(IReadOnlyList<KeyValuePair<string, string>> inserted)
    {
        // HashMap grows its table (16, 32, …) when size exceeds 0.75 × capacity; the copy constructor
        // `new HashMap<>(m)` sizes to tableSizeFor(size / 0.75 + 1). Both give the same power of two for
        // the small maps we print, and a resize keeps the relative order inside each bucket.
        int capacity = 16;
        while (inserted.Count > capacity * 3 / 4)
        {
            capacity *= 2;
        }

        int copyCapacity = TableSizeFor((int)(inserted.Count / 0.75f + 1.0f));
        capacity = Math.Max(capacity, copyCapacity);

        return inserted
            .Select((kv, index) => (kv, index, bucket: Spread(JavaStringHash(kv.Key)) & (capacity - 1)))
            .OrderBy(e => e.bucket)
            .ThenBy(e => e.index)
            .Select(e => e.kv)
            .ToList();
    }

    /// <summary>Gson's output for a Map&lt;String, String&gt; iterated in the given order.</summary>
    public static string ToGson(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var sb = new StringBuilder("{");
        bool first = true;
        foreach (KeyValuePair<string, string> kv in entries)
        {
            if (!first) sb.Append(',');
            first = false;
            AppendString(sb, kv.Key);
            sb.Append(':');
            AppendString(sb, kv.Value);
        }

        return sb.Append('}').ToString();
    }

    internal static int JavaStringHash(string s)
    {
        int h = 0;
        foreach (char c in s)
        {
            h = unchecked((31 * h) + c);
        }

        return h;
    }

    private static int Spread(int h) => h ^ (int)((uint)h >> 16);

    private static int TableSizeFor(int cap)
    {
        int n = 1;
        while (n < cap) n <<= 1;
        return n;
    }

    // Gson.toJson escapes quote, backslash, control characters, U+2028/U+2029 and, by default
    // (htmlSafe), < > & = ' as \u00XX.
    private static void AppendString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\f': sb.Append("\\f"); break;
                case '<' or '>' or '&' or '=' or '\'' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
