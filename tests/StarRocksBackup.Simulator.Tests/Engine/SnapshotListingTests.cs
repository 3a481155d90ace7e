using System.Text;
using MySqlConnector;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Engine;

/// <summary>SHOW SNAPSHOT row semantics of facts §2.3, computed from what is really in the bucket.</summary>
public sealed class SnapshotListingTests
{
    [S3Fact]
    public async Task Listing_InvalidInfoFiles_MissingLabels_SeveralTimestamps_MissingMeta()
    {
        string prefix = S3Settings.UniquePrefix("listing");
        string root = $"{prefix}/__starrocks_repository_repo/";
        await using StarRocksSimulator sim = await Sql.StartAsync();
        using MySqlConnection c = Sql.Open(sim);
        Sql.Seed(c);
        c.Exec(Sql.CreateRepoSql("repo", prefix));
        string ts = c.BackupAndWait("sales", "a", "repo", " ON (dim)");

        using var s3 = new S3Inspector();
        byte[] body = await s3.GetAsync((await s3.KeysAsync(root + "__ss_a/__info_")).Single());
        await s3.PutAsync(root + "__ss_a/__info_2001-01-01-00-00-00-000." + S3Inspector.Md5(body), body);
        await s3.PutAsync(root + "__ss_a/__info_2002-01-01-00-00-00-000.part", body);
        await s3.PutAsync(root + "__ss_b/__ss_content/x", Encoding.UTF8.GetBytes("x"));

        WireResult all = c.Query("SHOW SNAPSHOT ON repo");
        Assert.Equal(new[] { "a", "b" }, all.Rows.Select(r => r[0]));
        Assert.Equal($"2001-01-01-00-00-00-000\nInvalid: __info_2002-01-01-00-00-00-000.part\n{ts}", all.Cell(0, "Timestamp"));
        Assert.Equal("OK", all.Cell(0, "Status"));
        Assert.Null(all.Cell(1, "Timestamp"));
        Assert.Equal("ERROR: no snapshot", all.Cell(1, "Status"));

        WireResult some = c.Query("SHOW SNAPSHOT ON repo WHERE SNAPSHOT IN ('b', 'zzz')");
        Assert.Equal(new[] { "b", "zzz" }, some.Rows.Select(r => r[0]));
        Assert.All(some.Rows, r => Assert.Equal("ERROR: no snapshot", r[2]));

        WireResult missing = c.Query("SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 'a' AND TIMESTAMP = '1999-01-01-00-00-00-000'");
        Assert.Null(missing.Cell(0, "Database"));
        Assert.Equal($"Failed to get info: Expected one file with path: {root}__ss_a/__info_1999-01-01-00-00-00-000. get: 0", missing.Cell(0, "Status"));

        // a snapshot whose __meta is gone cannot be restored
        await s3.DeleteAsync((await s3.KeysAsync(root + "__ss_a/__meta.")).Single());
        c.Exec("DROP TABLE dim");
        c.Exec($"RESTORE SNAPSHOT sales.a FROM repo PROPERTIES (\"backup_timestamp\" = \"{ts}\", \"replication_num\" = \"1\")");
        Assert.Equal("[COMMON_ERROR, msg: Failed to read backup meta from file]", c.WaitState("SHOW RESTORE FROM sales", "FINISHED", "CANCELLED").Cell(0, "Status"));
    }
}
