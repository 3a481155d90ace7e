using System;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;

namespace StarRocksBackup.Core.Connection
{
    /// <summary>What a driver exception means to the session (decided from plain values, so it is unit-tested).</summary>
    internal enum DriverFailure
    {
        /// <summary>The server answered with an error packet: translate it (<see cref="ServerErrorTranslator"/>).</summary>
        Server,

        /// <summary>The network: unreachable, refused, dropped. Retried by the session's rules.</summary>
        Connection,

        /// <summary>The FE wanted the password in clear text over a connection without verified TLS.</summary>
        SecureConnectionRequired,

        /// <summary>TLS could not be set up (no TLS on the server, untrusted or mismatched certificate).</summary>
        Tls,

        /// <summary>The command timeout ran out (the driver has already sent KILL QUERY).</summary>
        CommandTimeout,
    }

    /// <summary>
    /// Classifies MySqlConnector's exceptions. MySqlConnector reports client-side failures with its own
    /// <c>MySqlErrorCode</c> values: 1042 (UnableToConnectToHost) for every connect failure, TLS and
    /// clear-password refusals included, and -1 (CommandTimeoutExpired); server errors carry the server's
    /// code and SQLSTATE unchanged.
    /// </summary>
    internal static class DriverErrors
    {
        public const int CommandTimeoutExpired = -1;
        public const int UnableToConnectToHost = 1042;

        /// <param name="code">MySqlException.Number (the server's code, or the driver's own).</param>
        /// <param name="message">MySqlException.Message.</param>
        /// <param name="innermost">The exception's inner chain (for TLS and I/O causes); may be null.</param>
        public static DriverFailure Classify(int code, string? message, Exception? innermost)
        {
            string m = message ?? string.Empty;
            if (code == CommandTimeoutExpired || IsFailedCancellationClear(m))
            {
                return DriverFailure.CommandTimeout;
            }

            // "Authentication method 'mysql_clear_password' requires a secure connection [with a verified server certificate]."
            if (m.IndexOf("requires a secure connection", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return DriverFailure.SecureConnectionRequired;
            }

            if (HasInner<AuthenticationException>(innermost)
                || m.IndexOf("does not support SSL", StringComparison.OrdinalIgnoreCase) >= 0
                || m.IndexOf("SSL Authentication Error", StringComparison.OrdinalIgnoreCase) >= 0
                || m.IndexOf("CA Certificate File", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return DriverFailure.Tls;
            }

            if (code == UnableToConnectToHost
                || code == 1053 // server shutdown in progress
                || code == 2006 // server has gone away
                || code == 2013 // lost connection during query
                || HasInner<IOException>(innermost) || HasInner<SocketException>(innermost)
                || HasInner<EndOfStreamException>(innermost) || HasInner<ObjectDisposedException>(innermost))
            {
                return DriverFailure.Connection;
            }

            // MySqlConnector wraps a broken read as "Failed to read the result set." with the I/O cause inside;
            // without a cause and without a server code it is still the connection that failed.
            return code == 0 ? DriverFailure.Connection : DriverFailure.Server;
        }

        /// <summary>
        /// After it sent KILL QUERY (command timeout or cancellation), MySqlConnector sends
        /// <c>SELECT SLEEP(0) INTO @__MySqlConnector__Sleep</c> to absorb a KILL that arrives late. StarRocks' grammar
        /// has no SELECT … INTO @variable (only INTO OUTFILE), so the FE answers a syntax error, and the driver throws
        /// that error in place of its timeout (same family: mysql-net/MySqlConnector#1502). It means "the statement was
        /// killed"; the driver then discards the connection (its session is no longer in the Connected state).
        /// </summary>
        public static bool IsFailedCancellationClear(string? message) =>
            (message ?? string.Empty).IndexOf("__MySqlConnector__Sleep", StringComparison.Ordinal) >= 0;

        /// <summary>The module's message for a TLS failure, naming what to do.</summary>
        public static string TlsMessage(ConnectionOptions options, string driverMessage, Exception? inner)
        {
            string cause = FindInner<AuthenticationException>(inner)?.Message ?? driverMessage;
            if (driverMessage.IndexOf("does not support SSL", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return $"StarRocks FE {options} does not offer TLS (ssl is not enabled on the FE), so a TLS connection cannot be made.";
            }

            return $"The TLS connection to StarRocks FE {options} failed: the FE's certificate was not accepted ({cause}). " +
                   "Trust the CA that issued it (-SslCaCertificate), or, knowingly, skip the check (-SkipCertificateCheck).";
        }

        private static bool HasInner<T>(Exception? e)
            where T : Exception => FindInner<T>(e) != null;

        private static T? FindInner<T>(Exception? e)
            where T : Exception
        {
            for (; e != null; e = e.InnerException)
            {
                if (e is T t)
                {
                    return t;
                }
            }

            return null;
        }
    }
}
