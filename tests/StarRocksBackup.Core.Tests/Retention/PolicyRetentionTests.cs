using StarRocksBackup.Core.Policy;
using StarRocksBackup.Core.Retention;
using Xunit;

namespace StarRocksBackup.Core.Tests.Retention;

/// <summary>The policy file's retention section: read, validated with key and line, merged with explicit parameters.</summary>
public sealed class PolicyRetentionTests
{
    private const string Head = "repository: nightly\nsets:\n  - databases: [sales]\n";

    [Fact]
    public void The_retention_section_is_read_with_every_setting()
    {
        BackupPolicy p = PolicyLoader.Parse(Head + """
            retention:
              retentionDays: 30
              minRetentionDays: 2
              maxSnapshots: 60
              minSnapshots: 3
              keepDaily: 7
              keepWeekly: 4
              keepMonthly: 12
              keepNewestVerified: false
            """, "p.yaml");
        PolicyRetention r = p.Retention!;
        Assert.Equal((30, 2, 60, 3), (r.RetentionDays!.Value, r.MinRetentionDays!.Value, r.MaxSnapshots!.Value, r.MinSnapshots!.Value));
        Assert.Equal((7, 4, 12, false), (r.KeepDaily!.Value, r.KeepWeekly!.Value, r.KeepMonthly!.Value, r.KeepNewestVerified!.Value));
        Assert.Null(PolicyLoader.Parse(Head, "p.yaml").Retention);

        // Zero is a value (keep no monthly representative), not "unset".
        PolicyRetention zero = PolicyLoader.Parse(Head + "retention:\n  keepMonthly: 0\n", "p.yaml").Retention!;
        Assert.Equal(0, zero.KeepMonthly);
        Assert.Null(zero.RetentionDays);
        Assert.Null(zero.KeepNewestVerified);
    }

