using System.Collections.Generic;

namespace StarRocksBackup.Core.Model
{
    /// <summary>A job's <c>Status</c> column decoded: <c>[OK]</c> or <c>[CODE, msg: text]</c>.</summary>
    public sealed class JobStatus
    {
        /// <summary>Creates a status.</summary>
        public JobStatus(string code, string message, string raw)
        {
            Code = code;
            Message = message;
            Raw = raw;
        }

        /// <summary>The error code: <c>OK</c>, <c>COMMON_ERROR</c>, <c>TIMEOUT</c>, … (empty when the column was empty).</summary>
        public string Code { get; }

        /// <summary>The text after <c>msg: </c> (may be empty, e.g. <c>[TIMEOUT, msg: ]</c>).</summary>
        public string Message { get; }

        /// <summary>The column as the server sent it.</summary>
        public string Raw { get; }

        /// <summary>True for <c>[OK]</c> (or an empty column).</summary>
        public bool IsOk => Code.Length == 0 || Code == "OK";

        /// <inheritdoc />
        public override string ToString() => Raw;
    }

    /// <summary>One <c>[taskId: msg]</c> entry of <c>TaskErrMsg</c>.</summary>
    public sealed class TaskError
    {
        /// <summary>Creates an entry.</summary>
        public TaskError(string taskId, string message)
        {
            TaskId = taskId;
            Message = message;
        }

        /// <summary>The task (tablet / signature) id, as text.</summary>
        public string TaskId { get; }

        /// <summary>The error text.</summary>
        public string Message { get; }

        /// <inheritdoc />
        public override string ToString() => $"[{TaskId}: {Message}]";
    }

    /// <summary>One <c>[taskId: done/total]</c> entry of <c>Progress</c>.</summary>
    public sealed class TaskProgress
    {
        /// <summary>Creates an entry.</summary>
        public TaskProgress(string taskId, long finished, long total)
        {
            TaskId = taskId;
            Finished = finished;
            Total = total;
        }

        /// <summary>The task id.</summary>
        public string TaskId { get; }

        /// <summary>Units done.</summary>
        public long Finished { get; }

        /// <summary>Units in total.</summary>
        public long Total { get; }

        /// <inheritdoc />
        public override string ToString() => $"[{TaskId}: {Finished}/{Total}]";
    }

    /// <summary>One <c>key=value</c> entry of <c>UnfinishedTasks</c> (e.g. tabletId=backendId).</summary>
    public sealed class UnfinishedTask
    {
        /// <summary>Creates an entry.</summary>
        public UnfinishedTask(string key, string value)
        {
            Key = key;
            Value = value;
        }

        /// <summary>Left side (tablet id or task signature).</summary>
        public string Key { get; }

        /// <summary>Right side (backend id or tablet id).</summary>
        public string Value { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Key}={Value}";
    }

    /// <summary>An object listed in <c>BackupObjs</c> / <c>RestoreObjs</c>: a table and optionally partitions.</summary>
    public sealed class JobObject
    {
        /// <summary>Creates an entry.</summary>
        public JobObject(string name, IReadOnlyList<string> partitions, string raw)
        {
            Name = name;
            Partitions = partitions;
            Raw = raw;
        }

        /// <summary>The table (or object) name, without a <c>db.</c> or <c>default_cluster:</c> prefix.</summary>
        public string Name { get; }

        /// <summary>Partitions named for this object; empty = all.</summary>
        public IReadOnlyList<string> Partitions { get; }

        /// <summary>The entry as the server rendered it.</summary>
        public string Raw { get; }

        /// <inheritdoc />
        public override string ToString() => Raw;
    }
}
