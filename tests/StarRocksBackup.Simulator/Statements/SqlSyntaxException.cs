namespace StarRocksBackup.Simulator.Statements;

/// <summary>
/// A parse failure. The engine renders it in StarRocks' ParsingException shape:
/// "Getting syntax error at line L, column C. Detail message: ...".
/// </summary>
public sealed class SqlSyntaxException : Exception
{
    public SqlSyntaxException(int line, int column, string detail)
        : base(detail)
    {
        Line = line;
        Column = column;
        Detail = detail;
    }

    public int Line { get; }

    /// <summary>0-based, as StarRocks reports it.</summary>
    public int Column { get; }

    /// <summary>The text after "Detail message: " (without the trailing period).</summary>
    public string Detail { get; }
}
