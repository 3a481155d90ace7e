using StarRocksBackup.Core.Model;

namespace StarRocksBackup
{
    /// <summary>A database, as Get-SrDatabase returns it.</summary>
    public sealed class DatabaseInfo
    {
        private DatabaseInfo(string database) => Database = database;

        /// <summary>The database name (binds to -Database down the pipeline).</summary>
        public string Database { get; }

        /// <inheritdoc />
        public override string ToString() => Database;

        internal static DatabaseInfo From(Database database) => new DatabaseInfo(database.Name);
    }
}
