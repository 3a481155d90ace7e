namespace StarRocksBackup.Simulator.Statements;

/// <summary>Every parsed statement. The parser produces exactly these records; the engine executes them.</summary>
public abstract record Statement;

/// <summary>[db.]name with the position of its first token.</summary>
public sealed record QualifiedName(string? Db, string Name, SourcePos Pos)
{
    public override string ToString() => Db is null ? Name : $"{Db}.{Name}";
}

/// <summary>Ordered PROPERTIES ("k" = "v", ...). Keys keep their spelling; lookups ignore case like StarRocks' property maps do not (exact keys).</summary>
public sealed record PropertyList(IReadOnlyList<KeyValuePair<string, string>> Items)
{
    public static readonly PropertyList Empty = new(Array.Empty<KeyValuePair<string, string>>());

    public string? Get(string key) => Items.LastOrDefault(kv => kv.Key == key).Value;

    public bool Contains(string key) => Items.Any(kv => kv.Key == key);
}

/// <summary>A column type: INT, BIGINT, VARCHAR(n), DATE, DATETIME, DOUBLE, DECIMAL(p,s), ...</summary>
public sealed record SqlType(string Name, int? Length = null, int? Precision = null, int? Scale = null)
{
    public override string ToString() => Name switch
    {
        "VARCHAR" or "CHAR" => $"{Name}({Length ?? (Name == "CHAR" ? 1 : 65533)})",
        "DECIMAL" => $"DECIMAL({Precision ?? 10},{Scale ?? 0})",
        _ => Name,
    };
}

public sealed record ColumnSpec(string Name, SqlType Type, bool Nullable, string? Default)
{
    /// <summary>The stored default of DATETIME ... DEFAULT CURRENT_TIMESTAMP: evaluated at each load.</summary>
    public const string CurrentTimestamp = "CURRENT_TIMESTAMP()";
}

/// <summary>
/// One range partition. LESS THAN form: only <see cref="Upper"/> (null = MAXVALUE), the lower bound is the
/// previous partition's upper. Fixed form [("a"),("b")): both bounds.
/// </summary>
public sealed record RangePartitionSpec(string Name, string? Lower, string? Upper, bool IsFixed, SourcePos Pos);

public sealed record CreateDatabaseStmt(string Name, bool IfNotExists) : Statement;

public sealed record DropDatabaseStmt(string Name, bool IfExists, bool Force) : Statement;

public sealed record UseStmt(string Database) : Statement;

/// <summary>SHOW DATABASES [LIKE 'p' | WHERE expr].</summary>
public sealed record ShowDatabasesStmt(string? Like = null, Expr? Where = null) : Statement;

/// <summary>BEGIN / START TRANSACTION / COMMIT / ROLLBACK (no-ops outside an explicit transaction).</summary>
public sealed record TransactionStmt(string Verb) : Statement;

/// <summary>SHOW FRONTENDS.</summary>
public sealed record ShowFrontendsStmt : Statement;

/// <summary>One SET column = value of an UPDATE.</summary>
public sealed record Assignment(string Column, Literal Value, SourcePos Pos);

/// <summary>UPDATE t SET c = v [, ...] [WHERE expr] (primary-key tables only).</summary>
public sealed record UpdateStmt(QualifiedName Table, IReadOnlyList<Assignment> Assignments, Expr? Where) : Statement;

/// <summary>DELETE FROM t [PARTITION (p, ...)] [WHERE expr].</summary>
public sealed record DeleteStmt(QualifiedName Table, IReadOnlyList<string>? Partitions, Expr? Where) : Statement;

public sealed record CreateTableStmt(
    QualifiedName Table,
    bool IfNotExists,
    IReadOnlyList<ColumnSpec> Columns,
    string KeyType,
    IReadOnlyList<string> KeyColumns,
    string? PartitionColumn,
    IReadOnlyList<RangePartitionSpec> Partitions,
    IReadOnlyList<string> DistributionColumns,
    int Buckets,
    PropertyList Properties) : Statement;

public sealed record DropTableStmt(QualifiedName Table, bool IfExists, bool Force) : Statement;

public sealed record ShowTablesStmt(string? Database, bool Full = false) : Statement;

public sealed record ShowPartitionsStmt(QualifiedName Table) : Statement;

public sealed record InsertStmt(QualifiedName Table, IReadOnlyList<string>? Columns, IReadOnlyList<IReadOnlyList<Literal>> Rows) : Statement;

public enum SelectItemKind
{
    Star,
    Column,
    Function,
    Literal,
}

public sealed record SelectItem(SelectItemKind Kind, string Label, Expr? Expr);

public sealed record OrderItem(string Column, bool Descending);

public sealed record SelectStmt(IReadOnlyList<SelectItem> Items, QualifiedName? From, Expr? Where, IReadOnlyList<OrderItem> OrderBy, long? Limit, bool Distinct = false) : Statement;

public sealed record ShowBackendsStmt : Statement;

public sealed record ShowBrokerStmt : Statement;

public sealed record AdminShowFrontendConfigStmt(string? Pattern) : Statement;
