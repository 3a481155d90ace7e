using System;
using StarRocksBackup.Core;

namespace StarRocksBackup
{
    /// <summary>Turns FE wall-clock times (session time zone) into DateTimeOffset values.</summary>
    internal static class ServerTime
    {
        /// <summary>
        /// Attaches the FE session's UTC offset probed at connect time. When the probe could not tell the
        /// offset, the FE's wall-clock value is kept and treated as UTC (documented in about_StarRocksBackup).
        /// </summary>
        public static DateTimeOffset? From(DateTime? serverLocal, ServerInfo? server)
        {
            if (serverLocal is not DateTime value)
            {
                return null;
            }

            TimeSpan offset = server?.UtcOffset ?? TimeSpan.Zero;
            return new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Unspecified), offset);
        }

        /// <summary>A UTC time as DateTimeOffset.</summary>
        public static DateTimeOffset? FromUtc(DateTime? utc) =>
            utc is DateTime value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
    }
}
