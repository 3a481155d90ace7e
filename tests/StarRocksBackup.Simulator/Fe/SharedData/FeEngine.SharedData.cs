// The engine's two hooks for the shared-data statements: they are answered before the engine's parser
// sees them (SHOW/DESC STORAGE VOLUME(S), ADMIN SET AUTOMATED CLUSTER SNAPSHOT, SELECT from
// information_schema.cluster_snapshots / cluster_snapshot_jobs), and catalog changes advance the journals
// whose ids name the snapshot images.
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

public sealed partial class FeEngine
{
    /// <summary>Null when <paramref name="sql"/> is not a shared-data statement (or is malformed: the parser then reports it).</summary>
    private QueryResult? TryExecuteSharedData(ClientSession session, string sql)
    {
        string text = sql.TrimEnd().TrimEnd(';');
        QueryResult? result = Context.SharedDataFe.TryExecute(text, session.Database);
        if (result is not null || !Context.SharedDataFe.NamesClusterSnapshotTable(text, session.Database))
        {
            return result;
        }

        // A SELECT on the cluster-snapshot tables that the subset declined: malformed SQL gets the parser's
        // syntax error; well-formed SQL is a simulator limitation and says so rather than "Unknown table".
        try
        {
            SqlParser.Parse(text, Context.Version);
        }
        catch (SqlSyntaxException)
        {
            return null;
        }

        return Fe.SharedData.SharedDataFe.UnsupportedSelect(text);
    }

    /// <summary>Each successful catalog change is an FE edit-log entry (and a StarMgr one: tables own shards).</summary>
    private void OnStatementExecuted(Statement stmt, QueryResult result)
    {
        if (result is ErrorResult)
        {
            return;
        }

        if (stmt is CreateDatabaseStmt or DropDatabaseStmt or CreateTableStmt or DropTableStmt or InsertStmt
            or CreateRepositoryStmt or DropRepositoryStmt or BackupStmt or RestoreStmt or CancelJobStmt)
        {
            Context.SharedDataFe.Journal.RecordCatalogChange();
        }
    }
}
