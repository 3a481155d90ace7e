using System;

namespace StarRocksBackup.Core.Model
{
    /// <summary>The kinds of object a StarRocks snapshot can hold besides whole databases (3.4+ for all but tables).</summary>
    public enum DatabaseObjectKind
    {
        /// <summary>An OLAP table (every version).</summary>
        Table,

        /// <summary>A logical view (3.4+).</summary>
        View,

        /// <summary>An asynchronous materialized view (3.4+).</summary>
        MaterializedView,

        /// <summary>A user-defined function of a database (3.4+).</summary>
        Function,
    }

    /// <summary>A view, asynchronous materialized view or function of a database.</summary>
    public sealed class DatabaseObject
    {
        /// <summary>Creates an entry.</summary>
        public DatabaseObject(string database, string name, DatabaseObjectKind kind, string? definition = null, bool? isActive = null, string? signature = null)
        {
            Database = database;
            Name = name;
            Kind = kind;
            Definition = definition;
            IsActive = isActive;
            Signature = signature;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The object's name (a function's name without its argument types).</summary>
        public string Name { get; }

        /// <summary>What it is.</summary>
        public DatabaseObjectKind Kind { get; }

        /// <summary>The query of a view / MV, when the server reported it.</summary>
        public string? Definition { get; }

        /// <summary>MVs: whether the MV is active (null for other kinds).</summary>
        public bool? IsActive { get; }

        /// <summary>Functions: <c>name(type, …)</c>.</summary>
        public string? Signature { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Database}.{Signature ?? Name} ({Kind})";
    }

    /// <summary>An external catalog (SHOW CATALOGS), the default catalog excluded.</summary>
    public sealed class ExternalCatalog
    {
        /// <summary>Creates an entry.</summary>
        public ExternalCatalog(string name, string type, string comment)
        {
            Name = name;
            Type = type;
            Comment = comment;
        }

        /// <summary>The catalog's name.</summary>
        public string Name { get; }

        /// <summary>Its type (hive, jdbc, iceberg, …) as the server reports it.</summary>
        public string Type { get; }

        /// <summary>The comment, or empty.</summary>
        public string Comment { get; }

        /// <summary>True for StarRocks' own catalog (<c>default_catalog</c>), which is not an external catalog.</summary>
        public static bool IsDefaultName(string name) => string.Equals(name, "default_catalog", StringComparison.OrdinalIgnoreCase);

        /// <inheritdoc />
        public override string ToString() => $"{Name} ({Type})";
    }
}
