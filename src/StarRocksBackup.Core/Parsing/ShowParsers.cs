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
        public static IReadOnlyList<Partition> ParsePartitions(ResultTable table) => SqlSessionRows.ReadAll(table, PartitionsMetaRow);

        /// <summary>
        /// The reader of one partitions_meta row, for the columns <paramref name="columns"/> has. Column positions are looked
        /// up once, not per row (a plan can read 100,000 rows); numbers and times are read as such; the texts every row of a
        /// table repeats (database, table, partition key, a size) are kept once, not once per row, and partition names and
        /// ranges many tables share (<see cref="RecentStrings"/>) once each.
        /// </summary>
        internal static Func<IRowReader, Partition> PartitionsMetaRow(IRowReader columns)
        {
            int Find(string column)
            {
                for (int i = 0; i < columns.FieldCount; i++)
                {
                    if (string.Equals(columns.GetName(i), column, StringComparison.OrdinalIgnoreCase))
                    {
                        return i;
                    }
                }

                return -1;
            }

            int db = Find("DB_NAME"), tbl = Find("TABLE_NAME"), name = Find("PARTITION_NAME"), id = Find("PARTITION_ID"),
                version = Find("VISIBLE_VERSION"), time = Find("VISIBLE_VERSION_TIME"), rows = Find("ROW_COUNT"),
                size = Find("DATA_SIZE"), replicas = Find("REPLICATION_NUM"), buckets = Find("BUCKETS"), temp = Find("IS_TEMP"),
                key = Find("PARTITION_KEY"), value = Find("PARTITION_VALUE");
            string lastDb = string.Empty, lastTable = string.Empty, lastKey = string.Empty, lastSize = string.Empty;
            long? lastSizeBytes = ValueParser.ParseSize(lastSize);
            var shared = new RecentStrings();
            return r =>
            {
                string sizeText = r.GetText(size) ?? string.Empty;
                if (!string.Equals(sizeText, lastSize, StringComparison.Ordinal))
                {
                    lastSize = sizeText;
                    lastSizeBytes = ValueParser.ParseSize(sizeText);
                }

                return new Partition
                {
                    Database = Same(r.GetText(db), ref lastDb),
                    Table = Same(r.GetText(tbl), ref lastTable),
                    Name = r.GetText(name) is string n ? shared.Share(n) : string.Empty,
                    PartitionId = r.GetInt64(id),
                    VisibleVersion = r.GetInt64(version),
                    VisibleVersionTime = r.GetDateTime(time),
                    RowCount = r.GetInt64(rows),
                    DataSize = lastSize,
                    DataSizeBytes = lastSizeBytes,
                    ReplicationNum = (int?)r.GetInt64(replicas),
                    Buckets = (int?)r.GetInt64(buckets),
                    IsTemp = ResultRow.ToBool(r.GetText(temp)) ?? false,
                    PartitionKey = Same(r.GetText(key), ref lastKey),
                    PartitionValue = r.GetText(value) is string v ? shared.Share(v) : string.Empty,
                };
            };
        }

        /// <summary><paramref name="text"/> (empty for null), or <paramref name="last"/> when equal to it (one instance for a run of equal cells).</summary>
        private static string Same(string? text, ref string last)
        {
            if (text is null)
            {
                return string.Empty;
            }

            if (!string.Equals(text, last, StringComparison.Ordinal))
            {
                last = text;
            }

            return last;
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
