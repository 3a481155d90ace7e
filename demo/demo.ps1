<#
.SYNOPSIS
    The module's daily job, run through its own cmdlets: what demo/run.sh shows a newcomer.

.DESCRIPTION
    Against a StarRocks FE (demo/run.sh starts the simulator with --sample-data: databases sales, crm and web)
    and S3-compatible storage (the S3_* variables that tests/tools/s3-server.sh prints):

      Connect-SrServer -> New-SrRepository -> Get-SrDatabase | Start-SrBackup | Wait-SrJob -> Get-SrSnapshot
      -> Restore-SrSnapshot -WhatIf -> the module's errors (overwrite refused, unknown repository)
      -> Restore-SrSnapshot -AsDatabase <scratch> | Wait-SrJob -> row counts compared with Get-SrPartition.

    Every object is printed with the module's own format views; progress bars show while jobs run (in a
    terminal). Exit code 0 only when every step did what it should; any failure prints the error and exits 1.
    Windows PowerShell 5.1 syntax only.

.EXAMPLE
    pwsh -NoProfile -File demo/demo.ps1 -Port 9030
#>
[CmdletBinding()]
param(
    [string] $Server = '127.0.0.1',
    [int] $Port = 9030,
    # The module to import; default: $env:SRB_MODULE_PATH (set by the Pester suite), else the newest
    # out/StarRocksBackup/<version>/StarRocksBackup.psd1.
    [string] $ModulePath,
    [string] $Repository = 'demo_nightly',
    # The database restored into a scratch copy (it must be among the backed-up ones).
    [string] $Database = 'sales',
    [string] $ScratchDatabase = 'sales_restored'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$started = [System.Diagnostics.Stopwatch]::StartNew()

function Write-Step([string] $Text) {
    Write-Host ''
    Write-Host "== $Text" -ForegroundColor Green
}

function Write-Command([string] $Text) {
    Write-Host "PS> $Text" -ForegroundColor Cyan
}

# How PowerShell shows one of the module's errors, plus the parts a runbook keys on.
function Show-SrError($Record) {
    Write-Host ($Record | Out-String).TrimEnd() -ForegroundColor Yellow
    Write-Host ('   FullyQualifiedErrorId: {0}' -f $Record.FullyQualifiedErrorId)
    Write-Host ('   Category:              {0}' -f $Record.CategoryInfo.Category)
    if ($Record.ErrorDetails -and $Record.ErrorDetails.RecommendedAction) {
        Write-Host ('   RecommendedAction:     {0}' -f $Record.ErrorDetails.RecommendedAction)
    }
}

# Runs a step that must fail with the given ErrorId; anything else fails the demo.
function Assert-SrError([string] $ErrorId, [scriptblock] $ScriptBlock) {
    $caught = $null
    try { & $ScriptBlock } catch { $caught = $_ }
    if (-not $caught) { throw "expected error $ErrorId, but the command succeeded" }
    if ($caught.FullyQualifiedErrorId -notlike "$ErrorId,*") { throw $caught }
    Show-SrError $caught
}

try {
    foreach ($name in 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET') {
        if (-not [Environment]::GetEnvironmentVariable($name)) {
            throw "$name is not set: run the demo through demo/run.sh, which starts the local S3 server."
        }
    }
    $region = 'us-east-1'
    if ($env:S3_REGION) { $region = $env:S3_REGION }

    if (-not $ModulePath -and $env:SRB_MODULE_PATH) { $ModulePath = $env:SRB_MODULE_PATH }
    if (-not $ModulePath) {
        $base = Join-Path $PSScriptRoot '../out/StarRocksBackup'
        $newest = $null
        if (Test-Path $base) {
            $newest = Get-ChildItem -Path $base -Directory | Sort-Object { [version]$_.Name } -Descending | Select-Object -First 1
        }
        if (-not $newest) { throw "The module is not built ($base): dotnet msbuild build/AssembleModule.proj -p:Configuration=Release" }
        $ModulePath = Join-Path $newest.FullName 'StarRocksBackup.psd1'
    }

    Write-Step 'Import the module'
    Write-Command "Import-Module $ModulePath"
    Import-Module $ModulePath
    Get-Module StarRocksBackup | Select-Object Name, Version, ModuleBase | Format-List | Out-Host

    Write-Step 'Connect to the FE (root, no password; -Credential for real accounts)'
    Write-Command "Connect-SrServer -Server $Server -Port $Port -PassThru"
    Connect-SrServer -Server $Server -Port $Port -PassThru | Out-Host

    Write-Step 'A repository on S3-compatible storage; the key pair comes from a PSCredential and is never echoed'
    $prefix = 'demo-{0}-{1}' -f (Get-Date -Format 'yyyyMMdd-HHmmss'), [guid]::NewGuid().ToString('N').Substring(0, 8)
    $location = 's3://{0}/{1}' -f $env:S3_BUCKET, $prefix
    $s3Key = New-Object System.Management.Automation.PSCredential ($env:S3_ACCESS_KEY, (ConvertTo-SecureString $env:S3_SECRET_KEY -AsPlainText -Force))
    Write-Command "New-SrRepository -Name $Repository -Location $location -Endpoint $env:S3_ENDPOINT -Region $region -Credential `$s3Key -Confirm:`$false"
    New-SrRepository -Name $Repository -Location $location -Endpoint $env:S3_ENDPOINT -Region $region -Credential $s3Key -Confirm:$false | Out-Host

    Write-Step 'The databases (StarRocks'' own schemas are hidden)'
    Write-Command 'Get-SrDatabase'
    $databases = @(Get-SrDatabase)
    $databases | Out-Host
    if ($databases.Count -eq 0) { throw 'the FE has no user databases (demo/run.sh starts the simulator with --sample-data)' }

    Write-Step 'The daily job: one BACKUP per database, databases in parallel, one wait for all'
    Write-Command "Get-SrDatabase | Start-SrBackup -Repository $Repository -Confirm:`$false | Wait-SrJob"
    $jobs = @(Get-SrDatabase | Start-SrBackup -Repository $Repository -Confirm:$false | Wait-SrJob)
    $jobs | Out-Host
    $unfinished = @($jobs | Where-Object { $_.State.ToString() -ne 'Finished' })
    if ($jobs.Count -ne $databases.Count -or $unfinished.Count -gt 0) {
        throw ('expected {0} finished backups, got {1} ({2} not finished)' -f $databases.Count, $jobs.Count, $unfinished.Count)
    }

    Write-Step 'What is in the repository'
    Write-Command "Get-SrSnapshot -Repository $Repository"
    $snapshots = @(Get-SrSnapshot -Repository $Repository)
    $snapshots | Out-Host
    $label = @($jobs | Where-Object { $_.Database -eq $Database })[0].Label
    $snapshot = @($snapshots | Where-Object { $_.Snapshot -eq $label })
    if ($snapshot.Count -ne 1) { throw "the snapshot $label of $Database is not listed" }

    Write-Step "What a restore of $label would do (-WhatIf changes nothing)"
    Write-Command "Get-SrSnapshot -Repository $Repository -Name $label | Restore-SrSnapshot -AsDatabase $ScratchDatabase -WhatIf"
    Get-SrSnapshot -Repository $Repository -Name $label | Restore-SrSnapshot -AsDatabase $ScratchDatabase -WhatIf
    if (@(Get-SrDatabase | Where-Object Database -eq $ScratchDatabase).Count -ne 0) { throw '-WhatIf created the scratch database' }

    Write-Step 'Errors are the module''s own: a stable ErrorId, a category and what to do'
    Write-Command "Get-SrSnapshot -Repository $Repository -Name $label | Restore-SrSnapshot -Confirm:`$false   # over the live tables"
    Assert-SrError 'OverwriteRefused' { Get-SrSnapshot -Repository $Repository -Name $label | Restore-SrSnapshot -Confirm:$false }
    Write-Command 'Get-SrSnapshot -Repository nosuch'
    Assert-SrError 'RepositoryNotFound' { Get-SrSnapshot -Repository nosuch }

    Write-Step "Restore into the scratch database $ScratchDatabase and wait"
    Write-Command "Get-SrSnapshot -Repository $Repository -Name $label | Restore-SrSnapshot -AsDatabase $ScratchDatabase -Confirm:`$false | Wait-SrJob"
    $restore = @(Get-SrSnapshot -Repository $Repository -Name $label |
        Restore-SrSnapshot -AsDatabase $ScratchDatabase -Confirm:$false | Wait-SrJob)
    $restore | Out-Host
    if ($restore.Count -ne 1 -or $restore[0].State.ToString() -ne 'Finished') { throw 'the restore did not finish' }

    Write-Step "Verify: rows per table, $Database against $ScratchDatabase"
    Write-Command "Get-SrTable -Database $Database; Get-SrPartition -Database $Database|$ScratchDatabase -Table <each> (RowCount)"
    $comparison = foreach ($table in @(Get-SrTable -Database $Database)) {
        $source = [long](@(Get-SrPartition -Database $Database -Table $table.Table) | Measure-Object -Property RowCount -Sum).Sum
        $copy = [long](@(Get-SrPartition -Database $ScratchDatabase -Table $table.Table) | Measure-Object -Property RowCount -Sum).Sum
        [pscustomobject]@{ Table = $table.Table; Source = $source; Restored = $copy; Same = ($source -eq $copy) }
    }
    $comparison = @($comparison)
    $comparison | Format-Table -AutoSize | Out-Host
    if ($comparison.Count -eq 0 -or @($comparison | Where-Object { -not $_.Same -or $_.Source -eq 0 }).Count -gt 0) {
        throw "the restored tables differ from $Database"
    }

    Disconnect-SrServer
    Write-Step ('Done in {0:F1} s. Snapshots are in {1}/' -f $started.Elapsed.TotalSeconds, $location)
    exit 0
} catch {
    Write-Host ''
    Write-Host ('DEMO FAILED: {0}' -f $_.Exception.Message) -ForegroundColor Red
    Write-Host ($_ | Out-String) -ForegroundColor Red
    exit 1
}
