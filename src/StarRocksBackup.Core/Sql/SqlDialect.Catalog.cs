using System.Collections.Generic;

namespace StarRocksBackup.Core.Sql
{
    /// <summary>The statements that read the catalog: databases, tables, partitions, backends.</summary>
    public sealed partial class SqlDialect
    {
        /// <summary><c>SHOW DATABASES</c>.</summary>
        public string ShowDatabases() => "SHOW DATABASES";

        /// <summary><c>SHOW FULL TABLES FROM `db`</c>: names and <c>Table_type</c> (BASE TABLE, VIEW, ...).</summary>
        public string ShowTables(string database) => "SHOW FULL TABLES FROM " + Db(database);

        /// <summary>
        /// The partitions_meta columns the module reads (<see cref="Parsing.ShowParsers.ParsePartitions"/>); every one is in every
        /// release that has the table (docs/starrocks-columns.md: 3.3.0 onward; 2.5 has none). Naming them keeps a 100,000-partition result to half the
        /// cells of <c>SELECT *</c>, which grew with every release.
        /// </summary>
        public static readonly IReadOnlyList<string> PartitionsMetaColumns = new[]
        {
            "DB_NAME", "TABLE_NAME", "PARTITION_NAME", "PARTITION_ID", "VISIBLE_VERSION", "VISIBLE_VERSION_TIME", "PARTITION_KEY",
            "PARTITION_VALUE", "BUCKETS", "REPLICATION_NUM", "IS_TEMP", "DATA_SIZE", "ROW_COUNT",
        };

        /// <summary>
        /// Partitions from <c>information_schema.partitions_meta</c>, filtered by literals: the module's columns
        /// (<see cref="PartitionsMetaColumns"/>), or every column with <paramref name="allColumns"/> (the fallback when a
        /// server lacks one of them).
        /// </summary>
        public string SelectPartitions(string database, string? table, bool allColumns = false)
        {
            Db(database);
            string sql = FromPartitionsMeta(allColumns) + " WHERE DB_NAME = " + SqlQuote.Literal(database);
            if (table != null)
            {
                sql += " AND TABLE_NAME = " + SqlQuote.Literal(NameRules.CheckTableName(table));
            }

            return sql;
        }

        /// <summary>
        /// Partitions of several databases in one statement (<c>WHERE DB_NAME IN (...)</c>), the module's columns or every
        /// column with <paramref name="allColumns"/>: a policy run reads every database it backs up at once.
        /// </summary>
        public string SelectPartitions(IReadOnlyList<string> databases, bool allColumns = false)
        {
            if (databases is null || databases.Count == 0)
            {
                throw new System.ArgumentException("At least one database is needed.", nameof(databases));
            }

            var names = new List<string>(databases.Count);
            foreach (string database in databases)
            {
                Db(database);
                names.Add(SqlQuote.Literal(database));
            }

            return FromPartitionsMeta(allColumns) + " WHERE DB_NAME IN (" + string.Join(", ", names) + ")";
        }

        private static string FromPartitionsMeta(bool allColumns) =>
            "SELECT " + (allColumns ? "*" : string.Join(", ", PartitionsMetaColumns)) + " FROM information_schema.partitions_meta";

        /// <summary><c>SHOW PARTITIONS FROM `db`.`table`</c> (when partitions_meta is not available).</summary>
        public string ShowPartitions(string database, string table) =>
            "SHOW PARTITIONS FROM " + Db(database) + "." + SqlQuote.Identifier(NameRules.CheckTableName(table));

        /// <summary><c>SHOW BACKENDS</c>.</summary>
        public string ShowBackends() => "SHOW BACKENDS";
    }
}
