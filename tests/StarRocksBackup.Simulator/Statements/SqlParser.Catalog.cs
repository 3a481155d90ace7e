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
        if (AcceptWord("OR"))
        {
            ExpectWord("REPLACE");
            return ParseCreateView(orReplace: true);
        }

        if (Peek.IsWord("VIEW")) return ParseCreateView(orReplace: false);
        if (Peek.IsWord("MATERIALIZED")) return ParseCreateMaterializedView();
        if (Peek.IsWord("EXTERNAL")) return ParseCreateCatalog();
        bool global = AcceptWord("GLOBAL");
        if (Peek.IsWord("FUNCTION") || Peek.IsWord("AGGREGATE") || (Peek.IsWord("TABLE") && PeekAt(1).IsWord("FUNCTION"))) return ParseCreateFunction(global);
        throw Unexpected("'DATABASE', 'TABLE', 'VIEW', 'MATERIALIZED', 'FUNCTION', 'EXTERNAL', 'REPOSITORY'");
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
        if (AcceptWord("VIEW"))
        {
            bool ifExists = AcceptIfExists();
            return new DropViewStmt(QualifiedName(), ifExists);
        }

        if (AcceptWord("MATERIALIZED"))
        {
            ExpectWord("VIEW");
            bool ifExists = AcceptIfExists();
            return new DropMaterializedViewStmt(QualifiedName(), ifExists);
        }

        if (AcceptWord("CATALOG"))
        {
            bool ifExists = AcceptIfExists();
            return new DropCatalogStmt(IdentifierOrString(), ifExists);
        }

        bool globalFn = AcceptWord("GLOBAL");
        if (Peek.IsWord("FUNCTION")) return ParseDropFunction(globalFn);
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
                def = ColumnDefault();
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

    /// <summary>defaultDesc: DEFAULT (string | NULL | CURRENT_TIMESTAMP | '(' now() ')'), numbers accepted as StarRocks does.</summary>
    private string? ColumnDefault()
    {
        if (Peek.Kind is TokenKind.String or TokenKind.Number) return Next().Value;
        if (AcceptWord("NULL")) return null;
        if (AcceptWord("CURRENT_TIMESTAMP"))
        {
            if (AcceptSymbol("(")) ExpectSymbol(")");
            return ColumnSpec.CurrentTimestamp;
        }

        if (AcceptSymbol("("))
        {
            if (!AcceptWord("NOW") && !AcceptWord("CURRENT_TIMESTAMP")) throw Unexpected("'now'");
            ExpectSymbol("(");
            ExpectSymbol(")");
            ExpectSymbol(")");
            return ColumnSpec.CurrentTimestamp;
        }

        throw Unexpected("a string literal, 'NULL', 'CURRENT_TIMESTAMP'");
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
        if (AcceptWord("DATABASES")) return ParseShowDatabases();
        if (AcceptWord("FRONTENDS")) return new ShowFrontendsStmt();
        if (AcceptWord("TABLES")) return new ShowTablesStmt(FromOrIn());
        if (Peek.IsWord("FULL") && PeekAt(1).IsWord("TABLES"))
        {
            Next();
            Next();
            return new ShowTablesStmt(FromOrIn(), Full: true);
        }

        if (Peek.IsWord("FUNCTIONS") || Peek.IsWord("GLOBAL") || Peek.IsWord("BUILTIN")) return ParseShowFunctions(full: false);
        if (Peek.IsWord("FULL") && (PeekAt(1).IsWord("FUNCTIONS") || PeekAt(1).IsWord("GLOBAL") || PeekAt(1).IsWord("BUILTIN")))
        {
            Next();
            return ParseShowFunctions(full: true);
        }

        if (AcceptWord("CATALOGS")) return new ShowCatalogsStmt(AcceptWord("LIKE") ? StringLiteral() : null);
        if (AcceptWord("MATERIALIZED"))
        {
            ExpectWord("VIEWS");
            string? mvDb = FromOrIn();
            if (AcceptWord("LIKE")) return new ShowMaterializedViewsStmt(mvDb, StringLiteral(), null);
            return new ShowMaterializedViewsStmt(mvDb, null, AcceptWord("WHERE") ? Expression() : null);
        }

        if (Peek.IsWord("CREATE") && !PeekAt(1).IsWord("TABLE")) return ParseShowCreate();

        if (AcceptWord("PARTITIONS"))
        {
            if (!AcceptWord("FROM") && !AcceptWord("IN")) throw Unexpected("'FROM', 'IN'");
            return new ShowPartitionsStmt(QualifiedName());
        }

        if (Peek.IsWord("CREATE")) return ParseShowCreateTable();
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
}
