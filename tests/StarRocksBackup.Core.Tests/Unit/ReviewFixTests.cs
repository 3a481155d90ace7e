using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Sql;
using StarRocksBackup.Core.Tests.Support;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>Defects found in review: system databases, temporary partitions, wait limits, URI passwords, closed clients.</summary>
public sealed class ReviewFixTests
{
    private static readonly string[] PartitionColumns = { "DB_NAME", "TABLE_NAME", "PARTITION_NAME", "PARTITION_ID", "VISIBLE_VERSION", "IS_TEMP", "ROW_COUNT" };

    [Theory]
    [InlineData("information_schema", true)]
    [InlineData("INFORMATION_SCHEMA", true)]
    [InlineData("_statistics_", true)]
    [InlineData("sys", true)]
    [InlineData("sales", false)]
    [InlineData("sys_backup", false)]
    [InlineData("statistics", false)]
    public void Database_IsSystem_marks_exactly_the_StarRocks_system_databases(string name, bool system)
    {
        Assert.Equal(system, new Database(name).IsSystem);
        Assert.Equal(system, Database.IsSystemName(name));
    }

    [Theory]
    [InlineData("information_schema")]
    [InlineData("_statistics_")]
    [InlineData("sys")]
    public async Task Planner_refuses_a_system_database_before_any_SQL(string db)
    {
        var session = new FakeSession(_ => ResultTable.Empty);
        StarRocksClient client = FakeSession.Client(session);
        var request = new BackupRequest { Repository = "r" }.Add("sales").Add(db);
        var ex = Assert.Throws<StarRocksBackupException>(() => client.Backups.Plan(request));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains($"'{db}' is a StarRocks system database", ex.Message);
        Assert.Empty(session.Log);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Restore_into_a_system_database_is_refused_before_any_SQL()
    {
        var session = new FakeSession(_ => ResultTable.Empty);
        StarRocksClient client = FakeSession.Client(session);
        var request = new Restore.RestoreRequest { Repository = "r", Snapshot = "s1", TargetDatabase = "_statistics_" };
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => client.Restores.PlanAsync(request));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("system database", ex.Message);
        Assert.Empty(session.Log);
    }

    [Fact]
    public async Task Temporary_partitions_are_left_out_unless_asked_for()
    {
        var session = new FakeSession(sql => sql.Contains(" FROM information_schema.partitions_meta", StringComparison.Ordinal)
            ? FakeSession.Table(PartitionColumns,
                new string?[] { "d", "t", "p1", "11", "2", "0", "5" },
                new string?[] { "d", "t", "tp1", "12", "1", "1", "0" })
            : ResultTable.Empty);
        CatalogServiceProbe probe = new(FakeSession.Client(session));

        Assert.Equal(new[] { "p1" }, (await probe.Catalog.ListPartitionsAsync("d", "t", includeTemporary: false)).Select(p => p.Name));
        var all = await probe.Catalog.ListPartitionsAsync("d", "t", includeTemporary: true);
        Assert.Equal(new[] { ("p1", false), ("tp1", true) }, all.Select(p => (p.Name, p.IsTemp)));
    }

    [Fact]
    public async Task Backup_naming_a_temporary_partition_is_refused_before_BACKUP_is_sent()
    {
        var session = new FakeSession(sql => sql.Contains(" FROM information_schema.partitions_meta", StringComparison.Ordinal)
            ? FakeSession.Table(PartitionColumns,
                new string?[] { "d", "t", "p1", "11", "2", "0", "5" },
                new string?[] { "d", "t", "tp1", "12", "1", "1", "0" })
            : ResultTable.Empty);
        StarRocksClient client = FakeSession.Client(session);
        BackupPlan plan = client.Backups.Plan(new BackupRequest { Repository = "r", Label = "l1" }.Add("d", "t", "p1", "tp1"));

        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => client.Backups.StartOneAsync(plan.Databases[0]));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("'tp1'", ex.Message);
        Assert.Contains("temporary partition", ex.Message);
        Assert.DoesNotContain("'p1'", ex.Message);
        Assert.Equal(0, session.Count("BACKUP"));

