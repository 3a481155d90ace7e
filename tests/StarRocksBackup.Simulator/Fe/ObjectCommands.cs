using System.Globalization;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// Views, asynchronous materialized views, user-defined functions and external catalogs: CREATE / DROP / SHOW.
/// A view's or MV's rows are its query evaluated when read (the simulator keeps no MV data of its own).
/// </summary>
public sealed class ObjectCommands
{
    private readonly FeContext _ctx;
    private readonly CatalogCommands _catalog;
    private readonly QueryCommands _queries;

    public ObjectCommands(FeContext ctx, CatalogCommands catalog, QueryCommands queries)
    {
        _ctx = ctx;
        _catalog = catalog;
        _queries = queries;
    }

    private Catalog Catalog => _ctx.Catalog;

    public QueryResult CreateView(ClientSession session, CreateViewStmt s)
    {
        lock (Catalog.Gate)
        {
            Database db = _catalog.ResolveDb(session, s.Name.Db);
            ViewDef? existing = db.FindView(s.Name.Name);
            if (db.FindTable(s.Name.Name) is not null || existing is { IsMaterialized: true } || (existing is not null && !s.OrReplace))
            {
                if (s.IfNotExists) return OkResult.Empty;
                throw FeException.Execution(Messages.TableExists(s.Name.Name));
            }

            List<string> bases = _queries.CheckQuery(session, db, s.Query);
            if (existing is not null) db.Views.Remove(existing);
            db.Views.Add(new ViewDef { Id = Catalog.NextId(), Name = s.Name.Name, Definition = s.Definition, IsMaterialized = false, BaseTables = bases });
            return OkResult.Empty;
        }
    }

    public QueryResult DropView(ClientSession session, DropViewStmt s) => DropViewLike(session, s.Name, s.IfExists, materialized: false);

    public QueryResult DropMaterializedView(ClientSession session, DropMaterializedViewStmt s) => DropViewLike(session, s.Name, s.IfExists, materialized: true);

    private QueryResult DropViewLike(ClientSession session, QualifiedName name, bool ifExists, bool materialized)
    {
        lock (Catalog.Gate)
        {
            Database db = _catalog.ResolveDb(session, name.Db);
            ViewDef? v = db.FindView(name.Name);
            if (v is null || v.IsMaterialized != materialized)
            {
                if (ifExists) return OkResult.Empty;
                throw FeException.Analysis(materialized ? Messages.MvNotExist(name.Name) : Messages.BadTable(name.Name), name.Pos);
            }

            db.Views.Remove(v);
            return OkResult.Empty;
        }
    }

    public QueryResult CreateMaterializedView(ClientSession session, CreateMaterializedViewStmt s)
    {
        // Without REFRESH / DISTRIBUTED BY StarRocks builds a synchronous MV (a rollup): not modelled.
        if (s.Refresh is null && s.Distribution.Count == 0) throw FeException.Analysis(Messages.SimulatorUnsupported("synchronous materialized views (add REFRESH ASYNC or DISTRIBUTED BY)"));
        lock (Catalog.Gate)
        {
            Database db = _catalog.ResolveDb(session, s.Name.Db);
            if (db.NameTaken(s.Name.Name))
            {
                if (s.IfNotExists) return OkResult.Empty;
                throw FeException.Execution(Messages.TableExists(s.Name.Name));
            }

            List<string> bases = _queries.CheckQuery(session, db, s.Query);
            db.Views.Add(new ViewDef
            {
                Id = Catalog.NextId(), Name = s.Name.Name, Definition = s.Definition, IsMaterialized = true, BaseTables = bases,
                Refresh = s.Refresh ?? "ASYNC", Properties = s.Properties.Items.ToDictionary(kv => kv.Key, kv => kv.Value),
            });
            return OkResult.Empty;
        }
    }

