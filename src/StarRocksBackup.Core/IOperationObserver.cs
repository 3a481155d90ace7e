using System;

namespace StarRocksBackup.Core
{
    /// <summary>
    /// What Core reports while it works. Core calls it from any thread; the cmdlet layer marshals the calls
    /// to the pipeline thread. Messages never contain secrets (SQL goes through <see cref="Sql.SqlRedactor"/>).
    /// </summary>
    public interface IOperationObserver
    {
        /// <summary>A step the user may want to follow (statement sent, job submitted, state change).</summary>
        void Verbose(string message);

        /// <summary>Diagnostic detail (fallbacks taken, retries, poll intervals).</summary>
        void Debug(string message);

        /// <summary>Something the user should know although the operation goes on.</summary>
        void Warning(string message);

        /// <summary>Progress of a long operation (a job being waited for).</summary>
        void Progress(OperationProgress progress);
    }

    /// <summary>One progress report. <see cref="ActivityId"/> distinguishes concurrent activities (one per job).</summary>
    public sealed class OperationProgress
    {
        /// <summary>Creates a report.</summary>
        public OperationProgress(int activityId, string activity, string status)
        {
            ActivityId = activityId;
            Activity = activity ?? string.Empty;
            Status = status ?? string.Empty;
        }

        /// <summary>Stable id of the activity (for example one per job being waited for).</summary>
        public int ActivityId { get; }

        /// <summary>What is going on, e.g. <c>Backup sales_20250101 (db sales)</c>.</summary>
        public string Activity { get; }

        /// <summary>Current status, e.g. <c>UPLOADING 12/40 tasks</c>.</summary>
        public string Status { get; }

        /// <summary>Percentage 0–100, or -1 when unknown.</summary>
        public int PercentComplete { get; init; } = -1;

        /// <summary>True when the activity has ended (the last report for this id).</summary>
        public bool Completed { get; init; }

        /// <summary>Id of a parent activity, or -1.</summary>
        public int ParentActivityId { get; init; } = -1;

        /// <inheritdoc />
        public override string ToString() =>
            PercentComplete >= 0 ? $"{Activity}: {Status} ({PercentComplete}%)" : $"{Activity}: {Status}";
    }

    /// <summary>An observer that discards everything.</summary>
    public sealed class NullObserver : IOperationObserver
    {
        private NullObserver()
        {
        }

        /// <summary>The single instance.</summary>
        public static NullObserver Instance { get; } = new NullObserver();

        /// <inheritdoc />
        public void Verbose(string message)
        {
        }

        /// <inheritdoc />
        public void Debug(string message)
        {
        }

        /// <inheritdoc />
        public void Warning(string message)
        {
        }

        /// <inheritdoc />
        public void Progress(OperationProgress progress)
        {
        }
    }
}
