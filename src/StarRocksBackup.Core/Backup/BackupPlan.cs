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

    /// <summary>A view, materialized view or function in a database backup (3.4+).</summary>
    public sealed class BackupObjectSelection
    {
        /// <summary>Creates a selection.</summary>
        public BackupObjectSelection(Model.DatabaseObjectKind kind, string name)
        {
            Kind = kind;
            Name = name;
        }

        /// <summary>View, MaterializedView or Function.</summary>
        public Model.DatabaseObjectKind Kind { get; }

        /// <summary>The name (a function: every overload of it).</summary>
        public string Name { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Kind} {Name}";
    }

    /// <summary>The one BACKUP statement of one database.</summary>
    public sealed class DatabaseBackup
    {
        internal DatabaseBackup(string database, string label, string repository, IReadOnlyList<BackupTableSelection> tables, string sql)
            : this(database, label, repository, tables, Array.Empty<BackupObjectSelection>(), sql)
        {
        }

        internal DatabaseBackup(string database, string label, string repository, IReadOnlyList<BackupTableSelection> tables,
            IReadOnlyList<BackupObjectSelection> objects, string sql)
        {
            Database = database;
            Label = label;
            Repository = repository;
            Tables = tables;
            Objects = objects;
            Sql = sql;
        }

        /// <summary>Views, MVs and functions named explicitly (3.4+); empty with no tables = the whole database.</summary>
        public IReadOnlyList<BackupObjectSelection> Objects { get; }

        /// <summary>What the backup holds, for messages: "the whole database" or the tables and objects.</summary>
        public string Describe() => IsWholeDatabase ? "the whole database"
            : string.Join(", ", Tables.Select(t => t.ToString()).Concat(Objects.Select(o => o.ToString())));

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>The snapshot label.</summary>
        public string Label { get; }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>Tables; empty = the whole database.</summary>
        public IReadOnlyList<BackupTableSelection> Tables { get; }

        /// <summary>True when the whole database is backed up.</summary>
        public bool IsWholeDatabase => Tables.Count == 0 && Objects.Count == 0;

        /// <summary>The exact statement (it carries no secret).</summary>
        public string Sql { get; }

        /// <inheritdoc />
        public override string ToString() => Sql;
    }

    /// <summary>The BACKUP of external catalogs (3.4+): its own snapshot, no database.</summary>
    public sealed class CatalogBackup
    {
        internal CatalogBackup(string label, string repository, IReadOnlyList<string>? catalogs, string sql)
        {
            Label = label;
            Repository = repository;
            Catalogs = catalogs;
            Sql = sql;
        }

        /// <summary>The snapshot label.</summary>
        public string Label { get; }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>The catalogs named, or null for ALL EXTERNAL CATALOGS.</summary>
        public IReadOnlyList<string>? Catalogs { get; }

        /// <summary>The statement.</summary>
        public string Sql { get; }

        /// <inheritdoc />
        public override string ToString() => Sql;
    }

    /// <summary>What <see cref="BackupService.StartAsync(BackupPlan, BackupStartOptions, IOperationObserver, System.Threading.CancellationToken)"/> will do.</summary>
    public sealed class BackupPlan
    {
        internal BackupPlan(string repository, IReadOnlyList<DatabaseBackup> databases, CatalogBackup? catalogs = null)
        {
            Repository = repository;
            Databases = databases;
            Catalogs = catalogs;
        }

        /// <summary>The external-catalog backup, if any was asked for.</summary>
        public CatalogBackup? Catalogs { get; }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>One entry per database, in first-requested order.</summary>
        public IReadOnlyList<DatabaseBackup> Databases { get; }

        /// <summary>Every statement, one per line (for -WhatIf).</summary>
        public string Describe() => string.Join(Environment.NewLine, Databases.Select(d => d.Sql).Concat(Catalogs == null ? Array.Empty<string>() : new[] { Catalogs.Sql }));

        /// <inheritdoc />
        public override string ToString() => $"{Databases.Count} backup(s) to {Repository}";
    }

    /// <summary>Options for submitting backups.</summary>
    public sealed class BackupStartOptions
    {
        /// <summary>
        /// At most this many databases are worked on at once (default 4). With <see cref="ThrottleRunningJobs"/> and more
        /// databases than this, it is the number of backup jobs RUNNING on the cluster at once.
        /// </summary>
        public int MaxParallelDatabases { get; set; } = 4;

        /// <summary>
        /// True (default): when the plan has more databases than <see cref="MaxParallelDatabases"/>, a database keeps its
        /// slot until its backup job ends (FINISHED or CANCELLED), so the next database's BACKUP is sent only when a slot
        /// frees and at most <see cref="MaxParallelDatabases"/> jobs run at once; <see cref="BackupService.StartAsync"/> then
        /// returns when the last jobs have been submitted (the earlier ones have ended, see
        /// <see cref="DatabaseBackupResult.WaitResult"/>). A plan that fits in the throttle is submitted at once either way.
        /// False: the throttle only bounds concurrent submissions (every job may run at once).
        /// </summary>
        public bool ThrottleRunningJobs { get; set; } = true;

        /// <summary>
        /// How to wait for a job that holds a throttle slot (defaults: no timeout, no stall limit). A timeout or stall
        /// frees the slot although the job still runs on the server; the result reports it.
        /// </summary>
        public Jobs.WaitOptions RunningJobWait { get; set; } = new Jobs.WaitOptions();

        /// <summary>Fail with JobInProgress instead of waiting when a database already has a running job.</summary>
        public bool FailIfBusy { get; set; }

        /// <summary>How to wait for a busy database's running job (defaults: no timeout).</summary>
        public Jobs.WaitOptions BusyWait { get; set; } = new Jobs.WaitOptions();

        /// <summary>
        /// True when the caller built the plan from a partitions_meta query that left temporary partitions out (a policy
        /// run): the pre-BACKUP check for temporary partitions, one more partitions_meta query per database, is skipped.
        /// </summary>
        public bool TemporaryPartitionsExcluded { get; set; }

        /// <summary>
        /// True: send BACKUP without first asking SHOW BACKUP whether the database is busy. A busy database answers
        /// "already has a running job" and is then waited for exactly as with the check (unless <see cref="FailIfBusy"/>),
        /// so the outcome is the same with one round trip fewer per database when databases are idle, as they usually are.
        /// </summary>
        public bool SubmitBeforeCheckingBusy { get; set; }

        /// <summary>
        /// Runs for each database right before its BACKUP is sent, in that database's own task (a policy run writes the
        /// backup's plan to the catalog here, so a run stopped after the BACKUP can be recorded by the next). When it
        /// throws a <see cref="StarRocksBackupException"/>, that database's BACKUP is not sent and its result carries the
        /// error; the other databases go on.
        /// </summary>
        public Func<DatabaseBackup, System.Threading.CancellationToken, System.Threading.Tasks.Task>? BeforeSubmit { get; set; }
    }

    /// <summary>The result of submitting one database's backup.</summary>
    public sealed class DatabaseBackupResult
    {
        internal DatabaseBackupResult(DatabaseBackup plan, Model.BackupJob? job, StarRocksBackupException? error, Jobs.JobWaitResult? waitResult = null)
        {
            Plan = plan;
            Job = job;
            Error = error;
            WaitResult = waitResult;
        }

        /// <summary>What was submitted.</summary>
        public DatabaseBackup Plan { get; }

        /// <summary>The started job (with JobId, CreateTime, Repository), or null when submission failed.</summary>
        public Model.BackupJob? Job { get; }

        /// <summary>Why submission failed, or null.</summary>
        public StarRocksBackupException? Error { get; }

        /// <summary>True when the job was started.</summary>
        public bool Succeeded => Job != null;

        /// <summary>
        /// How the job ended when it held a throttle slot until its end (see <see cref="BackupStartOptions.ThrottleRunningJobs"/>):
        /// Finished, or Failed (CANCELLED) / TimedOut / Stalled / Lost with the error. Null when the job was only submitted
        /// (pass <see cref="Job"/> to <see cref="Jobs.JobService.WaitAsync"/>) or was not started.
        /// </summary>
        public Jobs.JobWaitResult? WaitResult { get; }

        /// <summary>True when the job was started and then ended in any way but FINISHED (see <see cref="WaitResult"/>).</summary>
        public bool JobFailed => WaitResult != null && !WaitResult.Succeeded;
    }
}
