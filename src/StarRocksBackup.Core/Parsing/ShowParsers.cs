using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Parsing
{
    /// <summary>
    /// Parsers for SHOW results, by column name (case-insensitive) so column order and extra or missing columns
    /// across versions do not matter; NULL cells become null/empty values.
    /// </summary>
    public static class ShowParsers
    {
        /// <summary>SHOW BACKUP rows (facts §2.1).</summary>
        public static IReadOnlyList<BackupJob> ParseBackupJobs(ResultTable table, string? repository = null) =>
            table.Rows.Select(r => new BackupJob
            {
                JobId = r.Int64("JobId") ?? 0,
                Label = r.Text("SnapshotName", "Label"),
                Database = r.Text("DbName", "Database"),
                Repository = repository,
                StateName = r.Text("State").Trim(),
                State = ParseEnum<BackupJobState>(r.Text("State")),
                Objects = JobTextParser.ParseBackupObjects(r["BackupObjs"]),
                CreateTime = ValueParser.ParseTime(r["CreateTime"]),
                SnapshotFinishedTime = ValueParser.ParseTime(r["SnapshotFinishedTime"]),
                UploadFinishedTime = ValueParser.ParseTime(r["UploadFinishedTime"]),
                FinishedTime = ValueParser.ParseTime(r["FinishedTime"]),
                UnfinishedTasks = JobTextParser.ParseUnfinishedTasks(r["UnfinishedTasks"]),
                Progress = JobTextParser.ParseProgress(r["Progress"]),
                TaskErrMsg = r.Text("TaskErrMsg").Trim(),
                TaskErrors = JobTextParser.ParseTaskErrors(r["TaskErrMsg"]),
                Status = JobTextParser.ParseStatus(r["Status"]),
                Timeout = Seconds(r.Int64("Timeout")),
            }).ToList();

        /// <summary>SHOW RESTORE rows (facts §2.2).</summary>
        public static IReadOnlyList<RestoreJob> ParseRestoreJobs(ResultTable table, string? repository = null) =>
            table.Rows.Select(r => new RestoreJob
            {
                JobId = r.Int64("JobId") ?? 0,
                Label = r.Text("Label", "SnapshotName"),
                Timestamp = r.Text("Timestamp").Trim(),
                Database = r.Text("DbName", "Database"),
                Repository = repository,
                StateName = r.Text("State").Trim(),
                State = ParseEnum<RestoreJobState>(r.Text("State")),
                AllowLoad = r.Bool("AllowLoad") ?? false,
                ReplicationNum = (int?)r.Int64("ReplicationNum"),
                Objects = JobTextParser.ParseRestoreObjects(r["RestoreObjs"]),
                CreateTime = ValueParser.ParseTime(r["CreateTime"]),
                MetaPreparedTime = ValueParser.ParseTime(r["MetaPreparedTime"]),
                SnapshotFinishedTime = ValueParser.ParseTime(r["SnapshotFinishedTime"]),
                DownloadFinishedTime = ValueParser.ParseTime(r["DownloadFinishedTime"]),
                FinishedTime = ValueParser.ParseTime(r["FinishedTime"]),
                UnfinishedTasks = JobTextParser.ParseUnfinishedTasks(r["UnfinishedTasks"]),
                Progress = JobTextParser.ParseProgress(r["Progress"]),
                TaskErrMsg = r.Text("TaskErrMsg").Trim(),
                TaskErrors = JobTextParser.ParseTaskErrors(r["TaskErrMsg"]),
                Status = JobTextParser.ParseStatus(r["Status"]),
                Timeout = Seconds(r.Int64("Timeout")),
            }).ToList();

        /// <summary>SHOW REPOSITORIES rows (facts §2.4).</summary>
        public static IReadOnlyList<Repository> ParseRepositories(ResultTable table) =>
            table.Rows.Select(r => new Repository
            {
                RepoId = r.Int64("RepoId") ?? 0,
                Name = r.Text("RepoName", "Name"),
                CreateTime = ValueParser.ParseTime(r["CreateTime"]),
                IsReadOnly = r.Bool("IsReadOnly") ?? false,
                Location = r.Text("Location"),
                Broker = r.Text("Broker"),
                ErrorMessage = string.IsNullOrWhiteSpace(r["ErrMsg"]) ? null : r["ErrMsg"],
            }).ToList();

        /// <summary>SHOW SNAPSHOT rows, plain form (facts §2.3).</summary>
        public static IReadOnlyList<Snapshot> ParseSnapshots(ResultTable table, string repository) =>
            table.Rows.Select(r =>
            {
                (IReadOnlyList<SnapshotTimestamp> ts, IReadOnlyList<string> invalid) = ValueParser.ParseTimestampCell(r["Timestamp"]);
                return new Snapshot
                {
                    Repository = repository,
                    Name = r.Text("Snapshot"),
                    Timestamps = ts,
                    InvalidEntries = invalid,
                    Status = r.Text("Status").Trim(),
                };
            }).ToList();

        /// <summary>SHOW SNAPSHOT … WHERE SNAPSHOT = … AND TIMESTAMP = … rows (detailed form).</summary>
        public static IReadOnlyList<SnapshotDetail> ParseSnapshotDetails(ResultTable table, string repository) =>
            table.Rows.Select(r =>
            {
                string json = r.Text("Details");
                SnapshotInfoJson.Result info = SnapshotInfoJson.Parse(json);
                return new SnapshotDetail
                {
                    Repository = repository,
                    Name = r.Text("Snapshot"),
                    Timestamp = SnapshotTimestamp.TryParse(r["Timestamp"]),
                    Database = r.Text("Database").Length > 0 ? r.Text("Database") : info.Database ?? string.Empty,
                    DetailsJson = json,
                    Tables = info.Tables,
                    Views = info.Views,
                    BackupTimeUtc = info.BackupTimeUtc,
                    Status = r.Text("Status").Trim(),
                };
            }).ToList();

        /// <summary>information_schema.partitions_meta rows (facts §2.7).</summary>
        public static IReadOnlyList<Partition> ParsePartitions(ResultTable table)
        {
            // Column positions are looked up once, not per row: a plan can read 100,000 rows.
            int db = table.IndexOf("DB_NAME"), tbl = table.IndexOf("TABLE_NAME"), name = table.IndexOf("PARTITION_NAME"), id = table.IndexOf("PARTITION_ID"),
                version = table.IndexOf("VISIBLE_VERSION"), time = table.IndexOf("VISIBLE_VERSION_TIME"), rows = table.IndexOf("ROW_COUNT"),
                size = table.IndexOf("DATA_SIZE"), replicas = table.IndexOf("REPLICATION_NUM"), buckets = table.IndexOf("BUCKETS"), temp = table.IndexOf("IS_TEMP"),
                key = table.IndexOf("PARTITION_KEY"), value = table.IndexOf("PARTITION_VALUE");
            var list = new List<Partition>(table.Rows.Count);
            foreach (ResultRow r in table.Rows)
            {
                list.Add(new Partition
                {
                    Database = r[db] ?? string.Empty,
                    Table = r[tbl] ?? string.Empty,
                    Name = r[name] ?? string.Empty,
                    PartitionId = ResultRow.ToInt64(r[id]),
                    VisibleVersion = ResultRow.ToInt64(r[version]),
                    VisibleVersionTime = ValueParser.ParseTime(r[time]),
                    RowCount = ResultRow.ToInt64(r[rows]),
                    DataSize = r[size] ?? string.Empty,
                    DataSizeBytes = ValueParser.ParseSize(r[size]),
                    ReplicationNum = (int?)ResultRow.ToInt64(r[replicas]),
                    Buckets = (int?)ResultRow.ToInt64(r[buckets]),
                    IsTemp = ResultRow.ToBool(r[temp]) ?? false,
                    PartitionKey = r[key] ?? string.Empty,
                    PartitionValue = r[value] ?? string.Empty,
                });
            }

            return list;
        }

        /// <summary>SHOW PARTITIONS FROM db.tbl rows (PartitionsProcDir titles; shared-data variant tolerated).</summary>
        public static IReadOnlyList<Partition> ParseShowPartitions(ResultTable table, string database, string tableName) =>
            table.Rows.Select(r => new Partition
            {
                Database = database,
                Table = tableName,
                Name = r.Text("PartitionName"),
                PartitionId = r.Int64("PartitionId"),
                VisibleVersion = r.Int64("VisibleVersion"),
                VisibleVersionTime = ValueParser.ParseTime(r["VisibleVersionTime"]),
                RowCount = r.Int64("RowCount"),
                DataSize = r.Text("DataSize"),
                DataSizeBytes = ValueParser.ParseSize(r["DataSize"]),
                ReplicationNum = (int?)r.Int64("ReplicationNum"),
                Buckets = (int?)r.Int64("Buckets"),
                IsTemp = false,
                PartitionKey = r.Text("PartitionKey"),
                PartitionValue = r.Text("Range", "List"),
            }).ToList();

        /// <summary>SHOW BACKENDS rows (<c>BackendId</c>, <c>IP</c>/<c>Host</c>, <c>Alive</c>).</summary>
        public static IReadOnlyList<Backend> ParseBackends(ResultTable table) =>
            table.Rows.Select(r => new Backend(r.Text("BackendId", "Id"), r.Text("IP", "Host"), r.Bool("Alive") ?? false)).ToList();

        /// <summary>SHOW DATABASES rows.</summary>
        public static IReadOnlyList<Database> ParseDatabases(ResultTable table) =>
            table.Rows.Select(r => new Database(r.Get("Database") ?? r[0] ?? string.Empty)).Where(d => d.Name.Length > 0).ToList();

        /// <summary>SHOW [FULL] TABLES rows (<c>Tables_in_db</c>, <c>Table_type</c>).</summary>
        public static IReadOnlyList<Table> ParseTables(ResultTable table, string database)
        {
            string nameColumn = table.Columns.FirstOrDefault(c => c.StartsWith("Tables_in_", StringComparison.OrdinalIgnoreCase))
                                ?? (table.Columns.Count > 0 ? table.Columns[0] : "Table");
            return table.Rows.Select(r => new Table(database, r.Text(nameColumn), r.Text("Table_type")))
                .Where(t => t.Name.Length > 0).ToList();
        }

        /// <summary>Maps a StarRocks state name (<c>UPLOAD_SNAPSHOT</c>) to an enum member (<c>UploadSnapshot</c>); Unknown otherwise.</summary>
        public static T ParseEnum<T>(string? state)
            where T : struct
        {
            string s = (state ?? string.Empty).Trim().Replace("_", string.Empty);
            return s.Length > 0 && Enum.TryParse(s, true, out T v) && Enum.IsDefined(typeof(T), v) && !int.TryParse(s, out _) ? v : default;
        }

        private static TimeSpan? Seconds(long? s) => s.HasValue ? TimeSpan.FromSeconds(s.Value) : (TimeSpan?)null;
    }
}
