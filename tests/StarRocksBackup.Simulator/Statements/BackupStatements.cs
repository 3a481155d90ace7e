namespace StarRocksBackup.Simulator.Statements;

public sealed record CreateRepositoryStmt(bool ReadOnly, string Name, string? Broker, string Location, PropertyList Properties, SourcePos Pos) : Statement;

public sealed record DropRepositoryStmt(string Name) : Statement;

public sealed record ShowRepositoriesStmt : Statement;

/// <summary>What an entry of ON ( ... ) names (facts §1.4).</summary>
public enum BackupObjectKind
{
    Table,
    AllTables,
    MaterializedView,
    AllMaterializedViews,
    View,
    AllViews,
    Function,
    AllFunctions,
}

/// <summary>One ON-list entry: a table with optional partitions and alias, or an ALL ... descriptor.</summary>
public sealed record BackupObject(BackupObjectKind Kind, string? Name, IReadOnlyList<string>? Partitions, bool TemporaryPartitions, string? Alias, SourcePos Pos)
{
    /// <summary>StarRocks-style rendering, used in "Can not set alias for table in Backup Stmt: ...".</summary>
    public override string ToString() =>
        Name + (Partitions is null ? string.Empty : $" PARTITION ({string.Join(", ", Partitions)})") + (Alias is null ? string.Empty : $" AS {Alias}");
}

/// <summary>
/// BACKUP SNAPSHOT [db.]label TO repo [ON (...)] [PROPERTIES (...)] or (3.4+)
/// BACKUP DATABASE db SNAPSHOT label TO repo [ON (...)] [PROPERTIES (...)].
/// </summary>
public sealed record BackupStmt(
    string? DatabaseClause,
    string? LabelDb,
    string Label,
    string Repository,
    IReadOnlyList<BackupObject> Objects,
    PropertyList Properties,
    IReadOnlyList<string>? ExternalCatalogs,
    bool AllExternalCatalogs) : Statement;

/// <summary>An external catalog named in RESTORE ... EXTERNAL CATALOG (c [AS n]).</summary>
public sealed record CatalogRef(string Name, string? Alias);

/// <summary>
/// RESTORE SNAPSHOT [db.]label FROM repo [DATABASE src [AS dst] | EXTERNAL CATALOG(S) (c [AS n], ...) | ALL EXTERNAL CATALOGS]
/// [ON (...)] [PROPERTIES (...)].
/// </summary>
public sealed record RestoreStmt(
    string? LabelDb,
    string Label,
    string Repository,
    string? DatabaseClause,
    string? DatabaseAlias,
    IReadOnlyList<BackupObject> Objects,
    PropertyList Properties) : Statement
{
    public IReadOnlyList<CatalogRef>? ExternalCatalogs { get; init; }

    public bool AllExternalCatalogs { get; init; }

    public bool IsCatalogRestore => ExternalCatalogs is not null || AllExternalCatalogs;
}

public sealed record ShowBackupStmt(string? Database) : Statement;

public sealed record ShowRestoreStmt(string? Database) : Statement;

public sealed record ShowSnapshotStmt(string Repository, Expr? Where) : Statement;

/// <summary>CANCEL BACKUP|RESTORE [FROM db | FOR EXTERNAL CATALOG (3.4+)].</summary>
public sealed record CancelJobStmt(string? Database, bool IsRestore, bool ForExternalCatalog = false) : Statement;

public sealed record DropSnapshotStmt(string Label, string Repository, bool Force) : Statement;
