using StarRocksBackup.Simulator.Statements;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>One StarRocks error: MySQL error code, SQLSTATE and the message text (without any wrapper).</summary>
public sealed record SrError(int Code, string SqlState, string Text);

/// <summary>
/// Every StarRocks string the simulator can send, in one place, to hold against starrocks-facts.md §4
/// (and the StarRocks sources named where the facts file is silent). Codes: ErrorCode.java (3.x).
/// </summary>
public static class Messages
{
    // ---- codes (ErrorCode.java, 3.x) ----
    /// <summary>Plain SemanticException / ParsingException without an ErrorCode: seen as 1064 (HY000).</summary>
    public static SrError Generic(string text) => new(1064, "HY000", text);

    /// <summary>ERR_COMMON_ERROR 5064/42000 "%s" — DdlExceptions at execution and most analyzer checks.</summary>
    public static SrError Common(string text) => new(5064, "42000", text);

    public static SrError BadDb(string db) => new(5501, "3F000", $"Unknown database '{db}'");

    public static SrError BadTable(string table) => new(5502, "42602", $"Unknown table '{table}'");

    public static SrError NotOlapTable(string table) => new(5503, "42000", $"Table '{table}' is not a OLAP table");

    public static SrError WrongLabelName(string label) => new(5082, "42000", $"Incorrect label name '{label}'");

    public static SrError WrongNameFormat(string kind, string name) => new(5063, "42000", $"Incorrect {kind} name '{name}'");

    public static SrError DbCreateExists(string db) => new(1007, "HY000", $"Can't create database '{db}'; database exists");

    public static SrError DbDropExists(string db) => new(1008, "HY000", $"Can't drop database '{db}'; database doesn't exist");

    public static SrError NoDatabaseSelected() => new(1046, "3D000", "No database selected");

    public static SrError TableExists(string table) => new(1050, "42S01", $"Table '{table}' already exists");

    public static SrError WrongValueCount() => new(1058, "21S01", "Column count doesn't match value count");

    // ---- catalog (not in the facts file; StarRocks analyzer wording, see report) ----
    public static SrError UnknownColumn(string column) => Generic($"Column '{column}' cannot be resolved");

    public static SrError BadValue(string value, string type) => Generic($"Invalid value '{value}' for column type {type}");

    public static SrError NotNullColumn(string column) => Generic($"Column '{column}' is not nullable");

    /// <summary>INSERT of a row that no range partition holds (strict mode filters it and fails the load).</summary>
    public static SrError InsertFiltered(long jobId) =>
        Generic($"Insert has filtered data in strict mode, tracking sql = select tracking_log from information_schema.load_tracking_logs where job_id={jobId}");

    public static SrError TableStateNotNormal(string table, string state) => Common($"Table {table}'s state is not NORMAL: {state}");

    public static SrError KeyColumnMissing(string column) => Generic($"Key column '{column}' does not exist");

    public static SrError UnknownPartitionColumn(string column) => Generic($"Partition column '{column}' does not exist");

    public static SrError RangeOverlap(string partition) => Generic($"Range {partition} is intersected with range of existing partitions");

    public static SrError DuplicatePartition(string partition) => new(1517, "HY000", $"Duplicate partition name {partition}");

    public static SrError ReplicationNumTooLarge(int want, int alive) =>
        Common($"Table replication num should be less than or equal to the number of available BE nodes. You can change this default by setting the replication_num table properties. Current alive backend is [{alive}]. , table=, default_replication_num={want}");

    public static SrError DuplicateColumn(string column) => new(1060, "42S21", $"Duplicate column name '{column}'");

    public static SrError BadReplicationNum() => Common("Replication num should larger than 0. (suggested 3)");

    public static SrError InvalidRange(string lower, string upper) => Generic($"Range is invalid: lower bound {lower} is not less than upper bound {upper}");

    public static SrError NoMatchingFunction(string name) => Generic($"No matching function with signature: {name}().");

    // ---- simulator limits (statements StarRocks has but the simulator does not model) ----
    // ---- general SQL (StarRocks analyzers: ColumnDef, UpdateAnalyzer, DeleteAnalyzer) ----
    public static SrError DefaultNowType(string type) => Generic($"Default function now() for type {type} is not supported");

