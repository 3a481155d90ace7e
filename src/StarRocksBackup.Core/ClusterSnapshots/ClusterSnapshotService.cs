using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>
    /// Automated cluster snapshots of a shared-data cluster over SQL (starrocks-facts.md §1.7, §2.6, §3.3):
    /// <c>ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON|OFF</c>, <c>information_schema.cluster_snapshots</c> and
    /// <c>cluster_snapshot_jobs</c>, and the storage volumes (<c>SHOW STORAGE VOLUMES</c> + <c>DESC STORAGE VOLUME</c>).
    /// Versions before 3.4.2 are refused before any SQL is sent; StarRocks' own errors (shared-nothing cluster,
    /// already on/off, unknown volume) are surfaced with its text in <see cref="StarRocksBackupException.ServerMessage"/>.
    /// </summary>
    public sealed class ClusterSnapshotService
    {
        /// <summary>The first release with automated cluster snapshots.</summary>
        public static readonly Version MinimumVersion = new Version(3, 4, 2);

        /// <summary>The first release with storage volumes (shared-data clusters).</summary>
        public static readonly Version StorageVolumeMinimumVersion = new Version(3, 1, 0);

        private readonly StarRocksClient _client;

        /// <summary>Creates the service for a connected client.</summary>
        public ClusterSnapshotService(StarRocksClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>
        /// Turns automated cluster snapshots on, into <paramref name="storageVolume"/> or the default storage volume.
        /// </summary>
        /// <exception cref="StarRocksBackupException">UnsupportedByServer (version or shared-nothing), InvalidArgument (unknown volume), ServerError (already on).</exception>
        public async Task EnableAsync(string? storageVolume, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            RequireVersion(MinimumVersion, "Automated cluster snapshots");
            string sql = EnableStatement(storageVolume);
            await ExecuteAsync(sql, observer, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Turns automated cluster snapshots off. StarRocks deletes the existing snapshots when it does.</summary>
        /// <exception cref="StarRocksBackupException">UnsupportedByServer (version or shared-nothing), ServerError (not on).</exception>
        public async Task DisableAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            RequireVersion(MinimumVersion, "Automated cluster snapshots");
            await ExecuteAsync(DisableStatement, observer, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Rows of <c>information_schema.cluster_snapshots</c> (the finished snapshot the FE would restore).</summary>
        public async Task<IReadOnlyList<ClusterSnapshot>> ListSnapshotsAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            RequireVersion(MinimumVersion, "information_schema.cluster_snapshots");
            ResultTable table = await QueryAsync(SelectSnapshots, observer, cancellationToken).ConfigureAwait(false);
            return ClusterSnapshotParsers.ParseSnapshots(table);
        }

        /// <summary>Rows of <c>information_schema.cluster_snapshot_jobs</c>, oldest job first, with typed states.</summary>
        public async Task<IReadOnlyList<ClusterSnapshotJob>> ListJobsAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            RequireVersion(MinimumVersion, "information_schema.cluster_snapshot_jobs");
            ResultTable table = await QueryAsync(SelectJobs, observer, cancellationToken).ConfigureAwait(false);
            return ClusterSnapshotParsers.ParseJobs(table);
        }

        /// <summary>
        /// The storage volumes (<c>SHOW STORAGE VOLUMES</c>, then <c>DESC STORAGE VOLUME</c> for each), optionally only
        /// those named in <paramref name="names"/>. Credential values are masked.
        /// </summary>
        /// <exception cref="StarRocksBackupException">UnsupportedByServer; InvalidArgument when a named volume does not exist.</exception>
        public async Task<IReadOnlyList<StorageVolume>> ListStorageVolumesAsync(IReadOnlyCollection<string>? names = null, IOperationObserver? observer = null,
            CancellationToken cancellationToken = default)
        {
            IReadOnlyList<string> all = await ListStorageVolumeNamesAsync(observer, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> wanted = all;
            if (names is not null && names.Count > 0)
            {
                List<string> missing = names.Where(n => !all.Contains(n, StringComparer.Ordinal)).ToList();
                if (missing.Count > 0)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                        $"Unknown storage volume: {string.Join(", ", missing)} (the cluster has {(all.Count == 0 ? "none" : string.Join(", ", all))}).");
                }

                wanted = all.Where(n => names.Contains(n, StringComparer.Ordinal)).ToList();
            }

            var volumes = new List<StorageVolume>();
            foreach (string name in wanted)
            {
                ResultTable desc = await QueryAsync(DescStorageVolume(name), observer, cancellationToken).ConfigureAwait(false);
                volumes.AddRange(ClusterSnapshotParsers.ParseStorageVolume(desc));
            }

            return volumes;
        }

        /// <summary>The storage volume names (<c>SHOW STORAGE VOLUMES</c>).</summary>
        public async Task<IReadOnlyList<string>> ListStorageVolumeNamesAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            RequireVersion(StorageVolumeMinimumVersion, "Storage volumes");
            ResultTable list = await QueryAsync(ShowStorageVolumes, observer, cancellationToken).ConfigureAwait(false);
            return list.Rows.Select(r => r.Text("Storage Volume")).Where(n => n.Length > 0).ToList();
        }

        internal const string DisableStatement = "ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF";
        internal const string SelectSnapshots = "SELECT * FROM information_schema.cluster_snapshots";
        internal const string SelectJobs = "SELECT * FROM information_schema.cluster_snapshot_jobs";
        internal const string ShowStorageVolumes = "SHOW STORAGE VOLUMES";

        internal static string EnableStatement(string? storageVolume) =>
            string.IsNullOrEmpty(storageVolume)
                ? "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON"
                : "ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON STORAGE VOLUME " + SqlQuote.Identifier(storageVolume!);

        internal static string DescStorageVolume(string name) => "DESC STORAGE VOLUME " + SqlQuote.Identifier(name);

        private void RequireVersion(Version minimum, string feature)
        {
            if (!_client.Server.AtLeast(minimum.Major, minimum.Minor, minimum.Build))
            {
                throw new StarRocksBackupException(ErrorKind.UnsupportedByServer,
                    $"{feature} need StarRocks {minimum} or later on a shared-data cluster; the server is {_client.Server.Version}.");
            }
        }

        private async Task ExecuteAsync(string sql, IOperationObserver? observer, CancellationToken ct)
        {
            observer ??= NullObserver.Instance;
            observer.Verbose(sql);
            try
            {
                // Not re-sent after a dropped connection: the switch may have flipped; the caller re-checks.
                await _client.Session.ExecuteAsync(sql, StatementSafety.NonIdempotent, observer, ct).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.ServerMessage is not null)
            {
                throw Reclassify(ex);
            }
        }

        private async Task<ResultTable> QueryAsync(string sql, IOperationObserver? observer, CancellationToken ct)
        {
            try
            {
                return await _client.Session.QueryAsync(sql, observer ?? NullObserver.Instance, ct).ConfigureAwait(false);
            }
            catch (StarRocksBackupException ex) when (ex.ServerMessage is not null)
            {
                throw Reclassify(ex);
            }
        }

        // StarRocks' cluster-snapshot messages (facts §4.2) arrive as generic errors; give them kinds and a sentence,
        // keeping the server's own text in the message and in ServerMessage.
        internal static StarRocksBackupException Reclassify(StarRocksBackupException ex)
        {
            string m = ex.ServerMessage ?? string.Empty;
            (ErrorKind kind, string? message) = m switch
            {
                _ when Has(m, "only support share data mode") =>
                    (ErrorKind.UnsupportedByServer, $"This is a shared-nothing cluster; cluster snapshots exist only on shared-data clusters (StarRocks: \"{m}\"). Use repository backups (Start-SrBackup) instead."),
                _ when Has(m, "has been turn on") =>
                    (ErrorKind.ServerError, $"Automated cluster snapshots are already on (StarRocks: \"{m}\"). Turn them off first to change the storage volume — which deletes the existing snapshot."),
                _ when Has(m, "has not been turn on") =>
                    (ErrorKind.ServerError, $"Automated cluster snapshots are already off (StarRocks: \"{m}\")."),
                _ when Has(m, "Unknown storage volume") || (Has(m, "does not exist") && Has(m, "storage volume")) =>
                    (ErrorKind.InvalidArgument, $"{m}. Get-SrStorageVolume lists the cluster's storage volumes."),
                _ => (ex.Kind, null),
            };

            if (message is null && kind == ex.Kind)
            {
                return ex;
            }

            return new StarRocksBackupException(kind, message ?? ex.Message, ex)
            {
                ServerErrorCode = ex.ServerErrorCode,
                SqlState = ex.SqlState,
                ServerMessage = ex.ServerMessage,
                Statement = ex.Statement,
                OutcomeUnknown = ex.OutcomeUnknown,
            };
        }

        private static bool Has(string s, string part) => s.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
