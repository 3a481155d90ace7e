namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// StarRocks' backup Status (com.starrocks.backup.Status): an ErrCode and a message, shown as
/// "[OK]" or "[&lt;ErrCode&gt;, msg: &lt;text&gt;]" (facts §2.8).
/// </summary>
public sealed record JobStatus(string ErrCode, string Message)
{
    public static readonly JobStatus Ok = new("OK", string.Empty);

    public bool IsOk => ErrCode == "OK";

    public static JobStatus Common(string msg) => new("COMMON_ERROR", msg);

    public static JobStatus Timeout() => new("TIMEOUT", string.Empty);

    public override string ToString() => IsOk ? "[OK]" : $"[{ErrCode}, msg: {Message}]";
}

/// <summary>Thrown inside a job step: the job is cancelled with <see cref="Status"/>.</summary>
public sealed class JobFailedException : Exception
{
    public JobFailedException(JobStatus status)
        : base(status.Message) => Status = status;

    public JobStatus Status { get; }
}
