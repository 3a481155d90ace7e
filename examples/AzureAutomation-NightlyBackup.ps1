<#
.SYNOPSIS
    Azure Automation runbook (PowerShell 7.2+ or 5.1 runtime): nightly StarRocks backup with the
    credential and settings taken from Automation assets.

.DESCRIPTION
    Assets expected in the Automation account:
      Credential  'StarRocks'            user name + password of the backup user
      Variable    'StarRocksServer'      FE host name
      Variable    'StarRocksPort'        optional, default 9030
      Variable    'StarRocksRepository'  repository created beforehand with New-SrRepository
    Import the StarRocksBackup module into the account (Modules > Add a module) for the runtime used.
    A throw marks the Automation job Failed, which is what alerting rules watch.
    On a Hybrid Runbook Worker the FE only needs to be reachable from the worker.
#>
param()

$ErrorActionPreference = 'Stop'
Import-Module StarRocksBackup

$credential = Get-AutomationPSCredential -Name 'StarRocks'
$server = Get-AutomationVariable -Name 'StarRocksServer'
$repository = Get-AutomationVariable -Name 'StarRocksRepository'
$port = 9030
try { $port = [int](Get-AutomationVariable -Name 'StarRocksPort') } catch { Write-Verbose 'StarRocksPort not set; using 9030' }

Connect-SrServer -Server $server -Port $port -Credential $credential
try {
    $system = @('information_schema', '_statistics_', 'sys')
    $jobs = @(Get-SrDatabase | Where-Object { $system -notcontains $_.Database } |
        Start-SrBackup -Repository $repository -Confirm:$false -ErrorAction Continue -ErrorVariable startErrors)
    $done = @($jobs | Wait-SrJob -ErrorAction Continue -ErrorVariable waitErrors)
    $failures = @($startErrors) + @($waitErrors)
    $done | Select-Object -Property 'Database', 'Label', 'State', 'FinishedTime' | Format-Table -AutoSize | Out-String | Write-Output
    if ($failures.Count -gt 0) {
        $failures | ForEach-Object { Write-Output ("FAILED [{0}] {1}" -f $_.FullyQualifiedErrorId, $_.Exception.Message) }
        throw "$($failures.Count) StarRocks backup(s) failed on $server."
    }
    Write-Output "Backed up $($done.Count) database(s) on $server into '$repository'."
} finally {
    Disconnect-SrServer
}
