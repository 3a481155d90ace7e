using System;
using System.Linq;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup
{
    /// <summary>
    /// What backup and restore jobs have in common: Wait-SrJob and Stop-SrJob take either from the pipeline.
    /// </summary>
    public abstract class SrJobInfo
    {
        private protected SrJobInfo(JobInfo job, ServerInfo? server)
        {
            JobId = job.JobId;
            Database = job.Database;
            Label = job.Label;
            Repository = job.Repository;
            StateName = job.StateName;
            IsDone = job.IsDone;
            IsFinished = job.IsFinished;
            Status = job.Status.Raw;
            StatusCode = job.Status.Code;
            StatusMessage = job.Status.Message;
            TaskErrMsg = job.TaskErrMsg;
            FailureText = job.FailureText;
            PercentComplete = job.PercentComplete;
            FinishedTasks = job.FinishedUnits;
            TotalTasks = job.TotalUnits;
            Objects = job.Objects.Select(o => o.Raw).ToArray();
            CreateTime = ServerTime.From(job.CreateTime, server);
            FinishedTime = ServerTime.From(job.FinishedTime, server);
            Timeout = job.Timeout;
        }

        /// <summary>Backup or restore.</summary>
        public abstract SrJobKind Kind { get; }

        /// <summary>The FE's job id.</summary>
        public long JobId { get; }

        /// <summary>The database the job runs in.</summary>
        public string Database { get; }

        /// <summary>The snapshot label.</summary>
        public string Label { get; }

        /// <summary>The repository, when known (SHOW BACKUP does not list it).</summary>
        public string? Repository { get; }

        /// <summary>The state as the server spelled it (UPLOADING, FINISHED, …).</summary>
        public string StateName { get; }

        /// <summary>True once the job ended (FINISHED or CANCELLED).</summary>
        public bool IsDone { get; }

        /// <summary>True when the job ended FINISHED.</summary>
        public bool IsFinished { get; }

        /// <summary>True when the job ended CANCELLED.</summary>
        public bool IsCancelled => IsDone && !IsFinished;

        /// <summary>The Status column: [OK] or [CODE, msg: text].</summary>
        public string Status { get; }

        /// <summary>The code in Status (OK, COMMON_ERROR, TIMEOUT, …).</summary>
        public string StatusCode { get; }

        /// <summary>The message in Status.</summary>
        public string StatusMessage { get; }

        /// <summary>The TaskErrMsg column ([taskId: message], …).</summary>
        public string TaskErrMsg { get; }

        /// <summary>Status and TaskErrMsg of a failed job in one line (empty for a healthy job).</summary>
        public string FailureText { get; }

        /// <summary>Finished/total tasks as a percentage (100 once FINISHED), or -1 when the server reports no progress.</summary>
        public int PercentComplete { get; }

        /// <summary>Finished task units (Progress column).</summary>
        public long FinishedTasks { get; }

        /// <summary>Total task units (Progress column).</summary>
        public long TotalTasks { get; }

        /// <summary>The job's objects as the server listed them.</summary>
        public string[] Objects { get; }

        /// <summary>When the job was created.</summary>
        public DateTimeOffset? CreateTime { get; }

        /// <summary>When the job ended, or null.</summary>
        public DateTimeOffset? FinishedTime { get; }

        /// <summary>The whole-job timeout on the server.</summary>
        public TimeSpan? Timeout { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Kind} {Database}.{Label} #{JobId} {StateName}";

        /// <summary>Rebuilds the identity Core waits on (also works for deserialized objects).</summary>
        internal abstract JobInfo ToCore();

        /// <summary>Maps a Core job of either kind.</summary>
        internal static SrJobInfo From(JobInfo job, ServerInfo? server) => job switch
        {
            BackupJob backup => BackupJobInfo.From(backup, server),
            RestoreJob restore => RestoreJobInfo.From(restore, server),
            _ => throw new ArgumentException($"Unknown job type {job.GetType().Name}.", nameof(job)),
        };
    }
}
