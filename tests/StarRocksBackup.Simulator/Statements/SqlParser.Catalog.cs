namespace StarRocksBackup.Simulator.Statements;

/// <summary>Catalog statements: databases, tables, SHOW, INSERT, SELECT.</summary>
public sealed partial class SqlParser
{
    private Statement ParseCreate()
    {
        ExpectWord("CREATE");
        if (AcceptWord("DATABASE") || AcceptWord("SCHEMA"))
        {
            bool ifNotExists = false;
            if (AcceptWord("IF"))
            {
                ExpectWord("NOT");
                ExpectWord("EXISTS");
                ifNotExists = true;
            }

            return new CreateDatabaseStmt(Identifier(), ifNotExists);
        }

        if (Peek.IsWord("TABLE")) return ParseCreateTable();
        if (Peek.IsWord("READ") || Peek.IsWord("REPOSITORY")) return ParseCreateRepository();
        throw Unexpected("'DATABASE', 'TABLE', 'REPOSITORY'");
    }

    private Statement ParseDrop()
    {
        ExpectWord("DROP");
        if (AcceptWord("DATABASE") || AcceptWord("SCHEMA"))
        {
            bool ifExists = AcceptIfExists();
            string name = Identifier();
            return new DropDatabaseStmt(name, ifExists, AcceptWord("FORCE"));
        }

        if (AcceptWord("TABLE"))
        {
            bool ifExists = AcceptIfExists();
            QualifiedName t = QualifiedName();
            return new DropTableStmt(t, ifExists, AcceptWord("FORCE"));
        }

        if (AcceptWord("REPOSITORY")) return new DropRepositoryStmt(Identifier());
        if (_version.Is42 && Peek.IsWord("SNAPSHOT")) return ParseDropSnapshot();
        throw Unexpected("'DATABASE', 'TABLE', 'REPOSITORY'");
    }

    private bool AcceptIfExists()
    {
        if (!AcceptWord("IF")) return false;
        ExpectWord("EXISTS");
        return true;
    }

    private Statement ParseCreateTable()
    {
        ExpectWord("TABLE");
        bool ifNotExists = false;
        if (AcceptWord("IF"))
        {
            ExpectWord("NOT");
            ExpectWord("EXISTS");
            ifNotExists = true;
        }

        QualifiedName name = QualifiedName();
        ExpectSymbol("(");
        var columns = new List<ColumnSpec>();
        do
        {
            columns.Add(ColumnDefinition());
        }
        while (AcceptSymbol(","));
        ExpectSymbol(")");

        if (AcceptWord("ENGINE"))
        {
            ExpectSymbol("=");
            if (!AcceptWord("OLAP")) throw Unexpected("'OLAP'");
        }

        string keyType = "DUPLICATE";
        var keyColumns = new List<string>();
        if (Peek.IsWord("DUPLICATE") || Peek.IsWord("PRIMARY") || Peek.IsWord("UNIQUE") || Peek.IsWord("AGGREGATE"))
        {
            keyType = Next().Text.ToUpperInvariant();
            ExpectWord("KEY");
            keyColumns = IdentifierList();
        }

        if (AcceptWord("COMMENT")) StringLiteral();

        string? partitionColumn = null;
        var partitions = new List<RangePartitionSpec>();
        if (AcceptWord("PARTITION"))
        {
            ExpectWord("BY");
            ExpectWord("RANGE");
            List<string> cols = IdentifierList();
            if (cols.Count != 1) throw new SqlSyntaxException(name.Pos.Line, name.Pos.Column, "The simulator supports range partitioning on one column only");
            partitionColumn = cols[0];
            ExpectSymbol("(");
            if (!Peek.IsSymbol(")"))
            {
                do
                {
                    partitions.Add(RangePartition());
                }
                while (AcceptSymbol(","));
            }

            ExpectSymbol(")");
        }

        var distribution = new List<string>();
        int buckets = 0;
        if (AcceptWord("DISTRIBUTED"))
        {
            ExpectWord("BY");
            if (AcceptWord("HASH"))
            {
                distribution = IdentifierList();
            }
            else if (!AcceptWord("RANDOM"))
            {
                throw Unexpected("'HASH', 'RANDOM'");
            }

            if (AcceptWord("BUCKETS")) buckets = checked((int)IntegerLiteral());
        }

        if (AcceptWord("ORDER"))
        {
            ExpectWord("BY");
            IdentifierList();
        }

        PropertyList props = OptionalProperties();
        return new CreateTableStmt(name, ifNotExists, columns, keyType, keyColumns, partitionColumn, partitions, distribution, buckets, props);
    }

