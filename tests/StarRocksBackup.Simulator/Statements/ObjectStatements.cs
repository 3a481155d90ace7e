namespace StarRocksBackup.Simulator.Statements;

/// <summary>CREATE [OR REPLACE] VIEW [IF NOT EXISTS] v [(cols)] [COMMENT ''] AS query.</summary>
public sealed record CreateViewStmt(QualifiedName Name, bool OrReplace, bool IfNotExists, IReadOnlyList<string>? Columns, string Definition, SelectStmt Query) : Statement;

/// <summary>DROP VIEW [IF EXISTS] v.</summary>
public sealed record DropViewStmt(QualifiedName Name, bool IfExists) : Statement;

/// <summary>
/// CREATE MATERIALIZED VIEW [IF NOT EXISTS] mv [COMMENT ''] [DISTRIBUTED BY HASH(..) [BUCKETS n]] [REFRESH ...]
/// [PROPERTIES (...)] AS query. <see cref="Refresh"/> is the REFRESH clause as written (null: none).
/// </summary>
public sealed record CreateMaterializedViewStmt(
    QualifiedName Name, bool IfNotExists, IReadOnlyList<string> Distribution, string? Refresh, PropertyList Properties, string Definition, SelectStmt Query) : Statement;

/// <summary>DROP MATERIALIZED VIEW [IF EXISTS] mv.</summary>
public sealed record DropMaterializedViewStmt(QualifiedName Name, bool IfExists) : Statement;

/// <summary>SHOW MATERIALIZED VIEWS [(FROM|IN) db] [LIKE 'p' | WHERE expr].</summary>
public sealed record ShowMaterializedViewsStmt(string? Database, string? Like, Expr? Where) : Statement;

/// <summary>CREATE [GLOBAL] [AGGREGATE|TABLE] FUNCTION [IF NOT EXISTS] f(type, ...) RETURNS type [PROPERTIES (...)].</summary>
public sealed record CreateFunctionStmt(QualifiedName Name, bool Global, string Kind, bool IfNotExists, IReadOnlyList<string> ArgTypes, string ReturnType, PropertyList Properties) : Statement;

/// <summary>DROP [GLOBAL] FUNCTION [IF EXISTS] f(type, ...).</summary>
public sealed record DropFunctionStmt(QualifiedName Name, bool Global, bool IfExists, IReadOnlyList<string> ArgTypes) : Statement;

/// <summary>SHOW [FULL] [BUILTIN|GLOBAL] FUNCTIONS [(FROM|IN) db] [LIKE 'p'].</summary>
public sealed record ShowFunctionsStmt(bool Full, bool Global, bool Builtin, string? Database, string? Like) : Statement;

/// <summary>CREATE EXTERNAL CATALOG [IF NOT EXISTS] c [COMMENT ''] PROPERTIES (...).</summary>
public sealed record CreateCatalogStmt(string Name, bool IfNotExists, string? Comment, PropertyList Properties) : Statement;

/// <summary>DROP CATALOG [IF EXISTS] c.</summary>
public sealed record DropCatalogStmt(string Name, bool IfExists) : Statement;

/// <summary>SHOW CATALOGS [LIKE 'p'].</summary>
public sealed record ShowCatalogsStmt(string? Like) : Statement;

/// <summary>SHOW CREATE VIEW|MATERIALIZED VIEW|TABLE|CATALOG name.</summary>
public sealed record ShowCreateStmt(string Kind, QualifiedName Name) : Statement;