    public QueryResult ShowMaterializedViews(ClientSession session, ShowMaterializedViewsStmt s)
    {
        lock (Catalog.Gate)
        {
            Database db = _catalog.ResolveDb(session, s.Database);
            var inv = CultureInfo.InvariantCulture;
            var rows = new List<object?[]>();
            string[] cols = ShowColumns.MaterializedViews(_ctx.Version);
            foreach (ViewDef v in db.Views.Where(v => v.IsMaterialized).OrderBy(v => v.Name, StringComparer.Ordinal))
            {
                if (s.Like is not null && !SqlFilter.Like(v.Name, s.Like, ignoreCase: true)) continue;
                if (!SqlFilter.Matches(s.Where, c => c.Equals("name", StringComparison.OrdinalIgnoreCase) ? (v.Name, new SqlType("VARCHAR")) : null)) continue;
                long count = _queries.RowCount(session, db, v);
                string refreshType = v.Refresh!.Contains("MANUAL", StringComparison.Ordinal) ? "MANUAL" : "ASYNC";
                var val = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["id"] = v.Id.ToString(inv), ["database_name"] = db.Name, ["name"] = v.Name, ["refresh_type"] = refreshType,
                    ["is_active"] = v.IsActive ? "true" : "false", ["inactive_reason"] = v.IsActive ? string.Empty : v.InactiveReason,
                    ["partition_type"] = "UNPARTITIONED", ["task_id"] = string.Empty, ["task_name"] = string.Empty, ["rows"] = count.ToString(inv),
                    ["text"] = ShowCreateMv(db, v), ["extra_message"] = string.Empty, ["query_rewrite_status"] = "VALID", ["creator"] = "'root'@'%'",
                };
                rows.Add(cols.Select(c => val.TryGetValue(c, out object? x) ? x : null).ToArray());
            }

            return ResultSetResult.Strings(cols, rows);
        }
    }

    private static string ShowCreateMv(Database db, ViewDef v) =>
        $"CREATE MATERIALIZED VIEW `{v.Name}`\nREFRESH {v.Refresh}\nAS {v.Definition}";

    public QueryResult CreateFunction(ClientSession session, CreateFunctionStmt s)
    {
        if (s.Global) throw FeException.Analysis(Messages.SimulatorUnsupported("GLOBAL functions (only database functions are backed up)"));
        lock (Catalog.Gate)
        {
            Database db = _catalog.ResolveDb(session, s.Name.Db);
            var fn = new FunctionDef
            {
                Id = Catalog.NextId(), Name = s.Name.Name, ArgTypes = s.ArgTypes.ToList(), ReturnType = s.ReturnType, Kind = s.Kind,
                Properties = s.Properties.Items.ToDictionary(kv => kv.Key, kv => kv.Value),
            };
            if (db.Functions.Any(f => f.Signature.Equals(fn.Signature, StringComparison.OrdinalIgnoreCase)))
            {
                if (s.IfNotExists) return OkResult.Empty;
                throw FeException.Execution(Messages.FunctionExists(fn.Signature));
            }

            db.Functions.Add(fn);
            return OkResult.Empty;
        }
    }

    public QueryResult DropFunction(ClientSession session, DropFunctionStmt s)
    {
        lock (Catalog.Gate)
        {
            Database db = _catalog.ResolveDb(session, s.Name.Db);
            string sig = $"{s.Name.Name}({string.Join(", ", s.ArgTypes)})";
            FunctionDef? f = db.Functions.FirstOrDefault(x => x.Signature.Equals(sig, StringComparison.OrdinalIgnoreCase));
            if (f is null)
            {
                if (s.IfExists) return OkResult.Empty;
                throw FeException.Execution(Messages.FunctionNotFound(sig));
            }

            db.Functions.Remove(f);
            return OkResult.Empty;
        }
    }

    /// <summary>SHOW [FULL] FUNCTIONS: "Function Name" only, or Signature / Return Type / Function Type / Intermediate Type / Properties.</summary>
    public QueryResult ShowFunctions(ClientSession session, ShowFunctionsStmt s)
    {
        lock (Catalog.Gate)
        {
            IEnumerable<FunctionDef> fns = s.Builtin || s.Global ? Array.Empty<FunctionDef>() : _catalog.ResolveDb(session, s.Database).Functions;
            fns = fns.Where(f => s.Like is null || SqlFilter.Like(f.Name, s.Like, ignoreCase: true)).OrderBy(f => f.Signature, StringComparer.Ordinal).ToList();
            if (!s.Full) return ResultSetResult.Strings(new[] { "Function Name" }, fns.Select(f => new object?[] { f.Name }));
            return ResultSetResult.Strings(new[] { "Signature", "Return Type", "Function Type", "Intermediate Type", "Properties" },
                fns.Select(f => new object?[] { f.Signature, f.ReturnType, f.Kind, f.Kind == "AGGREGATE" ? f.ReturnType : string.Empty, PropertiesJson(f.Properties) }));
        }
    }

    public static string PropertiesJson(Dictionary<string, string> props) =>
        System.Text.Json.JsonSerializer.Serialize(props.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value));

    public QueryResult CreateCatalog(CreateCatalogStmt s)
    {
        lock (Catalog.Gate)
        {
            if (s.Name.Equals("default_catalog", StringComparison.OrdinalIgnoreCase) || Catalog.ExternalCatalogs.Any(c => c.Name == s.Name))
            {
                if (s.IfNotExists) return OkResult.Empty;
                throw FeException.Execution(Messages.CatalogExists(s.Name));
            }

            string type = s.Properties.Get("type") ?? throw FeException.Analysis(Messages.CatalogTypeMissing());
            Catalog.ExternalCatalogs.Add(new ExternalCatalogDef
            {
                Id = Catalog.NextId(), Name = s.Name, Type = type, Comment = s.Comment ?? string.Empty,
                Properties = s.Properties.Items.ToDictionary(kv => kv.Key, kv => kv.Value),
            });
            return OkResult.Empty;
        }
    }

    public QueryResult DropCatalog(DropCatalogStmt s)
    {
        lock (Catalog.Gate)
        {
            ExternalCatalogDef? c = Catalog.ExternalCatalogs.FirstOrDefault(x => x.Name == s.Name);
            if (c is null)
            {
                if (s.IfExists) return OkResult.Empty;
                throw FeException.Execution(Messages.UnknownCatalogName(s.Name));
            }

            Catalog.ExternalCatalogs.Remove(c);
            return OkResult.Empty;
        }
    }

    /// <summary>SHOW CATALOGS: Catalog, Type, Comment; default_catalog first.</summary>
    public QueryResult ShowCatalogs(ShowCatalogsStmt s)
    {
        lock (Catalog.Gate)
        {
            var rows = new List<object?[]> { new object?[] { "default_catalog", "Internal", "An internal catalog contains this cluster's self-managed tables." } };
            rows.AddRange(Catalog.ExternalCatalogs.Select(c => new object?[] { c.Name, c.Type, c.Comment }));
            return ResultSetResult.Strings(new[] { "Catalog", "Type", "Comment" }, rows.Where(r => s.Like is null || SqlFilter.Like((string)r[0]!, s.Like, ignoreCase: true)));
        }
    }

    /// <summary>SHOW CREATE VIEW / MATERIALIZED VIEW / CATALOG (TABLE of a view answers like SHOW CREATE VIEW).</summary>
    public QueryResult ShowCreate(ClientSession session, ShowCreateStmt s)
    {
        lock (Catalog.Gate)
        {
            if (s.Kind == "CATALOG")
            {
                ExternalCatalogDef c = Catalog.ExternalCatalogs.FirstOrDefault(x => x.Name == s.Name.Name) ?? throw FeException.Execution(Messages.UnknownCatalogName(s.Name.Name));
                string props = string.Join(",\n", c.Properties.Select(kv => $"\"{kv.Key}\" = \"{(SecretKey(kv.Key) ? "***" : kv.Value)}\""));
                return ResultSetResult.Strings(new[] { "Catalog", "Create Catalog" }, new[] { new object?[] { c.Name, $"CREATE EXTERNAL CATALOG `{c.Name}`\nPROPERTIES ({props})" } });
            }

            Database db = _catalog.ResolveDb(session, s.Name.Db);
            ViewDef v = db.FindView(s.Name.Name) ?? throw FeException.Analysis(Messages.BadTable(s.Name.Name), s.Name.Pos);
            if (v.IsMaterialized) return ResultSetResult.Strings(new[] { "Materialized View", "Create Materialized View" }, new[] { new object?[] { v.Name, ShowCreateMv(db, v) } });
            return ResultSetResult.Strings(new[] { "View", "Create View", "character_set_client", "collation_connection" },
                new[] { new object?[] { v.Name, $"CREATE VIEW `{v.Name}` AS {v.Definition}", "utf8", "utf8_general_ci" } });
        }
    }

    private static bool SecretKey(string key) => key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Contains("secret", StringComparison.OrdinalIgnoreCase);
}
