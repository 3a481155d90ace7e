namespace StarRocksBackup.Simulator.Statements;

/// <summary>Views, asynchronous materialized views, functions and external catalogs (StarRocks.g4 rules of the same names).</summary>
public sealed partial class SqlParser
{
    private bool AcceptIfNotExists()
    {
        if (!AcceptWord("IF")) return false;
        ExpectWord("NOT");
        ExpectWord("EXISTS");
        return true;
    }

    /// <summary>The text from <paramref name="start"/> to the end of the statement (a trailing ';' left out): a view's query.</summary>
    private string TextFrom(Token start)
    {
        int end = _tokens[^1].Offset;
        string text = _sql[start.Offset..end].TrimEnd();
        return text.EndsWith(';') ? text[..^1].TrimEnd() : text;
    }

    private Statement ParseCreateView(bool orReplace)
    {
        ExpectWord("VIEW");
        bool ifNotExists = AcceptIfNotExists();
        QualifiedName name = QualifiedName();
        List<string>? columns = null;
        if (AcceptSymbol("("))
        {
            columns = new List<string>();
            do
            {
                columns.Add(Identifier());
                if (AcceptWord("COMMENT")) StringLiteral();
            }
            while (AcceptSymbol(","));
            ExpectSymbol(")");
        }

        if (AcceptWord("COMMENT")) StringLiteral();
        ExpectWord("AS");
        Token start = Peek;
        var query = (SelectStmt)ParseSelect();
        return new CreateViewStmt(name, orReplace, ifNotExists, columns, TextFrom(start), query);
    }

    private Statement ParseCreateMaterializedView()
    {
        ExpectWord("MATERIALIZED");
        ExpectWord("VIEW");
        bool ifNotExists = AcceptIfNotExists();
        QualifiedName name = QualifiedName();
        if (AcceptWord("COMMENT")) StringLiteral();
        var distribution = new List<string>();
        string? refresh = null;
        PropertyList props = PropertyList.Empty;
        while (!Peek.IsWord("AS"))
        {
            if (AcceptWord("DISTRIBUTED"))
            {
                ExpectWord("BY");
                if (AcceptWord("HASH")) distribution = IdentifierList();
                else if (!AcceptWord("RANDOM")) throw Unexpected("'HASH', 'RANDOM'");
                if (AcceptWord("BUCKETS")) IntegerLiteral();
            }
            else if (Peek.IsWord("REFRESH"))
            {
                refresh = RefreshClause();
            }
            else if (Peek.IsWord("PROPERTIES"))
            {
                props = Properties();
            }
            else if (AcceptWord("ORDER"))
            {
                ExpectWord("BY");
                IdentifierList();
            }
            else
            {
                throw Unexpected("'AS'");
            }
        }

        ExpectWord("AS");
        Token start = Peek;
        var query = (SelectStmt)ParseSelect();
        return new CreateMaterializedViewStmt(name, ifNotExists, distribution, refresh, props, TextFrom(start), query);
    }

    /// <summary>REFRESH [DEFERRED|IMMEDIATE] (ASYNC [START ('..')] [EVERY (INTERVAL n unit)] | MANUAL | INCREMENTAL): the words as written.</summary>
    private string RefreshClause()
    {
        ExpectWord("REFRESH");
        var words = new List<string>();
        if (Peek.IsWord("DEFERRED") || Peek.IsWord("IMMEDIATE")) words.Add(Next().Text.ToUpperInvariant());
        if (AcceptWord("ASYNC"))
        {
            words.Add("ASYNC");
            if (AcceptWord("START"))
            {
                ExpectSymbol("(");
                words.Add($"START('{StringLiteral()}')");
                ExpectSymbol(")");
            }

            if (AcceptWord("EVERY"))
            {
                ExpectSymbol("(");
                ExpectWord("INTERVAL");
                long n = IntegerLiteral();
                string unit = Identifier().ToUpperInvariant();
                ExpectSymbol(")");
                words.Add($"EVERY(INTERVAL {n} {unit})");
            }
        }
        else if (AcceptWord("MANUAL"))
        {
            words.Add("MANUAL");
        }
        else if (AcceptWord("INCREMENTAL"))
        {
            words.Add("INCREMENTAL");
        }
        else if (words.Count == 0)
        {
            throw Unexpected("'ASYNC', 'MANUAL'");
        }

        return string.Join(" ", words);
    }

    private Statement ParseCreateFunction(bool global)
    {
        string kind = "SCALAR";
        if (AcceptWord("AGGREGATE")) kind = "AGGREGATE";
        else if (AcceptWord("TABLE")) kind = "TABLE";
        ExpectWord("FUNCTION");
        bool ifNotExists = AcceptIfNotExists();
        QualifiedName name = QualifiedName();
        List<string> args = TypeList();
        ExpectWord("RETURNS");
        string ret = ColumnType().ToString();
        if (AcceptWord("INTERMEDIATE")) ColumnType();
        PropertyList props = OptionalProperties();
        return new CreateFunctionStmt(name, global, kind, ifNotExists, args, ret, props);
    }

    /// <summary>'(' [type (',' type)* [',' '...']] ')'.</summary>
    private List<string> TypeList()
    {
        ExpectSymbol("(");
        var types = new List<string>();
        if (!Peek.IsSymbol(")"))
        {
            do
            {
                types.Add(ColumnType().ToString());
            }
            while (AcceptSymbol(","));
        }

        ExpectSymbol(")");
        return types;
    }

    private Statement ParseDropFunction(bool global)
    {
        ExpectWord("FUNCTION");
        bool ifExists = AcceptIfExists();
        QualifiedName name = QualifiedName();
        return new DropFunctionStmt(name, global, ifExists, TypeList());
    }

    private Statement ParseCreateCatalog()
    {
        ExpectWord("EXTERNAL");
        ExpectWord("CATALOG");
        bool ifNotExists = AcceptIfNotExists();
        string name = IdentifierOrString();
        string? comment = AcceptWord("COMMENT") ? StringLiteral() : null;
        return new CreateCatalogStmt(name, ifNotExists, comment, Properties());
    }

    /// <summary>SHOW [FULL] [BUILTIN|GLOBAL] FUNCTIONS ... (after SHOW and FULL).</summary>
    private Statement ParseShowFunctions(bool full)
    {
        bool global = AcceptWord("GLOBAL");
        bool builtin = !global && AcceptWord("BUILTIN");
        ExpectWord("FUNCTIONS");
        string? db = FromOrIn();
        string? like = AcceptWord("LIKE") ? StringLiteral() : null;
        return new ShowFunctionsStmt(full, global, builtin, db, like);
    }

    private Statement ParseShowCreate()
    {
        ExpectWord("CREATE");
        if (AcceptWord("VIEW")) return new ShowCreateStmt("VIEW", QualifiedName());
        if (AcceptWord("MATERIALIZED"))
        {
            ExpectWord("VIEW");
            return new ShowCreateStmt("MATERIALIZED VIEW", QualifiedName());
        }

        if (AcceptWord("TABLE")) return new ShowCreateStmt("TABLE", QualifiedName());
        if (AcceptWord("CATALOG")) return new ShowCreateStmt("CATALOG", new QualifiedName(null, IdentifierOrString(), default));
        throw Unexpected("'TABLE', 'VIEW', 'MATERIALIZED', 'CATALOG'");
    }
}
