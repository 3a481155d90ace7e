using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>What a restore brings besides tables (3.4+): views, MVs, functions, or external catalogs, with target names.</summary>
public sealed record RestoreExtras(
    IReadOnlyList<(SnapshotMeta.ViewMeta View, string Target)> Views,
    IReadOnlyList<(SnapshotMeta.FunctionMeta Function, string Target)> Functions,
    IReadOnlyList<(SnapshotMeta.CatalogMeta Catalog, string Target)> Catalogs,
    bool IsCatalog)
{
    public static readonly RestoreExtras None = new(Array.Empty<(SnapshotMeta.ViewMeta, string)>(), Array.Empty<(SnapshotMeta.FunctionMeta, string)>(),
        Array.Empty<(SnapshotMeta.CatalogMeta, string)>(), false);
}

/// <summary>Choosing the views, functions and catalogs of a RESTORE (checkAndFilterRestoreObjsExistInSnapshot for the other kinds).</summary>
public sealed partial class BackupHandler
{
    private static RestoreExtras SelectRestoreExtras(BackupJobInfo info, SnapshotMeta? meta, AnalyzedRestore a)
    {
        if (meta is null) return RestoreExtras.None with { IsCatalog = a.IsCatalogRestore };
        if (a.IsCatalogRestore)
        {
            var catalogs = new List<(SnapshotMeta.CatalogMeta, string)>();
            IEnumerable<CatalogRef> wanted = a.Catalogs ?? meta.Catalogs.Select(c => new CatalogRef(c.Name, null));
            foreach (CatalogRef r in wanted)
            {
                SnapshotMeta.CatalogMeta c = meta.Catalogs.FirstOrDefault(x => x.Name == r.Name) ?? throw FeException.Execution(Messages.CatalogNotInSnapshot(r.Name));
                catalogs.Add((c, r.Alias ?? r.Name));
            }

            return RestoreExtras.None with { Catalogs = catalogs, IsCatalog = true };
        }

        var views = new List<(SnapshotMeta.ViewMeta, string)>();
        var functions = new List<(SnapshotMeta.FunctionMeta, string)>();
        if (!a.HasOn)
        {
            views.AddRange(meta.Views.Select(v => (v, v.Name)));
            functions.AddRange(meta.Functions.Select(f => (f, f.Name)));
            return new RestoreExtras(views, functions, Array.Empty<(SnapshotMeta.CatalogMeta, string)>(), false);
        }

        foreach ((string name, string? alias, bool materialized) in a.Views)
        {
            SnapshotMeta.ViewMeta v = meta.Views.FirstOrDefault(x => x.Name == name && x.IsMaterialized == materialized)
                ?? throw FeException.Execution(Messages.TableNotInSnapshot(name, info.Name));
            views.Add((v, alias ?? name));
        }

        if (a.AllViews) views.AddRange(meta.Views.Where(v => !v.IsMaterialized && views.All(x => x.Item1 != v)).Select(v => (v, v.Name)));
        if (a.AllMaterializedViews) views.AddRange(meta.Views.Where(v => v.IsMaterialized && views.All(x => x.Item1 != v)).Select(v => (v, v.Name)));
        foreach ((string name, string? alias) in a.Functions)
        {
            List<SnapshotMeta.FunctionMeta> named = meta.Functions.Where(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (named.Count == 0) throw FeException.Execution(Messages.FunctionNotInSnapshot(name));
            functions.AddRange(named.Select(f => (f, alias ?? f.Name)));
        }

        if (a.AllFunctions) functions.AddRange(meta.Functions.Where(f => functions.All(x => x.Item1 != f)).Select(f => (f, f.Name)));
        return new RestoreExtras(views, functions, Array.Empty<(SnapshotMeta.CatalogMeta, string)>(), false);
    }
}
