using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>Relations a SELECT reads: OLAP tables, and views / MVs evaluated from their query (caller holds the gate).</summary>
public sealed partial class QueryCommands
{
    private const int MaxViewDepth = 16;

    /// <summary>Columns and rows of a table, view or MV, resolved against <paramref name="defaultDb"/>.</summary>
    public (List<(string Name, SqlType Type)> Columns, List<string?[]> Rows) Relation(ClientSession session, string? defaultDb, QualifiedName name, int depth = 0)
    {
        if (depth > MaxViewDepth) throw FeException.Analysis(Messages.SimulatorUnsupported("views nested this deep"), name.Pos);
        Database db = _catalog.ResolveDb(session, name.Db ?? defaultDb);
        if (db.FindTable(name.Name) is { } t)
        {
            var rows = t.Partitions.SelectMany(p => p.Tablets).SelectMany(tab => tab.Rows).ToList();
            return (t.Columns.Select(c => (c.Name, c.Type)).ToList(), rows);
        }

        ViewDef v = db.FindView(name.Name) ?? throw FeException.Analysis(Messages.BadTable(name.Name), name.Pos);
        var query = (SelectStmt)SqlParser.Parse(v.Definition, _ctx.Version);
        return Evaluate(session, db.Name, query, depth + 1);
    }

    /// <summary>A view query: FROM relation, WHERE, select list (*, columns), DISTINCT, ORDER BY, LIMIT.</summary>
    private (List<(string Name, SqlType Type)> Columns, List<string?[]> Rows) Evaluate(ClientSession session, string db, SelectStmt q, int depth)
    {
        if (q.From is null) throw FeException.Analysis(Messages.SimulatorUnsupported("views without FROM"));
        (List<(string Name, SqlType Type)> cols, List<string?[]> rows) = Relation(session, db, q.From, depth);
        rows = rows.Where(r => SqlFilter.Matches(q.Where, c => cols.FindIndex(x => x.Name.Equals(c, StringComparison.OrdinalIgnoreCase)) is var i && i >= 0 ? (r[i], cols[i].Type) : null)).ToList();
        var picks = new List<(int Index, string Label)>();
        foreach (SelectItem item in q.Items)
        {
            if (item.Kind == SelectItemKind.Star)
            {
                picks.AddRange(cols.Select((c, i) => (i, c.Name)));
            }
            else if (item.Expr is ColumnRef c)
            {
                int i = cols.FindIndex(x => x.Name.Equals(c.Name, StringComparison.OrdinalIgnoreCase));
                if (i < 0) throw FeException.Analysis(Messages.UnknownColumn(c.Name), c.Pos);
                picks.Add((i, item.Label));
            }
            else
            {
                throw FeException.Analysis(Messages.SimulatorUnsupported($"'{item.Label}' in a view"), item.Expr?.Pos);
            }
        }

        List<string?[]> projected = rows.Select(r => picks.Select(p => r[p.Index]).ToArray()).ToList();
        if (q.Distinct) projected = projected.DistinctBy(r => string.Join("\u0001", r.Select(x => x ?? "\u0002"))).ToList();
        if (q.Limit is { } limit) projected = projected.Take((int)Math.Min(limit, int.MaxValue)).ToList();
        return (picks.Select(p => (p.Label, cols[p.Index].Type)).ToList(), projected);
    }

    /// <summary>CREATE VIEW / MV analysis: the query must resolve; returns the relations it reads as db.name.</summary>
    public List<string> CheckQuery(ClientSession session, Database db, SelectStmt q)
    {
        Evaluate(session, db.Name, q, 1);
        QualifiedName from = q.From!;
        return new List<string> { $"{from.Db ?? db.Name}.{from.Name}" };
    }

    /// <summary>Rows of a view or MV now (0 when it cannot be evaluated, e.g. an inactive MV).</summary>
    public long RowCount(ClientSession session, Database db, ViewDef v)
    {
        try
        {
            return Relation(session, db.Name, new QualifiedName(db.Name, v.Name, default)).Rows.Count;
        }
        catch (FeException)
        {
            return 0;
        }
    }
}
