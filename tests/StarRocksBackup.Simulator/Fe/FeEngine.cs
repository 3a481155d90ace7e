using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// The StarRocks FE engine behind the wire layer: parses one statement (Statements/), dispatches it to the
/// catalog, repository, job and snapshot commands (Fe/), and turns every failure into StarRocks' ERR shape.
/// Never throws for bad input.
/// </summary>
public sealed partial class FeEngine : IQueryHandler
{
    private readonly CatalogCommands _catalog;
    private readonly QueryCommands _queries;
    private readonly SystemCommands _system;
    private readonly SnapshotCommands _snapshots;
    private readonly ObjectCommands _objects;
    private readonly AlterCommands _alter;

    public FeEngine(SimulatorOptions options)
    {
        Context = new FeContext(options);
        _catalog = new CatalogCommands(Context);
        _queries = new QueryCommands(Context, _catalog);
        _system = new SystemCommands(Context);
        _snapshots = new SnapshotCommands(Context);
        _objects = new ObjectCommands(Context, _catalog, _queries);
        _alter = new AlterCommands(Context, _catalog);
    }

    public FeContext Context { get; }

    public QueryResult Execute(ClientSession session, string sql, CancellationToken cancel)
    {
        try
        {
            if (Context.Faults.StatementFault(sql) is { } fault) return new ErrorResult(1064, "HY000", fault);
            if (Context.Faults.StatementDelay(sql) is { } delay && delay > TimeSpan.Zero) cancel.WaitHandle.WaitOne(delay);
            if (TryExecuteSharedData(session, sql) is { } sharedData) return sharedData;
            Statement stmt = SqlParser.Parse(sql, Context.Version);
            QueryResult result = Dispatch(session, stmt);
            OnStatementExecuted(stmt, result);
            return result;
        }
        catch (SqlSyntaxException e)
        {
            return new ErrorResult(1064, "HY000", Messages.Syntax(e.Line, e.Column, e.Detail));
        }
        catch (FeException e)
        {
            return e.ToResult(Context.Version);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An engine bug must not kill the connection: report it like an unexpected FE exception.
            return new ErrorResult(1064, "HY000", "Unexpected exception: " + e.Message);
        }
    }

    private QueryResult Dispatch(ClientSession session, Statement stmt) => stmt switch
    {
        CreateDatabaseStmt s => _catalog.CreateDatabase(s),
        DropDatabaseStmt s => _catalog.DropDatabase(session, s),
        UseStmt s => QueryCommands.IsVirtualDatabase(s.Database) ? SetDb(session, s.Database) : _catalog.Use(session, s),
        ShowDatabasesStmt s => _queries.ShowDatabases(s),
        TransactionStmt => OkResult.Empty,
        ShowFrontendsStmt => _system.ShowFrontends(),
        UpdateStmt s => _catalog.Update(session, s),
        DeleteStmt s => _catalog.Delete(session, s),
        CreateViewStmt s => _objects.CreateView(session, s),
        DropViewStmt s => _objects.DropView(session, s),
        CreateMaterializedViewStmt s => _objects.CreateMaterializedView(session, s),
        DropMaterializedViewStmt s => _objects.DropMaterializedView(session, s),
        ShowMaterializedViewsStmt s => _objects.ShowMaterializedViews(session, s),
        CreateFunctionStmt s => _objects.CreateFunction(session, s),
        DropFunctionStmt s => _objects.DropFunction(session, s),
        ShowFunctionsStmt s => _objects.ShowFunctions(session, s),
        CreateCatalogStmt s => _objects.CreateCatalog(s),
        DropCatalogStmt s => _objects.DropCatalog(s),
        ShowCatalogsStmt s => _objects.ShowCatalogs(s),
        ShowCreateStmt s => _objects.ShowCreate(session, s),
        CreateTableStmt s => _catalog.CreateTable(session, s),
        DropTableStmt s => _catalog.DropTable(session, s),
        ShowTablesStmt s => _queries.ShowTables(session, s),
        ShowPartitionsStmt s => _queries.ShowPartitions(session, s),
        InsertStmt s => _catalog.Insert(session, s),
        SelectStmt s => _queries.Select(session, s),
        ShowBackendsStmt => _system.ShowBackends(),
        ShowBrokerStmt => SystemCommands.ShowBroker(),
        AdminShowFrontendConfigStmt s => _system.ShowFrontendConfig(s.Pattern),
        CreateRepositoryStmt s => Context.Repositories.Create(s),
        DropRepositoryStmt s => Context.Repositories.Drop(s),
        ShowRepositoriesStmt => Context.Repositories.Show(),
        BackupStmt s => Context.Jobs.Backup(session, s),
        RestoreStmt s => Context.Jobs.Restore(session, s),
        ShowBackupStmt s => Context.Jobs.ShowBackup(session, s),
        ShowRestoreStmt s => Context.Jobs.ShowRestore(session, s),
        CancelJobStmt s => Context.Jobs.Cancel(session, s),
        ShowSnapshotStmt s => _snapshots.Show(s),
        DropSnapshotStmt s => _snapshots.Drop(s),
        AlterTableSwapStmt s => _alter.Swap(session, s),
        AlterTableRenameStmt s => _alter.Rename(session, s),
        ShowCreateTableStmt s => _alter.ShowCreateTable(session, s),
        _ => throw FeException.Analysis(Messages.SimulatorUnsupported(stmt.GetType().Name)),
    };

    private static QueryResult SetDb(ClientSession session, string db)
    {
        session.Database = db;
        return OkResult.Empty;
    }
}
