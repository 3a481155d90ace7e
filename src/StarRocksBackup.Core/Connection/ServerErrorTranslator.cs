using System;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Core.Connection
{
    /// <summary>
    /// Turns a server error (code, SQLSTATE, message) into a <see cref="StarRocksBackupException"/> with the right
    /// <see cref="ErrorKind"/>. Pure: no driver types, so it is unit-tested directly.
    /// </summary>
    internal static class ServerErrorTranslator
    {
        // "Getting analyzing error[ at line 1, column 5]. Detail message: <msg>." (facts §4.1). Positions never
        // contain a period, so the first ". Detail message: " ends the prefix.
        private static readonly Regex s_prefix = new Regex(
            @"^\s*Getting (?:analyzing|syntax) error[^.]*\.\s*Detail message:\s?",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The text after <c>Detail message: </c> without the trailing '.', or the message trimmed.</summary>
        public static string ExtractDetail(string? message)
        {
            string m = (message ?? string.Empty).Trim();
            Match match = s_prefix.Match(m);
            if (match.Success)
            {
                m = m.Substring(match.Length).Trim();
            }

            if (m.EndsWith(".", StringComparison.Ordinal) && !m.EndsWith("..", StringComparison.Ordinal))
            {
                m = m.Substring(0, m.Length - 1);
            }

            return m;
        }

        /// <summary>True when the server reported a parse (syntax) error: usually a grammar this version lacks.</summary>
        public static bool IsSyntaxError(string? message) =>
            (message ?? string.Empty).TrimStart().StartsWith("Getting syntax error", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// True for StarRocks' "Another backup or restore job is being submitted. Please wait and try again": its BACKUP /
        /// RESTORE submission lock (one submission at a time across the FE) was not free within 10 s. Unlike "Can only run
        /// one backup or restore job of a database", it says nothing of the database, and the statement had no effect.
        /// </summary>
        public static bool IsSubmissionBusy(StarRocksBackupException ex) =>
            ex.Kind == ErrorKind.JobInProgress && Has(ex.ServerMessage ?? ExtractDetail(ex.Message), "Another backup or restore job is being submitted");

        /// <summary>Decides the kind of a server error.</summary>
        public static ErrorKind Classify(int code, string? message)
        {
            string raw = message ?? string.Empty;
            string d = ExtractDetail(raw);
            if (code == 1045 || d.StartsWith("Access denied for user", StringComparison.OrdinalIgnoreCase))
            {
                return ErrorKind.AuthenticationFailed;
            }

            if (Has(d, "Can only run one backup or restore job") || Has(d, "Another backup or restore job is being submitted"))
            {
                return ErrorKind.JobInProgress;
            }

            if (Has(d, "repository with same name already exist"))
            {
                return ErrorKind.RepositoryExists;
            }

            if (Regex.IsMatch(d, @"^Repository\b.*\bdoes not exist", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
                || Has(d, "Repository does not exist"))
            {
                return ErrorKind.RepositoryNotFound;
            }

            if (Has(d, "Failed to get info of snapshot") || Has(d, "Snapshot does not exist in repository"))
            {
                return ErrorKind.SnapshotNotFound;
            }

            if (Regex.IsMatch(d, @"^partition\s*\[.*\]\s*does not exist", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
                || d.StartsWith("Unknown partition", StringComparison.OrdinalIgnoreCase)
                || Regex.IsMatch(d, @"^Partition .* does not exist in snapshot", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                return ErrorKind.PartitionNotFound;
            }

            if (code == 5501 || code == 1049 || d.StartsWith("Unknown database", StringComparison.OrdinalIgnoreCase)
                || Regex.IsMatch(d, @"^target database: .* is not existed in snapshot", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                return ErrorKind.DatabaseNotFound;
            }

            if (code == 5502 || code == 1146 || d.StartsWith("Unknown table", StringComparison.OrdinalIgnoreCase)
                || d.StartsWith("Incorrect table name", StringComparison.OrdinalIgnoreCase)
                || Regex.IsMatch(d, @"^Table .* does not exist in snapshot", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                return ErrorKind.TableNotFound;
            }

            if (d.StartsWith("No backup job is currently running", StringComparison.OrdinalIgnoreCase)
                || d.StartsWith("No restore is currently running", StringComparison.OrdinalIgnoreCase)
                || d.StartsWith("No restore job is currently running", StringComparison.OrdinalIgnoreCase)
                || Regex.IsMatch(d, @"can not be cancelled\. state: (FINISHED|CANCELLED)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                return ErrorKind.JobNotFound;
            }

            if (Has(d, "already exist in repository"))
            {
                // The label is taken: the caller chose a name the repository already has.
                return ErrorKind.InvalidArgument;
            }

            if (IsSyntaxError(raw))
            {
                return ErrorKind.UnsupportedByServer;
            }

            return ErrorKind.ServerError;
        }

        /// <summary>Builds the exception (the statement must already be redacted).</summary>
        public static StarRocksBackupException Translate(int code, string? sqlState, string? message, string? redactedSql, Exception? inner)
        {
            string detail = SqlRedactorGuard(ExtractDetail(message));
            ErrorKind kind = Classify(code, message);
            string text = kind switch
            {
                ErrorKind.UnsupportedByServer => $"The server did not accept the statement's syntax (probably not supported by this StarRocks version): {detail}",
                ErrorKind.RepositoryNotFound => RepositoryNotFoundText(detail),
                _ => detail,
            };
            return new StarRocksBackupException(kind, text, inner)
            {
                ServerErrorCode = code,
                SqlState = sqlState,
                ServerMessage = detail,
                Statement = redactedSql,
            };
        }

        // "Repository [r] does not exist" (analyzer) / "Repository r does not exist" (executor), in the module's own
        // wording; ServerMessage keeps StarRocks' text.
        private static readonly Regex s_repositoryName = new Regex(
            @"^Repository\s+\[?(?<name>[^\]\s]+)\]?\s+does not exist", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The module's message for an unknown repository.</summary>
        public static string RepositoryNotFoundText(string detail)
        {
            Match m = s_repositoryName.Match(detail);
            return m.Success
                ? $"Repository '{m.Groups["name"].Value}' does not exist on this server."
                : "The repository does not exist on this server.";
        }

        // Servers echo parts of the statement in syntax errors ("Input '...' is not valid"); mask any property
        // value that looks secret so the message is as safe as the statement.
        private static string SqlRedactorGuard(string text) => Sql.SqlRedactor.Redact(text);

        private static bool Has(string s, string part) => s.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
