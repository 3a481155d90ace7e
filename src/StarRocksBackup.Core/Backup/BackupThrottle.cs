using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Core.Backup
{
    /// <summary>
    /// The slots of one <see cref="BackupService.StartAsync"/> call: at most N databases hold a slot at once. Tracks which
    /// databases are queued, running and done, and reports it through the observer (Verbose on every change, one
    /// Progress activity for the whole call) so a DBA can see why a database has not started yet.
    /// </summary>
    internal sealed class BackupThrottle : IDisposable
    {
        // Core's JobWaiter numbers its activities from 1; this range keeps the overall activity apart from them.
        private const int ActivityBase = 0x40000000;
        private static int s_activityIds;
        private readonly SemaphoreSlim _slots;
        private readonly object _gate = new object();
        private readonly List<string> _queued;
        private readonly List<string> _running = new List<string>();
        private readonly int _total;
        private readonly int _limit;
        private readonly bool _report;
        private readonly IOperationObserver _observer;
        private readonly int _activityId = ActivityBase + Interlocked.Increment(ref s_activityIds);
        private int _done;

        /// <param name="databases">Every database of the plan, queued in plan order.</param>
        /// <param name="limit">Slots.</param>
        /// <param name="report">False: no progress reports (the plan fits in the throttle; nothing ever queues).</param>
        /// <param name="observer">Receives the reports.</param>
        public BackupThrottle(IReadOnlyList<string> databases, int limit, bool report, IOperationObserver observer)
        {
            _slots = new SemaphoreSlim(limit);
            _queued = databases.ToList();
            _total = databases.Count;
            _limit = limit;
            _report = report;
            _observer = observer;
            if (report)
            {
                observer.Verbose($"{_total} database(s) to back up, at most {limit} backup job(s) running at once; the others are queued.");
                ReportLocked(completed: false);
            }
        }

        /// <summary>Waits for a free slot, then marks the database running.</summary>
        public async Task EnterAsync(string database, CancellationToken ct)
        {
            if (_report && _slots.CurrentCount == 0)
            {
                _observer.Verbose($"Database '{database}' is queued: {_limit} backup job(s) are running (throttle {_limit}).");
            }

            await _slots.WaitAsync(ct).ConfigureAwait(false);
            lock (_gate)
            {
                _queued.Remove(database);
                _running.Add(database);
                if (_report)
                {
                    _observer.Verbose($"Database '{database}' took a slot ({_running.Count} of {_limit} in use).");
                    ReportLocked(completed: false);
                }
            }
        }

        /// <summary>Frees the database's slot (its job ended, or it was never started).</summary>
        public void Exit(string database)
        {
            lock (_gate)
            {
                _running.Remove(database);
                _done++;
                if (_report)
                {
                    _observer.Verbose($"Database '{database}' freed its slot ({_done} of {_total} done).");
                    ReportLocked(completed: _done == _total);
                }
            }

            _slots.Release();
        }

        public void Dispose() => _slots.Dispose();

        private void ReportLocked(bool completed)
        {
            string running = _running.Count == 0 ? "none" : string.Join(", ", _running.Select(d => "'" + d + "'"));
            string status = $"{_running.Count} running ({running}), {_queued.Count} queued, {_done} of {_total} done";
            _observer.Progress(new OperationProgress(_activityId, $"Backing up {_total} databases, at most {_limit} at once", status)
            {
                PercentComplete = _total == 0 ? 100 : _done * 100 / _total,
                Completed = completed,
            });
        }
    }
}
