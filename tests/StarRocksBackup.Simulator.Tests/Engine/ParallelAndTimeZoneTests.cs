using System.Globalization;
using MySqlConnector;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>Databases back up in parallel (one job each); times follow the FE time zone.</summary>
public sealed class ParallelAndTimeZoneTests
{
    [S3Fact]
    public async Task FourDatabasesBackUpInParallel_FromFourConnections()
    {
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using (MySqlConnection c = Sql.Open(sim))
        {
            c.Exec(Sql.CreateRepoSql("repo", S3Settings.UniquePrefix("parallel")));
            for (int i = 0; i < 4; i++)
            {
                c.Exec($"CREATE DATABASE db{i}");
                c.Exec($"CREATE TABLE db{i}.t (k INT, v VARCHAR(8)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
                c.Exec($"INSERT INTO db{i}.t VALUES ({i}, 'v{i}'), ({i + 10}, 'w{i}')");
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
        {
            using MySqlConnection c = Sql.Open(sim);
            c.Exec($"BACKUP SNAPSHOT db{i}.snap{i} TO repo");
            Assert.Equal("[OK]", c.WaitState($"SHOW BACKUP FROM db{i}", "FINISHED", "CANCELLED").Cell(0, "Status"));
        })));

        using MySqlConnection check = Sql.Open(sim);
        WireResult all = check.Query("SHOW BACKUP");
        Assert.Equal(4, all.Rows.Count);
        Assert.All(all.Rows, r => Assert.Equal("FINISHED", r[3]));
        Assert.Equal(new[] { "snap0", "snap1", "snap2", "snap3" }, check.Query("SHOW SNAPSHOT ON repo").Rows.Select(r => r[0]));
    }

    [S3Fact]
    public async Task SnapshotTimestampAndShowTimes_UseTheFeTimeZone()
    {
        TimeZoneInfo tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        await using var h = new EngineHarness(configure: o => o.TimeZone = tokyo);
        BackupRoundTripTests.Seed(h);
        h.CreateRepo("repo", S3Settings.UniquePrefix("tz"));
        DateTime utcBefore = DateTime.UtcNow;
        string ts = BackupRoundTripTests.Backup(h, "sales", "tz1", "repo", " ON (dim)");
        DateTime local = DateTime.ParseExact(ts, "yyyy-MM-dd-HH-mm-ss-fff", CultureInfo.InvariantCulture);
        Assert.InRange(local - utcBefore, TimeSpan.FromHours(9) - TimeSpan.FromSeconds(5), TimeSpan.FromHours(9) + TimeSpan.FromSeconds(30));
        string created = EngineHarness.Cell(h.Query("SHOW BACKUP FROM sales"), 0, "CreateTime")!;
        Assert.Equal(local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), created);
    }
}
