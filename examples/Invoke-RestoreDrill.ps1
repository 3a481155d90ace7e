<#
.SYNOPSIS
    Restore drill: restore the newest good snapshot of a database into a scratch database and
    compare row counts with the source - proof that last night's backup can actually come back.

.DESCRIPTION
    Never touches the source database: the restore goes to -ScratchDatabase (default
    <Database>_drill_<yyyyMMdd>), whose tables must not exist yet (the module refuses to overwrite
    existing tables with ErrorId OverwriteRefused, and the drill never passes -Force). The module
    creates the scratch database when it is missing (on servers before 3.4 with CREATE DATABASE IF NOT
    EXISTS before the legacy RESTORE form). Exits non-zero when no snapshot is found, the restore fails,
    or a restored partition is missing, empty while the source has rows, or holds more rows than
    the source (rows loaded after the snapshot explain "fewer", never "more"). Drop the scratch database afterwards
    (DROP DATABASE ... FORCE) or keep it for inspection.

.EXAMPLE
    ./examples/Invoke-RestoreDrill.ps1 -Server fe1 -Credential (Get-Credential) -Repository nightly -Database sales

.EXAMPLE
    # Unattended (Task Scheduler, cron), with the credential exported once by the same user:
    pwsh -NoProfile -File ./examples/Invoke-RestoreDrill.ps1 -Server fe1 -Repository nightly -Database sales -CredentialPath "$env:USERPROFILE\starrocks.cred.xml"
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Server,
    [int] $Port = 9030,
    [pscredential] $Credential,
    # Alternative to -Credential for unattended runs: a file written by Export-Clixml.
    [string] $CredentialPath,
    [Parameter(Mandatory)] [string] $Repository,
    [Parameter(Mandatory)] [string] $Database,
    [string] $ScratchDatabase,
    # A drill on a small test cluster may have fewer backends than production's replication_num.
    [int] $ReplicationNum = 1
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module StarRocksBackup

if (-not $Credential -and $CredentialPath) { $Credential = Import-Clixml -Path $CredentialPath }
if (-not $Credential) { throw 'Give -Credential or -CredentialPath.' }
if (-not $ScratchDatabase) { $ScratchDatabase = '{0}_drill_{1}' -f $Database, (Get-Date -Format 'yyyyMMdd') }

Connect-SrServer -Server $Server -Port $Port -Credential $Credential
try {
    $snapshot = Get-SrSnapshot -Repository $Repository -Detailed |
        Where-Object { $_.IsOk -and $_.Database -eq $Database } |
        Sort-Object -Property Time -Descending |
        Select-Object -First 1
    if (-not $snapshot) { throw "No complete snapshot of '$Database' in repository '$Repository'." }
    Write-Output ("Restoring {0} ({1}) into {2}" -f $snapshot.Snapshot, $snapshot.Timestamp, $ScratchDatabase)

    $job = $snapshot | Restore-SrSnapshot -AsDatabase $ScratchDatabase -ReplicationNum $ReplicationNum -Confirm:$false | Wait-SrJob
    if ($job.State.ToString() -ne 'Finished') { throw "Restore ended in state $($job.State): $($job.FailureText)" }

    # Compare per-partition row counts of every table the snapshot holds.
    $differences = @()
    foreach ($table in $snapshot.Tables) {
        $source = @(Get-SrPartition -Database $Database -Table $table)
        $restored = @(Get-SrPartition -Database $ScratchDatabase -Table $table)
        foreach ($p in $source) {
            $r = $restored | Where-Object Partition -eq $p.Partition
            if (-not $r) { $differences += "$table/$($p.Partition): missing after restore"; continue }
            # Rows loaded into the source after the snapshot explain "more in source", never "more in restore".
            if ($r.RowCount -gt $p.RowCount) { $differences += "$table/$($p.Partition): $($r.RowCount) restored > $($p.RowCount) in source" }
            if ($r.RowCount -eq 0 -and $p.RowCount -gt 0) { $differences += "$table/$($p.Partition): restored empty, source has $($p.RowCount)" }
        }
    }
    if ($differences.Count -gt 0) { throw ("Restore drill found differences:`n  " + ($differences -join "`n  ")) }
    Write-Output ("Drill passed: {0} table(s) of {1} restored into {2}." -f @($snapshot.Tables).Count, $Database, $ScratchDatabase)
} finally {
    Disconnect-SrServer
}
