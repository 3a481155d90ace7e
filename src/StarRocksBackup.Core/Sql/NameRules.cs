using System;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Core.Sql
{
    /// <summary>
    /// StarRocks' name rules (<c>FeNameFormat</c>), applied before any SQL is sent so a bad name gets a clear
    /// <see cref="ErrorKind.InvalidArgument"/> instead of a server error after a round trip.
    /// </summary>
    public static class NameRules
    {
        /// <summary>Repository (and other "common") names: <c>^[a-zA-Z]\w{0,63}$|^_[a-zA-Z0-9]\w{0,62}$</c>.</summary>
        public const string RepositoryPattern = @"^[a-zA-Z][a-zA-Z0-9_]{0,63}$|^_[a-zA-Z0-9][a-zA-Z0-9_]{0,62}$";

        /// <summary>Labels (snapshot names): <c>FeNameFormat.LABEL_REGEX</c> = <c>^[-\w]{1,128}$</c> (ASCII word characters and '-').</summary>
        public const string LabelPattern = @"^[-a-zA-Z0-9_]{1,128}$";

        /// <summary>Longest database name StarRocks accepts (<c>DB_NAME_REGEX</c> allows 256 characters).</summary>
        public const int MaxDatabaseNameLength = 256;

        /// <summary>Longest table name (<c>TABLE_NAME_REGEX</c> <c>^[^\0]{1,1024}$</c>).</summary>
        public const int MaxTableNameLength = 1024;

        private static readonly Regex s_repo = new Regex(RepositoryPattern, RegexOptions.CultureInvariant);
        private static readonly Regex s_label = new Regex(LabelPattern, RegexOptions.CultureInvariant);

        /// <summary>True when <paramref name="name"/> is a valid repository name.</summary>
        public static bool IsValidRepositoryName(string? name) => name != null && s_repo.IsMatch(name);

        /// <summary>True when <paramref name="label"/> is a valid snapshot label.</summary>
        public static bool IsValidLabel(string? label) => label != null && s_label.IsMatch(label);

        /// <summary>Throws unless the repository name is valid.</summary>
        public static string CheckRepositoryName(string? name)
        {
            if (!IsValidRepositoryName(name))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"Invalid repository name {Show(name)}: it must start with a letter (or '_' followed by a letter or digit), " +
                    "contain only ASCII letters, digits and '_', and be at most 64 characters.");
            }

            return name!;
        }

        /// <summary>Throws unless the label is valid.</summary>
        public static string CheckLabel(string? label)
        {
            if (!IsValidLabel(label))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"Invalid snapshot label {Show(label)}: it must be 1-128 characters of ASCII letters, digits, '_' and '-'.");
            }

            return label!;
        }

        /// <summary>Throws unless the database name is usable (non-empty, no NUL, not too long, no surrounding blanks).</summary>
        public static string CheckDatabaseName(string? name) => CheckObjectName("database", name, MaxDatabaseNameLength);

        /// <summary>Throws unless the table name is usable.</summary>
        public static string CheckTableName(string? name) => CheckObjectName("table", name, MaxTableNameLength);

        /// <summary>Throws unless the partition name is usable.</summary>
        public static string CheckPartitionName(string? name) => CheckObjectName("partition", name, MaxTableNameLength);

        private static string CheckObjectName(string what, string? name, int max)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The {what} name must not be empty.");
            }

            if (name!.IndexOf('\0') >= 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The {what} name {Show(name)} contains a NUL character.");
            }

            if (SqlQuote.HasLoneSurrogate(name))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"The {what} name contains an unpaired UTF-16 surrogate and cannot be sent as UTF-8.");
            }

            if (name.Length > max)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"The {what} name {Show(name)} is {name.Length} characters long; StarRocks allows at most {max}.");
            }

            if (name.Trim().Length != name.Length)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument,
                    $"The {what} name {Show(name)} starts or ends with white space; that is almost certainly a mistake.");
            }

            return name;
        }

        // A printable, bounded rendering of a rejected name for the error message.
        internal static string Show(string? name)
        {
            if (name == null)
            {
                return "(null)";
            }

            string s = name.Length > 80 ? name.Substring(0, 80) + "…" : name;
            s = s.Replace("\0", "\\0").Replace("\r", "\\r").Replace("\n", "\\n");
            return "'" + s + "'";
        }
    }
}
