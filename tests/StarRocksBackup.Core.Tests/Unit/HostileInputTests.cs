using StarRocksBackup.Core;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Core.Sql;
using StarRocksBackup.Core.Tests.Support;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>Each hostile value is either refused with InvalidArgument before SQL is built, or round-trips exactly.</summary>
public sealed class HostileInputTests
{
    private static readonly IReadOnlyList<string> Corpus = HostileCorpus.Build();
    private static readonly SqlDialect D33 = new(new ServerInfo(new Version(3, 3, 9), "", RunMode.SharedNothing));
    private static readonly SqlDialect D34 = new(new ServerInfo(new Version(3, 4, 1), "", RunMode.SharedNothing));

    [Fact]
    public void Corpus_is_large_enough() => Assert.True(Corpus.Count >= 1000, $"{Corpus.Count} entries");

    [Fact]
    public void Identifiers_round_trip_or_are_refused()
    {
        int accepted = 0, refused = 0;
        foreach (string v in Corpus)
        {
            foreach (SqlDialect d in new[] { D33, D34 })
            {
                string? sql = TryBuild(() => d.Backup(v, "lbl", "repo", new[] { new SqlTableRef(v, new[] { v }) }, null, null), v, ref refused);
                if (sql == null) continue;
                accepted++;
                var q = StatementLexer.Quoted(sql).ToList();
                Assert.Equal(new[] { v, "lbl", "repo", v, v }, q);
            }

            string? restore = TryBuild(() => D34.Restore("lbl", "repo", v, v + "_x", new[] { new SqlTableRef(v, null, v + "2") }, "2024-12-09-10-25-58-842", 1, null, false), v, ref refused);
            if (restore != null)
            {
                Assert.Equal(new[] { "lbl", "repo", v, v + "_x", v, v + "2", "backup_timestamp", "2024-12-09-10-25-58-842", "replication_num", "1" }, StatementLexer.Quoted(restore));
            }
        }

        Assert.True(accepted > 1500, $"only {accepted} accepted");
        Assert.True(refused > 5, $"only {refused} refused");
    }

    [Fact]
    public void Property_values_and_keys_round_trip_or_are_refused()
    {
        int refused = 0;
        foreach (string v in Corpus)
        {
            string? sql = TryBuild(() => D33.CreateRepository("r1", "s3://b/" + v, new[] { new KeyValuePair<string, string>("aws.s3.secret_key", v), new KeyValuePair<string, string>("k" + v, "v") }, false, null), v, ref refused);
            if (sql == null) continue;
            Assert.Equal(new[] { "r1", "s3://b/" + v, "aws.s3.secret_key", v, "k" + v, "v" }, StatementLexer.Quoted(sql));
            // The redactor masks exactly the secret value and leaves every other token intact.
            Assert.Equal(new[] { "r1", "s3://b/" + v, "aws.s3.secret_key", SqlRedactor.Mask, "k" + v, "v" }, StatementLexer.Quoted(SqlRedactor.Redact(sql)));
        }
    }

    [Fact]
    public void Labels_and_repository_names_outside_the_rules_never_reach_sql()
    {
        foreach (string v in Corpus)
        {
            if (!NameRules.IsValidLabel(v))
            {
                Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(() => D34.Backup("db", v, "repo", null, null, null)).Kind);
                Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(() => D34.ShowSnapshot("repo", v)).Kind);
            }

            if (!NameRules.IsValidRepositoryName(v))
            {
                Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(() => D34.Backup("db", "l", v, null, null, null)).Kind);
                Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(() => D34.DropRepository(v)).Kind);
            }
        }
    }

    [Fact]
    public void Planner_refuses_or_round_trips_hostile_names()
    {
        int refused = 0;
        foreach (string v in Corpus)
        {
            BackupPlan? plan = null;
            try
            {
                plan = BackupPlanner.Plan(new BackupRequest { Repository = "repo", LabelTimeUtc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) }.Add(v, v, v), D34);
            }
            catch (StarRocksBackupException ex)
            {
                Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                refused++;
                continue;
            }

            DatabaseBackup db = plan.Databases.Single();
            Assert.True(NameRules.IsValidLabel(db.Label));
            Assert.Equal(new[] { v, db.Label, "repo", v, v }, StatementLexer.Quoted(db.Sql));
        }

        Assert.True(refused > 5);
    }

    private static string? TryBuild(Func<string> build, string v, ref int refused)
    {
        try
        {
            return build();
        }
        catch (StarRocksBackupException ex)
        {
            Assert.True(ex.Kind == ErrorKind.InvalidArgument, $"{ex.Kind}: {ex.Message}");
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            refused++;
            return null;
        }
    }
}
