using System.Globalization;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>SELECT: constant expressions (current_version(), database()), table rows, COUNT(*), partitions_meta.</summary>
public sealed partial class QueryCommands
{
    public QueryResult Select(ClientSession session, SelectStmt s)
    {
        if (s.From is null) return SelectConstants(session, s);
        if (s.From.Db is { } db && db.Equals("information_schema", StringComparison.OrdinalIgnoreCase))
        {
            if (s.From.Name.Equals("partitions_meta", StringComparison.OrdinalIgnoreCase) && ShowColumns.HasPartitionsMeta(_ctx.Version)) return SelectPartitionsMeta(s);
            throw FeException.Analysis(Messages.BadTable(s.From.Name), s.From.Pos);
        }

        lock (_ctx.Catalog.Gate)
        {
            (List<(string Name, SqlType Type)> columns, List<string?[]> all) = Relation(session, null, s.From);
            List<string?[]> rows = all
                .Where(r => SqlFilter.Matches(s.Where, col => columns.FindIndex(c => c.Name.Equals(col, StringComparison.OrdinalIgnoreCase)) is var i && i >= 0 ? (r[i], columns[i].Type) : null))
                .ToList();
            return Project(s, columns, rows);
        }
    }

    /// <summary>Applies ORDER BY, LIMIT, then the select list (*, columns or COUNT(*)) to rows of known columns.</summary>
    private static QueryResult Project(SelectStmt s, List<(string Name, SqlType Type)> columns, List<string?[]> rows, bool freshRows = false)
    {
        int Index(string name, SourcePos pos) =>
            columns.FindIndex(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is var i && i >= 0 ? i : throw FeException.Analysis(Messages.UnknownColumn(name), pos);

        bool isCount = s.Items.Count == 1 && s.Items[0].Expr is FunctionCall { Name: "count" };
        if (isCount)
        {
            long n = rows.Count;
            if (s.Limit == 0) return new ResultSetResult(new[] { new ColumnDef(s.Items[0].Label, ColumnType.BigInt) }, Array.Empty<object?[]>());
            return new ResultSetResult(new[] { new ColumnDef(s.Items[0].Label, ColumnType.BigInt) }, new[] { new object?[] { n.ToString(CultureInfo.InvariantCulture) } });
        }

        foreach (OrderItem o in s.OrderBy.Reverse())
        {
            int i = Index(o.Column, default);
            SqlType type = columns[i].Type;
            var cmp = Comparer<string?>.Create((a, b) => ValueCodec.Compare(type, a, b));
            rows = (o.Descending ? rows.OrderByDescending(r => r[i], cmp) : rows.OrderBy(r => r[i], cmp)).ToList();
        }

        if (s.Limit is { } limit && !s.Distinct) rows = rows.Take((int)Math.Min(limit, int.MaxValue)).ToList();
        var outCols = new List<(int Index, string Label)>();
        foreach (SelectItem item in s.Items)
        {
            if (item.Kind == SelectItemKind.Star)
            {
                outCols.AddRange(columns.Select((c, i) => (i, c.Name)));
            }
            else if (item.Expr is ColumnRef c)
            {
                outCols.Add((Index(c.Name, c.Pos), item.Label));
            }
            else
            {
                throw FeException.Analysis(Messages.SimulatorUnsupported($"'{item.Label}' here"), item.Expr?.Pos);
            }
        }

        var defs = outCols.Select(o => new ColumnDef(o.Label, ValueCodec.WireType(columns[o.Index].Type))).ToList();
        int[] from = outCols.Select(o => o.Index).ToArray();
        var projected = new List<object?[]>(rows.Count);
        if (freshRows && from.Length == columns.Count && from.Select((f, i) => f == i).All(x => x))
        {
            projected.AddRange(rows);   // rows made for this answer, already every column in order: sent as they are
        }
        else
        {
            foreach (string?[] r in rows)
            {
                var cells = new string?[from.Length];   // text cells: the result writer sends them without a copy
                for (int i = 0; i < from.Length; i++) cells[i] = r[from[i]];
                projected.Add(cells);
            }
        }

        if (s.Distinct)
        {
            projected = projected.DistinctBy(r => string.Join("\u0001", r.Select(v => v is null ? "\u0002" : v.ToString()))).ToList();
            if (s.Limit is { } distinctLimit) projected = projected.Take((int)Math.Min(distinctLimit, int.MaxValue)).ToList();
        }
        return new ResultSetResult(defs, projected);
    }

    private QueryResult SelectConstants(ClientSession session, SelectStmt s)
    {
        var defs = new List<ColumnDef>();
        var row = new List<object?>();
        foreach (SelectItem item in s.Items)
        {
            switch (item.Expr)
            {
                case Literal l:
                    defs.Add(new ColumnDef(item.Label, l.IsString || l.IsNull ? ColumnType.Varchar : ColumnType.BigInt));
                    row.Add(l.Text);
                    break;
                case FunctionCall f when f.Name == "current_version" && f.Args.Count == 0:
                    defs.Add(new ColumnDef(item.Label));
                    row.Add($"{_ctx.Options.Version} {_ctx.Options.GitHash}");
                    break;
                case FunctionCall f when f.Name is "database" or "schema":
                    defs.Add(new ColumnDef(item.Label));
                    row.Add(session.Database);
                    break;
                case FunctionCall f when f.Name == "version":
                    defs.Add(new ColumnDef(item.Label));
                    row.Add("5.1.0");
                    break;
                case FunctionCall f when f.Name is "user" or "current_user":
                    defs.Add(new ColumnDef(item.Label));
                    row.Add($"'{session.User}'@'%'");
                    break;
                case FunctionCall f:
                    throw FeException.Analysis(Messages.NoMatchingFunction(f.Name), f.Pos);
                default:
                    throw FeException.Analysis(Messages.UnknownColumn(item.Label), item.Expr?.Pos);
            }
        }

        return new ResultSetResult(defs, new[] { row.ToArray() });
    }

    /// <summary>
    /// information_schema.partitions_meta: the simulated release's PartitionsMetaSystemTable columns (ShowColumns), one row
    /// per partition; VISIBLE_VERSION, ROW_COUNT, DATA_SIZE follow the data. Any named columns can be projected.
    /// </summary>
    private QueryResult SelectPartitionsMeta(SelectStmt s)
    {
        List<(string Name, SqlType Type)> all = ShowColumns.PartitionsMeta(_ctx.Version).Select(c => (c.Name, new SqlType(c.Type))).ToList();
        bool sizeInBytes = all.Any(c => c.Name == "DATA_SIZE" && c.Type.Name == "BIGINT");
        var inv = CultureInfo.InvariantCulture;
        var rows = new List<string?[]>();

        // Like StarRocks' schema scanner, which is handed the DB_NAME / TABLE_NAME it is asked for, skip the rest early.
        string? onlyDb = SqlFilter.EqualsLiteral(s.Where, "DB_NAME"), onlyTable = SqlFilter.EqualsLiteral(s.Where, "TABLE_NAME");
        // Only the columns the statement uses are computed (select list, WHERE, ORDER BY), and rows hold only those: a
        // 100,000-partition answer is then the work of its columns, not of all ~30. Per-table texts are made once per
        // table, per-partition texts are cached on the partition (an FE answers this table from memory).
        TableTexts tt = default;
        TimeZoneInfo zone = _ctx.Options.TimeZone;
        Func<long, string?> formatTime = _ctx.FormatTime;
        var cell = new Dictionary<string, Func<Database, OlapTable, Partition, string?>>(StringComparer.Ordinal)
        {
            ["DB_NAME"] = (db, t, p) => db.Name, ["TABLE_NAME"] = (db, t, p) => t.Name, ["PARTITION_NAME"] = (db, t, p) => p.Name,
            ["PARTITION_ID"] = (db, t, p) => p.IdText, ["COMPACT_VERSION"] = (db, t, p) => "0",
            ["VISIBLE_VERSION"] = (db, t, p) => p.VisibleVersionText, ["VISIBLE_VERSION_TIME"] = (db, t, p) => p.VisibleVersionTimeText(zone, formatTime),
            ["NEXT_VERSION"] = (db, t, p) => p.NextVersionText, ["DATA_VERSION"] = (db, t, p) => p.VisibleVersionText,
            ["VERSION_EPOCH"] = (db, t, p) => "0", ["VERSION_TXN_TYPE"] = (db, t, p) => "TXN_NORMAL",
            ["PARTITION_KEY"] = (db, t, p) => t.PartitionColumn ?? string.Empty,
            ["PARTITION_VALUE"] = (db, t, p) => tt.RangeType is { } rangeType ? RangeText(rangeType, p) : string.Empty,
            ["DISTRIBUTION_KEY"] = (db, t, p) => tt.Distribution, ["BUCKETS"] = (db, t, p) => tt.Buckets,
            ["REPLICATION_NUM"] = (db, t, p) => tt.Replication, ["STORAGE_MEDIUM"] = (db, t, p) => "HDD",
            ["COOLDOWN_TIME"] = (db, t, p) => "9999-12-31 23:59:59", ["LAST_CONSISTENCY_CHECK_TIME"] = (db, t, p) => null,
            ["IS_IN_MEMORY"] = (db, t, p) => "0", ["IS_TEMP"] = (db, t, p) => "0",
            ["DATA_SIZE"] = (db, t, p) => p.DataSize is var size && size == 0 ? (sizeInBytes ? "0" : "0B") : sizeInBytes ? size.ToString(inv) : FormatSize(size),
            ["ROW_COUNT"] = (db, t, p) => p.RowCount is var n && n == 0 ? "0" : n.ToString(inv),
            ["ENABLE_DATACACHE"] = (db, t, p) => _ctx.SharedData ? "1" : "0", ["AVG_CS"] = (db, t, p) => "0", ["P50_CS"] = (db, t, p) => "0",
            ["MAX_CS"] = (db, t, p) => "0",
            ["STORAGE_PATH"] = (db, t, p) => _ctx.SharedData ? $"s3://starrocks/db{db.Id}/{t.Id}/{p.Id}" : string.Empty,
            ["STORAGE_SIZE"] = (db, t, p) => p.DataSize is var bytes && bytes == 0 ? "0" : bytes.ToString(inv), ["TABLET_BALANCED"] = (db, t, p) => "1",
            ["METADATA_SWITCH_VERSION"] = (db, t, p) => "0",
        };
        HashSet<string>? used = UsedColumns(s);
        List<(string Name, SqlType Type)> cols = used is null ? all : InSelectOrder(s, all.Where(c => used.Contains(c.Name)).ToList());
        Func<Database, OlapTable, Partition, string?>[] fill = cols.Select(c => cell[c.Name]).ToArray();
        lock (_ctx.Catalog.Gate)
        {
            foreach (Database db in _ctx.Catalog.Databases)
            {
                if (onlyDb is not null && db.Name != onlyDb) continue;
                foreach (OlapTable t in db.Tables)
                {
                    if (onlyTable is not null && t.Name != onlyTable) continue;
                    tt = new TableTexts(
                        t.PartitionColumn is null ? null : t.FindColumn(t.PartitionColumn)!.Type,
                        string.Join(", ", t.DistributionColumns),
                        t.Buckets.ToString(inv),
                        (_ctx.SharedData ? 1 : t.ReplicationNum).ToString(inv));
                    foreach (Partition p in SortedPartitions(t))
                    {
                        var row = new string?[fill.Length];
                        for (int i = 0; i < fill.Length; i++) row[i] = fill[i](db, t, p);
                        rows.Add(row);
                    }
                }
            }
        }

        // The WHERE clause still decides, unless all it says is the DB_NAME / TABLE_NAME equality the scan applied.
        if (!SqlFilter.OnlyEqualities(s.Where, "DB_NAME", "TABLE_NAME"))
        {
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < cols.Count; i++) index[cols[i].Name] = i;
            rows = rows.Where(r => SqlFilter.Matches(s.Where, name => index.TryGetValue(name, out int i) ? (r[i], cols[i].Type) : null)).ToList();
        }

        return Project(s, cols, rows, freshRows: true);
    }

