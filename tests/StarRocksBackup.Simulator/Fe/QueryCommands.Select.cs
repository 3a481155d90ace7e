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
    private static QueryResult Project(SelectStmt s, List<(string Name, SqlType Type)> columns, List<string?[]> rows)
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
        List<object?[]> projected = rows.Select(r => outCols.Select(o => (object?)r[o.Index]).ToArray()).ToList();
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
        List<(string Name, SqlType Type)> cols = ShowColumns.PartitionsMeta(_ctx.Version).Select(c => (c.Name, new SqlType(c.Type))).ToList();
        bool sizeInBytes = cols.Any(c => c.Name == "DATA_SIZE" && c.Type.Name == "BIGINT");
        var inv = CultureInfo.InvariantCulture;
        var rows = new List<string?[]>();

        // Like StarRocks' schema scanner, which is handed the DB_NAME / TABLE_NAME it is asked for, skip the rest early.
        string? onlyDb = SqlFilter.EqualsLiteral(s.Where, "DB_NAME"), onlyTable = SqlFilter.EqualsLiteral(s.Where, "TABLE_NAME");
        lock (_ctx.Catalog.Gate)
        {
            foreach (Database db in _ctx.Catalog.Databases.Where(d => onlyDb is null || d.Name == onlyDb))
            {
                foreach (OlapTable t in db.Tables.Where(t => onlyTable is null || t.Name == onlyTable))
                {
                    foreach (Partition p in SortedPartitions(t))
                    {
                        var v = new Dictionary<string, string?>(StringComparer.Ordinal)
                        {
                            ["DB_NAME"] = db.Name, ["TABLE_NAME"] = t.Name, ["PARTITION_NAME"] = p.Name, ["PARTITION_ID"] = p.Id.ToString(inv), ["COMPACT_VERSION"] = "0",
                            ["VISIBLE_VERSION"] = p.VisibleVersion.ToString(inv), ["VISIBLE_VERSION_TIME"] = _ctx.FormatTime(p.VisibleVersionTimeMs),
                            ["NEXT_VERSION"] = (p.VisibleVersion + 1).ToString(inv), ["DATA_VERSION"] = p.VisibleVersion.ToString(inv), ["VERSION_EPOCH"] = "0",
                            ["VERSION_TXN_TYPE"] = "TXN_NORMAL", ["PARTITION_KEY"] = t.PartitionColumn ?? string.Empty, ["PARTITION_VALUE"] = RangeText(t, p),
                            ["DISTRIBUTION_KEY"] = string.Join(", ", t.DistributionColumns), ["BUCKETS"] = t.Buckets.ToString(inv),
                            ["REPLICATION_NUM"] = (_ctx.SharedData ? 1 : t.ReplicationNum).ToString(inv), ["STORAGE_MEDIUM"] = "HDD", ["COOLDOWN_TIME"] = "9999-12-31 23:59:59",
                            ["LAST_CONSISTENCY_CHECK_TIME"] = null, ["IS_IN_MEMORY"] = "0", ["IS_TEMP"] = "0",
                            ["DATA_SIZE"] = sizeInBytes ? p.DataSize.ToString(inv) : FormatSize(p.DataSize), ["ROW_COUNT"] = p.RowCount.ToString(inv),
                            ["ENABLE_DATACACHE"] = _ctx.SharedData ? "1" : "0", ["AVG_CS"] = "0", ["P50_CS"] = "0", ["MAX_CS"] = "0",
                            ["STORAGE_PATH"] = _ctx.SharedData ? $"s3://starrocks/db{db.Id}/{t.Id}/{p.Id}" : string.Empty, ["STORAGE_SIZE"] = p.DataSize.ToString(inv),
                            ["TABLET_BALANCED"] = "1", ["METADATA_SWITCH_VERSION"] = "0",
                        };
                        rows.Add(cols.Select(c => v[c.Name]).ToArray());
                    }
                }
            }
        }

        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < cols.Count; i++) index[cols[i].Name] = i;
        rows = rows.Where(r => SqlFilter.Matches(s.Where, name => index.TryGetValue(name, out int i) ? (r[i], cols[i].Type) : null)).ToList();
        return Project(s, cols, rows);
    }
}
