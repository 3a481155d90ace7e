using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Core.Connection
{
    /// <summary>Whether a statement may be sent again after the connection dropped while it ran.</summary>
    internal enum StatementSafety
    {
        /// <summary>Reading statements (SHOW, SELECT) and statements whose repetition is harmless.</summary>
        Idempotent,

        /// <summary>
        /// BACKUP, RESTORE, CREATE/DROP REPOSITORY, CANCEL: if the connection drops after the statement was sent,
        /// its outcome is unknown; the caller re-queries state instead of re-sending it.
        /// </summary>
        NonIdempotent,
    }

    /// <summary>
    /// Runs SQL text on the FE. The production implementation is <see cref="MySqlSession"/> (the only code that
    /// touches the driver); unit tests use a fake. Implementations translate every driver error into
    /// <see cref="StarRocksBackupException"/> and honour the token by really interrupting the statement.
    /// </summary>
    internal interface ISqlSession
    {
        /// <summary>Runs a query and returns its rows as text. Retried after a dropped connection.</summary>
        Task<ResultTable> QueryAsync(string sql, IOperationObserver observer, CancellationToken cancellationToken);

        /// <summary>Runs a statement without a result set; returns affected rows.</summary>
        Task<long> ExecuteAsync(string sql, StatementSafety safety, IOperationObserver observer, CancellationToken cancellationToken);

        /// <summary>Drops pooled connections (after Disconnect, or when the server restarted).</summary>
        void ClearPool();
    }
}