    public static SrError UpdateUnsupported(string table) => Generic($"table {table} does not support update");

    public static SrError UpdateUnknownColumn(string table, string column) => Generic($"table '{table}' do not existing column '{column}'");

    public static SrError UpdateKeyColumn(string column) => Generic($"primary key column cannot be updated: {column}");

    public static SrError UpdateWithoutWhere() => Generic("must specify where clause to prevent full table update");

    /// <summary>DELETE on a non-primary-key table needs WHERE (DeleteAnalyzer; wording from Doris' heritage, see report).</summary>
    public static SrError DeleteWithoutWhere() => Generic("Where clause is not set");

    public static SrError MvNotModifiable(string mv) =>
        Generic($"The data of '{mv}' cannot be modified because '{mv}' is a materialized view,and the data of materialized view must be consistent with the base table.");

    // ---- views, MVs, functions, catalogs (StarRocks' wording where found; chosen where silent, see report) ----
    public static SrError MvNotExist(string mv) => Generic($"Materialized view {mv} is not found");

    public static SrError FunctionExists(string signature) => Common($"function already exists: {signature}");

    public static SrError FunctionNotFound(string signature) => Common($"Unknown function: {signature}");

    public static SrError CatalogExists(string catalog) => Common($"Can't create catalog '{catalog}'; catalog exists");

    public static SrError UnknownCatalogName(string catalog) => Common($"Unknown catalog '{catalog}'");

    public static SrError CatalogTypeMissing() => Generic("Missing properties 'type'");

    public static SrError MvBaseTableMissing(string baseTable, string mv) => Common($"Base table {baseTable} doest not existed in materialized view {mv} when backup/restore");

    public static SrError OneCatalogJob() => Common("Can only run one backup or restore job of external catalog");

    public static SrError DatabaseWithCatalogSnapshot() => Common("Can not specify database for external catalog snapshot");

    public static SrError NotCatalogSnapshot(string label) => Common($"This is not a snapshot for external catalog restore, snapshot: {label}");

    public static SrError CatalogNotInSnapshot(string catalog) => Common($"Can not find restore catalog: {catalog}");

    public static SrError FunctionNotInSnapshot(string function) => Common($"Can not find restore function: {function}");

    public static SrError SimulatorUnsupported(string what) => Generic($"The simulator does not support {what}");

    public static SrError SimulatorLocationUnsupported(string location) =>
        RepoCreateFailed($"the simulator supports only s3:// and s3a:// locations, got {location}");

    // ---- repository (facts §4.2) ----
    public static SrError RepoExists(string name) => Common($"Failed to create repository: repository with same name already exist: {name}");

    public static SrError BrokerDoesNotExist(string broker) => Common($"broker does not exist: {broker}");

    public static SrError NoLocation() => Common("You must specify a location on the repository");

    public static SrError BrokerRequired() => Common("You must specify the broker of the repository");

    public static SrError DropUnknownRepo() => Common("Repository does not exist");

    public static SrError RepoInUse() => Common("Backup or restore job is running on this repository. Can not drop it");

    /// <summary>Analyzer form (BACKUP/RESTORE/SHOW SNAPSHOT analysis).</summary>
    public static SrError RepoNotExistAnalyzer(string repo) => Common($"Repository [{repo}] does not exist");

    /// <summary>Execution form (BackupHandler).</summary>
    public static SrError RepoNotExist(string repo) => Common($"Repository {repo} does not exist");

    public static SrError RepoReadOnly(string repo) => Common($"Repository {repo} is read only");

    public static SrError RepoEmpty() => Common("Repository is empty");

    public static SrError RepoCreateFailed(string reason) => Common($"Failed to create repository: {reason}");

    // ---- backup (facts §4.2) ----
    public static SrError SnapshotExists(string label) => Common($"Snapshot with name '{label}' already exist in repository");

    public static SrError OneJobPerDb() => Common("Can only run one backup or restore job of a database at same time");

    public static SrError SubmissionBusy() => Common("Another backup or restore job is being submitted. Please wait and try again");

    /// <summary>Simulator's own wording: StarRocks' message for a db given twice is not in the facts file.</summary>
    public static SrError DatabaseGivenTwice(string labelDb, string label) =>
        Generic($"Can not specify database in both BACKUP DATABASE and snapshot name: {labelDb}.{label}");

