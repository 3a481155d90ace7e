using System.Globalization;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>UPDATE and DELETE with StarRocks' table-type rules (UpdateAnalyzer, DeleteAnalyzer); one statement = one new version.</summary>
public sealed partial class CatalogCommands
{
    /// <summary>now() / curdate() in the FE time zone, as the canonical text of DATETIME / DATE.</summary>
    public string NowText(string function)
    {
        DateTimeOffset now = _ctx.ToFeZone(_ctx.Clock.NowMs);
        return now.ToString(function == "curdate" ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// UPDATE: only primary-key tables support it ("table t does not support update"); key columns cannot be set;
    /// without WHERE only a partial-column update (≤ 3 columns and &lt; 30 % of them, partial_update_mode=auto) may run.
    /// </summary>
    public QueryResult Update(ClientSession session, UpdateStmt s)
    {
        lock (Catalog.Gate)
        {
            Database db = ResolveDb(session, s.Table.Db);
            if (db.FindView(s.Table.Name) is { IsMaterialized: true }) throw FeException.Analysis(Messages.MvNotModifiable(s.Table.Name));
            OlapTable t = db.FindTable(s.Table.Name) ?? throw FeException.Analysis(Messages.BadTable(s.Table.Name), s.Table.Pos);
            if (t.KeyType != "PRIMARY") throw FeException.Analysis(Messages.UpdateUnsupported(t.Name));
            var sets = new List<(int Index, string? Value)>();
            foreach (Assignment a in s.Assignments)
            {
                int i = t.ColumnIndex(a.Column);
                if (i < 0) throw FeException.Analysis(Messages.UpdateUnknownColumn(t.Name, a.Column), a.Pos);
                Column col = t.Columns[i];
                if (col.IsKey) throw FeException.Analysis(Messages.UpdateKeyColumn(col.Name), a.Pos);
                sets.Add((i, Canonical(col, a.Value)));
            }

            bool partial = s.Assignments.Count <= 3 && s.Assignments.Count < t.Columns.Count * 0.3;
            if (s.Where is null && !partial) throw FeException.Analysis(Messages.UpdateWithoutWhere());
            if (t.State != "NORMAL") throw FeException.Execution(Messages.TableStateNotNormal(t.Name, t.State));
            int changed = 0;
            var touched = new HashSet<Partition>();
            foreach (Partition p in t.Partitions)
            {
                foreach (string?[] row in p.Tablets.SelectMany(x => x.Rows).Where(r => Matches(t, s.Where, r)))
                {
                    foreach ((int index, string? value) in sets) row[index] = value;
                    touched.Add(p);
                    changed++;
                }
            }

            Publish(touched);
            return new OkResult { AffectedRows = changed };
        }
    }

    /// <summary>DELETE: primary-key tables take any WHERE (or none); other key types need a WHERE ("Where clause is not set").</summary>
    public QueryResult Delete(ClientSession session, DeleteStmt s)
    {
        lock (Catalog.Gate)
        {
            Database db = ResolveDb(session, s.Table.Db);
            if (db.FindView(s.Table.Name) is { IsMaterialized: true }) throw FeException.Analysis(Messages.MvNotModifiable(s.Table.Name));
            OlapTable t = db.FindTable(s.Table.Name) ?? throw FeException.Analysis(Messages.BadTable(s.Table.Name), s.Table.Pos);
            if (t.KeyType != "PRIMARY" && s.Where is null) throw FeException.Analysis(Messages.DeleteWithoutWhere());
            IEnumerable<Partition> scope = t.Partitions;
            if (s.Partitions is not null)
            {
                scope = s.Partitions.Select(n => t.FindPartition(n) ?? throw FeException.Analysis(Messages.UnknownPartitionExecution(n, t.Name))).ToList();
            }

            if (t.State != "NORMAL") throw FeException.Execution(Messages.TableStateNotNormal(t.Name, t.State));
            int removed = 0;
            var touched = new HashSet<Partition>();
            foreach (Partition p in scope)
            {
                foreach (Tablet tab in p.Tablets)
                {
                    int n = tab.Rows.RemoveAll(r => Matches(t, s.Where, r));
                    if (n > 0) touched.Add(p);
                    removed += n;
                }
            }

            // A DELETE on a duplicate-key table publishes a version even when it matched nothing (a delete predicate is stored).
            if (t.KeyType != "PRIMARY") foreach (Partition p in scope) touched.Add(p);
            Publish(touched);
            return new OkResult { AffectedRows = removed };
        }
    }

    private static bool Matches(OlapTable t, Expr? where, string?[] row) =>
        SqlFilter.Matches(where, col => t.ColumnIndex(col) is var i && i >= 0 ? (row[i], t.Columns[i].Type) : null);

    private string? Canonical(Column col, Literal v)
    {
        if (v.IsNull)
        {
            if (!col.Nullable) throw FeException.Analysis(Messages.NotNullColumn(col.Name));
            return null;
        }

        string text = v.Function is { } fn ? NowText(fn) : v.Text!;
        return ValueCodec.TryCanonical(col.Type, text, out string canon) ? canon : throw FeException.Analysis(Messages.BadValue(text, col.Type.ToString()), v.Pos);
    }

    private void Publish(IEnumerable<Partition> partitions)
    {
        long now = _ctx.Clock.NowMs;
        foreach (Partition p in partitions)
        {
            p.VisibleVersion++;
            p.VisibleVersionTimeMs = now;
        }
    }
}
