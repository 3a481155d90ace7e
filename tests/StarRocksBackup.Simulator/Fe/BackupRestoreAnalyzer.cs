using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>A resolved ON entry: a table of the database, optional partitions, optional alias (restore only).</summary>
public sealed record TableRef(string Name, IReadOnlyList<string>? Partitions, string? Alias, SourcePos Pos);

public sealed record AnalyzedBackup(string DbName, string Label, string RepoName, IReadOnlyList<TableRef> Tables, bool WholeDatabase, long TimeoutMs, SnapshotTtl? Ttl)
{
    /// <summary>Views and MVs to carry (3.4+), by name.</summary>
    public IReadOnlyList<string> Views { get; init; } = Array.Empty<string>();

    /// <summary>Functions to carry (3.4+), by signature.</summary>
    public IReadOnlyList<string> Functions { get; init; } = Array.Empty<string>();

    /// <summary>External catalogs of a catalog backup (null for a database backup).</summary>
    public IReadOnlyList<string>? Catalogs { get; init; }
}

public sealed record AnalyzedRestore(
    string DbName, string Label, string RepoName, string? SourceDbName, IReadOnlyList<TableRef> Tables,
    string BackupTimestamp, long TimeoutMs, bool AllowLoad, int ReplicationNum)
{
    /// <summary>True when ON (...) was given: then only what it names (or ALL ...) is restored.</summary>
    public bool HasOn { get; init; }

    public bool AllTables { get; init; }

    public bool AllViews { get; init; }

    public bool AllMaterializedViews { get; init; }

    public bool AllFunctions { get; init; }

    /// <summary>Views / MVs named in ON, with their alias.</summary>
    public IReadOnlyList<(string Name, string? Alias, bool Materialized)> Views { get; init; } = Array.Empty<(string, string?, bool)>();

    public IReadOnlyList<(string Name, string? Alias)> Functions { get; init; } = Array.Empty<(string, string?)>();

    /// <summary>Catalog restore: the catalogs named (null = all of the snapshot) — only when <see cref="IsCatalogRestore"/>.</summary>
    public IReadOnlyList<CatalogRef>? Catalogs { get; init; }

    public bool IsCatalogRestore { get; init; }
}

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
        if (stmt.ExternalCatalogs is not null || stmt.AllExternalCatalogs) return AnalyzeCatalogBackup(stmt);

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
        var views = new List<string>();
        var functions = new List<string>();
        bool whole = stmt.Objects.Count == 0;
        foreach (BackupObject o in stmt.Objects)
        {
            switch (o.Kind)
            {
                case BackupObjectKind.View:
                case BackupObjectKind.MaterializedView:
                    ViewDef v = db.FindView(o.Name!) is { } fv && fv.IsMaterialized == (o.Kind == BackupObjectKind.MaterializedView)
                        ? fv : throw FeException.Analysis(Messages.IncorrectTableName(o.Name!), o.Pos);
                    if (views.Contains(v.Name)) throw FeException.Analysis(Messages.DuplicatedTable(o.Name!), o.Pos);
                    views.Add(v.Name);
                    break;
                case BackupObjectKind.AllViews:
                case BackupObjectKind.AllMaterializedViews:
                    bool mv = o.Kind == BackupObjectKind.AllMaterializedViews;
                    views.AddRange(db.Views.Where(x => x.IsMaterialized == mv && !views.Contains(x.Name)).Select(x => x.Name));
                    break;
                case BackupObjectKind.Function:
                    List<FunctionDef> named = db.Functions.Where(f => f.Name.Equals(o.Name, StringComparison.OrdinalIgnoreCase)).ToList();
                    if (named.Count == 0) throw FeException.Analysis(Messages.InvalidBackupFunction(o.Name!), o.Pos);
                    functions.AddRange(named.Select(f => f.Signature).Where(sig => !functions.Contains(sig)));
                    break;
                case BackupObjectKind.AllFunctions:
                    functions.AddRange(db.Functions.Select(f => f.Signature).Where(sig => !functions.Contains(sig)));
                    break;
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
                default:
                    break;
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
            // 3.4+: a whole-database backup takes views, MVs and functions too; before, tables only.
            bool objects = _ctx.Version.Is34;
            if (db.Tables.Count == 0 && (!objects || (db.Views.Count == 0 && db.Functions.Count == 0))) throw FeException.Analysis(Messages.EmptyDatabase(db.Name));
            refs.AddRange(db.Tables.Select(t => new TableRef(t.Name, null, null, default)));
            if (objects)
            {
                views.AddRange(db.Views.Select(v => v.Name));
                functions.AddRange(db.Functions.Select(f => f.Signature));
            }
        }

        // An MV whose base table is gone cannot be backed up (BackupRestoreAnalyzer).
        foreach (ViewDef v in db.Views.Where(v => v.IsMaterialized && views.Contains(v.Name)))
        {
            foreach (string b in v.BaseTables)
            {
                string[] parts = b.Split('.', 2);
                Database? bdb = _ctx.Catalog.FindDb(parts[0]);
                if (bdb is null || (bdb.FindTable(parts[1]) is null && bdb.FindView(parts[1]) is null)) throw FeException.Analysis(Messages.MvBaseTableMissing(parts[1], v.Name));
            }
        }

        return new AnalyzedBackup(db.Name, stmt.Label, stmt.Repository, refs, whole, timeoutMs, ttl) { Views = views, Functions = functions };
    }

    /// <summary>BACKUP EXTERNAL CATALOG(S) (...) / ALL EXTERNAL CATALOGS: no database, no ON, no db-qualified label (facts §1.2).</summary>
    private AnalyzedBackup AnalyzeCatalogBackup(BackupStmt stmt)
    {
        if (stmt.DatabaseClause is not null || stmt.LabelDb is not null || stmt.Objects.Count > 0) throw FeException.Analysis(Messages.DatabaseWithCatalogSnapshot());
        if (string.IsNullOrEmpty(stmt.Label)) throw FeException.Analysis(Messages.WrongLabelName(stmt.Label));
        if (_ctx.Repositories.Find(stmt.Repository) is null) throw FeException.Analysis(Messages.RepoNotExistAnalyzer(stmt.Repository));
        List<string> names;
        if (stmt.AllExternalCatalogs)
        {
            names = _ctx.Catalog.ExternalCatalogs.Select(c => c.Name).ToList();
        }
        else
        {
            names = new List<string>();
            foreach (string c in stmt.ExternalCatalogs!)
            {
                if (_ctx.Catalog.ExternalCatalogs.All(x => x.Name != c)) throw FeException.Analysis(Messages.UnknownCatalog(c));
                if (!names.Contains(c)) names.Add(c);
            }
        }

        long timeoutMs = DefaultTimeoutMs;
        foreach ((string key, string value) in stmt.Properties.Items)
        {
            if (key == "timeout") timeoutMs = ParseTimeout(value);
            else if (key != "type") throw FeException.Analysis(Messages.UnknownBackupProperties(new[] { key }));
        }

        return new AnalyzedBackup(string.Empty, stmt.Label, stmt.Repository, Array.Empty<TableRef>(), false, timeoutMs, null) { Catalogs = names };
    }

    public AnalyzedRestore AnalyzeRestore(ClientSession session, RestoreStmt stmt)
    {
        if (stmt.IsCatalogRestore && (stmt.DatabaseClause is not null || stmt.LabelDb is not null || stmt.Objects.Count > 0))
        {
            throw FeException.Analysis(Messages.DatabaseWithCatalogSnapshot());
        }

        string? dbName = stmt.IsCatalogRestore ? string.Empty
            : stmt.DatabaseClause is not null ? stmt.DatabaseAlias ?? stmt.DatabaseClause : stmt.LabelDb ?? session.Database;
        if (dbName is null) throw FeException.Analysis(Messages.NoDatabaseSelected());
        if (string.IsNullOrEmpty(stmt.Label)) throw FeException.Analysis(Messages.WrongLabelName(stmt.Label));

        var refs = new List<TableRef>();
        var views = new List<(string, string?, bool)>();
        var functions = new List<(string, string?)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (BackupObject o in stmt.Objects)
        {
            if (o.Kind is BackupObjectKind.AllTables or BackupObjectKind.AllViews or BackupObjectKind.AllMaterializedViews or BackupObjectKind.AllFunctions) continue;
            if (!names.Add(o.Name!)) throw FeException.Analysis(Messages.DuplicatedTable(o.Name!), o.Pos);
            if (o.Alias is not null && o.Kind != BackupObjectKind.Table && !aliases.Add(o.Alias)) throw FeException.Analysis(Messages.DuplicatedAlias(o.Alias), o.Pos);
            if (o.Kind is BackupObjectKind.View or BackupObjectKind.MaterializedView)
            {
                views.Add((o.Name!, o.Alias, o.Kind == BackupObjectKind.MaterializedView));
                continue;
            }

            if (o.Kind == BackupObjectKind.Function)
            {
                functions.Add((o.Name!, o.Alias));
                continue;
            }

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
        return new AnalyzedRestore(dbName, stmt.Label, stmt.Repository, stmt.DatabaseClause, refs, timestamp, timeoutMs, allowLoad, replicationNum)
        {
            HasOn = stmt.Objects.Count > 0,
            AllTables = stmt.Objects.Any(o => o.Kind == BackupObjectKind.AllTables),
            AllViews = stmt.Objects.Any(o => o.Kind == BackupObjectKind.AllViews),
            AllMaterializedViews = stmt.Objects.Any(o => o.Kind == BackupObjectKind.AllMaterializedViews),
            AllFunctions = stmt.Objects.Any(o => o.Kind == BackupObjectKind.AllFunctions),
            Views = views,
            Functions = functions,
            Catalogs = stmt.AllExternalCatalogs ? null : stmt.ExternalCatalogs,
            IsCatalogRestore = stmt.IsCatalogRestore,
        };
    }

    /// <summary>Seconds; "Invalid timeout format" / "timeout must be at least 10 min" (checked in seconds).</summary>
    private static long ParseTimeout(string value)
    {
        if (!long.TryParse(value, out long seconds)) throw FeException.Analysis(Messages.InvalidTimeout(value));
        if (seconds * 1000 < MinTimeoutMs) throw FeException.Analysis(Messages.TimeoutTooSmall());
        return seconds * 1000;
    }
}
