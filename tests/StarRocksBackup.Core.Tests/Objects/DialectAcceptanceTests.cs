using System.Reflection;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Core.Sql;
using StarRocksBackup.Simulator.Statements;
using Xunit;

namespace StarRocksBackup.Core.Tests.Objects;

/// <summary>
/// Every statement Core's dialect emits, for every version, is accepted by the simulator's grammar of that version; a
/// statement the dialect refuses for a version (UnsupportedByServer) is one that version's grammar rejects.
/// </summary>
public sealed class DialectAcceptanceTests
{
    public static readonly string[] Versions = { "2.5.22", "3.3.9", "3.4.5", "4.0.2", "4.2.0" };

    private const string Ts = "2026-01-02-03-04-05-678";

    /// <summary>One sample call per public string-returning method (and overload) of SqlDialect; the test fails for a method without one.</summary>
    private static IEnumerable<(string Method, Func<SqlDialect, string> Call)> Samples()
    {
        var tables = new List<SqlTableRef> { new("orders", new[] { "p1", "p2" }), new("dim") };
        var restoreTables = new List<SqlTableRef> { new("orders", new[] { "p1" }, "orders_copy"), new("dim") };
        var objects = new List<SqlObjectRef> { new(DatabaseObjectKind.View, "v1"), new(DatabaseObjectKind.MaterializedView, "mv1"), new(DatabaseObjectKind.Function, "f1") };
        var restoreObjects = new List<SqlObjectRef> { new(DatabaseObjectKind.View, "v1", "v2"), new(DatabaseObjectKind.Function, "f1") };
        var props = new[] { new KeyValuePair<string, string>("aws.s3.access_key", "k"), new KeyValuePair<string, string>("aws.s3.secret_key", "s") };
        yield return ("ShowBackup", d => d.ShowBackup("sales"));
        yield return ("ShowBackup", d => d.ShowBackup(null));
        yield return ("ShowRestore", d => d.ShowRestore("sales"));
        yield return ("ShowRestore", d => d.ShowRestore(null));
        yield return ("CancelBackup", d => d.CancelBackup("sales"));
        yield return ("CancelRestore", d => d.CancelRestore("sales"));
        yield return ("ShowRepositories", d => d.ShowRepositories());
        yield return ("DropRepository", d => d.DropRepository("repo"));
        yield return ("CreateRepository", d => d.CreateRepository("repo", "s3://b/p", props, readOnly: false, broker: null));
        yield return ("CreateRepository", d => d.CreateRepository("repo", "s3://b/p", props, readOnly: true, broker: null));
        yield return ("CreateRepository", d => d.CreateRepository("repo", "hdfs://h/p", Array.Empty<KeyValuePair<string, string>>(), readOnly: false, broker: "hdfs_broker"));
        yield return ("Backup", d => d.Backup("sales", "snap", "repo", null, null, null));
        yield return ("Backup", d => d.Backup("sales", "snap", "repo", tables, TimeSpan.FromHours(1), null));
        yield return ("Backup+ttl", d => d.Backup("sales", "snap", "repo", tables, TimeSpan.FromHours(1), "7 DAY"));
        yield return ("Backup", d => d.Backup("sales", "snap", "repo", tables, objects, null, null));
        yield return ("Backup", d => d.Backup("sales", "snap", "repo", null, objects, TimeSpan.FromHours(1), null));
        yield return ("Restore", d => d.Restore("snap", "repo", "sales", "sales", null, Ts, 1, null, false));
        yield return ("Restore", d => d.Restore("snap", "repo", "sales", "sales2", restoreTables, Ts, 3, TimeSpan.FromHours(2), true));
        yield return ("Restore", d => d.Restore("snap", "repo", "sales", "sales2", restoreTables, restoreObjects, Ts, 1, null, false));
        yield return ("Restore", d => d.Restore("snap", "repo", "sales", "sales", null, restoreObjects, Ts, null, null, false));
        yield return ("ShowSnapshot", d => d.ShowSnapshot("repo"));
        yield return ("ShowSnapshot", d => d.ShowSnapshot("repo", "snap"));
        yield return ("ShowSnapshot", d => d.ShowSnapshot("repo", "snap", Ts));
        yield return ("DropSnapshot", d => d.DropSnapshot("snap", "repo", force: false));
        yield return ("DropSnapshot", d => d.DropSnapshot("snap", "repo", force: true));
        yield return ("CreateDatabaseIfNotExists", d => d.CreateDatabaseIfNotExists("sales"));
        yield return ("ShowDatabases", d => d.ShowDatabases());
        yield return ("ShowTables", d => d.ShowTables("sales"));
        yield return ("SelectPartitions", d => d.SelectPartitions("sales", null));
        yield return ("SelectPartitions", d => d.SelectPartitions("sales", "orders"));
        yield return ("ShowPartitions", d => d.ShowPartitions("sales", "orders"));
        yield return ("ShowBackends", d => d.ShowBackends());
        yield return ("ShowFrontends", d => d.ShowFrontends());
        yield return ("CheckTtl", d => "BACKUP SNAPSHOT sales.snap TO repo PROPERTIES ('ttl' = '" + d.CheckTtl("7 DAY") + "')");
        yield return ("ShowMaterializedViews", d => d.ShowMaterializedViews("sales"));
        yield return ("ShowFunctions", d => d.ShowFunctions("sales"));
        yield return ("ShowCatalogs", d => d.ShowCatalogs());
        yield return ("BackupExternalCatalogs", d => d.BackupExternalCatalogs(new[] { "hive1" }, "cats", "repo", null));
        yield return ("BackupExternalCatalogs", d => d.BackupExternalCatalogs(new[] { "hive1", "jdbc1" }, "cats", "repo", TimeSpan.FromHours(1)));
        yield return ("BackupExternalCatalogs", d => d.BackupExternalCatalogs(null, "cats", "repo", null));
        yield return ("RestoreExternalCatalogs", d => d.RestoreExternalCatalogs("cats", "repo", new[] { new SqlCatalogRef("hive1", "hive2") }, Ts, null));
        yield return ("RestoreExternalCatalogs", d => d.RestoreExternalCatalogs("cats", "repo", null, Ts, TimeSpan.FromHours(1)));
    }

