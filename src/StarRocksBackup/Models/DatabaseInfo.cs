using StarRocksBackup.Core.Model;

namespace StarRocksBackup
{
    /// <summary>A database, as Get-SrDatabase writes it.</summary>
    public sealed class DatabaseInfo
    {
        private DatabaseInfo(string database, bool isSystem)
        {
            Database = database;
            IsSystem = isSystem;
        }

        /// <summary>The database name (binds to -Database down the pipeline).</summary>
        public string Database { get; }

        /// <summary>True for a StarRocks system database (information_schema, _statistics_, sys); these cannot be backed up.</summary>
        public bool IsSystem { get; }

        /// <inheritdoc />
        public override string ToString() => Database;

        internal static DatabaseInfo From(Database database) => new DatabaseInfo(database.Name, database.IsSystem);
    }
}
