using System;
using System.Threading;

namespace StarRocksBackup.Core.Backup
{
    /// <summary>
    /// The time label templates are expanded with. The default template has one-second resolution, so two backups
    /// started by this process within the same second would get the same label (and the repository would refuse the
    /// second): the later one waits for the next second instead. <see cref="Shared"/> is the process-wide clock.
    /// </summary>
    public sealed class BackupLabelClock
    {
        private readonly object _gate = new object();
        private readonly Func<DateTime> _utcNow;
        private readonly Action<TimeSpan> _sleep;
        private DateTime _lastSecond = DateTime.MinValue;

        /// <summary>A clock reading <paramref name="utcNow"/> and waiting with <paramref name="sleep"/> (tests give their own).</summary>
        public BackupLabelClock(Func<DateTime> utcNow, Action<TimeSpan> sleep)
        {
            _utcNow = utcNow ?? throw new ArgumentNullException(nameof(utcNow));
            _sleep = sleep ?? throw new ArgumentNullException(nameof(sleep));
        }

        /// <summary>The process-wide clock (system time, real waits): every Start-SrBackup in the process shares it.</summary>
        public static BackupLabelClock Shared { get; } = new BackupLabelClock(() => DateTime.UtcNow, Thread.Sleep);

        /// <summary>Now (UTC), or the start of the next free second after waiting for it.</summary>
        public DateTime Next()
        {
            lock (_gate)
            {
                DateTime now = _utcNow();
                DateTime second = Truncate(now);
                if (second <= _lastSecond)
                {
                    second = _lastSecond.AddSeconds(1);
                    TimeSpan wait = second - now;
                    if (wait > TimeSpan.Zero)
                    {
                        _sleep(wait);
                    }

                    DateTime after = _utcNow();
                    now = after > second ? after : second;
                    second = Truncate(now);
                }

                _lastSecond = second;
                return now;
            }
        }

        private static DateTime Truncate(DateTime t) => new DateTime(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
