using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Parsing;
using StarRocksBackup.Core.Tests.Support;
using Xunit;

namespace StarRocksBackup.Core.Tests.Integration;

/// <summary>
/// partitions_meta rows streamed from the driver into Partitions (numbers and times read as such) give exactly what the
/// text path gives (the same rows as a ResultTable of strings, parsed), for each release's column types, through the
/// module's columns and through SELECT *.
/// </summary>
public sealed class PartitionsMetaStreamingTests
{
    [Theory]
    [InlineData("3.3.9")]
    [InlineData("3.4.1")]
    [InlineData("4.2.0")]
    public async Task Streamed_partitions_equal_the_parsed_text_of_the_same_rows(string version)
    {
        await using Sim s = await Sim.StartAsync(version);
        StarRocksClient c = s.Client;
        await s.SeedAsync("sales");
        await s.SeedAsync("other");

        foreach (bool allColumns in new[] { false, true })
        {
            string sql = c.Dialect.SelectPartitions("sales", null, allColumns);
            List<Partition> streamed = await c.Session.QueryRowsAsync(sql, ShowParsers.PartitionsMetaRow, NullObserver.Instance, default);
            IReadOnlyList<Partition> text = ShowParsers.ParsePartitions(await c.Session.QueryAsync(sql, NullObserver.Instance, default));

            Assert.Equal(3, streamed.Count);   // orders' p1 and p2, dim's single partition: "sales" only
            Assert.Equal(text.Select(Describe), streamed.Select(Describe));
            Assert.All(streamed, p => Assert.Equal("sales", p.Database));
            Assert.Contains(streamed, p => p.RowCount > 0 && p.DataSizeBytes > 0 && p.VisibleVersion > 1 && p.VisibleVersionTime != null);
        }

        // The catalog's own read (streamed) is the same again.
        Assert.Equal(
            ShowParsers.ParsePartitions(await c.Session.QueryAsync(c.Dialect.SelectPartitions("sales", null), NullObserver.Instance, default)).Select(Describe),
            (await c.Catalog.ListPartitionsAsync("sales")).Select(Describe));
    }

    private static string Describe(Partition p) =>
        string.Join("|", p.Database, p.Table, p.Name, p.PartitionId, p.VisibleVersion, p.VisibleVersionTime?.ToString("O"), p.VisibleVersionTime?.Kind,
            p.RowCount, p.DataSize, p.DataSizeBytes, p.ReplicationNum, p.Buckets, p.IsTemp, p.PartitionKey, p.PartitionValue);
}
