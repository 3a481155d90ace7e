using System;
using System.Collections.Generic;

namespace StarRocksBackup.Core.Verification
{
    /// <summary>
    /// The data files an <c>__info_</c> file lists, held as a sorted array of 128-bit hashes of their keys relative to the
    /// snapshot folder (16 bytes + 1 state byte per file, instead of the key strings), so a verification can stream the
    /// folder's listing and tick off what it sees. Keys are rebuilt from the info file only for the files never seen
    /// (<see cref="ForEachUnseen"/>). Two independent 64-bit hashes of a key that ends in its content's MD5 make a false
    /// match of two different keys practically impossible (about 2^-128 per pair).
    /// </summary>
    internal sealed class ExpectedFileSet
    {
        private const byte Expected = 0;
        private const byte Seen = 1;
        private const byte Reported = 2;

        private readonly KeyHash[] _keys;
        private readonly byte[] _state;

        private ExpectedFileSet(KeyHash[] keys, int listed, string database)
        {
            _keys = keys;
            _state = new byte[keys.Length];
            Listed = listed;
            Database = database;
        }

        /// <summary>Files the info file lists (counting a file listed twice twice, as StarRocks would restore it twice).</summary>
        public int Listed { get; }

        /// <summary>Distinct files.</summary>
        public int Distinct => _keys.Length;

        /// <summary>The source database the info file names.</summary>
        public string Database { get; }

        /// <summary>Walks <paramref name="info"/> (twice: once to count, once to fill an array of exactly that size).</summary>
        public static ExpectedFileSet Build(ReadOnlyMemory<byte> info)
        {
            int count = 0;
            Storage.SnapshotInfoWalker.Walk(info, (_, _) => count++);
            var keys = new KeyHash[count];
            int n = 0;
            string database = Storage.SnapshotInfoWalker.Walk(info, (folder, name) => keys[n++] = KeyHash.Of(folder, name));
            Array.Sort(keys);
            int distinct = 0;
            for (int i = 0; i < keys.Length; i++)
            {
                if (distinct == 0 || keys[i].CompareTo(keys[distinct - 1]) != 0)
                {
                    keys[distinct++] = keys[i];
                }
            }

            if (distinct != keys.Length)
            {
                Array.Resize(ref keys, distinct);
            }

            return new ExpectedFileSet(keys, count, database);
        }

        /// <summary>
        /// Marks the listed object <paramref name="key"/> (its part from <paramref name="relativeStart"/> on is compared) as
        /// seen; true when it is an expected file seen for the first time.
        /// </summary>
        public bool MarkSeen(string key, int relativeStart)
        {
            int i = Array.BinarySearch(_keys, KeyHash.Of(key, relativeStart));
            if (i < 0 || _state[i] != Expected)
            {
                return false;
            }

            _state[i] = Seen;
            return true;
        }

        /// <summary>Expected files not marked seen (nor reported) yet.</summary>
        public int CountUnseen()
        {
            int n = 0;
            foreach (byte s in _state)
            {
                if (s == Expected)
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>Calls <paramref name="onMissing"/>(relative key) once for every expected file never marked seen.</summary>
        public void ForEachUnseen(ReadOnlyMemory<byte> info, Action<string> onMissing)
        {
            Storage.SnapshotInfoWalker.Walk(info, (folder, name) =>
            {
                int i = Array.BinarySearch(_keys, KeyHash.Of(folder, name));
                if (i >= 0 && _state[i] == Expected)
                {
                    _state[i] = Reported;
                    onMissing(folder + name);
                }
            });
        }
    }

    /// <summary>Two independent 64-bit hashes of a key's characters (FNV-1a and a multiply–xorshift sum).</summary>
    internal readonly struct KeyHash : IComparable<KeyHash>
    {
        private readonly ulong _a;
        private readonly ulong _b;

        private KeyHash(ulong a, ulong b)
        {
            _a = a;
            _b = b;
        }

        /// <summary>The hash of <paramref name="first"/> followed by <paramref name="second"/>.</summary>
        public static KeyHash Of(string first, string second)
        {
            ulong a = SeedA;
            ulong b = SeedB;
            Add(first, 0, ref a, ref b);
            Add(second, 0, ref a, ref b);
            return new KeyHash(a, b);
        }

        /// <summary>The hash of <paramref name="text"/> from <paramref name="start"/> on (equal to <see cref="Of(string, string)"/> of the same characters).</summary>
        public static KeyHash Of(string text, int start)
        {
            ulong a = SeedA;
            ulong b = SeedB;
            Add(text, start, ref a, ref b);
            return new KeyHash(a, b);
        }

        public int CompareTo(KeyHash other)
        {
            int c = _a.CompareTo(other._a);
            return c != 0 ? c : _b.CompareTo(other._b);
        }

        private const ulong SeedA = 14695981039346656037UL;
        private const ulong SeedB = 0x243F6A8885A308D3UL;

        private static void Add(string s, int start, ref ulong a, ref ulong b)
        {
            for (int i = start; i < s.Length; i++)
            {
                char c = s[i];
                a = (a ^ c) * 1099511628211UL;
                b = (b + c + 1) * 0x9E3779B97F4A7C15UL;
                b ^= b >> 29;
            }
        }
    }

    /// <summary>Findings, at most a fixed number of keys kept per kind; the rest are counted.</summary>
    internal sealed class FindingCollector
    {
        private readonly int _maxPerKind;
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _counts = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<VerificationFinding> _kept = new List<VerificationFinding>();

        public FindingCollector(int maxPerKind)
        {
            _maxPerKind = Math.Max(1, maxPerKind);
        }

        public void Add(string kind, string key, string detail)
        {
            lock (_gate)
            {
                _counts.TryGetValue(kind, out int n);
                _counts[kind] = n + 1;
                if (n < _maxPerKind)
                {
                    _kept.Add(new VerificationFinding(kind, key, detail));
                }
            }
        }

        /// <summary>Counts <paramref name="count"/> findings of <paramref name="kind"/> whose keys are not known.</summary>
        public void AddUnnamed(string kind, int count)
        {
            lock (_gate)
            {
                _counts.TryGetValue(kind, out int n);
                _counts[kind] = n + count;
            }
        }

        /// <summary>The kept findings by kind, then key; and the count of every kind.</summary>
        public (List<VerificationFinding> Kept, Dictionary<string, int> Counts) Complete()
        {
            lock (_gate)
            {
                _kept.Sort((x, y) =>
                {
                    int c = string.CompareOrdinal(x.Kind, y.Kind);
                    return c != 0 ? c : string.CompareOrdinal(x.Key, y.Key);
                });
                return (new List<VerificationFinding>(_kept), new Dictionary<string, int>(_counts, StringComparer.Ordinal));
            }
        }
    }
}