    private ColumnSpec ColumnDefinition()
    {
        string name = Identifier();
        SqlType type = ColumnType();
        bool nullable = true;
        string? def = null;
        while (true)
        {
            if (AcceptWord("NOT"))
            {
                ExpectWord("NULL");
                nullable = false;
            }
            else if (AcceptWord("NULL"))
            {
                nullable = true;
            }
            else if (AcceptWord("DEFAULT"))
            {
                def = Peek.Kind is TokenKind.String or TokenKind.Number ? Next().Value : throw Unexpected("a string literal");
            }
            else if (AcceptWord("COMMENT"))
            {
                StringLiteral();
            }
            else if (Peek.IsWord("SUM") || Peek.IsWord("MAX") || Peek.IsWord("MIN") || Peek.IsWord("REPLACE"))
            {
                Next();
            }
            else
            {
                break;
            }
        }

        return new ColumnSpec(name, type, nullable, def);
    }

    private SqlType ColumnType()
    {
        Token t = Peek;
        if (t.Kind != TokenKind.Word) throw Unexpected("a legal type");
        string name = t.Text.ToUpperInvariant();
        switch (name)
        {
            case "TINYINT":
            case "SMALLINT":
            case "INT":
            case "INTEGER":
            case "BIGINT":
            case "LARGEINT":
            case "BOOLEAN":
            case "FLOAT":
            case "DOUBLE":
            case "DATE":
            case "DATETIME":
            case "STRING":
            case "JSON":
                Next();
                if (name is "INT" or "INTEGER" or "BIGINT" or "TINYINT" or "SMALLINT" && AcceptSymbol("("))
                {
                    IntegerLiteral();
                    ExpectSymbol(")");
                }

                return new SqlType(name == "INTEGER" ? "INT" : name);
            case "VARCHAR":
            case "CHAR":
                Next();
                int? len = null;
                if (AcceptSymbol("("))
                {
                    len = checked((int)IntegerLiteral());
                    ExpectSymbol(")");
                }

                return new SqlType(name, Length: len);
            case "DECIMAL":
            case "DECIMALV2":
            case "DECIMAL32":
            case "DECIMAL64":
            case "DECIMAL128":
                Next();
                int? p = null, s = null;
                if (AcceptSymbol("("))
                {
                    p = checked((int)IntegerLiteral());
                    if (AcceptSymbol(",")) s = checked((int)IntegerLiteral());
                    ExpectSymbol(")");
                }

                return new SqlType("DECIMAL", Precision: p ?? 10, Scale: s ?? 0);
            default:
                throw Unexpected("a legal type");
        }
    }

    private RangePartitionSpec RangePartition()
    {
        ExpectWord("PARTITION");
        Token nameTok = Peek;
        string name = Identifier();
        ExpectWord("VALUES");
        if (AcceptWord("LESS"))
        {
            ExpectWord("THAN");
            if (AcceptWord("MAXVALUE")) return new RangePartitionSpec(name, null, null, false, SourcePos.Of(nameTok));
            ExpectSymbol("(");
            string? upper = AcceptWord("MAXVALUE") ? null : PartitionValue();
            ExpectSymbol(")");
            return new RangePartitionSpec(name, null, upper, false, SourcePos.Of(nameTok));
        }

        if (!Peek.IsSymbol("[")) throw Unexpected("'LESS', '['");
        Next();
        ExpectSymbol("(");
        string lower = PartitionValue();
        ExpectSymbol(")");
        ExpectSymbol(",");
        ExpectSymbol("(");
        string upperFixed = PartitionValue();
        ExpectSymbol(")");
        ExpectSymbol(")");
        return new RangePartitionSpec(name, lower, upperFixed, true, SourcePos.Of(nameTok));
    }

