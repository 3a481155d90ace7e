using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Core.Connection
{
    /// <summary>Version, run mode and UTC offset detection (starrocks-facts.md §8).</summary>
    internal static class ServerProbe
    {
        /// <summary>The version assumed when none can be read: the oldest dialect, which every release accepts.</summary>
        public static readonly Version FallbackVersion = new Version(2, 5, 0);

        public static async Task<ServerInfo> ProbeAsync(ISqlSession session, IOperationObserver observer, CancellationToken ct)
        {
            string? text = await TryScalarAsync(session, "SELECT current_version()", observer, ct).ConfigureAwait(false);
            Version? version = ServerInfo.ParseVersion(text);
            if (version == null)
            {
                text = await TryScalarAsync(session, "SELECT @@version_comment", observer, ct).ConfigureAwait(false);
                version = ServerInfo.ParseVersion(text);
            }

            if (version == null)
            {
                observer.Warning($"Could not read the StarRocks version (current_version() and @@version_comment gave '{text}'); " +
                                 $"assuming {FallbackVersion}, whose SQL forms every release accepts.");
                version = FallbackVersion;
            }

            RunMode mode = RunMode.SharedNothing;
            try
            {
                ResultTable t = await session.QueryAsync("ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'", observer, ct).ConfigureAwait(false);
                string? value = t.Rows.Count > 0 ? t.Rows[0].Get("Value") : null;
                if (value != null && value.Trim().Equals("shared_data", StringComparison.OrdinalIgnoreCase))
                {
                    mode = RunMode.SharedData;
                }
                else if (value == null)
                {
                    observer.Debug("ADMIN SHOW FRONTEND CONFIG returned no run_mode; assuming shared_nothing.");
                }
            }
            catch (StarRocksBackupException ex) when (!IsLoginFailure(ex.Kind))
            {
                observer.Debug($"Cannot read run_mode ({ex.Message}); assuming shared_nothing.");
            }

            TimeSpan? offset = null;
            string? diff = await TryScalarAsync(session, "SELECT TIMEDIFF(NOW(), UTC_TIMESTAMP())", observer, ct).ConfigureAwait(false);
            if (diff != null && TimeSpan.TryParse(diff.Trim(), CultureInfo.InvariantCulture, out TimeSpan ts))
            {
                offset = ts;
            }

            return new ServerInfo(version, text ?? string.Empty, mode, offset);
        }

        /// <summary>A failure to connect at all (never a missing feature): the probe must not swallow it.</summary>
        private static bool IsLoginFailure(ErrorKind kind) =>
            kind == ErrorKind.ConnectionFailed || kind == ErrorKind.AuthenticationFailed
            || kind == ErrorKind.SecureConnectionRequired || kind == ErrorKind.TlsFailed;

        private static async Task<string?> TryScalarAsync(ISqlSession session, string sql, IOperationObserver observer, CancellationToken ct)
        {
            try
            {
                ResultTable t = await session.QueryAsync(sql, observer, ct).ConfigureAwait(false);
                return t.Rows.Count > 0 ? t.Rows[0][0] : null;
            }
            catch (StarRocksBackupException ex) when (!IsLoginFailure(ex.Kind))
            {
                observer.Debug($"'{sql}' failed: {ex.Message}");
                return null;
            }
        }
    }
}