    [Theory]
    [InlineData("retention:\n  retentionDay: 30\n", "line 5: unknown key 'retentionDay' in retention")]
    [InlineData("retention:\n  MaxSnapshots: 3\n", "(did you mean 'maxSnapshots'?)")]
    [InlineData("retention:\n  retentionDays: thirty\n", "line 5: retentionDays: must be a whole number, not 'thirty'")]
    [InlineData("retention:\n  maxSnapshots: -1\n", "line 5: maxSnapshots: -1 is out of range (0..100000)")]
    [InlineData("retention:\n  keepWeekly: 20000\n", "line 5: keepWeekly: 20000 is out of range (0..10000)")]
    [InlineData("retention:\n  keepNewestVerified: maybe\n", "line 5: keepNewestVerified: must be true or false")]
    [InlineData("retention:\n  minSnapshots: 5\n  maxSnapshots: 2\n", "line 6: retention.maxSnapshots (2) is below retention.minSnapshots (5)")]
    [InlineData("retention:\n  retentionDays: 1\n  minRetentionDays: 7\n", "line 5: retention.retentionDays (1) is below retention.minRetentionDays (7)")]
    [InlineData("retention: 30\n", "line 4: retention: must be a mapping")]
    [InlineData("retention:\n  keepDaily: [1, 2]\n", "line 5: keepDaily: must be a whole number")]
    public void A_bad_retention_section_names_the_key_and_the_line(string section, string expected)
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => PolicyLoader.Parse(Head + section, "bad.yaml"));
        Assert.Equal(ErrorKind.InvalidConfiguration, ex.Kind);
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("bad.yaml", ex.Message);
    }

    [Fact]
    public void Every_problem_of_the_file_is_reported_together()
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => PolicyLoader.Parse(Head + "paralelism: 2\nretention:\n  maxSnapshot: 3\n  keepDaily: x\n", "bad.yaml"));
        Assert.Contains("line 4: unknown key 'paralelism'", ex.Message);
        Assert.Contains("line 6: unknown key 'maxSnapshot'", ex.Message);
        Assert.Contains("line 7: keepDaily", ex.Message);
    }

    [Fact]
    public void Explicit_values_override_the_file_and_unset_ones_fall_through()
    {
        var file = new PolicyRetention { RetentionDays = 30, MinRetentionDays = 2, MaxSnapshots = 60, MinSnapshots = 3, KeepMonthly = 12, KeepNewestVerified = false };
        RetentionPolicy fromFile = PolicyRetention.Merge(file, new PolicyRetention());
        Assert.Equal((30, 2, 60, 3, 12), (fromFile.RetentionDays!.Value, fromFile.MinRetentionDays!.Value, fromFile.MaxSnapshots!.Value, fromFile.MinSnapshots!.Value, fromFile.KeepMonthly!.Value));
        Assert.Null(fromFile.KeepDaily);
        Assert.False(fromFile.KeepNewestVerified);

        RetentionPolicy merged = PolicyRetention.Merge(file, new PolicyRetention { RetentionDays = 7, KeepDaily = 0, KeepNewestVerified = true });
        Assert.Equal(7, merged.RetentionDays);
        Assert.Equal(0, merged.KeepDaily);
        Assert.True(merged.KeepNewestVerified);
        Assert.Equal((2, 60, 3, 12), (merged.MinRetentionDays!.Value, merged.MaxSnapshots!.Value, merged.MinSnapshots!.Value, merged.KeepMonthly!.Value));

        // Nothing anywhere: nothing applies, and the newest verified backup is kept by default.
        RetentionPolicy none = PolicyRetention.Merge(null, new PolicyRetention());
        Assert.Null(none.RetentionDays);
        Assert.Null(none.MaxSnapshots);
        Assert.True(none.KeepNewestVerified);
    }

    [Fact]
    public void A_parameter_that_contradicts_the_file_is_refused()
    {
        var file = new PolicyRetention { MinSnapshots = 3, MinRetentionDays = 7 };
        var ex = Assert.Throws<StarRocksBackupException>(() => PolicyRetention.Merge(file, new PolicyRetention { MaxSnapshots = 2 }));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("MaxSnapshots (2) is below MinSnapshots (3)", ex.Message);
        ex = Assert.Throws<StarRocksBackupException>(() => PolicyRetention.Merge(file, new PolicyRetention { RetentionDays = 1 }));
        Assert.Contains("RetentionDays (1) is below MinRetentionDays (7)", ex.Message);
    }

    [Fact]
    public void The_starter_policy_documents_the_retention_section_and_uncommented_it_loads()
    {
        string yaml = PolicyTemplate.Render("nightly", new[] { "sales" });
        Assert.Contains("# retention:", yaml);
        Assert.Null(PolicyLoader.Parse(yaml, "starter.yaml").Retention);

        // Uncommenting the section as written gives a valid policy with those values.
        string enabled = string.Join("\n", yaml.Split('\n').Select(l =>
            l.StartsWith("# retention:", StringComparison.Ordinal) || l.StartsWith("#   ", StringComparison.Ordinal) && IsRetentionKey(l) ? l.Substring(2) : l));
        PolicyRetention r = PolicyLoader.Parse(enabled, "starter.yaml").Retention!;
        Assert.Equal((30, 2, 60, 3, 7, 4, 12, true), (r.RetentionDays!.Value, r.MinRetentionDays!.Value, r.MaxSnapshots!.Value, r.MinSnapshots!.Value, r.KeepDaily!.Value, r.KeepWeekly!.Value, r.KeepMonthly!.Value, r.KeepNewestVerified!.Value));
    }

    private static bool IsRetentionKey(string line) =>
        new[] { "retentionDays", "minRetentionDays", "maxSnapshots", "minSnapshots", "keepDaily", "keepWeekly", "keepMonthly", "keepNewestVerified" }
            .Any(k => line.StartsWith("#   " + k + ":", StringComparison.Ordinal));
}