    private string PartitionValue()
    {
        Token t = Peek;
        if (t.Kind is TokenKind.String or TokenKind.Number)
        {
            Next();
            return t.Value;
        }

        if (t.IsSymbol("-") && PeekAt(1).Kind == TokenKind.Number)
        {
            Next();
            return "-" + Next().Value;
        }

        throw Unexpected("a string literal");
    }

    private Statement ParseShow()
    {
        ExpectWord("SHOW");
        if (AcceptWord("DATABASES")) return new ShowDatabasesStmt();
        if (AcceptWord("TABLES")) return new ShowTablesStmt(FromOrIn());
        if (AcceptWord("PARTITIONS"))
        {
            if (!AcceptWord("FROM") && !AcceptWord("IN")) throw Unexpected("'FROM', 'IN'");
            return new ShowPartitionsStmt(QualifiedName());
        }

        if (AcceptWord("BACKENDS")) return new ShowBackendsStmt();
        if (AcceptWord("BROKER")) return new ShowBrokerStmt();
        if (AcceptWord("REPOSITORIES")) return new ShowRepositoriesStmt();
        if (Peek.IsWord("BACKUP") || Peek.IsWord("RESTORE") || Peek.IsWord("SNAPSHOT")) return ParseShowJobs();
        throw Unexpected("'DATABASES', 'TABLES', 'PARTITIONS', 'BACKUP', 'RESTORE', 'SNAPSHOT', 'REPOSITORIES'");
    }

    private Statement ParseAdmin()
    {
        ExpectWord("ADMIN");
        ExpectWord("SHOW");
        ExpectWord("FRONTEND");
        ExpectWord("CONFIG");
        string? pattern = null;
        if (AcceptWord("LIKE")) pattern = StringLiteral();
        return new AdminShowFrontendConfigStmt(pattern);
    }

    private Statement ParseInsert()
    {
        ExpectWord("INSERT");
        if (!AcceptWord("INTO") && !AcceptWord("OVERWRITE")) throw Unexpected("'INTO', 'OVERWRITE'");
        AcceptWord("TABLE");
        QualifiedName table = QualifiedName();
        List<string>? cols = null;
        if (Peek.IsSymbol("(")) cols = IdentifierList();
        ExpectWord("VALUES");
        var rows = new List<IReadOnlyList<Literal>>();
        do
        {
            ExpectSymbol("(");
            var row = new List<Literal>();
            if (!Peek.IsSymbol(")"))
            {
                do
                {
                    row.Add(LiteralValue());
                }
                while (AcceptSymbol(","));
            }

            ExpectSymbol(")");
            rows.Add(row);
        }
        while (AcceptSymbol(","));
        return new InsertStmt(table, cols, rows);
    }

    private Literal LiteralValue()
    {
        Token t = Peek;
        if (t.Kind == TokenKind.String)
        {
            Next();
            return new Literal(t.Value, true, SourcePos.Of(t));
        }

        if (t.Kind == TokenKind.Number)
        {
            Next();
            return new Literal(t.Value, false, SourcePos.Of(t));
        }

        if (t.IsSymbol("-") && PeekAt(1).Kind == TokenKind.Number)
        {
            Next();
            return new Literal("-" + Next().Value, false, SourcePos.Of(t));
        }

        if (t.IsWord("NULL"))
        {
            Next();
            return new Literal(null, false, SourcePos.Of(t));
        }

        if (t.IsWord("TRUE") || t.IsWord("FALSE"))
        {
            Next();
            return new Literal(t.IsWord("TRUE") ? "1" : "0", false, SourcePos.Of(t));
        }

        throw Unexpected("a literal");
    }

