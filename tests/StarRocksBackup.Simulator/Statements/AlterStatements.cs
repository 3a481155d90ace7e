namespace StarRocksBackup.Simulator.Statements;

/// <summary><c>ALTER TABLE [db.]t SWAP WITH t2</c> (StarRocks' swapTableClause: the other table is a bare identifier).</summary>
public sealed record AlterTableSwapStmt(QualifiedName Table, string Other, SourcePos OtherPos) : Statement;

/// <summary><c>ALTER TABLE [db.]t RENAME t2</c> (tableRenameClause: no TO, no database on the new name).</summary>
public sealed record AlterTableRenameStmt(QualifiedName Table, string NewName, SourcePos NewNamePos) : Statement;

/// <summary><c>SHOW CREATE TABLE [db.]t</c>.</summary>
public sealed record ShowCreateTableStmt(QualifiedName Table) : Statement;
