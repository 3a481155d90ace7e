using System;

namespace StarRocksBackup.Core.Parsing
{
    /// <summary>
    /// A small fixed-size cache that hands back an equal string seen recently instead of a new copy: the partitions of
    /// many tables share names and ranges (daily partitions over the same dates), so 100,000 parsed rows keep a few
    /// thousand distinct strings alive instead of 100,000. Bounded (one slot per hash bucket, last writer wins), so a
    /// result with no repetition costs a hash per string and nothing more. Not thread-safe: one per reader.
    /// </summary>
    internal sealed class RecentStrings
    {
        private readonly string?[] _slots;

        public RecentStrings(int slots = 4096) => _slots = new string?[slots];

        /// <summary><paramref name="text"/>, or an equal string seen before.</summary>
        public string Share(string text)
        {
            int i = (StringComparer.Ordinal.GetHashCode(text) & int.MaxValue) % _slots.Length;
            string? held = _slots[i];
            if (held != null && string.Equals(held, text, StringComparison.Ordinal))
            {
                return held;
            }

            _slots[i] = text;
            return text;
        }
    }
}
