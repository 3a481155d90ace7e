namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// Restoring views, MVs, functions and external catalogs. Conflicts (the simulator's choice where StarRocks' source was not
/// found): an existing object with the same definition is kept as it is; a different one fails the job in PENDING with
/// StarRocks' "already exist but with different schema" / "function already exists" / "catalog exists" texts. An MV whose
/// base table is not in the target database after the restore comes back inactive ("base-table dropped: t").
/// </summary>
public sealed partial class RestoreJob
{
    private readonly List<(SnapshotMeta.ViewMeta View, string Target)> _viewsToAdd = new();
    private readonly List<(SnapshotMeta.FunctionMeta Function, string Target)> _functionsToAdd = new();
    private readonly List<(SnapshotMeta.CatalogMeta Catalog, string Target)> _catalogsToAdd = new();

    /// <summary>Views, functions or catalogs this job restores besides tables.</summary>
    public RestoreExtras Extras { get; init; } = RestoreExtras.None;

    /// <summary>PENDING (caller holds the gate): conflicts of the non-table objects.</summary>
    private void CheckObjects(Database? db)
    {
        foreach ((SnapshotMeta.CatalogMeta c, string target) in Extras.Catalogs)
        {
            ExternalCatalogDef? existing = Ctx.Catalog.ExternalCatalogs.FirstOrDefault(x => x.Name == target);
            if (existing is null) _catalogsToAdd.Add((c, target));
            else if (existing.Type != c.Type || !SameProperties(existing.Properties, c.Properties)) throw new JobFailedException(JobStatus.Common(Messages.CatalogExists(target).Text));
        }

        if (db is null) return;
        foreach ((SnapshotMeta.ViewMeta v, string target) in Extras.Views)
        {
            if (_objects.Any(o => o.TargetName == target) || db.FindTable(target) is not null)
            {
                throw new JobFailedException(JobStatus.Common(Messages.DifferentSchema(target, "a table with this name exists")));
            }

            ViewDef? existing = db.FindView(target);
            if (existing is null) _viewsToAdd.Add((v, target));
            else if (existing.IsMaterialized != v.IsMaterialized || existing.Definition != v.Definition)
            {
                throw new JobFailedException(JobStatus.Common(Messages.DifferentSchema(target, "the existing view has another definition")));
            }
        }

        foreach ((SnapshotMeta.FunctionMeta f, string target) in Extras.Functions)
        {
            string sig = $"{target}({string.Join(", ", f.ArgTypes)})";
            FunctionDef? existing = db.Functions.FirstOrDefault(x => x.Signature.Equals(sig, StringComparison.OrdinalIgnoreCase));
            if (existing is null) _functionsToAdd.Add((f, target));
            else if (existing.ReturnType != f.ReturnType || !SameProperties(existing.Properties, f.Properties)) throw new JobFailedException(JobStatus.Common(Messages.FunctionExists(sig).Text));
        }
    }

    private static bool SameProperties(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out string? v) && v == kv.Value);

    /// <summary>COMMITTING (caller holds the gate): the objects appear; MVs without their base tables come back inactive.</summary>
    private void CommitObjects(Database? db)
    {
        foreach ((SnapshotMeta.CatalogMeta c, string target) in _catalogsToAdd)
        {
            Ctx.Catalog.ExternalCatalogs.Add(new ExternalCatalogDef
            {
                Id = Ctx.Catalog.NextId(), Name = target, Type = c.Type, Comment = c.Comment, Properties = new Dictionary<string, string>(c.Properties),
            });
        }

        if (db is null) return;
        foreach ((SnapshotMeta.FunctionMeta f, string target) in _functionsToAdd)
        {
            db.Functions.Add(new FunctionDef
            {
                Id = Ctx.Catalog.NextId(), Name = target, ArgTypes = f.ArgTypes.ToList(), ReturnType = f.ReturnType, Kind = f.Kind,
                Properties = new Dictionary<string, string>(f.Properties),
            });
        }

        // Views first, MVs after, so an MV over a restored view finds it.
        foreach ((SnapshotMeta.ViewMeta v, string target) in _viewsToAdd.OrderBy(x => x.View.IsMaterialized))
        {
            // Base tables of the snapshot's database now live in the target database.
            List<string> bases = v.BaseTables.Select(b => b.StartsWith(_info.Database + ".", StringComparison.Ordinal) ? db.Name + b[_info.Database.Length..] : b).ToList();
            string? missing = bases.FirstOrDefault(b =>
            {
                string[] parts = b.Split('.', 2);
                Database? bdb = Ctx.Catalog.FindDb(parts[0]);
                return bdb is null || (bdb.FindTable(parts[1]) is null && bdb.FindView(parts[1]) is null);
            });
            db.Views.Add(new ViewDef
            {
                Id = Ctx.Catalog.NextId(), Name = target, Definition = v.Definition, IsMaterialized = v.IsMaterialized, BaseTables = bases,
                Refresh = v.Refresh, Properties = new Dictionary<string, string>(v.Properties),
                IsActive = !v.IsMaterialized || missing is null,
                InactiveReason = v.IsMaterialized && missing is not null ? $"base-table dropped: {missing.Split('.', 2)[1]}" : string.Empty,
            });
        }
    }
}
