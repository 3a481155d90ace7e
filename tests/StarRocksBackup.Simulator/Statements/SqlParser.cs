using System.Globalization;

namespace StarRocksBackup.Simulator.Statements;

/// <summary>
/// Recursive-descent parser for exactly the StarRocks subset the simulator supports. Anything else is a
/// <see cref="SqlSyntaxException"/> positioned at the offending token, like StarRocks' ANTLR parser.
/// The grammar depends on the simulated version (facts §1.10).
/// </summary>
public sealed partial class SqlParser
{
    // Words StarRocks reserves (a subset: the ones that matter for the statements we parse).
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALL", "ALTER", "AND", "AS", "ASC", "BY", "CANCEL", "CREATE", "DATABASE", "DATABASES", "DEFAULT", "DELETE", "DESC",
        "DISTINCT", "DISTRIBUTED", "DROP", "DUPLICATE", "EXISTS", "FROM", "GROUP", "IF", "IN", "INSERT", "INTO", "IS", "KEY",
        "LIKE", "LIMIT", "MAXVALUE", "NOT", "NULL", "ON", "OR", "ORDER", "PARTITION", "PARTITIONS", "PRIMARY", "RANGE",
        "SELECT", "SET", "SHOW", "TABLE", "TABLES", "TO", "UPDATE", "USE", "VALUES", "WHERE", "WITH",
    };

    private readonly List<Token> _tokens;
    private readonly string _sql;
    private readonly SrVersion _version;
    private int _pos;

    private SqlParser(string sql, SrVersion version)
    {
        _tokens = Lexer.Tokenize(sql);
        _sql = sql;
        _version = version;
    }

    /// <summary>Parses one statement (a trailing ';' is allowed).</summary>
    public static Statement Parse(string sql, SrVersion version)
    {
        var p = new SqlParser(sql, version);
        Statement stmt = p.ParseStatement();
        p.AcceptSymbol(";");
        if (p.Peek.Kind != TokenKind.End) throw p.Unexpected("<EOF>");
        return stmt;
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int n) => _tokens[Math.Min(_pos + n, _tokens.Count - 1)];

    private Token Next() => _tokens[_pos < _tokens.Count - 1 ? _pos++ : _pos];

    private Statement ParseStatement()
    {
        Token t = Peek;
        if (t.Kind != TokenKind.Word) throw NoViable();
        switch (t.Text.ToUpperInvariant())
        {
            case "CREATE": return ParseCreate();
            case "DROP": return ParseDrop();
            case "USE":
                Next();
                return new UseStmt(Identifier());
            case "SHOW": return ParseShow();
            case "ADMIN": return ParseAdmin();
            case "INSERT": return ParseInsert();
            case "SELECT": return ParseSelect();
            case "BACKUP": return ParseBackup();
            case "RESTORE": return ParseRestore();
            case "CANCEL": return ParseCancel();
            case "BEGIN":
            case "START":
            case "COMMIT":
            case "ROLLBACK":
                return ParseTransaction();
            case "UPDATE": return ParseUpdate();
            case "DELETE": return ParseDelete();
            case "ALTER": return ParseAlter();
            case "DESC":
            case "DESCRIBE":
                throw NoViable();
            default:
                throw NoViable();
        }
    }

    private SqlSyntaxException NoViable()
    {
        Token t = Peek;
        return new SqlSyntaxException(t.Line, t.Column, $"No viable statement for input '{t.Display}'");
    }

    /// <summary>StarRocks' wording for an unexpected token.</summary>
    private SqlSyntaxException Unexpected(string expected)
    {
        Token t = Peek;
        return new SqlSyntaxException(t.Line, t.Column, $"Unexpected input '{t.Display}', the most similar input is {{{expected}}}");
    }

    private bool AcceptWord(string keyword)
    {
        if (!Peek.IsWord(keyword)) return false;
        Next();
        return true;
    }

    private void ExpectWord(string keyword)
    {
        if (!AcceptWord(keyword)) throw Unexpected($"'{keyword.ToUpperInvariant()}'");
    }

    private bool AcceptSymbol(string symbol)
    {
        if (!Peek.IsSymbol(symbol)) return false;
        Next();
        return true;
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol)) throw Unexpected($"'{symbol}'");
    }

    private bool IsIdentifierStart(Token t) =>
        t.Kind == TokenKind.QuotedIdent || (t.Kind == TokenKind.Word && !Reserved.Contains(t.Text));

    /// <summary>An identifier: a non-reserved word or a `quoted` name.</summary>
    private string Identifier()
    {
        Token t = Peek;
        if (!IsIdentifierStart(t)) throw Unexpected("a legal identifier");
        Next();
        return t.Value;
    }

    /// <summary>Identifier or quoted string (places where StarRocks accepts either).</summary>
    private string IdentifierOrString()
    {
        if (Peek.Kind == TokenKind.String) return Next().Value;
        return Identifier();
    }

    private QualifiedName QualifiedName()
    {
        Token first = Peek;
        string a = Identifier();
        if (AcceptSymbol("."))
        {
            string b = Identifier();
            return new QualifiedName(a, b, SourcePos.Of(first));
        }

        return new QualifiedName(null, a, SourcePos.Of(first));
    }

    private string StringLiteral()
    {
        if (Peek.Kind != TokenKind.String) throw Unexpected("a string literal");
        return Next().Value;
    }

    private long IntegerLiteral()
    {
        Token t = Peek;
        if (t.Kind != TokenKind.Number || !long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long v))
        {
            throw Unexpected("INTEGER_VALUE");
        }

        Next();
        return v;
    }

    /// <summary>PROPERTIES ("k" = "v", ...).</summary>
    private PropertyList Properties()
    {
        ExpectWord("PROPERTIES");
        ExpectSymbol("(");
        var items = new List<KeyValuePair<string, string>>();
        if (!Peek.IsSymbol(")"))
        {
            do
            {
                string k = StringLiteral();
                ExpectSymbol("=");
                string v = StringLiteral();
                items.Add(new KeyValuePair<string, string>(k, v));
            }
            while (AcceptSymbol(","));
        }

        ExpectSymbol(")");
        return new PropertyList(items);
    }

    private PropertyList OptionalProperties() => Peek.IsWord("PROPERTIES") ? Properties() : PropertyList.Empty;

    private List<string> IdentifierList()
    {
        ExpectSymbol("(");
        var names = new List<string> { Identifier() };
        while (AcceptSymbol(",")) names.Add(Identifier());
        ExpectSymbol(")");
        return names;
    }

    private string? FromOrIn()
    {
        if (AcceptWord("FROM") || AcceptWord("IN")) return Identifier();
        return null;
    }
}
