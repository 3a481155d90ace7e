using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Core
{
    /// <summary>How the cluster stores data.</summary>
    public enum RunMode
    {
        /// <summary>Classic BE storage (BACKUP/RESTORE supported).</summary>
        SharedNothing,
        /// <summary>Object storage with CNs (cluster snapshots; BACKUP/RESTORE unsupported per docs).</summary>
        SharedData,
    }

    /// <summary>What the connected FE is, and what it supports (decided from its version, starrocks-facts.md §1.10).</summary>
    public sealed class ServerInfo
    {
        private static readonly Regex s_version = new Regex(@"(\d+)\.(\d+)(?:\.(\d+))?", RegexOptions.CultureInvariant);

        /// <summary>Creates server information.</summary>
        public ServerInfo(Version version, string versionText, RunMode runMode, TimeSpan? utcOffset = null)
        {
            Version = version ?? throw new ArgumentNullException(nameof(version));
            VersionText = versionText ?? string.Empty;
            RunMode = runMode;
            UtcOffset = utcOffset;
        }

        /// <summary>Release number (major.minor.patch).</summary>
        public Version Version { get; }

        /// <summary>What the server reported (e.g. <c>3.3.9 0782ad7</c>).</summary>
        public string VersionText { get; }

        /// <summary>shared-nothing or shared-data.</summary>
        public RunMode RunMode { get; }

        /// <summary>The FE session's offset from UTC (from <c>TIMEDIFF(NOW(), UTC_TIMESTAMP())</c>), when known.</summary>
        public TimeSpan? UtcOffset { get; }

        /// <summary><c>BACKUP DATABASE db SNAPSHOT …</c> and <c>RESTORE … DATABASE x AS y</c> (3.4+).</summary>
        public bool SupportsBackupDatabaseSyntax => AtLeast(3, 4, 0);

        /// <summary>Views, MVs and functions in BACKUP/RESTORE (<c>ON (VIEW …)</c>, whole-database backups carry them) and external-catalog backups (3.4+).</summary>
        public bool SupportsObjectBackup => AtLeast(3, 4, 0);

        /// <summary><c>DROP SNAPSHOT</c> (4.2+).</summary>
        public bool SupportsDropSnapshot => AtLeast(4, 2, 0);

        /// <summary>BACKUP property <c>ttl</c> (4.2+).</summary>
        public bool SupportsSnapshotTtl => AtLeast(4, 2, 0);

        /// <summary><c>SHOW BACKUP</c>/<c>SHOW RESTORE</c> without FROM lists every database's job (3.0+).</summary>
        public bool ListsAllDatabasesInShowBackup => AtLeast(3, 0, 0);

        /// <summary><c>SHOW SNAPSHOT … WHERE SNAPSHOT IN (…)</c> (3.0+).</summary>
        public bool SupportsSnapshotInList => AtLeast(3, 0, 0);

        /// <summary>Automated cluster snapshots (3.4.2+ on shared-data).</summary>
        public bool SupportsClusterSnapshots => RunMode == RunMode.SharedData && AtLeast(3, 4, 2);

        /// <summary>True when the server is at least the given release.</summary>
        public bool AtLeast(int major, int minor, int patch = 0) => Version >= new Version(major, minor, patch);

        /// <summary>Converts a time the FE rendered (session time zone) to UTC; unchanged when the offset is unknown.</summary>
        public DateTime ToUtc(DateTime serverLocal) =>
            DateTime.SpecifyKind(UtcOffset.HasValue ? serverLocal - UtcOffset.Value : serverLocal, DateTimeKind.Utc);

        /// <summary>
        /// Reads the leading <c>major.minor[.patch]</c> of <c>current_version()</c> or <c>@@version_comment</c>
        /// (<c>StarRocks version 2.1.2</c>, <c>3.1.5-5d8438a</c>). Null when there is none.
        /// </summary>
        public static Version? ParseVersion(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            Match m = s_version.Match(text);
            if (!m.Success)
            {
                return null;
            }

            int major = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            int minor = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            int patch = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
            return new Version(major, minor, patch);
        }

        /// <inheritdoc />
        public override string ToString() => $"StarRocks {Version} ({RunMode})";
    }
}
