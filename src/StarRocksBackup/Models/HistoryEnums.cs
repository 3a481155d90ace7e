namespace StarRocksBackup
{
    /// <summary>Why Get-SrPartition -Changed (and a policy run) lists a partition.</summary>
    public enum SrPartitionChangeReason
    {
        /// <summary>The partition appeared since its table was last backed up.</summary>
        New,

        /// <summary>Its VISIBLE_VERSION differs from the version recorded at its last backup.</summary>
        Changed,

        /// <summary>No backup in the catalog holds it.</summary>
        NeverBackedUp,

        /// <summary>A partition of that name was backed up with another id: dropped and re-created.</summary>
        Recreated,

        /// <summary>Late data: changed, but its range is older than the late-data age; not backed up.</summary>
        LateDataIgnored,

        /// <summary>Unchanged, included because a full backup is due.</summary>
        Full,
    }

    /// <summary>How one database fared in a policy run.</summary>
    public enum SrPolicyOutcome
    {
        /// <summary>The backup finished and was recorded in the catalog.</summary>
        Succeeded,

        /// <summary>Nothing changed: no backup needed (a success).</summary>
        NothingChanged,

        /// <summary>Detection, submission, the job or the catalog write failed.</summary>
        Failed,

        /// <summary>-WhatIf: planned only.</summary>
        Planned,
    }
}
