<#
.SYNOPSIS
    Azure Automation runbook (PowerShell 7.2+ or 5.1 runtime): nightly incremental StarRocks backup driven by a
    backup policy, with every secret taken from Automation assets.

.DESCRIPTION
    Assets expected in the Automation account:
      Credential  'StarRocks'                 user name + password of the backup user
      Credential  'StarRocksStorage'          access key (user name) + secret key (password) of the repository's bucket
      Variable    'StarRocksServer'           FE host name
      Variable    'StarRocksPort'             optional, default 9030
      Variable    'StarRocksRepository'       the repository (created beforehand with New-SrRepository)
      Variable    'StarRocksStorageEndpoint'  optional: the S3-compatible endpoint (omit for AWS)
      Variable    'StarRocksBackupPolicy'     optional: the policy YAML text; default: every database, incremental,
                                              a full backup every 7 days, 30-day late-data rule
    A sandbox has no files, so the policy is written to a temporary file for the run. A failed database makes
    Invoke-SrBackupPolicy throw at the end, which marks the Automation job Failed (what alert rules watch).
#>
param()

$ErrorActionPreference = 'Stop'
Import-Module StarRocksBackup

function Get-OptionalAutomationVariable([string] $Name) {
    try { return Get-AutomationVariable -Name $Name } catch { return $null }
}

$credential = Get-AutomationPSCredential -Name 'StarRocks'
$storageCredential = Get-AutomationPSCredential -Name 'StarRocksStorage'
$server = Get-AutomationVariable -Name 'StarRocksServer'
$repository = Get-AutomationVariable -Name 'StarRocksRepository'
$port = 9030
$portText = Get-OptionalAutomationVariable 'StarRocksPort'
if ($portText) { $port = [int]$portText }
$endpoint = Get-OptionalAutomationVariable 'StarRocksStorageEndpoint'
$policyText = Get-OptionalAutomationVariable 'StarRocksBackupPolicy'

$policyPath = Join-Path ([System.IO.Path]::GetTempPath()) ('starrocks-policy-{0}.yaml' -f [guid]::NewGuid().ToString('N'))
if ($policyText) {
    Set-Content -Path $policyPath -Value $policyText
} else {
    New-SrBackupPolicy -Path $policyPath -Repository $repository -Database '*' -Confirm:$false | Out-Null
}

Connect-SrServer -Server $server -Port $port -Credential $credential
try {
    $storage = @{ Repository = $repository; StorageCredential = $storageCredential; Confirm = $false }
    if ($endpoint) { $storage['StorageEndpoint'] = $endpoint }
    Set-SrRepositoryStorage @storage

    $summaries = @(Invoke-SrBackupPolicy -Path $policyPath -ErrorVariable policyError -ErrorAction Continue)
    $summaries | Select-Object Database, Outcome, Kind, PartitionCount, LateDataIgnored, Snapshot, Error |
        Format-Table -AutoSize | Out-String | Write-Output
    $failed = @($summaries | Where-Object { $_.Outcome -eq 'Failed' })
    if ($policyError -or $failed.Count -gt 0) {
        throw ("StarRocks incremental backup FAILED on {0}: {1}" -f $server, (($failed | ForEach-Object { '{0}: {1}' -f $_.Database, $_.Error }) -join '; '))
    }
    Write-Output ("Backed up {0} database(s), {1} unchanged, into '{2}'." -f
        @($summaries | Where-Object Outcome -eq 'Succeeded').Count, @($summaries | Where-Object Outcome -eq 'NothingChanged').Count, $repository)
} finally {
    Disconnect-SrServer
    Remove-Item -Path $policyPath -ErrorAction SilentlyContinue
}
