using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Tests.Grammar;

/// <summary>
/// One rule of StarRocks' grammar for repository / backup / restore / snapshot statements (StarRocks.g4: G4-3x for
/// 2.5-3.3, G4-new for 3.4+; facts §1): a statement the rule accepts, the first version whose grammar has it, and a
/// malformed statement the grammar rejects in every version.
/// </summary>
public sealed record GrammarRule(string Name, SrVersion Since, string Accepted, string Rejected)
{
    public override string ToString() => Name;
}

public static class GrammarRules
{
    /// <summary>The versions the simulator imitates.</summary>
    public static readonly string[] Versions = { "2.5.22", "3.3.9", "3.4.5", "4.0.2", "4.2.0" };

    private static readonly SrVersion All = new(2, 5, 0);
    private static readonly SrVersion V34 = new(3, 4, 0);
    private static readonly SrVersion V42 = new(4, 2, 0);

    public static readonly GrammarRule[] Rules =
    {
        new("createRepository", All,
            "CREATE REPOSITORY r WITH BROKER ON LOCATION 's3://b/p' PROPERTIES ('aws.s3.access_key' = 'k')",
            "CREATE REPOSITORY r ON LOCATION 's3://b/p' PROPERTIES ('aws.s3.access_key' = 'k')"),
        new("createRepository READ ONLY, named broker", All,
            "CREATE READ ONLY REPOSITORY r WITH BROKER hdfs_broker ON LOCATION 'hdfs://h/p' PROPERTIES ('username' = 'u')",
            "CREATE READ REPOSITORY r WITH BROKER ON LOCATION 'hdfs://h/p' PROPERTIES ('username' = 'u')"),
        new("createRepository without PROPERTIES", V34,
            "CREATE REPOSITORY r WITH BROKER ON LOCATION 's3://b/p'",
            "CREATE REPOSITORY r WITH BROKER ON LOCATION s3 PROPERTIES ()"),
        new("createRepository broker as a string", V34,
            "CREATE REPOSITORY r WITH BROKER 'my broker' ON LOCATION 's3://b/p' PROPERTIES ('k' = 'v')",
            "CREATE REPOSITORY r WITH BROKER ON 's3://b/p' PROPERTIES ('k' = 'v')"),
        new("dropRepository", All, "DROP REPOSITORY r", "DROP REPOSITORY IF EXISTS r"),
        new("showRepositories", All, "SHOW REPOSITORIES", "SHOW REPOSITORIES LIKE 'r%'"),
        new("backup legacy, whole database", All, "BACKUP SNAPSHOT db.snap TO repo", "BACKUP SNAPSHOT db.snap repo"),
        new("backup legacy, tables and partitions, properties", All,
            "BACKUP SNAPSHOT db.snap TO repo ON (t1 PARTITION (p1, p2), t2 PARTITIONS p3, t3) PROPERTIES ('type' = 'full', 'timeout' = '3600')",
            "BACKUP SNAPSHOT db.snap TO repo ON ()"),
        new("backup table alias (backupRestoreTableDesc)", V34,
            "BACKUP SNAPSHOT db.snap TO repo ON (t1 AS x)",
            "BACKUP SNAPSHOT db.snap TO repo ON (t1 AS)"),
        new("backup DATABASE form", V34,
            "BACKUP DATABASE db SNAPSHOT snap TO repo",
            "BACKUP DATABASE SNAPSHOT snap TO repo"),
        new("backup TABLE / ALL TABLES descriptors", V34,
            "BACKUP DATABASE db SNAPSHOT snap TO repo ON (TABLE t1 PARTITION (p1), ALL TABLES) PROPERTIES ('timeout' = '3600')",
            "BACKUP DATABASE db SNAPSHOT snap TO repo ON (ALL)"),
        new("backup VIEW / MATERIALIZED VIEW / FUNCTION descriptors", V34,
            "BACKUP DATABASE db SNAPSHOT snap TO repo ON (VIEW v1, MATERIALIZED VIEW mv1, FUNCTION f1, TABLE t1)",
            "BACKUP DATABASE db SNAPSHOT snap TO repo ON (MATERIALIZED mv1)"),
        new("backup ALL VIEWS / MATERIALIZED VIEWS / FUNCTIONS", V34,
            "BACKUP DATABASE db SNAPSHOT snap TO repo ON (ALL VIEWS, ALL MATERIALIZED VIEWS, ALL FUNCTIONS)",
            "BACKUP DATABASE db SNAPSHOT snap TO repo ON (ALL MATERIALIZED)"),
        new("backup EXTERNAL CATALOG", V34,
            "BACKUP EXTERNAL CATALOG (hive1) SNAPSHOT snap TO repo",
            "BACKUP EXTERNAL (hive1) SNAPSHOT snap TO repo"),
        new("backup EXTERNAL CATALOGS list", V34,
            "BACKUP EXTERNAL CATALOGS (hive1, jdbc1) SNAPSHOT snap TO repo PROPERTIES ('timeout' = '3600')",
            "BACKUP EXTERNAL CATALOGS () SNAPSHOT snap TO repo"),
        new("backup ALL EXTERNAL CATALOGS", V34,
            "BACKUP ALL EXTERNAL CATALOGS SNAPSHOT snap TO repo",
            "BACKUP ALL EXTERNAL SNAPSHOT snap TO repo"),
        new("restore legacy, tables, alias, properties", All,
            "RESTORE SNAPSHOT db.snap FROM repo ON (t1 PARTITION (p1) AS t1_copy, t2) PROPERTIES ('backup_timestamp' = '2026-01-01-00-00-00-000', 'replication_num' = '1')",
            "RESTORE SNAPSHOT db.snap repo PROPERTIES ('backup_timestamp' = 'x')"),
        new("restore without PROPERTIES (optional in every grammar)", All,
            "RESTORE SNAPSHOT db.snap FROM repo",
            "RESTORE db.snap FROM repo"),
        new("restore DATABASE d AS d2", V34,
            "RESTORE SNAPSHOT snap FROM repo DATABASE db AS db2 PROPERTIES ('backup_timestamp' = 'x')",
            "RESTORE SNAPSHOT snap FROM repo DATABASE AS db2 PROPERTIES ('backup_timestamp' = 'x')"),
        new("restore VIEW / MATERIALIZED VIEW / FUNCTION descriptors", V34,
            "RESTORE SNAPSHOT snap FROM repo DATABASE db ON (VIEW v1 AS v2, MATERIALIZED VIEW mv1, FUNCTION f1, ALL TABLES) PROPERTIES ('backup_timestamp' = 'x')",
            "RESTORE SNAPSHOT snap FROM repo DATABASE db ON (VIEW v1 AS) PROPERTIES ('backup_timestamp' = 'x')"),
        new("restore EXTERNAL CATALOG (c AS n)", V34,
            "RESTORE SNAPSHOT snap FROM repo EXTERNAL CATALOG (hive1 AS hive2) PROPERTIES ('backup_timestamp' = 'x')",
            "RESTORE SNAPSHOT snap FROM repo EXTERNAL CATALOG hive1 PROPERTIES ('backup_timestamp' = 'x')"),
        new("restore ALL EXTERNAL CATALOGS", V34,
            "RESTORE SNAPSHOT snap FROM repo ALL EXTERNAL CATALOGS PROPERTIES ('backup_timestamp' = 'x')",
            "RESTORE SNAPSHOT snap FROM repo ALL CATALOGS PROPERTIES ('backup_timestamp' = 'x')"),
        new("showBackup FROM", All, "SHOW BACKUP FROM db", "SHOW BACKUP FROM"),
        new("showBackup WHERE / ORDER BY / LIMIT", V34, "SHOW BACKUP FROM db WHERE SnapshotName = 's' ORDER BY CreateTime DESC LIMIT 1", "SHOW BACKUP FROM db WHERE"),
        new("showRestore WHERE", All, "SHOW RESTORE FROM db WHERE Label = 's'", "SHOW RESTORE IN"),
        new("showSnapshot", All, "SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 's' AND TIMESTAMP = 't'", "SHOW SNAPSHOT repo"),
        new("cancelBackup / cancelRestore", All, "CANCEL RESTORE FROM db", "CANCEL SNAPSHOT FROM db"),
        new("cancelBackup FOR EXTERNAL CATALOG", V34, "CANCEL BACKUP FOR EXTERNAL CATALOG", "CANCEL BACKUP FOR CATALOG"),
        new("dropSnapshot", V42, "DROP SNAPSHOT 'snap' ON repo FORCE", "DROP SNAPSHOT ON repo"),
    };

    /// <summary>Every (rule, version) pair.</summary>
    public static IEnumerable<object[]> Cases() =>
        from r in Rules from v in Versions select new object[] { r, v };
}
