using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Policy;
using StarRocksBackup.Core.Storage;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>
    /// Runs a backup policy file: plans changed partitions, backs up (one job per database, in parallel), waits, records the
    /// catalog, writes one summary per database, and fails with a terminating error at the end when any database failed.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SrBackupPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PolicyRunSummaryInfo))]
    public sealed class InvokeSrBackupPolicyCommand : StorageAccessCmdlet
    {
        private BackupPolicy? _policy;
        private StarRocksClient? _ownClient;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        protected override void BeginProcessing()
        {
            // Validate the whole file before anything runs (and before connecting).
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            _policy = PolicyFile.Load(this, path);
            _ownClient = PolicyFile.ConnectIfConfigured(this, _policy, path);
            base.BeginProcessing();
        }

        protected override void EndProcessing()
        {
            try
            {
                RunPolicy();
            }
            finally
            {
                // A connection made from the policy's own section lives for this run only.
                _ownClient?.Dispose();
            }
        }

        private void RunPolicy()
        {
            BackupPolicy policy = _policy!;
            ObjectStoreOptions storage;
            try
            {
                storage = PolicyFile.StorageFor(this, policy, policy.Repository);
            }
            catch (StarRocksBackupException ex)
            {
                ThrowTerminatingError(Errors.From(ex, Path));
                return;
            }

            bool real = ShouldProcess(TargetText(policy.Repository), $"Run backup policy '{Path}' (sets: {string.Join(", ", policy.Sets.Select(s => s.Name))})");
            PolicyRunResult result;
            try
            {
                result = Run(async (sink, ct) =>
                {
                    using CatalogAccess access = await CatalogAccess.OpenAsync(ActiveConnection.Client, policy.Repository, storage, sink, ct).ConfigureAwait(false);
                    var runner = new PolicyRunner(ActiveConnection.Client, access.Catalog, policy);
                    PolicyRunResult r = await runner.RunAsync(!real, sink, ct).ConfigureAwait(false);
                    if (real)
                    {
                        r.Notification = await PolicyNotifier.NotifyAsync(policy.Notification, r, policy.Repository, sink, ct).ConfigureAwait(false);
                    }

                    return r;
                });
            }
            catch (Exception ex) when (Errors.IsExpected(ex))
            {
                ThrowTerminatingError(Errors.From(ex, Path));
                return;
            }

            foreach (DatabaseRunSummary s in result.Databases)
            {
                if (!real && s.Outcome == DatabaseRunOutcome.Planned)
                {
                    // -WhatIf: the plan, one line per database (ShouldProcess prints "What if: …").
                    ShouldProcess(TargetText(s.Database), $"{s.Kind} backup of {s.PartitionCount} partition(s): {s.Statement}");
                }

                WriteObject(PolicyRunSummaryInfo.From(s));
            }

            if (result.Notification.Length > 0)
            {
                WriteVerbose("Notification: " + result.Notification + ".");
            }

            if (!result.Succeeded)
            {
                string failed = string.Join("; ", result.Databases.Where(d => !d.Succeeded).Select(d => $"{d.Database}: {d.Error}"));
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(result.Headline(policy.Repository) + " " + failed),
                    ErrorIds.BackupPolicyFailed, ErrorCategory.InvalidResult, Path)
                {
                    ErrorDetails = new ErrorDetails(result.Headline(policy.Repository) + " " + failed)
                    {
                        RecommendedAction = "Read each failed database's Error in the summaries, fix the cause, and run the policy again: the next run backs up what this one could not.",
                    },
                });
            }
        }
    }
}
