using StarRocksBackup.Core.Model;

namespace StarRocksBackup
{
    /// <summary>
    /// A view, asynchronous materialized view or function, as Get-SrView / Get-SrMaterializedView / Get-SrFunction return it.
    /// The property named after the kind (View, MaterializedView or Function) holds the name, so the object binds to the
    /// parameter of the same name of Start-SrBackup; the other two are null.
    /// </summary>
    public sealed class DatabaseObjectInfo
    {
        private DatabaseObjectInfo(DatabaseObject o)
        {
            Database = o.Database;
            Name = o.Name;
            Kind = o.Kind.ToString();
            Signature = o.Signature;
            Definition = o.Definition;
            IsActive = o.IsActive;
            View = o.Kind == DatabaseObjectKind.View ? o.Name : null;
            MaterializedView = o.Kind == DatabaseObjectKind.MaterializedView ? o.Name : null;
            Function = o.Kind == DatabaseObjectKind.Function ? o.Name : null;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The object's name.</summary>
        public string Name { get; }

        /// <summary>View, MaterializedView or Function.</summary>
        public string Kind { get; }

        /// <summary>The name when the object is a view, else null.</summary>
        public string? View { get; }

        /// <summary>The name when the object is an asynchronous materialized view, else null.</summary>
        public string? MaterializedView { get; }

        /// <summary>The name when the object is a function, else null.</summary>
        public string? Function { get; }

        /// <summary>Functions: name(argument types).</summary>
        public string? Signature { get; }

        /// <summary>Materialized views: the definition the server reported.</summary>
        public string? Definition { get; }

        /// <summary>Materialized views: whether the MV is active.</summary>
        public bool? IsActive { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Database}.{Signature ?? Name}";

        internal static DatabaseObjectInfo From(DatabaseObject o) => new DatabaseObjectInfo(o);
    }

    /// <summary>An external catalog, as Get-SrExternalCatalog returns it (its name goes to Start-SrBackup -ExternalCatalog).</summary>
    public sealed class ExternalCatalogInfo
    {
        private ExternalCatalogInfo(ExternalCatalog c)
        {
            ExternalCatalog = c.Name;
            Type = c.Type;
            Comment = c.Comment;
        }

        /// <summary>The catalog's name.</summary>
        public string ExternalCatalog { get; }

        /// <summary>hive, jdbc, iceberg, … as the server reports it.</summary>
        public string Type { get; }

        /// <summary>The catalog's comment.</summary>
        public string Comment { get; }

        /// <inheritdoc />
        public override string ToString() => ExternalCatalog;

        internal static ExternalCatalogInfo From(ExternalCatalog c) => new ExternalCatalogInfo(c);
    }
}
