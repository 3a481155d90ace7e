using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>CREATE/DROP DATABASE, USE, CREATE/DROP TABLE and INSERT (rows really stored, versions rising).</summary>
public sealed partial class CatalogCommands
{
    private readonly FeContext _ctx;

    public CatalogCommands(FeContext ctx) => _ctx = ctx;

    private Catalog Catalog => _ctx.Catalog;

    public QueryResult CreateDatabase(CreateDatabaseStmt s)
    {
        lock (Catalog.Gate)
        {
            if (Catalog.FindDb(s.Name) is not null)
            {
                if (s.IfNotExists) return OkResult.Empty;
                throw FeException.Execution(Messages.DbCreateExists(s.Name));
            }

            Catalog.CreateDatabase(s.Name);
            return OkResult.Empty;
        }
    }

    public QueryResult DropDatabase(ClientSession session, DropDatabaseStmt s)
    {
        lock (Catalog.Gate)
        {
            Database? db = Catalog.FindDb(s.Name);
            if (db is null)
            {
                if (s.IfExists) return OkResult.Empty;
                throw FeException.Execution(Messages.DbDropExists(s.Name));
            }

            // StarRocks does not refuse this; a running backup/restore of the database then fails (NOT_FOUND).
            Catalog.Databases.Remove(db);
            if (session.Database == s.Name) session.Database = null;
            return OkResult.Empty;
        }
    }

    public QueryResult Use(ClientSession session, UseStmt s)
    {
        lock (Catalog.Gate)
        {
            if (Catalog.FindDb(s.Database) is null) throw FeException.Analysis(Messages.BadDb(s.Database));
        }

        session.Database = s.Database;
        return OkResult.Empty;
    }

    public Database ResolveDb(ClientSession session, string? db)
    {
        string name = db ?? session.Database ?? throw FeException.Analysis(Messages.NoDatabaseSelected());
        return Catalog.FindDb(name) ?? throw FeException.Analysis(Messages.BadDb(name));
    }

    public OlapTable ResolveTable(ClientSession session, QualifiedName name)
    {
        Database db = ResolveDb(session, name.Db);
        return db.FindTable(name.Name) ?? throw FeException.Analysis(Messages.BadTable(name.Name), name.Pos);
    }

    public QueryResult CreateTable(ClientSession session, CreateTableStmt s)
    {
        lock (Catalog.Gate)
        {
            Database db = ResolveDb(session, s.Table.Db);
            if (db.FindTable(s.Table.Name) is not null)
            {
                if (s.IfNotExists) return OkResult.Empty;
                throw FeException.Execution(Messages.TableExists(s.Table.Name));
            }

            int defaultReplication = _ctx.SharedData ? 1 : Math.Min(3, Math.Max(1, _ctx.Options.AliveBackends));
            OlapTable t = Catalog.BuildTable(s, defaultReplication, _ctx.Clock.NowMs);
            if (!_ctx.SharedData && t.ReplicationNum > _ctx.Options.AliveBackends)
            {
                throw FeException.Execution(Messages.ReplicationNumTooLarge(t.ReplicationNum, _ctx.Options.AliveBackends));
            }

            db.Tables.Add(t);
            return OkResult.Empty;
        }
    }

    public QueryResult DropTable(ClientSession session, DropTableStmt s)
    {
        lock (Catalog.Gate)
        {
            Database db = ResolveDb(session, s.Table.Db);
            OlapTable? t = db.FindTable(s.Table.Name);
            if (t is null)
            {
                if (s.IfExists) return OkResult.Empty;
                throw FeException.Execution(Messages.BadTable(s.Table.Name));
            }

            if (t.State != "NORMAL") throw FeException.Execution(Messages.TableStateNotNormal(t.Name, t.State));
            db.Tables.Remove(t);
            return OkResult.Empty;
        }
    }

    /// <summary>INSERT VALUES: converts each value to the column type, routes rows to range partitions and tablets,
    /// and bumps the visible version of every partition that received rows (one load = one version).</summary>
    public QueryResult Insert(ClientSession session, InsertStmt s)
    {
        lock (Catalog.Gate)
        {
            OlapTable t = ResolveTable(session, s.Table);
            if (t.State != "NORMAL") throw FeException.Execution(Messages.TableStateNotNormal(t.Name, t.State));
            List<int> targets;
            if (s.Columns is null)
            {
                targets = Enumerable.Range(0, t.Columns.Count).ToList();
            }
            else
            {
                targets = s.Columns.Select(c => t.ColumnIndex(c) is var i && i >= 0 ? i : throw FeException.Analysis(Messages.UnknownColumn(c))).ToList();
            }

            var staged = new List<(Partition P, string?[] Row)>();
            foreach (IReadOnlyList<Literal> values in s.Rows)
            {
                if (values.Count != targets.Count) throw FeException.Analysis(Messages.WrongValueCount());
                var row = new string?[t.Columns.Count];
                for (int i = 0; i < t.Columns.Count; i++) row[i] = t.Columns[i].Default == ColumnSpec.CurrentTimestamp ? NowText("now") : t.Columns[i].Default;
                for (int i = 0; i < targets.Count; i++)
                {
                    Column col = t.Columns[targets[i]];
                    Literal v = values[i];
                    if (v.IsNull)
                    {
                        row[targets[i]] = null;
                        continue;
                    }

                    string text = v.Function is { } fn ? NowText(fn) : v.Text!;
                    if (!ValueCodec.TryCanonical(col.Type, text, out string canon)) throw FeException.Analysis(Messages.BadValue(text, col.Type.ToString()), v.Pos);
                    row[targets[i]] = canon;
                }

                for (int i = 0; i < row.Length; i++)
                {
                    if (row[i] is null && !t.Columns[i].Nullable) throw FeException.Analysis(Messages.NotNullColumn(t.Columns[i].Name));
                }

                Partition p = Catalog.Route(t, row) ?? throw FeException.Execution(Messages.InsertFiltered(Catalog.NextId()));
                staged.Add((p, row));
            }

            long now = _ctx.Clock.NowMs;
            bool upsert = t.KeyType is "PRIMARY" or "UNIQUE";
            var keyIdx = t.KeyColumns.Select(t.ColumnIndex).ToList();
            foreach ((Partition p, string?[] row) in staged)
            {
                Tablet tablet = Catalog.TabletFor(t, p, row);
                // PRIMARY/UNIQUE KEY: a row with an existing key replaces it (the key decides the tablet).
                if (upsert) tablet.Rows.RemoveAll(r => keyIdx.All(k => r[k] == row[k]));
                tablet.Rows.Add(row);
            }

            foreach (Partition p in staged.Select(x => x.P).Distinct())
            {
                p.VisibleVersion++;
                p.VisibleVersionTimeMs = now;
            }

            return new OkResult { AffectedRows = staged.Count };
        }
    }
}
