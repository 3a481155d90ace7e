namespace StarRocksBackup.Simulator.Statements;

/// <summary>Kinds of lexical tokens of the supported StarRocks SQL subset.</summary>
public enum TokenKind
{
    /// <summary>A bare word: keyword or identifier (keywords are matched case-insensitively).</summary>
    Word,

    /// <summary>A `backtick` identifier (never a keyword).</summary>
    QuotedIdent,

    /// <summary>A 'single' or "double" quoted string literal (StarRocks treats both as strings).</summary>
    String,

    /// <summary>An integer or decimal literal.</summary>
    Number,

    /// <summary>Punctuation or an operator: ( ) , . ; = &lt; &gt; &lt;= &gt;= != &lt;&gt; * + - /</summary>
    Symbol,

    /// <summary>End of input.</summary>
    End,
}

/// <summary>One token. <see cref="Value"/> is the unescaped text; Line is 1-based, Column 0-based (as StarRocks reports them).</summary>
public sealed record Token(TokenKind Kind, string Text, string Value, int Line, int Column, int Offset)
{
    public bool IsWord(string keyword) => Kind == TokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    /// <summary>How the token reads in a syntax-error message.</summary>
    public string Display => Kind == TokenKind.End ? "<EOF>" : Text;
}
