namespace StarRocksBackup.Simulator.Statements;

/// <summary>INSERT ... VALUES, SELECT and the WHERE expression language.</summary>
public sealed partial class SqlParser
{
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

        if (ValueFunction(t) is { } fn)
        {
            Next();
            if (AcceptSymbol("(")) ExpectSymbol(")");
            else if (fn is "now" or "curdate") throw Unexpected("'('");
            return new Literal(null, true, SourcePos.Of(t)) { Function = fn };
        }

        throw Unexpected("a literal");
    }

    /// <summary>now() / current_timestamp[()] / localtime[()] / curdate() / current_date[()]: the canonical function name.</summary>
    private string? ValueFunction(Token t)
    {
        if (t.Kind != TokenKind.Word) return null;
        string name = t.Text.ToLowerInvariant();
        string? fn = name switch
        {
            "now" or "current_timestamp" or "localtime" or "localtimestamp" => "now",
            "curdate" or "current_date" => "curdate",
            _ => null,
        };
        if (fn is null) return null;
        // now() and curdate() need their parentheses; the SQL-standard names may go without.
        return PeekAt(1).IsSymbol("(") || name is "current_timestamp" or "localtime" or "localtimestamp" or "current_date" ? fn : null;
    }

    private Statement ParseSelect()
    {
        ExpectWord("SELECT");
        bool distinct = AcceptWord("DISTINCT");
        if (!distinct) AcceptWord("ALL");
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
        return new SelectStmt(items, from, where, order, limit, distinct);
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

        if (AcceptWord("IS"))
        {
            bool isNot = AcceptWord("NOT");
            ExpectWord("NULL");
            return new IsNullExpr(left, isNot, SourcePos.Of(op));
        }

        bool not = false;
        if (Peek.IsWord("NOT") && (PeekAt(1).IsWord("IN") || PeekAt(1).IsWord("LIKE")))
        {
            Next();
            not = true;
        }

        if (AcceptWord("LIKE")) return new LikeExpr(left, Primary(), not, SourcePos.Of(op));

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
