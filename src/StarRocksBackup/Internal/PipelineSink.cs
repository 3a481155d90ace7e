using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Core;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Core's observer for one Run: receives messages on any thread and queues them for the pipeline thread,
    /// the only thread where Write* is legal (PowerShell#10452). The bridge in <see cref="SrCmdletBase"/> drains it.
    /// </summary>
    internal sealed class PipelineSink : IOperationObserver, IDisposable
    {
        private readonly BlockingCollection<SinkItem> _queue = new BlockingCollection<SinkItem>();

        // Touched on the pipeline thread only (inside queued actions and CompleteOpenProgress).
        private readonly Dictionary<int, ProgressRecord> _openProgress = new Dictionary<int, ProgressRecord>();

        /// <summary>
        /// Turns Core's progress into a record (null = do not show). Runs on the pipeline thread. The default keeps
        /// Core's activity ids; cmdlets with a fixed ActivityId set their own mapping.
        /// </summary>
        public Func<OperationProgress, ProgressRecord?> ProgressMap { get; set; } = DefaultMap;

        public void Verbose(string message) => Post(c => c.WriteVerbose(message));

        public void Debug(string message) => Post(c => c.WriteDebug(message));

        public void Warning(string message) => Add(new SinkItem(c => c.WriteWarning(message), message));

        public void Progress(OperationProgress progress)
        {
            Func<OperationProgress, ProgressRecord?> map = ProgressMap;
            Post(c => Write(c, map(progress)));
        }

        /// <summary>Queues any pipeline-thread action.</summary>
        internal void Post(Action<Cmdlet> write) => Add(new SinkItem(write, null));

        /// <summary>
        /// Takes the next queued write: waits up to <paramref name="millisecondsTimeout"/> (-1 = until the queue is
        /// closed). False when the queue is closed and empty, or the time ran out.
        /// </summary>
        internal bool TryTake(out SinkItem item, int millisecondsTimeout) => _queue.TryTake(out item!, millisecondsTimeout);

        private void Add(SinkItem item)
        {
            try
            {
                _queue.Add(item);
            }
            catch (InvalidOperationException)
            {
                // Closed or disposed (ObjectDisposedException derives from it): the cmdlet stopped listening,
                // so late messages of a cancelled task are dropped.
            }
        }

        internal void Close()
        {
            try
            {
                _queue.CompleteAdding();
            }
            catch (ObjectDisposedException)
            {
                // Already torn down.
            }
        }

        /// <summary>
        /// Writes a Completed record for every progress activity still open (children first), so no bar is left
        /// on screen (Windows PowerShell 5.1 keeps uncompleted bars). Pipeline thread only.
        /// </summary>
        internal void CompleteOpenProgress(Cmdlet cmdlet)
        {
            foreach (ProgressRecord open in _openProgress.Values.OrderByDescending(r => r.ParentActivityId).ToList())
            {
                ProgressRecord done = new ProgressRecord(open.ActivityId, open.Activity, "Completed")
                {
                    ParentActivityId = open.ParentActivityId,
                    RecordType = ProgressRecordType.Completed,
                };
                cmdlet.WriteProgress(done);
            }

            _openProgress.Clear();
        }

        public void Dispose() => _queue.Dispose();

        internal static ProgressRecord? DefaultMap(OperationProgress progress) =>
            new ProgressRecord(progress.ActivityId, NonEmpty(progress.Activity), NonEmpty(progress.Status))
            {
                PercentComplete = Math.Min(100, Math.Max(-1, progress.PercentComplete)),
                ParentActivityId = progress.ParentActivityId,
                RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };

        internal static string NonEmpty(string? text) => string.IsNullOrEmpty(text) ? " " : text!;

        /// <summary>One queued write; <see cref="Warning"/> is kept as text so it can still reach the host while stopping.</summary>
        internal sealed class SinkItem
        {
            public SinkItem(Action<Cmdlet> write, string? warning)
            {
                Write = write;
                Warning = warning;
            }

            public Action<Cmdlet> Write { get; }

            public string? Warning { get; }
        }

        private void Write(Cmdlet cmdlet, ProgressRecord? record)
        {
            if (record is null)
            {
                return;
            }

            if (record.RecordType == ProgressRecordType.Completed)
            {
                _openProgress.Remove(record.ActivityId);
            }
            else
            {
                _openProgress[record.ActivityId] = record;
            }

            cmdlet.WriteProgress(record);
        }
    }
}
