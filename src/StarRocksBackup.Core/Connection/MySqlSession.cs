using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Polly;
using Polly.Retry;
using StarRocksBackup.Core.Sql;

namespace StarRocksBackup.Core.Connection
{
    /// <summary>
    /// The only code that touches the driver (MySqlConnector). One pooled driver connection per statement, opened
    /// and run with the driver's truly asynchronous methods. The token goes to the driver: on cancellation it sends
    /// <c>KILL QUERY</c> on a side connection, so the server really stops, and the command timeout works the same way.
    /// Dropped connections (FE restart) are retried with Polly for statements that were not sent yet or are
    /// idempotent; a non-idempotent statement whose outcome is unknown is reported with
    /// <see cref="StarRocksBackupException.OutcomeUnknown"/> so the caller re-queries state. A BACKUP or RESTORE that
    /// StarRocks refused because another one was being submitted is sent again after a back-off (it did nothing).
    /// </summary>
    internal sealed class MySqlSession : ISqlSession, IRowStreamingSession
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
                SslMode = options.SslMode switch
                {
                    SslMode.Required => MySqlSslMode.Required,
                    SslMode.VerifyCA => MySqlSslMode.VerifyCA,
                    SslMode.VerifyFull => MySqlSslMode.VerifyFull,
                    _ => MySqlSslMode.None,
                },
                SslCa = options.SslCaCertificateFile ?? string.Empty,
                ConnectionTimeout = (uint)Math.Max(1, Math.Ceiling(options.ConnectTimeout.TotalSeconds)),
                DefaultCommandTimeout = (uint)Math.Max(1, Math.Ceiling(options.CommandTimeout.TotalSeconds)),
                Pooling = true,
                // Core never changes session state (no SET, no USE), so a pooled connection needs no reset: the reset
                // would cost every statement a COM_CHANGE_USER (the FE says 5.1.0, older than COM_RESET_CONNECTION)
                // plus SET NAMES, and an LDAP user an LDAP bind on the FE each time. Dead pooled connections are
                // handled instead: a ping before statements that must not be re-sent, and the pool is cleared when
                // the FE drops connections.
                ConnectionReset = false,
                // Every value is read as text: no column (CHAR(36), BINARY(16)) may become a Guid (facts §11.2).
                GuidFormat = MySqlGuidFormat.None,
                ConvertZeroDateTime = true,
                PersistSecurityInfo = false,
                ApplicationName = "StarRocksBackup",
            };
            return b.ConnectionString;
        }

        public Task<ResultTable> QueryAsync(string sql, IOperationObserver observer, CancellationToken cancellationToken) =>
            RunWithRetryAsync(sql, StatementSafety.Idempotent, observer, cancellationToken, QueryOnceAsync);

        public Task<List<T>> QueryRowsAsync<T>(string sql, Func<IRowReader, Func<IRowReader, T>> bind, IOperationObserver observer, CancellationToken cancellationToken) =>
            RunWithRetryAsync(sql, StatementSafety.Idempotent, observer, cancellationToken, (conn, text, ct) => MySqlRowReader.ReadAllAsync(conn, text, bind, ct));

        public async Task<long> ExecuteAsync(string sql, StatementSafety safety, IOperationObserver observer, CancellationToken cancellationToken)
        {
            ResultTable affected = await RunWithRetryAsync(sql, safety, observer, cancellationToken, ExecuteOnceAsync).ConfigureAwait(false);
            return affected.Rows.Count > 0 ? affected.Rows[0].Int64("affected") ?? 0 : 0;
        }

        public void ClearPool()
        {
            using var c = new MySqlConnection(_connectionString);
            MySqlConnection.ClearPool(c);
        }

        private async Task<TResult> RunWithRetryAsync<TResult>(
            string sql, StatementSafety safety, IOperationObserver observer, CancellationToken ct,
            Func<MySqlConnection, string, CancellationToken, Task<TResult>> body)
        {
            string shown = SqlRedactor.Redact(sql);
            observer.Debug("SQL: " + shown);
            ResiliencePipeline pipeline = BuildRetry(safety, shown, observer);
            try
            {
                return await pipeline.ExecuteAsync(
                    async token => await RunOnceAsync(sql, shown, safety, body, token).ConfigureAwait(false),
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
            var builder = new ResiliencePipelineBuilder();
            if (safety == StatementSafety.NonIdempotent && _options.MaxSubmissionRetries > 0)
            {
                // StarRocks takes one BACKUP/RESTORE submission at a time and gives up after 10 s of waiting for the lock
                // ("Another backup or restore job is being submitted"): the statement did nothing, so it is sent again,
                // whatever it is. Another answer (a job running in the database) is the caller's to handle.
                builder.AddRetry(Backoff(
                    new PredicateBuilder().Handle<StarRocksBackupException>(ServerErrorTranslator.IsSubmissionBusy),
                    _options.MaxSubmissionRetries, _options.SubmissionRetryDelay, args =>
                    {
                        observer.Verbose(
                            $"StarRocks was taking another BACKUP or RESTORE and refused this one for now ({args.Outcome.Exception?.Message}); " +
                            $"sending it again in {args.RetryDelay.TotalSeconds:0.0} s, attempt {args.AttemptNumber + 2} of {_options.MaxSubmissionRetries + 1}: {shown}");
                        return default;
                    }));
            }

            if (_options.MaxReconnectAttempts > 0)
            {
                // A statement that never reached the server may always be re-sent; one that did may only be re-sent when
                // running it twice is harmless (never BACKUP/RESTORE/CREATE/DROP/CANCEL).
                builder.AddRetry(Backoff(
                    new PredicateBuilder().Handle<TransientFailure>(tf => !tf.Sent || safety == StatementSafety.Idempotent),
                    _options.MaxReconnectAttempts, _options.ReconnectDelay, args =>
                    {
                        // The FE dropped connections (restart, network): the other pooled ones are gone too.
                        ClearPool();
                        observer.Debug(
                            $"Connection to {_options} lost ({args.Outcome.Exception?.InnerException?.Message}); " +
                            $"reconnecting, attempt {args.AttemptNumber + 1} of {_options.MaxReconnectAttempts}, in {args.RetryDelay.TotalMilliseconds:0} ms: {shown}");
                        return default;
                    }));
            }

            return builder.Build();
        }

        /// <summary>Exponential back-off with jitter from <paramref name="first"/>, at most 10 s between attempts.</summary>
        private static RetryStrategyOptions Backoff(PredicateBuilder<object> handle, int attempts, TimeSpan first, Func<OnRetryArguments<object>, ValueTask> onRetry) =>
            new RetryStrategyOptions
            {
                ShouldHandle = handle,
                MaxRetryAttempts = attempts,
                Delay = first,
                BackoffType = DelayBackoffType.Exponential,
                MaxDelay = TimeSpan.FromSeconds(10),
                UseJitter = true,
                OnRetry = onRetry,
            };

        private async Task<TResult> RunOnceAsync<TResult>(
            string sql, string shown, StatementSafety safety, Func<MySqlConnection, string, CancellationToken, Task<TResult>> body, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            var conn = new MySqlConnection(_connectionString);
            try
            {
                try
                {
                    // A pooled connection is reset (and discarded if the FE restarted meanwhile) by the driver here.
                    await conn.OpenAsync(ct).ConfigureAwait(false);
                }
                catch (MySqlException ex)
                {
                    ct.ThrowIfCancellationRequested();
                    throw OpenFailure(ex);
                }

                // A statement that must not be sent twice goes only over a connection known to be alive: a pooled
                // one whose FE restarted would otherwise take the statement and leave its outcome unknown.
                if (safety == StatementSafety.NonIdempotent && !await conn.PingAsync(ct).ConfigureAwait(false))
                {
                    ct.ThrowIfCancellationRequested();
                    throw new TransientFailure(false, new IOException("The pooled connection to the FE is no longer alive (COM_PING failed)."));
                }

                try
                {
                    return await body(conn, sql, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ct.IsCancellationRequested && (ex is MySqlException || ex is OperationCanceledException))
                {
                    throw new OperationCanceledException("The statement was cancelled on the server (KILL QUERY).", ex, ct);
                }
                catch (MySqlException ex)
                {
                    switch (DriverErrors.Classify(ex.Number, ex.Message, ex.InnerException))
                    {
                        case DriverFailure.CommandTimeout:
                            throw new StarRocksBackupException(ErrorKind.Timeout,
                                $"The statement did not finish within the command timeout ({_options.CommandTimeout}); it was cancelled on the server: {shown}", ex)
                            { Statement = shown };
                        case DriverFailure.Server:
                            throw ServerErrorTranslator.Translate(ex.Number, ex.SqlState, ex.Message, shown, ex);
                        default:
                            throw new TransientFailure(true, ex);
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is InvalidOperationException)
                {
                    throw new TransientFailure(true, ex);
                }
            }
            finally
            {
                // Back to the pool; one broken by the server is discarded by the driver. Dispose, not DisposeAsync:
                // the latter's signature differs between MySqlConnector's netstandard2.0 and net8+ builds.
                conn.Dispose();
            }
        }

        /// <summary>Opening failed: only the network is retried; credentials and TLS never are.</summary>
        private Exception OpenFailure(MySqlException ex)
        {
            switch (DriverErrors.Classify(ex.Number, ex.Message, ex.InnerException))
            {
                case DriverFailure.SecureConnectionRequired:
                    return new StarRocksBackupException(ErrorKind.SecureConnectionRequired,
                        $"StarRocks FE {_options} asked for user '{_options.User}''s password in clear text (mysql_clear_password, " +
                        "used by LDAP accounts: authentication_ldap_simple), which is sent only over TLS with a verified certificate. " +
                        "Connect with TLS (-UseSsl).", ex);
                case DriverFailure.Tls:
                    return new StarRocksBackupException(ErrorKind.TlsFailed, DriverErrors.TlsMessage(_options, ex.Message, ex.InnerException), ex);
                case DriverFailure.Server:
                    // The server refused the login (credentials, unknown database): never a plain ServerError.
                    StarRocksBackupException t = ServerErrorTranslator.Translate(ex.Number, ex.SqlState, ex.Message, null, ex);
                    return t.Kind == ErrorKind.AuthenticationFailed
                        ? t
                        : new StarRocksBackupException(ErrorKind.ConnectionFailed, $"Cannot open a connection to StarRocks FE {_options}: {t.Message}", ex)
                        {
                            ServerErrorCode = t.ServerErrorCode,
                            SqlState = t.SqlState,
                            ServerMessage = t.ServerMessage,
                        };
                default:
                    return new TransientFailure(false, ex);
            }
        }

        private static async Task<ResultTable> QueryOnceAsync(MySqlConnection conn, string sql, CancellationToken ct)
        {
            using var cmd = new MySqlCommand(sql, conn);
            using MySqlDataReader reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var columns = new List<string>(reader.FieldCount);
            for (int i = 0; i < reader.FieldCount; i++)
            {
                columns.Add(reader.GetName(i));
            }

            // The common column types are read without boxing (a partitions_meta answer can hold 100,000 rows).
            var kinds = new TypeCode[reader.FieldCount];
            for (int i = 0; i < kinds.Length; i++)
            {
                Type t = reader.GetFieldType(i);
                kinds[i] = t == typeof(string) ? TypeCode.String : t == typeof(long) ? TypeCode.Int64 : t == typeof(int) ? TypeCode.Int32
                    : t == typeof(DateTime) ? TypeCode.DateTime : TypeCode.Object;
            }

            var rows = new List<string?[]>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var cells = new string?[kinds.Length];
                for (int i = 0; i < cells.Length; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        continue;
                    }

                    cells[i] = kinds[i] switch
                    {
                        TypeCode.String => reader.GetString(i),
                        TypeCode.Int64 => reader.GetInt64(i).ToString(CultureInfo.InvariantCulture),
                        TypeCode.Int32 => reader.GetInt32(i).ToString(CultureInfo.InvariantCulture),
                        TypeCode.DateTime => reader.GetDateTime(i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                        _ => ToText(reader.GetValue(i)),
                    };
                }

                rows.Add(cells);
            }

            return new ResultTable(columns, rows);
        }

        private static async Task<ResultTable> ExecuteOnceAsync(MySqlConnection conn, string sql, CancellationToken ct)
        {
            using var cmd = new MySqlCommand(sql, conn);
            long n = await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return new ResultTable(new[] { "affected" }, new[] { new string?[] { n.ToString(CultureInfo.InvariantCulture) } });
        }

        internal static string ToText(object value) => value switch
        {
            string s => s,
            DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        /// <summary>A dropped or unreachable connection; <see cref="Sent"/> says whether the statement had been sent.</summary>
        private sealed class TransientFailure : Exception
        {
            public TransientFailure(bool sent, Exception inner)
                : base(inner.Message, inner) => Sent = sent;

            public bool Sent { get; }
        }
    }
}
