using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.Model
{
    /// <summary>
    /// What SHOW BACKUP and SHOW RESTORE have in common. Times are the FE session's local time
    /// (<see cref="DateTimeKind.Unspecified"/>); convert with <see cref="ServerInfo.ToUtc"/>.
    /// </summary>
    public abstract class JobInfo
    {
        /// <summary>Backup or restore.</summary>
        public abstract JobKind Kind { get; }

        /// <summary>The FE's job id.</summary>
        public long JobId { get; init; }

        /// <summary>The snapshot label.</summary>
        public string Label { get; init; } = string.Empty;

        /// <summary>The database the job runs in.</summary>
        public string Database { get; init; } = string.Empty;

        /// <summary>The repository, when known (SHOW BACKUP does not list it; Core fills it for jobs it started).</summary>
        public string? Repository { get; init; }

        /// <summary>The state as the server spelled it (e.g. <c>UPLOADING</c>).</summary>
        public string StateName { get; init; } = string.Empty;

        /// <summary>Decoded <c>Status</c> column.</summary>
        public JobStatus Status { get; init; } = new JobStatus(string.Empty, string.Empty, string.Empty);

        /// <summary>Decoded <c>TaskErrMsg</c> column.</summary>
        public IReadOnlyList<TaskError> TaskErrors { get; init; } = Array.Empty<TaskError>();

        /// <summary>The <c>TaskErrMsg</c> column as sent.</summary>
        public string TaskErrMsg { get; init; } = string.Empty;

        /// <summary>Decoded <c>Progress</c> column.</summary>
        public IReadOnlyList<TaskProgress> Progress { get; init; } = Array.Empty<TaskProgress>();

        /// <summary>Decoded <c>UnfinishedTasks</c> column.</summary>
        public IReadOnlyList<UnfinishedTask> UnfinishedTasks { get; init; } = Array.Empty<UnfinishedTask>();

        /// <summary>Objects of the job (<c>BackupObjs</c> / <c>RestoreObjs</c>).</summary>
        public IReadOnlyList<JobObject> Objects { get; init; } = Array.Empty<JobObject>();

        /// <summary>When the job was created (FE local time).</summary>
        public DateTime? CreateTime { get; init; }

        /// <summary>When the job finished (FE local time), or null.</summary>
        public DateTime? FinishedTime { get; init; }

        /// <summary>The job's whole-job timeout.</summary>
        public TimeSpan? Timeout { get; init; }

        /// <summary>True when the job ended (FINISHED or CANCELLED).</summary>
        public abstract bool IsDone { get; }

        /// <summary>True when the job ended FINISHED.</summary>
        public abstract bool IsFinished { get; }

        /// <summary>True when the job ended CANCELLED.</summary>
        public bool IsCancelled => IsDone && !IsFinished;

        /// <summary>Sum of finished units over <see cref="Progress"/> entries.</summary>
        public long FinishedUnits => Progress.Sum(p => p.Finished);

        /// <summary>Sum of total units over <see cref="Progress"/> entries.</summary>
        public long TotalUnits => Progress.Sum(p => p.Total);

        /// <summary>
        /// Finished/total tasks as a percentage; 100 once the job FINISHED (SHOW BACKUP's Progress column is empty
        /// after the upload, so a finished job would otherwise read as "unknown"); -1 when the server reports no progress.
        /// </summary>
        public int PercentComplete => IsFinished ? 100 : TotalUnits > 0 ? (int)Math.Min(100, FinishedUnits * 100 / TotalUnits) : -1;

        /// <summary>A one-line explanation of a failure: Status and TaskErrMsg (empty for a healthy job).</summary>
        public string FailureText
        {
            get
            {
                var parts = new List<string>();
                if (!Status.IsOk)
                {
                    parts.Add("Status " + Status.Raw);
                }

                if (TaskErrMsg.Length > 0)
                {
                    parts.Add("TaskErrMsg " + TaskErrMsg);
                }

                return string.Join("; ", parts);
            }
        }

        /// <summary>A copy that knows its repository (SHOW BACKUP/RESTORE do not list it).</summary>
        internal abstract JobInfo WithRepositoryCore(string? repository);

        /// <summary>Same job (kind, database, label, id)?</summary>
        public bool IsSameJob(JobInfo other) =>
            other != null && other.Kind == Kind && other.JobId == JobId
            && string.Equals(other.Database, Database, StringComparison.Ordinal)
            && string.Equals(other.Label, Label, StringComparison.Ordinal);

        /// <inheritdoc />
        public override string ToString() => $"{Kind} {Database}.{Label} #{JobId} {StateName}";
    }

    /// <summary>A row of SHOW BACKUP (starrocks-facts.md §2.1).</summary>
    public sealed class BackupJob : JobInfo
    {
        /// <inheritdoc />
        public override JobKind Kind => JobKind.Backup;

        /// <summary>Decoded state.</summary>
        public BackupJobState State { get; init; }

        /// <summary>When BE snapshots finished.</summary>
        public DateTime? SnapshotFinishedTime { get; init; }

        /// <summary>When the upload finished.</summary>
        public DateTime? UploadFinishedTime { get; init; }

        internal BackupJob WithRepository(string? repository) => new BackupJob
        {
            JobId = JobId, Label = Label, Database = Database, Repository = repository, StateName = StateName, State = State,
            Status = Status, TaskErrors = TaskErrors, TaskErrMsg = TaskErrMsg, Progress = Progress, UnfinishedTasks = UnfinishedTasks,
            Objects = Objects, CreateTime = CreateTime, FinishedTime = FinishedTime, Timeout = Timeout,
            SnapshotFinishedTime = SnapshotFinishedTime, UploadFinishedTime = UploadFinishedTime,
        };

        internal override JobInfo WithRepositoryCore(string? repository) => WithRepository(repository);

        /// <inheritdoc />
        public override bool IsDone => State == BackupJobState.Finished || State == BackupJobState.Cancelled;

        /// <inheritdoc />
        public override bool IsFinished => State == BackupJobState.Finished;
    }

    /// <summary>A row of SHOW RESTORE (starrocks-facts.md §2.2).</summary>
    public sealed class RestoreJob : JobInfo
    {
        /// <inheritdoc />
        public override JobKind Kind => JobKind.Restore;

        /// <summary>Decoded state.</summary>
        public RestoreJobState State { get; init; }

        /// <summary>The backup_timestamp restored (<c>yyyy-MM-dd-HH-mm-ss-SSS</c>).</summary>
        public string Timestamp { get; init; } = string.Empty;

        /// <summary><c>AllowLoad</c>.</summary>
        public bool AllowLoad { get; init; }

        /// <summary><c>ReplicationNum</c>.</summary>
        public int? ReplicationNum { get; init; }

        /// <summary>When metadata was prepared.</summary>
        public DateTime? MetaPreparedTime { get; init; }

        /// <summary>When snapshots finished.</summary>
        public DateTime? SnapshotFinishedTime { get; init; }

        /// <summary>When the download finished.</summary>
        public DateTime? DownloadFinishedTime { get; init; }

        internal RestoreJob WithRepository(string? repository) => new RestoreJob
        {
            JobId = JobId, Label = Label, Database = Database, Repository = repository, StateName = StateName, State = State,
            Status = Status, TaskErrors = TaskErrors, TaskErrMsg = TaskErrMsg, Progress = Progress, UnfinishedTasks = UnfinishedTasks,
            Objects = Objects, CreateTime = CreateTime, FinishedTime = FinishedTime, Timeout = Timeout, Timestamp = Timestamp,
            AllowLoad = AllowLoad, ReplicationNum = ReplicationNum, MetaPreparedTime = MetaPreparedTime,
            SnapshotFinishedTime = SnapshotFinishedTime, DownloadFinishedTime = DownloadFinishedTime,
        };

        internal override JobInfo WithRepositoryCore(string? repository) => WithRepository(repository);

        /// <inheritdoc />
        public override bool IsDone => State == RestoreJobState.Finished || State == RestoreJobState.Cancelled;

        /// <inheritdoc />
        public override bool IsFinished => State == RestoreJobState.Finished;
    }
}