    /// <summary>
    /// <paramref name="cols"/> with the select list's plain columns first, in its order, then the rest: rows built in that
    /// order are already what <see cref="Project"/> sends (it passes them through instead of copying every row).
    /// </summary>
    private static List<(string Name, SqlType Type)> InSelectOrder(SelectStmt s, List<(string Name, SqlType Type)> cols)
    {
        var ordered = new List<(string Name, SqlType Type)>(cols.Count);
        foreach (SelectItem item in s.Items)
        {
            if (item.Expr is ColumnRef c && cols.FindIndex(x => x.Name.Equals(c.Name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
                && !ordered.Contains(cols[i]))
            {
                ordered.Add(cols[i]);
            }
        }

        ordered.AddRange(cols.Where(c => !ordered.Contains(c)));
        return ordered;
    }

    /// <summary>The texts partitions_meta repeats for every partition of one table.</summary>
    private readonly record struct TableTexts(SqlType? RangeType, string Distribution, string Buckets, string Replication);

    /// <summary>The column names a SELECT reads (upper case), or null when it reads every column (<c>*</c>).</summary>
    private static HashSet<string>? UsedColumns(SelectStmt s)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (SelectItem item in s.Items)
        {
            if (item.Kind == SelectItemKind.Star) return null;
            Collect(item.Expr, used);
        }

        Collect(s.Where, used);
        foreach (OrderItem o in s.OrderBy) used.Add(o.Column);
        return new HashSet<string>(used.Select(u => u.ToUpperInvariant()), StringComparer.Ordinal);
    }

    private static void Collect(Expr? e, HashSet<string> into)
    {
        switch (e)
        {
            case ColumnRef c: into.Add(c.Name); break;
            case BinaryExpr b: Collect(b.Left, into); Collect(b.Right, into); break;
            case AndExpr a: Collect(a.Left, into); Collect(a.Right, into); break;
            case OrExpr o: Collect(o.Left, into); Collect(o.Right, into); break;
            case InExpr i: Collect(i.Left, into); foreach (Expr x in i.Items) Collect(x, into); break;
            case LikeExpr l: Collect(l.Left, into); Collect(l.Pattern, into); break;
            case IsNullExpr n: Collect(n.Operand, into); break;
            case FunctionCall f: foreach (Expr x in f.Args) Collect(x, into); break;
        }
    }
}
