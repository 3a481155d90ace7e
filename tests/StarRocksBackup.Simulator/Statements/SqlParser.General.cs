namespace StarRocksBackup.Simulator.Statements;

/// <summary>General SQL any client or tool sends: transactions, UPDATE, DELETE (StarRocks.g4 rules of the same names).</summary>
public sealed partial class SqlParser
{
    /// <summary>
    /// beginStatement: START TRANSACTION [WITH CONSISTENT SNAPSHOT] | BEGIN [WORK];
    /// commitStatement / rollbackStatement: COMMIT|ROLLBACK [WORK] [AND [NO] CHAIN] [[NO] RELEASE].
    /// </summary>
    private Statement ParseTransaction()
    {
        Token verb = Next();
        string v = verb.Text.ToUpperInvariant();
        if (v == "START")
        {
            ExpectWord("TRANSACTION");
            if (AcceptWord("WITH"))
            {
                ExpectWord("CONSISTENT");
                ExpectWord("SNAPSHOT");
            }

            return new TransactionStmt("BEGIN");
        }

        AcceptWord("WORK");
        if (v == "BEGIN") return new TransactionStmt(v);
        if (AcceptWord("AND"))
        {
            AcceptWord("NO");
            ExpectWord("CHAIN");
        }

        if (Peek.IsWord("NO") && PeekAt(1).IsWord("RELEASE"))
        {
            Next();
        }

        AcceptWord("RELEASE");
        return new TransactionStmt(v);
    }

    /// <summary>UPDATE t SET c = literal [, ...] [WHERE expr].</summary>
    private Statement ParseUpdate()
    {
        ExpectWord("UPDATE");
        QualifiedName table = QualifiedName();
        ExpectWord("SET");
        var list = new List<Assignment>();
        do
        {
            Token c = Peek;
            string column = Identifier();
            ExpectSymbol("=");
            list.Add(new Assignment(column, LiteralValue(), SourcePos.Of(c)));
        }
        while (AcceptSymbol(","));
        Expr? where = AcceptWord("WHERE") ? Expression() : null;
        return new UpdateStmt(table, list, where);
    }

    /// <summary>DELETE FROM t [PARTITION (p, ...)] [WHERE expr].</summary>
    private Statement ParseDelete()
    {
        ExpectWord("DELETE");
        ExpectWord("FROM");
        QualifiedName table = QualifiedName();
        List<string>? partitions = null;
        if (AcceptWord("PARTITION") || AcceptWord("PARTITIONS"))
        {
            partitions = Peek.IsSymbol("(") ? IdentifierList() : new List<string> { Identifier() };
        }

        Expr? where = AcceptWord("WHERE") ? Expression() : null;
        return new DeleteStmt(table, partitions, where);
    }

    /// <summary>SHOW DATABASES [(FROM|IN) catalog] [LIKE 'p' | WHERE expr].</summary>
    private Statement ParseShowDatabases()
    {
        if (AcceptWord("FROM") || AcceptWord("IN")) Identifier();
        if (AcceptWord("LIKE")) return new ShowDatabasesStmt(Like: StringLiteral());
        if (AcceptWord("WHERE")) return new ShowDatabasesStmt(Where: Expression());
        return new ShowDatabasesStmt();
    }
}
