using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySql.Data.MySqlClient;
using Polly;
using Polly.Retry;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.Connection
{
    /// <summary>
    /// The only code that touches MySql.Data. One pooled driver connection per statement; statements are run on
    /// the thread pool because MySql.Data 8.0.16's *Async methods are synchronous, and the token is wired to
    /// <see cref="MySqlCommand.Cancel"/>, which sends <c>KILL QUERY</c> on a side connection so the server really
    /// stops. Dropped connections (FE restart) are retried with Polly for statements that were not sent yet or
    /// are idempotent; a non-idempotent statement whose outcome is unknown is reported with
    /// <see cref="StarRocksBackupException.OutcomeUnknown"/> so the caller re-queries state.
    /// </summary>
    internal sealed class MySqlSession : ISqlSession
    {
        private readonly ConnectionOptions _options;
        private readonly string _connectionString;

        public MySqlSession(ConnectionOptions options)
        {
            _options = options;
            _connectionString = BuildConnectionString(options);
        }

        /// <summary>The driver connection string (holds the password: never log it).</summary>
        internal static string BuildConnectionString(ConnectionOptions options)
        {
            var b = new MySqlConnectionStringBuilder
            {
                Server = options.Host,
                Port = (uint)options.Port,
                UserID = options.User,
                Password = options.Password.Reveal(),
                SslMode = options.UseSsl ? MySqlSslMode.Required : MySqlSslMode.None,
                ConnectionTimeout = (uint)Math.Max(1, Math.Ceiling(options.ConnectTimeout.TotalSeconds)),
                DefaultCommandTimeout = (uint)Math.Max(1, Math.Ceiling(options.CommandTimeout.TotalSeconds)),
                Pooling = true,
                // CHAR(36) columns must stay text, not become Guids (facts §11.2).
                OldGuids = true,
                ConvertZeroDateTime = true,
                PersistSecurityInfo = false,
            };
            return b.ConnectionString;
        }

        public Task<ResultTable> QueryAsync(string sql, IOperationObserver observer, CancellationToken cancellationToken) =>
            RunWithRetryAsync(sql, StatementSafety.Idempotent, observer, cancellationToken, QueryOnce);

        public async Task<long> ExecuteAsync(string sql, StatementSafety safety, IOperationObserver observer, CancellationToken cancellationToken)
        {
            ResultTable affected = await RunWithRetryAsync(sql, safety, observer, cancellationToken, ExecuteOnce).ConfigureAwait(false);
            return affected.Rows.Count > 0 ? affected.Rows[0].Int64("affected") ?? 0 : 0;
        }

        public void ClearPool()
        {
            try
            {
                using var c = new MySqlConnection(_connectionString);
                MySqlConnection.ClearPool(c);
            }
            catch (MySqlException)
            {
                // Nothing pooled for these settings.
            }
        }

        private async Task<ResultTable> RunWithRetryAsync(
            string sql, StatementSafety safety, IOperationObserver observer, CancellationToken ct,
            Func<MySqlConnection, string, CancellationToken, ResultTable> body)
        {
            string shown = SqlRedactor.Redact(sql);
            observer.Debug("SQL: " + shown);
            ResiliencePipeline pipeline = BuildRetry(safety, shown, observer);
            try
            {
                return await pipeline.ExecuteAsync(
                    token => new ValueTask<ResultTable>(Task.Run(() => RunOnce(sql, shown, token, body), token)),
                    ct).ConfigureAwait(false);
            }
            catch (TransientFailure tf)
            {
                bool unknown = tf.Sent && safety == StatementSafety.NonIdempotent;
                string what = unknown
                    ? $"The connection to {_options} dropped while this statement ran; its outcome is unknown: {shown}"
                    : $"Cannot reach StarRocks FE {_options}: {tf.InnerException?.Message}";
                throw new StarRocksBackupException(ErrorKind.ConnectionFailed, what, tf.InnerException)
                {
                    Statement = shown,
                    OutcomeUnknown = unknown,
                };
            }
        }

        private ResiliencePipeline BuildRetry(StatementSafety safety, string shown, IOperationObserver observer)
        {
            if (_options.MaxReconnectAttempts == 0)
            {
                return ResiliencePipeline.Empty;
            }

            return new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    // A statement that never reached the server may always be re-sent; one that did may only be
                    // re-sent when running it twice is harmless.
                    ShouldHandle = new PredicateBuilder().Handle<TransientFailure>(
                        tf => !tf.Sent || safety == StatementSafety.Idempotent),
                    MaxRetryAttempts = _options.MaxReconnectAttempts,
                    Delay = _options.ReconnectDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    MaxDelay = TimeSpan.FromSeconds(10),
                    UseJitter = true,
                    OnRetry = args =>
                    {
                        ClearPool();
                        observer.Debug(
                            $"Connection to {_options} lost ({args.Outcome.Exception?.InnerException?.Message}); " +
                            $"reconnecting, attempt {args.AttemptNumber + 1} of {_options.MaxReconnectAttempts}, in {args.RetryDelay.TotalMilliseconds:0} ms: {shown}");
                        return default;
                    },
                })
                .Build();
        }

        private ResultTable RunOnce(string sql, string shown, CancellationToken ct, Func<MySqlConnection, string, CancellationToken, ResultTable> body)
        {
            ct.ThrowIfCancellationRequested();
            var conn = new MySqlConnection(_connectionString);
            try
            {
                try
                {
                    conn.Open();
                }
                catch (Exception ex) when (ex is MySqlException || ex is IOException || ex is SocketException || ex is TimeoutException)
                {
                    ct.ThrowIfCancellationRequested();
                    if (ex is MySqlException me && !IsConnectionError(me))
                    {
                        // Opening failed for a reason other than the network (credentials, refused handshake):
                        // never a plain ServerError, and never retried.
                        StarRocksBackupException t = Translate(me, null);
                        if (t.Kind == ErrorKind.AuthenticationFailed)
                        {
                            throw t;
                        }

                        throw new StarRocksBackupException(ErrorKind.ConnectionFailed, $"Cannot open a connection to StarRocks FE {_options}: {t.Message}", me);
                    }

                    throw new TransientFailure(false, ex);
                }

                try
                {
                    return body(conn, sql, ct);
                }
                catch (Exception ex) when (ex is MySqlException || ex is IOException || ex is SocketException || ex is InvalidOperationException)
                {
                    if (ct.IsCancellationRequested)
                    {
                        throw new OperationCanceledException("The statement was cancelled on the server (KILL QUERY).", ex, ct);
                    }

                    if (ex is MySqlException me && !IsConnectionError(me))
                    {
                        if (me.InnerException is TimeoutException)
                        {
                            throw new StarRocksBackupException(ErrorKind.Timeout,
                                $"The statement did not finish within the command timeout ({_options.CommandTimeout}): {shown}", me)
                            { Statement = shown };
                        }

                        throw Translate(me, shown);
                    }

                    throw new TransientFailure(true, ex);
                }
            }
            finally
            {
                try
                {
                    conn.Dispose();
                }
                catch (Exception ex) when (ex is MySqlException || ex is IOException || ex is SocketException || ex is InvalidOperationException)
                {
                    // A connection broken by the server cannot be returned cleanly; the pool discards it.
                }
            }
        }

        private static ResultTable QueryOnce(MySqlConnection conn, string sql, CancellationToken ct)
        {
            using var cmd = new MySqlCommand(sql, conn);
            using CancellationTokenRegistration reg = ct.Register(() => SafeCancel(cmd));
            using MySqlDataReader reader = cmd.ExecuteReader();
            var columns = new List<string>(reader.FieldCount);
            for (int i = 0; i < reader.FieldCount; i++)
            {
                columns.Add(reader.GetName(i));
            }

            var rows = new List<string?[]>();
            while (reader.Read())
            {
                var cells = new string?[reader.FieldCount];
                for (int i = 0; i < cells.Length; i++)
                {
                    cells[i] = reader.IsDBNull(i) ? null : ToText(reader.GetValue(i));
                }

                rows.Add(cells);
            }

            ct.ThrowIfCancellationRequested();
            return new ResultTable(columns, rows);
        }

        private static ResultTable ExecuteOnce(MySqlConnection conn, string sql, CancellationToken ct)
        {
            using var cmd = new MySqlCommand(sql, conn);
            using CancellationTokenRegistration reg = ct.Register(() => SafeCancel(cmd));
            long n = cmd.ExecuteNonQuery();
            ct.ThrowIfCancellationRequested();
            return new ResultTable(new[] { "affected" }, new[] { new string?[] { n.ToString(CultureInfo.InvariantCulture) } });
        }

        private static void SafeCancel(MySqlCommand cmd)
        {
            try
            {
                cmd.Cancel();
            }
            catch (Exception ex) when (ex is MySqlException || ex is IOException || ex is SocketException || ex is InvalidOperationException)
            {
                // The statement ended or the connection dropped meanwhile: nothing left to kill.
            }
        }

        private static string ToText(object value) => value switch
        {
            string s => s,
            DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        // Codes for "the connection is gone" rather than "the statement failed".
        private static bool IsConnectionError(MySqlException ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is IOException || e is SocketException || e is EndOfStreamException || e is ObjectDisposedException)
                {
                    return true;
                }

                if (e is MySqlException m && m != ex && IsConnectionCode(m.Number))
                {
                    return true;
                }
            }

            if (IsConnectionCode(ex.Number))
            {
                return true;
            }

            string m0 = ex.Message ?? string.Empty;
            return ex.Number == 0 && (m0.IndexOf("stream", StringComparison.OrdinalIgnoreCase) >= 0
                                      || m0.IndexOf("Unable to connect", StringComparison.OrdinalIgnoreCase) >= 0
                                      || m0.IndexOf("Connection must be valid and open", StringComparison.OrdinalIgnoreCase) >= 0);
        }

        private static bool IsConnectionCode(int number)
        {
            switch (number)
            {
                case 1042: // unable to connect to any host
                case 1053: // server shutdown in progress
                case 2006: // server has gone away
                case 2013: // lost connection during query
                    return true;
                default:
                    return false;
            }
        }

        // The driver wraps server errors ("Authentication to host … failed", "Fatal error …"); the innermost
        // MySqlException with a code carries the server's own number and message.
        private static StarRocksBackupException Translate(MySqlException ex, string? shown)
        {
            MySqlException best = ex;
            for (Exception? e = ex.InnerException; e != null; e = e.InnerException)
            {
                if (e is MySqlException m && m.Number != 0)
                {
                    best = m;
                }
            }

            return ServerErrorTranslator.Translate(best.Number, best.SqlState, best.Message, shown, ex);
        }

        /// <summary>A dropped or unreachable connection; <see cref="Sent"/> says whether the statement had been sent.</summary>
        private sealed class TransientFailure : Exception
        {
            public TransientFailure(bool sent, Exception inner)
                : base(inner.Message, inner) => Sent = sent;

            public bool Sent { get; }
        }
    }
}
