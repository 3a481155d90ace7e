namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) — the same value as <c>java.util.zip.CRC32</c>, which
    /// StarRocks' ImageWriter writes to <c>v2/checksum.&lt;id&gt;</c>. netstandard2.0 has no CRC-32 and
    /// System.IO.Hashing is not among the pinned packages, hence these few lines.
    /// </summary>
    internal sealed class Crc32
    {
        private static readonly uint[] s_table = BuildTable();
        private uint _crc = 0xFFFFFFFFu;

        /// <summary>The CRC of everything appended so far, as Java's <c>CRC32.getValue()</c> prints it.</summary>
        public long Value => (long)(_crc ^ 0xFFFFFFFFu);

        public void Append(byte[] buffer, int offset, int count)
        {
            uint crc = _crc;
            for (int i = offset; i < offset + count; i++)
            {
                crc = s_table[(crc ^ buffer[i]) & 0xFF] ^ (crc >> 8);
            }

            _crc = crc;
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
}
