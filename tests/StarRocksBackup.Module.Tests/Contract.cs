// The public contract the checks hold the cmdlet assembly to: names from issues 3 and 4, and the
// rules that follow from docs/ARCHITECTURE.md and house-style §4.3/§4.13. Kept in one place so a
// reviewer can hold it against the issues line by line.
namespace StarRocksBackup.Module.Tests;

public static class Contract
{
    /// <summary>Issue 3: the daily backup → wait → list → restore slice. Every one must exist.</summary>
    public static readonly string[] Issue3Cmdlets =
    {
        "Connect-SrServer", "Disconnect-SrServer", "Get-SrDatabase", "Get-SrTable", "Get-SrPartition",
        "New-SrRepository", "Get-SrRepository", "Remove-SrRepository", "Start-SrBackup", "Get-SrBackupJob",
        "Get-SrRestoreJob", "Wait-SrJob", "Stop-SrJob", "Get-SrSnapshot", "Restore-SrSnapshot",
    };

    /// <summary>Issue 4: shared-data cluster snapshots and DR. Checked when present (built on another branch).</summary>
    public static readonly string[] Issue4Cmdlets =
    {
        "Enable-SrClusterSnapshot", "Disable-SrClusterSnapshot", "Get-SrClusterSnapshot", "Get-SrClusterSnapshotJob",
        "Get-SrStorageVolume", "Find-SrClusterSnapshot", "New-SrClusterSnapshotConfig",
    };

    public const string NounPrefix = "Sr";

    /// <summary>Verbs that change server or object-storage state: these must support -WhatIf/-Confirm.</summary>
    public static readonly string[] StateChangingVerbs = { "New", "Remove", "Start", "Stop", "Restore", "Enable", "Disable", "Set" };

    /// <summary>Destructive verbs: ConfirmImpact High, so they prompt by default (house-style §4.3 rule 6).</summary>
    public static readonly string[] HighImpactVerbs = { "Restore", "Remove", "Disable" };

    /// <summary>
    /// Cmdlets that write nothing to the pipeline by design, so they may omit [OutputType] — unless they
    /// have a -PassThru switch, in which case what PassThru emits must be declared.
    /// </summary>
    public static readonly string[] NoOutputByDesign =
    {
        "Disconnect-SrServer",        // closes the runspace default connection
        "Remove-SrRepository",        // DROP REPOSITORY
        "Stop-SrJob",                 // CANCEL BACKUP/RESTORE
        "Enable-SrClusterSnapshot",   // ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON
        "Disable-SrClusterSnapshot",  // … OFF
    };

    /// <summary>
    /// The pipelines users write every day (issue 3). Each step names the parameters the user types on
    /// the command line; everything else mandatory must bind from the upstream output.
    /// </summary>
    public static readonly PipelineStep[][] Pipelines =
    {
        new[] { new PipelineStep("Get-SrTable"), new PipelineStep("Get-SrPartition") },
        new[] { new PipelineStep("Get-SrPartition"), new PipelineStep("Start-SrBackup", "Repository"), new PipelineStep("Wait-SrJob") },
        new[] { new PipelineStep("Get-SrSnapshot"), new PipelineStep("Restore-SrSnapshot", "Force"), new PipelineStep("Wait-SrJob") },
    };

    /// <summary>
    /// Issue 4's pipelines ("takes snapshot objects from the pipeline (Find-/Get-SrClusterSnapshot)"),
    /// checked when every cmdlet in them exists (that slice is built on another branch).
    /// </summary>
    public static readonly PipelineStep[][] OptionalPipelines =
    {
        new[] { new PipelineStep("Find-SrClusterSnapshot"), new PipelineStep("New-SrClusterSnapshotConfig", "Path") },
        new[] { new PipelineStep("Get-SrClusterSnapshot"), new PipelineStep("New-SrClusterSnapshotConfig", "Path") },
    };

    /// <summary>Parameter names that must never carry a secret as plain text.</summary>
    public static readonly string[] SecretParameterNames = { "Password", "SecretKey", "SecretAccessKey", "AccessKeySecret", "Secret" };

    /// <summary>Assemblies the cmdlet assembly may reference (house-style §4.1 layering rule).</summary>
    public static readonly string[] AllowedReferences = { "netstandard", "System.Management.Automation", "StarRocksBackup.Core" };
}

public sealed record PipelineStep(string Cmdlet, params string[] CommandLineParameters)
{
    public override string ToString() =>
        CommandLineParameters.Length == 0 ? Cmdlet : $"{Cmdlet} {string.Join(" ", CommandLineParameters.Select(p => "-" + p + " …"))}";
}
