using System;
using System.Collections.Generic;
using System.Linq;

namespace StarRocksBackup.Core.Backup
{
    /// <summary>A table in a database backup; no partitions = the whole table.</summary>
    public sealed class BackupTableSelection
    {
        /// <summary>Creates a selection.</summary>
        public BackupTableSelection(string table, IReadOnlyList<string> partitions)
        {
            Table = table;
            Partitions = partitions;
        }

        /// <summary>The table.</summary>
        public string Table { get; }

        /// <summary>Partitions (union of every request), empty = whole table.</summary>
        public IReadOnlyList<string> Partitions { get; }

        /// <inheritdoc />
        public override string ToString() => Partitions.Count == 0 ? Table : $"{Table} PARTITION ({string.Join(", ", Partitions)})";
    }

    /// <summary>The one BACKUP statement of one database.</summary>
    public sealed class DatabaseBackup
    {
        internal DatabaseBackup(string database, string label, string repository, IReadOnlyList<BackupTableSelection> tables, string sql)
        {
            Database = database;
            Label = label;
            Repository = repository;
            Tables = tables;
            Sql = sql;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The snapshot label.</summary>
        public string Label { get; }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>Tables; empty = the whole database.</summary>
        public IReadOnlyList<BackupTableSelection> Tables { get; }

        /// <summary>True when the whole database is backed up.</summary>
        public bool IsWholeDatabase => Tables.Count == 0;

        /// <summary>The exact statement (it carries no secret).</summary>
        public string Sql { get; }

        /// <inheritdoc />
        public override string ToString() => Sql;
    }

    /// <summary>What <see cref="BackupService.StartAsync(BackupPlan, BackupStartOptions, IOperationObserver, System.Threading.CancellationToken)"/> will do.</summary>
    public sealed class BackupPlan
    {
        internal BackupPlan(string repository, IReadOnlyList<DatabaseBackup> databases)
        {
            Repository = repository;
            Databases = databases;
        }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>One entry per database, in first-requested order.</summary>
        public IReadOnlyList<DatabaseBackup> Databases { get; }

        /// <summary>Every statement, one per line (for -WhatIf).</summary>
        public string Describe() => string.Join(Environment.NewLine, Databases.Select(d => d.Sql));

        /// <inheritdoc />
        public override string ToString() => $"{Databases.Count} backup(s) to {Repository}";
    }

    /// <summary>Options for submitting backups.</summary>
    public sealed class BackupStartOptions
    {
        /// <summary>Databases submitted/waited in parallel (default 4).</summary>
        public int MaxParallelDatabases { get; set; } = 4;

        /// <summary>Fail with JobInProgress instead of waiting when a database already has a running job.</summary>
        public bool FailIfBusy { get; set; }

        /// <summary>How to wait for a busy database's running job (defaults: no timeout).</summary>
        public Jobs.WaitOptions BusyWait { get; set; } = new Jobs.WaitOptions();
    }

    /// <summary>The result of submitting one database's backup.</summary>
    public sealed class DatabaseBackupResult
    {
        internal DatabaseBackupResult(DatabaseBackup plan, Model.BackupJob? job, StarRocksBackupException? error)
        {
            Plan = plan;
            Job = job;
            Error = error;
        }

        /// <summary>What was submitted.</summary>
        public DatabaseBackup Plan { get; }

        /// <summary>The started job (with JobId, CreateTime, Repository), or null when submission failed.</summary>
        public Model.BackupJob? Job { get; }

        /// <summary>Why submission failed, or null.</summary>
        public StarRocksBackupException? Error { get; }

        /// <summary>True when the job was started.</summary>
        public bool Succeeded => Job != null;
    }
}
