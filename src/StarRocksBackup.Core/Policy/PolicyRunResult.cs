using System;
using System.Collections.Generic;
using System.Linq;
using StarRocksBackup.Core.History;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>How one database fared in a policy run.</summary>
    public enum DatabaseRunOutcome
    {
        /// <summary>The backup finished and was recorded in the catalog.</summary>
        Succeeded,

        /// <summary>Nothing changed: no backup was needed (a success).</summary>
        NothingChanged,

        /// <summary>Detection, submission, the job or the catalog write failed.</summary>
        Failed,

        /// <summary>-WhatIf: planned only.</summary>
        Planned,
    }

    /// <summary>One database's summary.</summary>
    public sealed class DatabaseRunSummary
    {
        /// <summary>The database.</summary>
        public string Database { get; set; } = string.Empty;

        /// <summary>The policy set it belongs to.</summary>
        public string Set { get; set; } = string.Empty;

        /// <summary>The repository.</summary>
        public string Repository { get; set; } = string.Empty;

        /// <summary>The outcome.</summary>
        public DatabaseRunOutcome Outcome { get; set; }

        /// <summary><c>full</c> or <c>incremental</c> (empty when nothing was backed up).</summary>
        public string Kind { get; set; } = string.Empty;

        /// <summary>The snapshot label (empty when nothing was backed up).</summary>
        public string Label { get; set; } = string.Empty;

        /// <summary>StarRocks' backup timestamp once recorded.</summary>
        public string BackupTimestamp { get; set; } = string.Empty;

        /// <summary>The BACKUP statement.</summary>
        public string Statement { get; set; } = string.Empty;

        /// <summary>Every partition that needed a backup, and late data ignored, with reasons.</summary>
        public IReadOnlyList<PartitionChange> Changes { get; set; } = Array.Empty<PartitionChange>();

        /// <summary>Partitions in the backup.</summary>
        public int PartitionCount => Changes.Count(c => c.NeedsBackup);

        /// <summary>Late data left out by the policy.</summary>
        public int LateDataIgnored => Changes.Count(c => !c.NeedsBackup);

        /// <summary>True once the manifest exists.</summary>
        public bool Recorded { get; set; }

        /// <summary>Why it failed.</summary>
        public string Error { get; set; } = string.Empty;

        /// <summary>The error's kind when it failed.</summary>
        public ErrorKind? ErrorKind { get; set; }

        /// <summary>When work on the database started (UTC).</summary>
        public DateTimeOffset Started { get; set; }

        /// <summary>When it ended (UTC).</summary>
        public DateTimeOffset Ended { get; set; }

        /// <summary>True unless <see cref="Outcome"/> is Failed.</summary>
        public bool Succeeded => Outcome != DatabaseRunOutcome.Failed;

        /// <inheritdoc />
        public override string ToString() => $"{Database}: {Outcome}{(Label.Length > 0 ? " " + Label : string.Empty)} ({PartitionCount} partition(s)){(Error.Length > 0 ? " - " + Error : string.Empty)}";
    }

    /// <summary>A whole run.</summary>
    public sealed class PolicyRunResult
    {
        /// <summary>Per database, in name order.</summary>
        public List<DatabaseRunSummary> Databases { get; } = new List<DatabaseRunSummary>();

        /// <summary>Snapshots found finished but missing from the catalog at the start, recorded then.</summary>
        public List<BackupManifest> Recovered { get; } = new List<BackupManifest>();

        /// <summary>Whether the webhook was called, and how it answered (empty when not called).</summary>
        public string Notification { get; set; } = string.Empty;

        /// <summary>True when no database failed.</summary>
        public bool Succeeded => Databases.All(d => d.Succeeded);

        /// <summary>One line for humans and chat webhooks.</summary>
        public string Headline(string repository)
        {
            int failed = Databases.Count(d => !d.Succeeded);
            int backedUp = Databases.Count(d => d.Outcome == DatabaseRunOutcome.Succeeded);
            int unchanged = Databases.Count(d => d.Outcome == DatabaseRunOutcome.NothingChanged);
            string head = failed > 0 ? "StarRocks backup policy FAILED" : "StarRocks backup policy succeeded";
            string names = failed > 0 ? ": failed " + string.Join(", ", Databases.Where(d => !d.Succeeded).Select(d => d.Database)) : string.Empty;
            return $"{head} on repository '{repository}' ({Databases.Count} database(s): {backedUp} backed up, {unchanged} unchanged, {failed} failed){names}.";
        }
    }
}
