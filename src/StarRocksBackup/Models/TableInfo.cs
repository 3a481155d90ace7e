using StarRocksBackup.Core.Model;

namespace StarRocksBackup
{
    /// <summary>A table, as Get-SrTable returns it.</summary>
    public sealed class TableInfo
    {
        private TableInfo(string database, string table, string tableType)
        {
            Database = database;
            Table = table;
            TableType = tableType;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The table name.</summary>
        public string Table { get; }

        /// <summary>BASE TABLE, VIEW, … as the server reported it.</summary>
        public string TableType { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Database}.{Table}";

        internal static TableInfo From(Table table) => new TableInfo(table.Database, table.Name, table.TableType);
    }
}
