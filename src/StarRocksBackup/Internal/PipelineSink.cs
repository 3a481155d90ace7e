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
        private readonly BlockingCollection<Action<Cmdlet>> _queue = new BlockingCollection<Action<Cmdlet>>();

        // Touched on the pipeline thread only (inside queued actions and CompleteOpenProgress).
        private readonly Dictionary<int, ProgressRecord> _openProgress = new Dictionary<int, ProgressRecord>();

        /// <summary>
        /// Turns Core's progress into a record (null = do not show). Runs on the pipeline thread. The default keeps
        /// Core's activity ids; cmdlets with a fixed ActivityId set their own mapping.
        /// </summary>
        public Func<OperationProgress, ProgressRecord?> ProgressMap { get; set; } = DefaultMap;

        public void Verbose(string message) => Post(c => c.WriteVerbose(message));

        public void Debug(string message) => Post(c => c.WriteDebug(message));

        public void Warning(string message) => Post(c => c.WriteWarning(message));

        public void Progress(OperationProgress progress)
        {
            Func<OperationProgress, ProgressRecord?> map = ProgressMap;
            Post(c => Write(c, map(progress)));
        }

        /// <summary>Queues any pipeline-thread action.</summary>
        internal void Post(Action<Cmdlet> write)
        {
            try
            {
                _queue.Add(write);
            }
            catch (InvalidOperationException)
            {
                // Closed or disposed (ObjectDisposedException derives from it): the cmdlet stopped listening,
                // so late messages of a cancelled task are dropped.
            }
        }

        /// <summary>Yields queued writes until <see cref="Close"/> is called and the queue is empty.</summary>
        internal IEnumerable<Action<Cmdlet>> Drain() => _queue.GetConsumingEnumerable();

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