    // Job Status texts of BackupJob/RestoreJob when an object vanished (ErrCode NOT_FOUND) or storage failed.
    public static string DbVanished(long dbId) => $"database {dbId} does not exist";

    public static string TableVanished(string table) => $"table {table} does not exist";

    public static string PartitionVanished(string partition) => $"partition {partition} does not exist";

    public static string UploadFailed(string reason) => $"upload failed: {reason}";

    public static string DownloadFailed(string reason) => $"download failed: {reason}";

    public static string MissingFile(string file, long tabletId) => $"download failed: file {file} of tablet {tabletId} does not exist in repository";

    public static string CorruptFile(string file, string reason) => $"download failed: file {file} is corrupt: {reason}";

    public static string InfoUnreadable(string reason) => $"failed to parse job info: {reason}";

    public static SrError IncorrectTableName(string table) => Generic($"Incorrect table name '{table}'");

    public static SrError PartitionNotExistAnalyzer(string partition, string table) => Generic($"partition[{partition}] does not exist  in table{table}");

    public static SrError UnknownPartitionExecution(string partition, string table) => Common($"Unknown partition {partition} in table{table}");

    public static SrError TempPartitionsBackup() => Common("Do not support backing up temp partitions");

    public static SrError DuplicatedTable(string table) => Generic($"Duplicated table: {table}");

    public static SrError AliasInBackup(string tableRef) => Generic($"Can not set alias for table in Backup Stmt: {tableRef}");

    public static SrError TableTypeNotSupported(string table, string type) => Common($"Table: {table} can not support backup restore, type: {type}");

    public static SrError EmptyDatabase(string db) => Common($"Database: {db} is empty");

    public static SrError InvalidBackupFunction(string name) => Common($"Invalid backup function(s), function name: {name}");

    public static SrError UnknownCatalog(string catalog) => Common($"external catalog {catalog} does not existed.");

    public static SrError InvalidBackupType(string v) => Common($"Invalid backup job type: {v}");

    public static SrError InvalidTimeout(string v) => Common($"Invalid timeout format: {v}");

    public static SrError TimeoutTooSmall() => Common("timeout must be at least 10 min");

    public static SrError UnknownBackupProperties(IEnumerable<string> keys) => Common($"Unknown backup job properties: [{string.Join(", ", keys)}]");

    public static SrError InvalidTtl(string v) =>
        Common($"Invalid ttl: '{v}'. Expected a duration such as '7 DAY' or '12 HOUR', or an empty value to keep the snapshot forever");

    public static SrError TtlNotPositive(string v) => Common($"ttl must be a positive duration, but got: {v}");

    // ---- restore (facts §4.2) ----
    public static SrError MissingBackupTimestamp() => Common("Missing backup_timestamp property");

    public static SrError InvalidMetaVersion(string v) => Common($"Invalid meta version format: {v}");

    public static SrError InvalidAllowLoad(string v) => Common($"Invalid allow load value: {v}");

    public static SrError UnknownRestoreProperties(IEnumerable<string> keys) => Common($"Unknown restore job properties: [{string.Join(", ", keys)}]");

    public static SrError DuplicatedAlias(string alias) => Generic($"Duplicated alias name: {alias}");

    public static SrError SnapshotInfoFailed(string label, string reason) =>
        Common($"Failed to get info of snapshot '{label}' because: {reason}. Maybe specified wrong backup timestamp");

    public static string ExpectedOneFile(string path, int count) => $"Expected one file with path: {path}. get: {count}";

    public static SrError TableNotInSnapshot(string table, string label) => Common($"Table {table} does not exist in snapshot {label}");

    public static SrError PartitionNotInSnapshot(string partition, string table, string label) =>
        Common($"Partition {partition} of table {table} does not exist in snapshot {label}");

    public static SrError TempPartitionsRestore() => Common("Do not support restoring temporary partitions");

    public static SrError DbNotInSnapshot(string db) => Common($"target database: {db} is not existed in snapshot");

    public static SrError CreateDbInRestoreFailed(string db) => Common($"Can not create database: {db} in restore process");