    public static IEnumerable<object[]> Cases() =>
        from v in Versions from s in Samples().Select((s, i) => (s.Method, i)) select new object[] { v, s.Method, s.i };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryStatement_IsAcceptedByTheSimulatorOfItsVersion_OrRefusedByBoth(string version, string method, int index)
    {
        var server = new ServerInfo(ServerInfo.ParseVersion(version)!, version, RunMode.SharedNothing);
        var dialect = new SqlDialect(server);
        SrVersion sim = SrVersion.Parse(version);
        (string _, Func<SqlDialect, string> call) = Samples().ElementAt(index);
        string sql;
        try
        {
            sql = call(dialect);
        }
        catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.UnsupportedByServer)
        {
            // Refused by Core for this version: the version-specific samples must then be rejected by that version's grammar.
            Assert.True(RefusedSamplesAreSyntaxErrors(method, sim), $"{method} refused on {version} ({ex.Message}) although the grammar has it");
            return;
        }

        Statement parsed = SqlParser.Parse(sql, sim);
        Assert.NotNull(parsed);
    }

    /// <summary>What Core refuses for a version is what that version's grammar lacks (the statement forms exist from 3.0 / 3.4 / 4.2).</summary>
    private static bool RefusedSamplesAreSyntaxErrors(string method, SrVersion v) => method switch
    {
        "DropSnapshot" or "CheckTtl" or "Backup+ttl" => !v.Is42,
        "BackupExternalCatalogs" or "RestoreExternalCatalogs" or "Backup" or "Restore" => !v.Is34,
        "ShowBackup" or "ShowRestore" => !v.Is30,
        _ => false,
    };

    [Fact]
    public void EveryPublicStringMethodOfTheDialect_HasASample()
    {
        var covered = Samples().Select(s => s.Method).ToHashSet();
        var methods = typeof(SqlDialect).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType == typeof(string) && !m.IsSpecialName && m.Name != nameof(ToString))
            .Select(m => m.Name).Distinct();
        Assert.DoesNotContain(methods, m => !covered.Contains(m));
    }

    [Fact]
    public void ObjectForms_AreRefusedBefore34_WithTheReason()
    {
        var d = new SqlDialect(new ServerInfo(new Version(3, 3, 9), "3.3.9", RunMode.SharedNothing));
        var ex = Assert.Throws<StarRocksBackupException>(() => d.Backup("sales", "snap", "repo", null, new[] { new SqlObjectRef(DatabaseObjectKind.View, "v1") }, null, null));
        Assert.Equal(ErrorKind.UnsupportedByServer, ex.Kind);
        Assert.Contains("needs StarRocks 3.4 or later; this server is 3.3.9", ex.Message);
        Assert.Contains("SHOW CREATE VIEW", ex.Message);
        Assert.Equal(ErrorKind.UnsupportedByServer, Assert.Throws<StarRocksBackupException>(() => d.BackupExternalCatalogs(null, "c", "repo", null)).Kind);
    }

    [Fact]
    public void ObjectForms_On34()
    {
        var d = new SqlDialect(new ServerInfo(new Version(3, 4, 5), "3.4.5", RunMode.SharedNothing));
        Assert.Equal("BACKUP DATABASE `sales` SNAPSHOT `snap` TO `repo` ON (`t`, VIEW `v1`, MATERIALIZED VIEW `mv1`, FUNCTION `f1`)",
            d.Backup("sales", "snap", "repo", new[] { new SqlTableRef("t") },
                new[] { new SqlObjectRef(DatabaseObjectKind.View, "v1"), new SqlObjectRef(DatabaseObjectKind.MaterializedView, "mv1"), new SqlObjectRef(DatabaseObjectKind.Function, "f1") }, null, null));
        Assert.Equal("BACKUP EXTERNAL CATALOGS (`a`, `b`) SNAPSHOT `c` TO `repo`", d.BackupExternalCatalogs(new[] { "a", "b" }, "c", "repo", null));
        Assert.Equal($"RESTORE SNAPSHOT `c` FROM `repo` EXTERNAL CATALOG (`a` AS `b`) PROPERTIES ('backup_timestamp' = '{Ts}')",
            d.RestoreExternalCatalogs("c", "repo", new[] { new SqlCatalogRef("a", "b") }, Ts, null));
    }
}
