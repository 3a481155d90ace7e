<#
.SYNOPSIS
    Nightly runbook: back up every user database of a StarRocks cluster and fail loudly.

.DESCRIPTION
    Connects, lists the databases, starts one BACKUP per database (StarRocks allows one running
    backup/restore job per database, so Start-SrBackup groups the work that way and runs databases
    in parallel), waits for all of them and exits non-zero when any job failed - so Task Scheduler,
    cron or a CI scheduler alerts. Secrets come from a PSCredential, never from the command line.

.EXAMPLE
    $cred = Get-Credential backup_user
    ./examples/Invoke-NightlyBackup.ps1 -Server fe1.example.net -Credential $cred -Repository nightly

.EXAMPLE
    # From a scheduled task, with the credential exported once by the same user (DPAPI on Windows):
    #   Get-Credential | Export-Clixml "$env:USERPROFILE\starrocks.cred.xml"
    pwsh -NoProfile -File ./examples/Invoke-NightlyBackup.ps1 -Server fe1 -Repository nightly -CredentialPath "$env:USERPROFILE\starrocks.cred.xml"
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Server,
    [int] $Port = 9030,
    [pscredential] $Credential,
    # Alternative to -Credential for unattended runs: a file written by Export-Clixml.
    [string] $CredentialPath,
    [Parameter(Mandatory)] [string] $Repository,
    # StarRocks' own schemas are not backed up.
    [string[]] $ExcludeDatabase = @('information_schema', '_statistics_', 'sys'),
    [switch] $UseSsl
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module StarRocksBackup

if (-not $Credential -and $CredentialPath) { $Credential = Import-Clixml -Path $CredentialPath }
if (-not $Credential) { throw 'Give -Credential or -CredentialPath.' }

Connect-SrServer -Server $Server -Port $Port -Credential $Credential -UseSsl:$UseSsl
try {
    $databases = @(Get-SrDatabase | Where-Object { $ExcludeDatabase -notcontains $_.Database })
    if ($databases.Count -eq 0) { throw "No databases to back up on $Server." }
    Write-Verbose ("Backing up {0} database(s): {1}" -f $databases.Count, (($databases | ForEach-Object Database) -join ', '))

    # Non-terminating errors (one database failing) are collected, not swallowed: the others go on.
    $jobs = @($databases | Start-SrBackup -Repository $Repository -Confirm:$false -ErrorAction Continue -ErrorVariable startErrors)
    $finished = @($jobs | Wait-SrJob -ErrorAction Continue -ErrorVariable waitErrors)
    $failures = @($startErrors) + @($waitErrors)

    $finished | Format-Table -Property 'Database', 'Label', 'State', 'FinishedTime' -AutoSize | Out-String | Write-Output
    if ($failures.Count -gt 0) {
        # Each error was written when it happened (-ErrorAction Continue); the summary names them once more
        # in the terminating error, which is what the scheduler's alert shows.
        $lines = $failures | ForEach-Object { '  [{0}] {1}' -f $_.FullyQualifiedErrorId.Split(',')[0], $_.Exception.Message }
        throw ("{0} backup(s) failed on {1}:`n{2}" -f $failures.Count, $Server, ($lines -join "`n"))
    }
    $notFinished = @($finished | Where-Object { $_.State.ToString() -ne 'Finished' })
    if ($notFinished.Count -gt 0) { throw ("Jobs not finished: {0}" -f (($notFinished | ForEach-Object { "$($_.Database)/$($_.Label)=$($_.State)" }) -join ', ')) }
    Write-Output ("Backed up {0} database(s) into repository '{1}'." -f $finished.Count, $Repository)
} finally {
    Disconnect-SrServer
}
