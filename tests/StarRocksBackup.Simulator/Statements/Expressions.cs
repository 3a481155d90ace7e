namespace StarRocksBackup.Simulator.Statements;

/// <summary>A position in the statement text (line 1-based, column 0-based), for StarRocks' "at line L, column C".</summary>
public readonly record struct SourcePos(int Line, int Column)
{
    public static SourcePos Of(Token t) => new(t.Line, t.Column);

    public override string ToString() => $"at line {Line}, column {Column}";
}

/// <summary>The small expression language of WHERE clauses and VALUES lists.</summary>
public abstract record Expr(SourcePos Pos);

public sealed record ColumnRef(string Name, SourcePos Pos) : Expr(Pos);

/// <summary>A literal: <see cref="Text"/> is the value's text (unquoted), <see cref="IsString"/> tells strings from numbers; NULL has IsNull.</summary>
public sealed record Literal(string? Text, bool IsString, SourcePos Pos) : Expr(Pos)
{
    public bool IsNull => Text is null && Function is null;

    /// <summary>A value function evaluated when the statement runs (now(), current_timestamp(), curdate()): its name.</summary>
    public string? Function { get; init; }
}

/// <summary>A comparison: = == != &lt;&gt; &lt; &lt;= &gt; &gt;=.</summary>
public sealed record BinaryExpr(string Op, Expr Left, Expr Right, SourcePos Pos) : Expr(Pos);

public sealed record AndExpr(Expr Left, Expr Right, SourcePos Pos) : Expr(Pos);

public sealed record OrExpr(Expr Left, Expr Right, SourcePos Pos) : Expr(Pos);

public sealed record InExpr(Expr Left, IReadOnlyList<Expr> Items, bool Not, SourcePos Pos) : Expr(Pos);

public sealed record FunctionCall(string Name, IReadOnlyList<Expr> Args, bool Star, SourcePos Pos) : Expr(Pos);

/// <summary>[NOT] LIKE 'pattern' (% and _ wildcards, backslash escapes).</summary>
public sealed record LikeExpr(Expr Left, Expr Pattern, bool Not, SourcePos Pos) : Expr(Pos);

/// <summary>IS [NOT] NULL.</summary>
public sealed record IsNullExpr(Expr Operand, bool Not, SourcePos Pos) : Expr(Pos);
