using System;
using System.Linq;
using StarRocksBackup.Core.Restore;

namespace StarRocksBackup
{
    /// <summary>Exactly what a restore does (or would do under -WhatIf); carried by Restore-SrSnapshot's job objects.</summary>
    public sealed class RestorePlanInfo
    {
        private RestorePlanInfo(RestorePlan plan)
        {
            Repository = plan.Repository;
            Snapshot = plan.Snapshot;
            Timestamp = plan.Timestamp;
            TimestampIsLatest = plan.TimestampIsLatest;
            SourceDatabase = plan.SourceDatabase;
            TargetDatabase = plan.TargetDatabase;
            TargetDatabaseExists = plan.TargetDatabaseExists;
            WholeSnapshot = plan.WholeSnapshot;
            Tables = plan.Tables.Select(t => t.ToString()).ToArray();
            OverwrittenTables = plan.Tables.Where(t => t.Overwrite).Select(t => t.TargetTable).ToArray();
            ReplicationNum = plan.ReplicationNum;
            ReplicationNumReason = plan.ReplicationNumReason;
            AliveBackends = plan.AliveBackends;
            AllowLoad = plan.AllowLoad;
            Timeout = plan.Timeout;
            Warnings = plan.Warnings.ToArray();
            Sql = plan.Sql;
            PrerequisiteSql = plan.PrerequisiteSql.ToArray();
            Summary = plan.Describe();
        }

        /// <summary>The repository.</summary>
        public string Repository { get; }

        /// <summary>The snapshot label.</summary>
        public string Snapshot { get; }

        /// <summary>The backup timestamp restored.</summary>
        public string Timestamp { get; }

        /// <summary>True when no timestamp was given and the latest was chosen.</summary>
        public bool TimestampIsLatest { get; }

        /// <summary>The database recorded in the snapshot.</summary>
        public string SourceDatabase { get; }

        /// <summary>The database restored into.</summary>
        public string TargetDatabase { get; }

        /// <summary>False when the restore creates the target database.</summary>
        public bool TargetDatabaseExists { get; }

        /// <summary>True when everything in the snapshot is restored.</summary>
        public bool WholeSnapshot { get; }

        /// <summary>Each table: source → target, partitions, and whether it is new or overwritten.</summary>
        public string[] Tables { get; }

        /// <summary>Existing tables the restore overwrites.</summary>
        public string[] OverwrittenTables { get; }

        /// <summary>True when an existing table is overwritten.</summary>
        public bool OverwritesExistingTables => OverwrittenTables.Length > 0;

        /// <summary>replication_num sent (null = server default).</summary>
        public int? ReplicationNum { get; }

        /// <summary>Why that replication_num.</summary>
        public string ReplicationNumReason { get; }

        /// <summary>Alive backends seen while planning.</summary>
        public int? AliveBackends { get; }

        /// <summary>allow_load.</summary>
        public bool AllowLoad { get; }

        /// <summary>The job timeout sent.</summary>
        public TimeSpan? Timeout { get; }

        /// <summary>Things to know before running it.</summary>
        public string[] Warnings { get; }

        /// <summary>The exact RESTORE statement (secrets masked; it carries none).</summary>
        public string Sql { get; }

        /// <summary>Statements sent before the RESTORE (e.g. CREATE DATABASE for the target on servers before 3.4).</summary>
        public string[] PrerequisiteSql { get; }

        /// <summary>The plan as readable text (what -WhatIf prints).</summary>
        public string Summary { get; }

        /// <inheritdoc />
        public override string ToString() => Sql;

        internal static RestorePlanInfo From(RestorePlan plan) => new RestorePlanInfo(plan);
    }
}
