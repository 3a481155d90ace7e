using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.Model
{
    /// <summary>A database (SHOW DATABASES).</summary>
    public sealed class Database
    {
        private static readonly string[] s_systemNames = { "information_schema", "_statistics_", "sys" };

        /// <summary>Creates a database entry.</summary>
        public Database(string name)
        {
            Name = name;
            IsSystem = IsSystemName(name);
        }

        /// <summary>
        /// The databases StarRocks creates for itself and lists in SHOW DATABASES: <c>information_schema</c> (InfoSchemaDb),
        /// <c>_statistics_</c> (StatsConstants.STATISTICS_DB_NAME) and <c>sys</c> (SysDb, 3.2+). They cannot be backed up.
        /// </summary>
        public static IReadOnlyList<string> SystemNames => s_systemNames;

        /// <summary>True when <paramref name="name"/> is a system database (case-insensitive, as StarRocks resolves information_schema).</summary>
        public static bool IsSystemName(string? name) =>
            name != null && s_systemNames.Contains(name, StringComparer.OrdinalIgnoreCase);

        /// <summary>The database name.</summary>
        public string Name { get; }

        /// <summary>True for a system database (<see cref="SystemNames"/>): listed by the server, never backed up.</summary>
        public bool IsSystem { get; }

        /// <inheritdoc />
        public override string ToString() => Name;
    }

    /// <summary>A table (SHOW TABLES).</summary>
    public sealed class Table
    {
        /// <summary>Creates a table entry.</summary>
        public Table(string database, string name, string tableType)
        {
            Database = database;
            Name = name;
            TableType = tableType;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The table name.</summary>
        public string Name { get; }

        /// <summary><c>BASE TABLE</c>, <c>VIEW</c>, … as the server reported it (empty when unknown).</summary>
        public string TableType { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Database}.{Name}";
    }

    /// <summary>A partition from <c>information_schema.partitions_meta</c> (starrocks-facts.md §2.7).</summary>
    public sealed class Partition
    {
        /// <summary>The database.</summary>
        public string Database { get; init; } = string.Empty;

        /// <summary>The table.</summary>
        public string Table { get; init; } = string.Empty;

        /// <summary>The partition name.</summary>
        public string Name { get; init; } = string.Empty;

        /// <summary>Physical partition id.</summary>
        public long? PartitionId { get; init; }

        /// <summary>Visible version: increases on every committed load (the change signal).</summary>
        public long? VisibleVersion { get; init; }

        /// <summary>Time of the visible version (FE local time).</summary>
        public DateTime? VisibleVersionTime { get; init; }

        /// <summary>Row count.</summary>
        public long? RowCount { get; init; }

        /// <summary><c>DATA_SIZE</c> as the server rendered it (e.g. <c>1.2KB</c>).</summary>
        public string DataSize { get; init; } = string.Empty;

        /// <summary><see cref="DataSize"/> in bytes when it could be decoded.</summary>
        public long? DataSizeBytes { get; init; }

        /// <summary>Replication number.</summary>
        public int? ReplicationNum { get; init; }

        /// <summary>Bucket count.</summary>
        public int? Buckets { get; init; }

        /// <summary>True for a temporary partition (cannot be backed up).</summary>
        public bool IsTemp { get; init; }

        /// <summary>The partition column(s) (<c>PARTITION_KEY</c>; empty for an unpartitioned table).</summary>
        public string PartitionKey { get; init; } = string.Empty;

        /// <summary>The range as StarRocks prints it (<c>PARTITION_VALUE</c>, e.g. <c>[types: [DATE]; keys: [2026-01-01]; ..types: [DATE]; keys: [2026-02-01]; )</c>).</summary>
        public string PartitionValue { get; init; } = string.Empty;

        /// <summary>
        /// The exclusive upper bound of a DATE/DATETIME range partition (FE local time), or null (no range, another type,
        /// or MAXVALUE). Late-data rules compare it with the clock.
        /// </summary>
        public DateTime? RangeUpperBound => Parsing.RangeText.UpperDate(PartitionValue);

        /// <inheritdoc />
        public override string ToString() => $"{Database}.{Table}.{Name}";
    }

    /// <summary>A backend (SHOW BACKENDS) – used to choose a restore replication_num.</summary>
    public sealed class Backend
    {
        /// <summary>Creates an entry.</summary>
        public Backend(string id, string host, bool alive)
        {
            Id = id;
            Host = host;
            Alive = alive;
        }

        /// <summary>Backend id.</summary>
        public string Id { get; }

        /// <summary>Host/IP.</summary>
        public string Host { get; }

        /// <summary>Alive flag.</summary>
        public bool Alive { get; }
    }

    /// <summary>A repository (SHOW REPOSITORIES, starrocks-facts.md §2.4).</summary>
    public sealed class Repository
    {
        /// <summary>Repository id.</summary>
        public long RepoId { get; init; }

        /// <summary>The name.</summary>
        public string Name { get; init; } = string.Empty;

        /// <summary>Creation time (FE local time).</summary>
        public DateTime? CreateTime { get; init; }

        /// <summary>Read-only repository (backups refused).</summary>
        public bool IsReadOnly { get; init; }

        /// <summary>Location URI.</summary>
        public string Location { get; init; } = string.Empty;

        /// <summary>Broker name; empty for brokerless.</summary>
        public string Broker { get; init; } = string.Empty;

        /// <summary>Error of the last periodic ping, or null when healthy.</summary>
        public string? ErrorMessage { get; init; }

        /// <inheritdoc />
        public override string ToString() => $"{Name} ({Sql.SqlRedactor.RedactUriPasswords(Location)})";
    }
}
