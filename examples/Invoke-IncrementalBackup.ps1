<#
.SYNOPSIS
    Nightly incremental StarRocks backup: runs a backup policy and fails loudly when any database failed.

.DESCRIPTION
    Connects to the FE, registers how to reach the repository's object storage (the backup catalog lives there,
    beside the snapshots), and runs the policy file: only partitions whose VISIBLE_VERSION changed since their
    last backup are backed up (one job per database, databases in parallel), every finished backup is recorded
    in the catalog, and one summary per database is written. "Nothing changed" is a success. If any database
    failed, Invoke-SrBackupPolicy throws after every database had its chance, so this script ends with an error
    (pwsh -File exits with 1): Task Scheduler, cron and CI alert on that.

    Create the policy once with New-SrBackupPolicy -Path nightly.yaml -Repository <repo> -Database <names>.

.EXAMPLE
    ./Invoke-IncrementalBackup.ps1 -Server fe1.example.com -Credential (Get-Credential backup) `
        -PolicyPath ./nightly.yaml -StorageCredential $s3Keys -StorageEndpoint https://s3.example.com
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Server,
    [int] $Port = 9030,
    [Parameter(Mandatory)] [pscredential] $Credential,
    [Parameter(Mandatory)] [string] $PolicyPath,
    # Keys of the repository's object storage (for the backup catalog). Without them the AWS default chain is used.
    [pscredential] $StorageCredential,
    [string] $StorageEndpoint,
    [string] $StorageRegion = 'us-east-1'
)

$ErrorActionPreference = 'Stop'
Import-Module StarRocksBackup

$repository = ((Get-Content -Path $PolicyPath) | Where-Object { $_ -match '^repository:\s*(.+)$' } | Select-Object -First 1) -replace '^repository:\s*', '' -replace "^'|'$", ''

Connect-SrServer -Server $Server -Port $Port -Credential $Credential
try {
    if ($StorageCredential -or $StorageEndpoint) {
        $storage = @{ Repository = $repository; StorageRegion = $StorageRegion }
        if ($StorageCredential) { $storage['StorageCredential'] = $StorageCredential }
        if ($StorageEndpoint) { $storage['StorageEndpoint'] = $StorageEndpoint }
        Set-SrRepositoryStorage @storage
    }

    $summaries = @()
    try {
        Invoke-SrBackupPolicy -Path $PolicyPath | ForEach-Object { $summaries += $_; $_ }
    } finally {
        $summaries | Format-Table Database, Outcome, Kind, PartitionCount, LateDataIgnored, Snapshot, Error -AutoSize |
            Out-String | Write-Host
    }
} finally {
    Disconnect-SrServer
}
