using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// The pipeline part of Start-SrBackup (-InputObject): each piped object is read by property name and its targets are
    /// grouped per database in EndProcessing, so objects of one database, of any kind, go into that database's one BACKUP.
    /// </summary>
    public sealed partial class StartSrBackupCommand
    {
        private static readonly string[] s_targetProperties = { "Table", "Partition", "View", "MaterializedView", "Function" };

        private void AddInput(PSObject input)
        {
            object value = input.BaseObject;
            if (value is string name)
            {
                // A database name; the command line's -Table/-Partition/-View/… apply to it as with -Database.
                if (name.Length > 0)
                {
                    AddTargets(name, Table, Partition, View, MaterializedView, Function);
                }

                return;
            }

            string[]? database = Property(input, "Database");
            string[]? catalog = Property(input, "ExternalCatalog");
            if (database is null && catalog is not null)
            {
                // Get-SrExternalCatalog: a catalog snapshot of its own.
                if (HasDatabaseScopedParameters())
                {
                    ThrowTerminatingError(CatalogWithDatabaseParameters());
                }

                _catalogs.AddRange(catalog);
                return;
            }

            if (database is null || database.Length != 1)
            {
                WriteError(Errors.UnsupportedInputObject(
                    $"Start-SrBackup cannot back up a piped {TypeName(input)} ('{Shown(value)}'): it takes database names, or objects with a Database property " +
                    "(Get-SrDatabase, Get-SrTable, Get-SrPartition, Get-SrView, Get-SrMaterializedView, Get-SrFunction) or an ExternalCatalog property (Get-SrExternalCatalog).",
                    value));
                return;
            }

            // A property the object has wins over the same parameter on the command line (as ValueFromPipelineByPropertyName would);
            // a property it lacks, or that is null (the View of a function object), leaves the command line's value.
            Dictionary<string, string[]?> p = s_targetProperties.ToDictionary(n => n, n => HasProperty(input, n) ? Property(input, n) : null, StringComparer.Ordinal);
            string[]? table = p["Table"] ?? Table;
            string[]? partition = p["Partition"] ?? Partition;
            bool isObject = p["View"] != null || p["MaterializedView"] != null || p["Function"] != null;
            AddTargets(database[0], table, partition,
                p["View"] ?? (isObject ? null : View),
                p["MaterializedView"] ?? (isObject ? null : MaterializedView),
                p["Function"] ?? (isObject ? null : Function));
        }

        private static bool HasProperty(PSObject o, string name) => o.Properties[name] != null;

        /// <summary>A property's value as names: null when absent, null or empty; a string, or the strings of a collection.</summary>
        private static string[]? Property(PSObject o, string name)
        {
            object? v = o.Properties[name]?.Value;
            if (v is PSObject pso)
            {
                v = pso.BaseObject;
            }

            string[] names = v switch
            {
                null => Array.Empty<string>(),
                string s => new[] { s },
                IEnumerable e => e.Cast<object?>().Select(x => x?.ToString() ?? string.Empty).ToArray(),
                _ => new[] { v.ToString() ?? string.Empty },
            };
            names = names.Where(n => n.Length > 0).ToArray();
            return names.Length == 0 ? null : names;
        }

        private static string TypeName(PSObject o) => o.BaseObject is PSCustomObject ? "PSCustomObject" : o.BaseObject.GetType().FullName ?? "object";

        private static string Shown(object value)
        {
            string text = value.ToString() ?? string.Empty;
            return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
        }
    }
}
