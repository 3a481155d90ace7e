// java.util.zip.CRC32 (IEEE 802.3, reflected polynomial 0xEDB88320), which StarRocks' ImageWriter runs over the v2
// image bytes. The simulator keeps its own copy on purpose: it is independent of Core, whose finder checks the value.
namespace StarRocksBackup.Simulator.Fe.SharedData;

internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC as Java's <c>CRC32.getValue()</c> returns it (an unsigned 32-bit value in a long).</summary>
    public static long Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
