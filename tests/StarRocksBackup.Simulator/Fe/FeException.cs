using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>How StarRocks surfaces an error to the client.</summary>
public enum ErrorStage
{
    /// <summary>SemanticException: wrapped "Getting analyzing error[ pos]. Detail message: x."</summary>
    Analysis,

    /// <summary>DdlException / execution: the bare message.</summary>
    Execution,
}

/// <summary>An error the engine turns into an ERR packet.</summary>
public sealed class FeException : Exception
{
    public FeException(SrError error, ErrorStage stage, SourcePos? pos = null)
        : base(error.Text)
    {
        Error = error;
        Stage = stage;
        Pos = pos;
    }

    public SrError Error { get; }

    public ErrorStage Stage { get; }

    public SourcePos? Pos { get; }

    public static FeException Analysis(SrError e, SourcePos? pos = null) => new(e, ErrorStage.Analysis, pos);

    public static FeException Execution(SrError e) => new(e, ErrorStage.Execution);

    /// <summary>
    /// The ERR packet. 2.x servers report most errors as 1064 (HY000) and an unknown database as 1049 (42000)
    /// (facts §4.1); 3.x+ use the ErrorCode of the message.
    /// </summary>
    public ErrorResult ToResult(SrVersion version)
    {
        string text = Stage == ErrorStage.Analysis ? Messages.Analyzing(Error.Text, Pos) : Error.Text;
        (int code, string state) = (Error.Code, Error.SqlState);
        if (!version.Is30)
        {
            (code, state) = Error.Code == 5501 ? (1049, "42000") : (1064, "HY000");
        }

        return new ErrorResult(code, state, text);
    }
}