    private Statement ParseSelect()
    {
        ExpectWord("SELECT");
        var items = new List<SelectItem>();
        do
        {
            items.Add(SelectItem());
        }
        while (AcceptSymbol(","));

        QualifiedName? from = null;
        Expr? where = null;
        var order = new List<OrderItem>();
        long? limit = null;
        if (AcceptWord("FROM")) from = QualifiedName();
        if (AcceptWord("WHERE")) where = Expression();
        if (AcceptWord("ORDER"))
        {
            ExpectWord("BY");
            do
            {
                string col = Identifier();
                bool desc = AcceptWord("DESC");
                if (!desc) AcceptWord("ASC");
                order.Add(new OrderItem(col, desc));
            }
            while (AcceptSymbol(","));
        }

        if (AcceptWord("LIMIT")) limit = IntegerLiteral();
        return new SelectStmt(items, from, where, order, limit);
    }

    private SelectItem SelectItem()
    {
        Token t = Peek;
        if (AcceptSymbol("*")) return new SelectItem(SelectItemKind.Star, "*", null);
        Expr e = Primary();
        string label = e switch
        {
            ColumnRef c => c.Name,
            FunctionCall f => f.Star ? $"{f.Name}(*)" : $"{f.Name}()",
            Literal l => l.Text ?? "NULL",
            _ => "expr",
        };
        if (AcceptWord("AS")) label = IdentifierOrString();
        else if (IsIdentifierStart(Peek) && !Peek.IsWord("FROM")) label = Identifier();
        return e switch
        {
            ColumnRef => new SelectItem(SelectItemKind.Column, label, e),
            FunctionCall => new SelectItem(SelectItemKind.Function, label, e),
            Literal => new SelectItem(SelectItemKind.Literal, label, e),
            _ => throw new SqlSyntaxException(t.Line, t.Column, "Unsupported select item"),
        };
    }

    /// <summary>expr := and (OR and)*; and := predicate (AND predicate)*.</summary>
    private Expr Expression()
    {
        Expr left = AndExpression();
        while (Peek.IsWord("OR"))
        {
            Token op = Next();
            left = new OrExpr(left, AndExpression(), SourcePos.Of(op));
        }

        return left;
    }

    private Expr AndExpression()
    {
        Expr left = Predicate();
        while (Peek.IsWord("AND"))
        {
            Token op = Next();
            left = new AndExpr(left, Predicate(), SourcePos.Of(op));
        }

        return left;
    }

    private Expr Predicate()
    {
        if (AcceptSymbol("("))
        {
            Expr inner = Expression();
            ExpectSymbol(")");
            return inner;
        }

        Expr left = Primary();
        Token op = Peek;
        if (op.Kind == TokenKind.Symbol && op.Text is "=" or "==" or "!=" or "<>" or "<" or "<=" or ">" or ">=")
        {
            Next();
            return new BinaryExpr(op.Text, left, Primary(), SourcePos.Of(op));
        }

        bool not = false;
        if (Peek.IsWord("NOT") && PeekAt(1).IsWord("IN"))
        {
            Next();
            not = true;
        }

        if (AcceptWord("IN"))
        {
            ExpectSymbol("(");
            var items = new List<Expr> { Primary() };
            while (AcceptSymbol(",")) items.Add(Primary());
            ExpectSymbol(")");
            return new InExpr(left, items, not, SourcePos.Of(op));
        }

        return left;
    }

    private Expr Primary()
    {
        Token t = Peek;
        if (t.Kind is TokenKind.String or TokenKind.Number || t.IsWord("NULL") || t.IsWord("TRUE") || t.IsWord("FALSE") || t.IsSymbol("-"))
        {
            return LiteralValue();
        }

        if (t.Kind == TokenKind.Word && PeekAt(1).IsSymbol("(") && (!Reserved.Contains(t.Text) || t.IsWord("DATABASE")))
        {
            Next();
            Next();
            bool star = AcceptSymbol("*");
            var args = new List<Expr>();
            if (!star && !Peek.IsSymbol(")"))
            {
                do
                {
                    args.Add(Primary());
                }
                while (AcceptSymbol(","));
            }

            ExpectSymbol(")");
            return new FunctionCall(t.Text.ToLowerInvariant(), args, star, SourcePos.Of(t));
        }

        // column reference, possibly qualified (only the last part matters)
        string name = Identifier();
        while (AcceptSymbol(".")) name = Identifier();
        return new ColumnRef(name, SourcePos.Of(t));
    }
}