    // Job Status texts (async; appear in SHOW RESTORE Status, never as SQL errors)
    public static string DifferentSchema(string table, string detail) => $"Table {table} already exist but with different schema, errMsg: {detail}";

    public static string DifferentKeyType(string table) => $"Table {table} already exist but with different key type";

    public static string ColumnDiffers(string column, string backupColumn) =>
        $"column: {column} in existed table is different from the column in backup snapshot, column: {backupColumn}";

    public static string RangeDiffers(string partition, string table) => $"Partition {partition} in table {table} has different range with partition in repository";

    public static string RangeConflict(string partition, string table) => $"Partition {partition} in table {table} has conflict range with existing ranges";

    /// <summary>RestoreJob, when fewer alive backends than replication_num (Status COMMON_ERROR).</summary>
    public static string NotEnoughBackends(long tabletId, int need) => $"failed to get enough backends for creating replica of tablet {tabletId}. need: {need}";

    public static string ReadMetaFailed() => "Failed to read backup meta from file";

    public static string Md5Mismatch(string local, string remote) => $"md5sum does not equal. local: {local}, remote: {remote}";

    public static string UserCancelled() => "user cancelled";

    // ---- cancel (facts §4.2; BackupHandler.cancel) ----
    public static SrError NoBackupRunning() => Common("No backup job is currently running");

    public static SrError NoRestoreRunning() => Common("No restore is currently running");

    public static SrError CannotCancel(string label, string state) => Common($"Failed to cancel job: Job with label {label} can not be cancelled. state: {state}");

    // ---- SHOW SNAPSHOT (facts §2.3) ----
    public static SrError SnapshotWhereShape() =>
        Generic("Where clause should looks like: SNAPSHOT = 'your_snapshot_name' [AND TIMESTAMP = '2018-04-18-19-19-10']");

    public static SrError InLeftNotSnapshot() => Generic("Left expr of should be snapshot");

    public static SrError InChildNotString() => Generic("Child of in predicate should be string value");

    public const string SnapshotStatusOk = "OK";
    public const string SnapshotStatusNone = "ERROR: no snapshot";

    public static string SnapshotListFailed(string msg) => $"ERROR: Failed to get info: {msg}";

    public static string SnapshotInfoReadFailed(string msg) => $"Failed to get info: {msg}";

    // ---- DROP SNAPSHOT (4.2, facts §1.6 / §4.2) ----
    public static SrError DropSnapRepoMissing(string repo) => Common($"Repository does not exist: {repo}");

    public static SrError DropSnapListFailed(string repo, string msg) => Common($"Failed to list snapshots in repository {repo}: {msg}");

    public static SrError DropSnapMissing(string repo, string label) => Common($"Snapshot does not exist in repository {repo}: {label}");

    public static SrError DropSnapBackupWriting(string label) => Common($"Can not drop snapshot {label}: a backup is writing it");

    public static SrError DropSnapRestoreReading(string label) => Common($"Can not drop snapshot {label}: a restore is reading it");

    public static SrError DropSnapNoCluster(string label, string repo, long clusterId) =>
        Common($"Snapshot {label} in repository {repo} does not record which cluster created it, and this cluster is {clusterId}. Use DROP SNAPSHOT ... FORCE to drop it anyway");

    public static SrError DropSnapOtherCluster(string label, string repo, long owner, long clusterId) =>
        Common($"Snapshot {label} in repository {repo} was created by cluster {owner}, and this cluster is {clusterId}. Use DROP SNAPSHOT ... FORCE to drop it anyway");

    public static SrError DropSnapFailed(string label, string repo, string msg) => Common($"Failed to delete snapshot {label} in repository {repo}: {msg}");

    // ---- wrappers (SemanticException / ParsingException) ----
    /// <summary>"Getting analyzing error[ at line L, column C]. Detail message: msg."</summary>
    public static string Analyzing(string msg, SourcePos? pos) =>
        $"Getting analyzing error{(pos is { } p ? " " + p : string.Empty)}. Detail message: {msg}.";

    /// <summary>"Getting syntax error at line L, column C. Detail message: msg."</summary>
    public static string Syntax(int line, int column, string detail) => $"Getting syntax error at line {line}, column {column}. Detail message: {detail}.";
}
