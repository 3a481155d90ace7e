using System.Globalization;
using System.Text;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// ALTER TABLE ... SWAP WITH and RENAME (synchronous metadata operations: one step under the catalog gate, so the
/// exchange is atomic for every other statement), and SHOW CREATE TABLE.
/// </summary>
public sealed class AlterCommands
{
    private readonly FeContext _ctx;
    private readonly CatalogCommands _catalog;

    public AlterCommands(FeContext ctx, CatalogCommands catalog)
    {
        _ctx = ctx;
        _catalog = catalog;
    }

    /// <summary>
    /// Exchanges the names of two OLAP tables of one database (swapTableInternal): each keeps its id, data and
    /// partitions; an unpartitioned table's single partition follows its table's name (OlapTable.setName).
    /// </summary>
    public QueryResult Swap(ClientSession session, AlterTableSwapStmt s)
    {
        lock (_ctx.Catalog.Gate)
        {
            Database db = _catalog.ResolveDb(session, s.Table.Db);
            OlapTable orig = db.FindTable(s.Table.Name) ?? throw FeException.Analysis(Messages.BadTable(s.Table.Name), s.Table.Pos);
            if (orig.State != "NORMAL") throw FeException.Execution(AlterMessages.StateNotNormalForAlter(orig.Name));
            OlapTable other = db.FindTable(s.Other) ?? throw FeException.Execution(AlterMessages.SwapTargetMissing(s.Other));
            // Assumption (StarRocks locks only the first table): the simulator refuses a swap with a table a restore owns.
            if (other.State != "NORMAL") throw FeException.Execution(AlterMessages.StateNotNormalForAlter(other.Name));
            if (ReferenceEquals(orig, other)) return OkResult.Empty;
            string origName = orig.Name;
            SetName(orig, other.Name);
            SetName(other, origName);
            int i = db.Tables.IndexOf(orig), j = db.Tables.IndexOf(other);
            (db.Tables[i], db.Tables[j]) = (db.Tables[j], db.Tables[i]);
            return OkResult.Empty;
        }
    }

    /// <summary>ALTER TABLE t RENAME t2 (LocalMetastore.renameTable).</summary>
    public QueryResult Rename(ClientSession session, AlterTableRenameStmt s)
    {
        lock (_ctx.Catalog.Gate)
        {
            Database db = _catalog.ResolveDb(session, s.Table.Db);
            OlapTable t = db.FindTable(s.Table.Name) ?? throw FeException.Analysis(Messages.BadTable(s.Table.Name), s.Table.Pos);
            if (t.State != "NORMAL") throw FeException.Execution(AlterMessages.StateNotNormalForAlter(t.Name));
            if (t.Name == s.NewName) throw FeException.Execution(AlterMessages.SameTableName());
            if (db.FindTable(s.NewName) is not null) throw FeException.Execution(AlterMessages.TableNameUsed(s.NewName));
            SetName(t, s.NewName);
            return OkResult.Empty;
        }
    }

    private static void SetName(OlapTable t, string name)
    {
        if (t.PartitionColumn is null)
        {
            foreach (Partition p in t.Partitions.Where(p => p.Name == t.Name)) p.Name = name;
        }

        t.Name = name;
    }

    /// <summary>SHOW CREATE TABLE: columns <c>Table</c>, <c>Create Table</c>, in StarRocks' layout.</summary>
    public QueryResult ShowCreateTable(ClientSession session, ShowCreateTableStmt s)
    {
        lock (_ctx.Catalog.Gate)
        {
            OlapTable t = _catalog.ResolveTable(session, s.Table);
            return ResultSetResult.Strings(new[] { "Table", "Create Table" }, new[] { new object?[] { t.Name, CreateTableText(t) } });
        }
    }

    /// <summary>The DDL as StarRocks prints it (AstToStringBuilder.getDdlStmt): quoted names, lower-case types with display widths.</summary>
    public static string CreateTableText(OlapTable t)
    {
        var sb = new StringBuilder();
        sb.Append("CREATE TABLE `").Append(t.Name).Append("` (\n");
        sb.Append(string.Join(",\n", t.Columns.Select(ColumnText)));
        sb.Append("\n) ENGINE=OLAP \n");
        sb.Append(t.KeyType).Append(" KEY(").Append(Quoted(t.KeyColumns)).Append(")\n");
        sb.Append("COMMENT \"OLAP\"\n");
        if (t.PartitionColumn is not null)
        {
            Column pcol = t.FindColumn(t.PartitionColumn)!;
            sb.Append("PARTITION BY RANGE(`").Append(pcol.Name).Append("`)\n(");
            IEnumerable<Partition> parts = t.Partitions.OrderBy(p => p.Lower, Comparer<string?>.Create((a, b) => ValueCodec.Compare(pcol.Type, a, b)));
            sb.Append(string.Join(",\n", parts.Select(p =>
                $"PARTITION {p.Name} VALUES [(\"{p.Lower ?? MinValue(pcol.Type)}\"), ({(p.Upper is null ? "MAXVALUE" : "\"" + p.Upper + "\"")}))")));
            sb.Append(")\n");
        }

        sb.Append(t.DistributionColumns.Count == 0 ? "DISTRIBUTED BY RANDOM" : $"DISTRIBUTED BY HASH({Quoted(t.DistributionColumns)})");
        sb.Append(" BUCKETS ").Append(t.Buckets.ToString(CultureInfo.InvariantCulture)).Append(" \n");
        var props = new List<string> { $"\"replication_num\" = \"{t.ReplicationNum.ToString(CultureInfo.InvariantCulture)}\"" };
        props.AddRange(t.Properties.Where(kv => kv.Key is not ("replication_num" or "default.replication_num")).Select(kv => $"\"{kv.Key}\" = \"{kv.Value}\""));
        sb.Append("PROPERTIES (\n").Append(string.Join(",\n", props)).Append("\n);");
        return sb.ToString();
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => "`" + n + "`"));

    private static string ColumnText(Column c)
    {
        string def = c.Default is null ? string.Empty : $" DEFAULT \"{c.Default}\"";
        return $"  `{c.Name}` {TypeText(c.Type)} {(c.Nullable ? "NULL" : "NOT NULL")}{def} COMMENT \"\"";
    }

    /// <summary>Type names as SHOW CREATE TABLE prints them (MySQL display widths for integers).</summary>
    public static string TypeText(SqlType type) => type.Name switch
    {
        "TINYINT" => "tinyint(4)",
        "SMALLINT" => "smallint(6)",
        "INT" => "int(11)",
        "BIGINT" => "bigint(20)",
        "LARGEINT" => "largeint(40)",
        "STRING" => "varchar(65533)",
        "VARCHAR" => $"varchar({type.Length ?? 65533})",
        "CHAR" => $"char({type.Length ?? 1})",
        "DECIMAL" => $"decimal({type.Precision ?? 10}, {type.Scale ?? 0})",
        _ => type.Name.ToLowerInvariant(),
    };

    private static string MinValue(SqlType type) => type.Name switch
    {
        "TINYINT" => "-128",
        "SMALLINT" => "-32768",
        "INT" => "-2147483648",
        "BIGINT" => "-9223372036854775808",
        "DATE" => "0000-01-01",
        "DATETIME" => "0000-01-01 00:00:00",
        _ => string.Empty,
    };
}
