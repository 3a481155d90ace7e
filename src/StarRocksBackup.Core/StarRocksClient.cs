using System;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.Catalog;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Restore;
using StarRocksBackup.Core.Snapshots;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core
{
    /// <summary>
    /// Entry point: one per connection options. Holds no open socket; every operation takes a pooled driver
    /// connection. Thread-safe. Create with <see cref="ConnectAsync"/>, which probes the server's version and
    /// run mode so every service speaks the right dialect.
    /// </summary>
    public sealed class StarRocksClient : IDisposable
    {
        private readonly ISqlSession _session;
        private volatile bool _closed;

        internal StarRocksClient(ConnectionOptions options, ISqlSession session, ServerInfo server)
        {
            Options = options;
            _session = session;
            Server = server;
            Dialect = new SqlDialect(server);
            Catalog = new CatalogService(this);
            Objects = new ObjectCatalog(this);
            Repositories = new RepositoryService(this);
            Snapshots = new SnapshotService(this);
            Jobs = new JobService(this);
            Backups = new BackupService(this);
            Restores = new RestoreService(this);
            ClusterSnapshots = new ClusterSnapshots.ClusterSnapshotService(this);
            TableSwaps = new Swap.TableSwapService(this);
            PointInTime = new PointInTime.PointInTimeRestoreService(this);
        }

        /// <summary>The options (a copy; the password stays masked in ToString).</summary>
        public ConnectionOptions Options { get; }

        /// <summary>Version, run mode and feature flags of the FE.</summary>
        public ServerInfo Server { get; }

        /// <summary>The statement builder for this server's version.</summary>
        public SqlDialect Dialect { get; }

        /// <summary>Databases, tables, partitions, backends.</summary>
        public CatalogService Catalog { get; }

        /// <summary>Views, materialized views, functions and external catalogs.</summary>
        public ObjectCatalog Objects { get; }

        /// <summary>CREATE / SHOW / DROP REPOSITORY.</summary>
        public RepositoryService Repositories { get; }

        /// <summary>SHOW SNAPSHOT (plain and detailed), DROP SNAPSHOT on 4.2.</summary>
        public SnapshotService Snapshots { get; }

        /// <summary>SHOW BACKUP / SHOW RESTORE, waiting on many jobs, CANCEL.</summary>
        public JobService Jobs { get; }

        /// <summary>Backup planning and submission.</summary>
        public BackupService Backups { get; }

        /// <summary>Restore planning and submission.</summary>
        public RestoreService Restores { get; }

        /// <summary>Automated cluster snapshots, their jobs and the storage volumes (shared-data clusters, 3.4.2+).</summary>
        public ClusterSnapshots.ClusterSnapshotService ClusterSnapshots { get; }

        /// <summary>Point-in-time rebuilds from the backup catalog (a chain of RESTOREs, one job at a time).</summary>
        public PointInTime.PointInTimeRestoreService PointInTime { get; }

        /// <summary>Schema-checked atomic table swaps (ALTER TABLE ... SWAP WITH).</summary>
        public Swap.TableSwapService TableSwaps { get; }

        /// <summary>True after <see cref="Dispose"/> (Disconnect): every further operation fails.</summary>
        public bool IsClosed => _closed;

        /// <summary>The driver session; after <see cref="Dispose"/> any use fails with a clear ConnectionFailed error.</summary>
        internal ISqlSession Session
        {
            get
            {
                if (_closed)
                {
                    throw new StarRocksBackupException(ErrorKind.ConnectionFailed,
                        $"The connection {Options} was closed (Disconnect-SrServer); connect again with Connect-SrServer.");
                }

                return _session;
            }
        }

        /// <summary>
        /// Opens a connection, checks the credentials and reads the server's version (<c>current_version()</c>, falling
        /// back to <c>@@version_comment</c>), run mode (<c>ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'</c>, shared-nothing
        /// when refused) and time zone offset.
        /// </summary>
        /// <exception cref="StarRocksBackupException">ConnectionFailed, AuthenticationFailed, InvalidArgument.</exception>
        public static async Task<StarRocksClient> ConnectAsync(ConnectionOptions options, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            observer ??= NullObserver.Instance;
            ConnectionOptions copy = options.Clone();
            copy.Validate();
            var session = new MySqlSession(copy);
            observer.Verbose($"Connecting to StarRocks FE {copy}.");
            ServerInfo server = await ServerProbe.ProbeAsync(session, observer, cancellationToken).ConfigureAwait(false);
            observer.Verbose($"Connected to {copy}: {server}.");
            return new StarRocksClient(copy, session, server);
        }

        /// <summary>
        /// Closes pooled connections for these options (Disconnect) and marks this client closed, so a kept reference
        /// (a variable, a stale default) cannot quietly reopen connections. Idempotent.
        /// </summary>
        public void Dispose()
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _session.ClearPool();
        }

        /// <inheritdoc />
        public override string ToString() => $"{Options} {Server}";
    }
}
