using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>A resolved ON entry: a table of the database, optional partitions, optional alias (restore only).</summary>
public sealed record TableRef(string Name, IReadOnlyList<string>? Partitions, string? Alias, SourcePos Pos);

public sealed record AnalyzedBackup(string DbName, string Label, string RepoName, IReadOnlyList<TableRef> Tables, bool WholeDatabase, long TimeoutMs, SnapshotTtl? Ttl);

public sealed record AnalyzedRestore(
    string DbName, string Label, string RepoName, string? SourceDbName, IReadOnlyList<TableRef> Tables,
    string BackupTimestamp, long TimeoutMs, bool AllowLoad, int ReplicationNum);

/// <summary>
/// StarRocks' BackupRestoreAnalyzer: the checks that fail the statement before any job exists, in the order of
/// facts §1.8 (the caller holds the catalog gate).
/// </summary>
public sealed class BackupRestoreAnalyzer
{
    public const long DefaultTimeoutMs = 86_400_000;
    private const long MinTimeoutMs = 600_000;
    private readonly FeContext _ctx;

    public BackupRestoreAnalyzer(FeContext ctx) => _ctx = ctx;

    public AnalyzedBackup AnalyzeBackup(ClientSession session, BackupStmt stmt)
    {
        if (stmt.ExternalCatalogs is not null || stmt.AllExternalCatalogs)
        {
            // The simulator models no external catalogs.
            string name = stmt.ExternalCatalogs?.FirstOrDefault() ?? "*";
            throw FeException.Analysis(Messages.UnknownCatalog(name));
        }

        string dbName = stmt.DatabaseClause ?? stmt.LabelDb ?? session.Database ?? throw FeException.Analysis(Messages.NoDatabaseSelected());
        if (stmt.DatabaseClause is not null && stmt.LabelDb is not null)
        {
            throw FeException.Analysis(Messages.DatabaseGivenTwice(stmt.LabelDb, stmt.Label));
        }

        Database db = _ctx.Catalog.FindDb(dbName) ?? throw FeException.Analysis(Messages.BadDb(dbName));
        if (string.IsNullOrEmpty(stmt.Label)) throw FeException.Analysis(Messages.WrongLabelName(stmt.Label));
        if (string.IsNullOrEmpty(stmt.Repository)) throw FeException.Analysis(Messages.RepoEmpty());
        if (_ctx.Repositories.Find(stmt.Repository) is null) throw FeException.Analysis(Messages.RepoNotExistAnalyzer(stmt.Repository));

        var refs = new List<TableRef>();
        bool whole = stmt.Objects.Count == 0;
        foreach (BackupObject o in stmt.Objects)
        {
            switch (o.Kind)
            {
                case BackupObjectKind.AllTables:
                    foreach (OlapTable t in db.Tables.Where(t => refs.All(r => r.Name != t.Name))) refs.Add(new TableRef(t.Name, null, null, o.Pos));
                    break;
                case BackupObjectKind.Table:
                    OlapTable table = db.FindTableIgnoreCase(o.Name!) ?? throw FeException.Analysis(Messages.IncorrectTableName(o.Name!), o.Pos);
                    if (o.Partitions is not null)
                    {
                        if (o.TemporaryPartitions) throw FeException.Execution(Messages.TempPartitionsBackup());
                        foreach (string p in o.Partitions)
                        {
                            if (table.FindPartition(p) is null) throw FeException.Analysis(Messages.PartitionNotExistAnalyzer(p, table.Name), o.Pos);
                        }
                    }

                    if (refs.Any(r => string.Equals(r.Name, table.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw FeException.Analysis(Messages.DuplicatedTable(o.Name!), o.Pos);
                    }

                    refs.Add(new TableRef(table.Name, o.Partitions?.Select(p => table.FindPartition(p)!.Name).Distinct().ToList(), o.Alias, o.Pos));
                    break;
                case BackupObjectKind.MaterializedView:
                case BackupObjectKind.View:
                    throw FeException.Analysis(Messages.IncorrectTableName(o.Name!), o.Pos);
                case BackupObjectKind.Function:
                    throw FeException.Analysis(Messages.InvalidBackupFunction(o.Name!), o.Pos);
                default:
                    break; // ALL MATERIALIZED VIEWS / VIEWS / FUNCTIONS: the simulator has none.
            }
        }

        foreach (BackupObject o in stmt.Objects.Where(o => o.Alias is not null))
        {
            throw FeException.Analysis(Messages.AliasInBackup(o.ToString()), o.Pos);
        }

        long timeoutMs = DefaultTimeoutMs;
        SnapshotTtl? ttl = null;
        var unknown = new List<string>();
        foreach ((string key, string value) in stmt.Properties.Items)
        {
            switch (key)
            {
                case "timeout":
                    timeoutMs = ParseTimeout(value);
                    break;
                case "type":
                    if (!string.Equals(value, "full", StringComparison.OrdinalIgnoreCase)) throw FeException.Analysis(Messages.InvalidBackupType(value));
                    break;
                case "ttl" when _ctx.Version.Is42:
                    ttl = SnapshotTtl.Parse(value);
                    break;
                default:
                    unknown.Add(key);
                    break;
            }
        }

        if (unknown.Count > 0) throw FeException.Analysis(Messages.UnknownBackupProperties(unknown));
        if (whole)
        {
            if (db.Tables.Count == 0) throw FeException.Analysis(Messages.EmptyDatabase(db.Name));
            refs.AddRange(db.Tables.Select(t => new TableRef(t.Name, null, null, default)));
        }

        return new AnalyzedBackup(db.Name, stmt.Label, stmt.Repository, refs, whole, timeoutMs, ttl);
    }

    public AnalyzedRestore AnalyzeRestore(ClientSession session, RestoreStmt stmt)
    {
        string? dbName = stmt.DatabaseClause is not null ? stmt.DatabaseAlias ?? stmt.DatabaseClause : stmt.LabelDb ?? session.Database;
        if (dbName is null) throw FeException.Analysis(Messages.NoDatabaseSelected());
        if (string.IsNullOrEmpty(stmt.Label)) throw FeException.Analysis(Messages.WrongLabelName(stmt.Label));

        var refs = new List<TableRef>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (BackupObject o in stmt.Objects)
        {
            if (o.Kind is BackupObjectKind.AllTables or BackupObjectKind.AllViews or BackupObjectKind.AllMaterializedViews or BackupObjectKind.AllFunctions) continue;
            if (o.Kind != BackupObjectKind.Table) throw FeException.Analysis(Messages.IncorrectTableName(o.Name!), o.Pos);
            if (!names.Add(o.Name!)) throw FeException.Analysis(Messages.DuplicatedTable(o.Name!), o.Pos);
            if (o.Alias is not null && !aliases.Add(o.Alias)) throw FeException.Analysis(Messages.DuplicatedAlias(o.Alias), o.Pos);
            if (o.TemporaryPartitions) throw FeException.Execution(Messages.TempPartitionsRestore());
            refs.Add(new TableRef(o.Name!, o.Partitions, o.Alias, o.Pos));
        }

        long timeoutMs = DefaultTimeoutMs;
        bool allowLoad = false;
        int replicationNum = 3;
        string? timestamp = null;
        var unknown = new List<string>();
        foreach ((string key, string value) in stmt.Properties.Items)
        {
            switch (key)
            {
                case "timeout":
                    timeoutMs = ParseTimeout(value);
                    break;
                case "allow_load":
                    if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) allowLoad = true;
                    else if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) allowLoad = false;
                    else throw FeException.Analysis(Messages.InvalidAllowLoad(value));
                    break;
                case "replication_num":
                    if (!int.TryParse(value, out replicationNum)) throw FeException.Analysis(Messages.InvalidMetaVersion(value));
                    break;
                case "meta_version":
                case "starrocks_meta_version":
                    if (!int.TryParse(value, out _)) throw FeException.Analysis(Messages.InvalidMetaVersion(value));
                    break;
                case "backup_timestamp":
                    timestamp = value;
                    break;
                default:
                    unknown.Add(key);
                    break;
            }
        }

        if (timestamp is null) throw FeException.Analysis(Messages.MissingBackupTimestamp());
        if (unknown.Count > 0) throw FeException.Analysis(Messages.UnknownRestoreProperties(unknown));
        return new AnalyzedRestore(dbName, stmt.Label, stmt.Repository, stmt.DatabaseClause, refs, timestamp, timeoutMs, allowLoad, replicationNum);
    }

    /// <summary>Seconds; "Invalid timeout format" / "timeout must be at least 10 min" (checked in seconds).</summary>
    private static long ParseTimeout(string value)
    {
        if (!long.TryParse(value, out long seconds)) throw FeException.Analysis(Messages.InvalidTimeout(value));
        if (seconds * 1000 < MinTimeoutMs) throw FeException.Analysis(Messages.TimeoutTooSmall());
        return seconds * 1000;
    }
}
