namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// Messages of ALTER TABLE ... SWAP WITH / RENAME (StarRocks' AlterJobMgr/AlterJobExecutor.visitSwapTableClause,
/// OlapTable.checkNormalStateForAlter, LocalMetastore.renameTable). All are DdlException/AlterJobException texts,
/// which reach the client as ERR_COMMON_ERROR with the bare message (facts §4.1).
/// </summary>
public static class AlterMessages
{
    /// <summary>The ALTER target is not NORMAL (e.g. RESTORE while a restore job owns it).</summary>
    public static SrError StateNotNormalForAlter(string table) =>
        Messages.Common($"Table[{table}]'s state is not NORMAL. Do not allow doing ALTER ops");

    /// <summary>SWAP WITH a table that is missing (or not OLAP).</summary>
    public static SrError SwapTargetMissing(string table) => Messages.Common($"Table {table} does not exist or is not OLAP/LAKE table");

    /// <summary>RENAME to the current name.</summary>
    public static SrError SameTableName() => Messages.Common("Same table name");

    /// <summary>RENAME to a name another table has.</summary>
    public static SrError TableNameUsed(string table) => Messages.Common($"Table name[{table}] is already used");
}
