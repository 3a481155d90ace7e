using StarRocksBackup.Core.Parsing;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>The bounded string cache hands back an equal string seen before, and never a different one.</summary>
public sealed class RecentStringsTests
{
    [Fact]
    public void Equal_strings_come_back_as_one_instance_and_unequal_ones_as_themselves()
    {
        var cache = new RecentStrings(slots: 7);   // few slots: collisions replace entries
        var rnd = new Random(4);
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        int reused = 0;
        for (int i = 0; i < 5000; i++)
        {
            string text = new string('p', 1) + rnd.Next(20).ToString(System.Globalization.CultureInfo.InvariantCulture);   // a new instance each time
            string shared = cache.Share(text);
            Assert.Equal(text, shared);
            if (first.TryGetValue(text, out string? seen) && ReferenceEquals(seen, shared))
            {
                reused++;
            }

            first.TryAdd(text, shared);
        }

        Assert.True(reused > 0, "no string was ever shared");
        var big = new RecentStrings();
        string a = new string('x', 3), b = new string('x', 3);
        Assert.NotSame(a, b);
        Assert.Same(a, big.Share(a));
        Assert.Same(a, big.Share(b));
    }
}