        // The same backup without the temporary partition gets past the check (and sends BACKUP).
        BackupPlan ok = client.Backups.Plan(new BackupRequest { Repository = "r", Label = "l2" }.Add("d", "t", "p1"));
        await Assert.ThrowsAsync<StarRocksBackupException>(() => client.Backups.StartOneAsync(ok.Databases[0], new BackupStartOptions { FailIfBusy = true }));
        Assert.Equal(1, session.Count("BACKUP"));
    }

    [Fact]
    public async Task The_temporary_partition_check_costs_one_query_per_database_not_one_per_table()
    {
        var session = new FakeSession(sql => sql.Contains(" FROM information_schema.partitions_meta", StringComparison.Ordinal)
            ? FakeSession.Table(PartitionColumns,
                new string?[] { "d", "a", "p1", "11", "2", "0", "5" },
                new string?[] { "d", "b", "p1", "21", "2", "0", "5" },
                new string?[] { "d", "b", "tp9", "22", "1", "1", "0" },
                new string?[] { "d", "c", "p1", "31", "2", "0", "5" })
            : ResultTable.Empty);
        StarRocksClient client = FakeSession.Client(session);
        var request = new BackupRequest { Repository = "r", Label = "l1" }.Add("d", "a", "p1").Add("d", "b", "p1", "tp9").Add("d", "c", "p1");
        BackupPlan plan = client.Backups.Plan(request);

        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => client.Backups.StartOneAsync(plan.Databases[0]));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("'tp9' of table 'd.b'", ex.Message);
        Assert.Equal(1, session.Log.Count(s => s.Contains(" FROM information_schema.partitions_meta", StringComparison.Ordinal)));
        Assert.Equal(0, session.Count("BACKUP"));
    }

    [Fact]
    public void WaitOptions_FromSeconds_maps_cmdlet_seconds_to_limits()
    {
        WaitOptions none = WaitOptions.FromSeconds(0, 0);
        Assert.Null(none.Timeout);
        Assert.Null(none.StallTimeout);

        WaitOptions both = WaitOptions.FromSeconds(3600, 900);
        Assert.Equal(TimeSpan.FromHours(1), both.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(15), both.StallTimeout);
        Assert.True(both.StallIsError);
        both.Validate();

        // A stall limit shorter than the longest poll gap shortens the gap, so it is measured in seconds, not polls.
        WaitOptions shortStall = WaitOptions.FromSeconds(0, 2);
        Assert.True(shortStall.MaxPollInterval <= TimeSpan.FromSeconds(2));
        shortStall.Validate();

        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(() => WaitOptions.FromSeconds(-1, 0)).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(() => WaitOptions.FromSeconds(0, -5)).Kind);
    }

    [Theory]
    [InlineData("CREATE REPOSITORY `r` WITH BROKER ON LOCATION 's3://admin:Hunter2@minio:9000/bucket/x'",
                "CREATE REPOSITORY `r` WITH BROKER ON LOCATION 's3://admin:****@minio:9000/bucket/x'")]
    [InlineData("ON LOCATION \"hdfs://hdfs_user:p@ss@w0rd@namenode:8020/backups\"", "ON LOCATION \"hdfs://hdfs_user:****@namenode:8020/backups\"")]
    [InlineData("Failed at oss://key:se%2Fcret@bucket.endpoint/path: access denied", "Failed at oss://key:****@bucket.endpoint/path: access denied")]
    [InlineData("location s3://user@host/path (no password)", "location s3://user@host/path (no password)")]
    [InlineData("'s3://bucket/prefix' and 'http://example.com:9000/x'", "'s3://bucket/prefix' and 'http://example.com:9000/x'")]
    [InlineData("a 's3://u:one@h/x' and b 'gs://v:two@h/y'", "a 's3://u:****@h/x' and b 'gs://v:****@h/y'")]
    public void Redactor_masks_URI_passwords_anywhere(string text, string expected)
    {
        Assert.Equal(expected, SqlRedactor.Redact(text));
        Assert.Equal(expected, SqlRedactor.RedactUriPasswords(text));
    }

    [Fact]
    public void DescribeCreate_and_ToString_mask_a_password_in_the_location()
    {
        StarRocksClient client = FakeSession.Client(new FakeSession(_ => ResultTable.Empty));
        var spec = new RepositorySpec("r1", "hdfs://backup:T0pS3cret@namenode:8020/sr");
        string described = client.Repositories.DescribeCreate(spec);
        Assert.DoesNotContain("T0pS3cret", described);
        Assert.Contains("hdfs://backup:****@namenode:8020/sr", described);
        Assert.DoesNotContain("T0pS3cret", spec.ToString());
        Assert.DoesNotContain("T0pS3cret", new Repository { Name = "r1", Location = spec.Location }.ToString());
    }

    [Fact]
    public async Task Verbose_and_errors_of_CreateAsync_mask_a_password_in_the_location()
    {
        var session = new FakeSession(sql => throw ServerErrorTranslator.Translate(1064, "42000",
            "Getting analyzing error. Detail message: bad location " + sql.Substring(sql.IndexOf("'", StringComparison.Ordinal)) + ".", SqlRedactor.Redact(sql), null));
        var obs = new RecordingObserver();
        var spec = new RepositorySpec("r1", "s3://ak:UriSecret99@host/bucket");
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => FakeSession.Client(session).Repositories.CreateAsync(spec, obs));
        Assert.Contains(session.Log, s => s.Contains("UriSecret99", StringComparison.Ordinal)); // the server did get it
        foreach (string text in new[] { ex.ToString(), ex.Statement ?? string.Empty, ex.ServerMessage ?? string.Empty, string.Join("\n", obs.Messages) })
        {
            Assert.DoesNotContain("UriSecret99", text);
        }

        // The statement is shown at Debug by the session (not by the service), so the error carries it, masked.
        Assert.Contains("s3://ak:****@host/bucket", ex.Statement ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_client_is_closed_and_refuses_every_operation()
    {
        var session = new FakeSession(_ => FakeSession.Table(new[] { "Database" }, new string?[] { "sales" }));
        StarRocksClient client = FakeSession.Client(session);
        Assert.False(client.IsClosed);
        Assert.Single(await client.Catalog.ListDatabasesAsync());

        client.Dispose();
        client.Dispose(); // idempotent
        Assert.True(client.IsClosed);
        int sent = session.Log.Count;
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => client.Catalog.ListDatabasesAsync());
        Assert.Equal(ErrorKind.ConnectionFailed, ex.Kind);
        Assert.Contains("closed", ex.Message);
        Assert.Contains("Connect-SrServer", ex.Message);
        await Assert.ThrowsAsync<StarRocksBackupException>(() => client.Jobs.ListBackupJobsAsync("sales"));
        Assert.Equal(sent, session.Log.Count);
    }

    private sealed record CatalogServiceProbe(StarRocksClient Client)
    {
        public Catalog.CatalogService Catalog => Client.Catalog;
    }
}
