namespace StarRocksBackup.Simulator.Statements;

/// <summary>ALTER TABLE ... SWAP WITH / RENAME and SHOW CREATE TABLE (the statements a safe swap into place needs).</summary>
public sealed partial class SqlParser
{
    private Statement ParseAlter()
    {
        ExpectWord("ALTER");
        ExpectWord("TABLE");
        QualifiedName table = QualifiedName();
        if (AcceptWord("SWAP"))
        {
            ExpectWord("WITH");
            Token other = Peek;
            return new AlterTableSwapStmt(table, Identifier(), SourcePos.Of(other));
        }

        if (AcceptWord("RENAME"))
        {
            Token name = Peek;
            return new AlterTableRenameStmt(table, Identifier(), SourcePos.Of(name));
        }

        throw Unexpected("'SWAP', 'RENAME'");
    }

    /// <summary>After SHOW: CREATE TABLE [db.]t.</summary>
    private Statement ParseShowCreateTable()
    {
        ExpectWord("CREATE");
        ExpectWord("TABLE");
        return new ShowCreateTableStmt(QualifiedName());
    }
}
