using System;
using System.Collections.Generic;
using System.Linq;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.History;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>One database's plan in a policy run.</summary>
    public sealed class DatabasePolicyPlan
    {
        internal DatabasePolicyPlan(string database, BackupSet set, DatabaseChanges changes, bool full)
        {
            Database = database;
            Set = set;
            Changes = changes;
            Full = full;
        }

        /// <summary>The database.</summary>
        public string Database { get; }

        /// <summary>Its set.</summary>
        public BackupSet Set { get; }

        /// <summary>What changed.</summary>
        public DatabaseChanges Changes { get; }

        /// <summary>True when a full backup is due.</summary>
        public bool Full { get; }

        /// <summary>The partitions to back up.</summary>
        public IReadOnlyList<PartitionChange> ToBackUp => Changes.ToBackUp.ToList();

        /// <summary>True when nothing needs a backup.</summary>
        public bool NothingToDo => !Changes.ToBackUp.Any();

        /// <summary>Bytes of the partitions to back up, as partitions_meta reports them (unknown sizes count 0): how big its job is.</summary>
        public long BytesToBackUp => Changes.ToBackUp.Sum(c => c.Current.DataSizeBytes ?? 0);

        /// <summary>The backup targets: a whole table when every partition of it is included, else its partitions.</summary>
        public IReadOnlyList<BackupTarget> Targets()
        {
            var byTable = Changes.Partitions.GroupBy(p => p.Table, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            return Changes.ToBackUp.GroupBy(c => c.Current.Table, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Count() == byTable[g.Key]
                    ? new BackupTarget(Database, g.Key)
                    : new BackupTarget(Database, g.Key, g.Select(c => c.Current.Name)))
                .ToList();
        }

        /// <summary><c>full</c> when every selected partition is in the backup, else <c>incremental</c>.</summary>
        public string Kind => Changes.ToBackUp.Count() == Changes.Partitions.Count ? BackupManifest.KindFull : BackupManifest.KindIncremental;
    }
}
