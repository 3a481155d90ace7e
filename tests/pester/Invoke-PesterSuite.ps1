<#
.SYNOPSIS
    Runs the Pester suites in a child PowerShell process against the BUILT module (out/).

.DESCRIPTION
    Pester never runs in the caller's process (house-style section 5 item 9): the built DLLs would stay
    loaded and locked, and the caller's modules could mask a packaging bug. For each PowerShell
    executable given (default: the current one) a child process imports Pester 5, runs the suites
    with the module path in SRB_MODULE_PATH, and writes NUnit XML to out/TestResults/.

    The last line printed is exactly
        Pester: N passed, N failed, N skipped
    (summed over all executables); tests/run.sh parses it. Failed blocks and containers (a broken
    BeforeAll, a discovery error such as STARROCKS_IT_REQUIRED=1 without an environment) count as
    failures. Exit code 0 only when nothing failed.

.EXAMPLE
    ./tests/pester/Invoke-PesterSuite.ps1
.EXAMPLE
    ./tests/pester/Invoke-PesterSuite.ps1 -PowerShell pwsh, powershell
.EXAMPLE
    ./tests/pester/Invoke-PesterSuite.ps1 -Tag Integration
#>
[CmdletBinding()]
param(
    # The built module's manifest; default: the newest out/StarRocksBackup/<version>/StarRocksBackup.psd1.
    [string] $ModulePath,
    [string[]] $Path,
    [string[]] $Tag,
    [string[]] $ExcludeTag,
    [string] $OutputDirectory,
    # Executables to run the suites under, e.g. pwsh, powershell (Windows PowerShell 5.1).
    [string[]] $PowerShell,
    # Internal: set in the child process only.
    [string] $ChildSettings
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath

# ---------------------------------------------------------------------------------------------
# Child: run Pester here and write the counts for the parent.
# ---------------------------------------------------------------------------------------------
if ($ChildSettings) {
    $settings = Get-Content -Path $ChildSettings -Raw | ConvertFrom-Json
    $counts = @{ Passed = 0; Failed = 1; Skipped = 0; Error = $null }
    try {
        $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.3.0' } |
            Sort-Object Version -Descending | Select-Object -First 1
        if (-not $pester) {
            throw 'Pester 5.3 or later is not installed (Install-Module Pester -MinimumVersion 5.3.0 -Scope CurrentUser -SkipPublisherCheck; ./build.ps1 bootstraps it).'
        }
        Import-Module $pester.Path -ErrorAction Stop
        $env:SRB_MODULE_PATH = $settings.ModulePath

        $config = New-PesterConfiguration
        $config.Run.Path = [string[]]@($settings.Path)
        $config.Run.PassThru = $true
        $config.Run.Exit = $false
        if (@($settings.Tag).Count -gt 0) { $config.Filter.Tag = [string[]]@($settings.Tag) }
        if (@($settings.ExcludeTag).Count -gt 0) { $config.Filter.ExcludeTag = [string[]]@($settings.ExcludeTag) }
        $config.TestResult.Enabled = $true
        $config.TestResult.OutputFormat = 'NUnitXml'
        $config.TestResult.OutputPath = $settings.ResultPath
        $config.Output.Verbosity = 'Detailed'

        $result = Invoke-Pester -Configuration $config
        $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        $counts = @{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount + $result.NotRunCount; Error = $null }
    } catch {
        $counts.Error = $_.ToString()
        Write-Host "Invoke-PesterSuite: $($_.ToString())" -ForegroundColor Red
    } finally {
        $counts | ConvertTo-Json | Set-Content -Path $settings.CountsPath -Encoding UTF8
    }
    if ($counts.Failed -gt 0) { exit 1 }
    exit 0
}

# ---------------------------------------------------------------------------------------------
# Parent: one child process per PowerShell executable.
# ---------------------------------------------------------------------------------------------
if (-not $ModulePath) {
    $base = Join-Path $repoRoot 'out/StarRocksBackup'
    $latest = $null
    if (Test-Path $base) {
        $latest = Get-ChildItem -Path $base -Directory | Sort-Object { [version]$_.Name } -Descending | Select-Object -First 1
    }
    if (-not $latest) { throw "The module is not built ($base is empty): run ./build.ps1 -Task Build first." }
    $ModulePath = Join-Path $latest.FullName 'StarRocksBackup.psd1'
}
$ModulePath = (Resolve-Path $ModulePath).ProviderPath
if (-not $Path) { $Path = @($PSScriptRoot) }
if (-not $OutputDirectory) { $OutputDirectory = Join-Path $repoRoot 'out/TestResults' }
if (-not $ExcludeTag) {
    # Integration suites need a real StarRocks; they run only when asked for by tag.
    $ExcludeTag = @('Integration')
    if ($Tag -and ($Tag -contains 'Integration')) { $ExcludeTag = @() }
}
if (-not $PowerShell) {
    $self = 'pwsh'
    if ($PSVersionTable.PSEdition -eq 'Desktop') { $self = 'powershell' }
    $PowerShell = @($self)
}
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null

$total = @{ Passed = 0; Failed = 0; Skipped = 0 }
foreach ($exe in $PowerShell) {
    $name = [System.IO.Path]::GetFileNameWithoutExtension($exe)
    $stamp = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $settingsPath = Join-Path ([System.IO.Path]::GetTempPath()) "srb-pester-$stamp.json"
    $countsPath = Join-Path ([System.IO.Path]::GetTempPath()) "srb-pester-$stamp.counts.json"
    @{
        ModulePath = $ModulePath
        Path       = @($Path | ForEach-Object { (Resolve-Path $_).ProviderPath })
        Tag        = @($Tag | Where-Object { $_ })
        ExcludeTag = @($ExcludeTag | Where-Object { $_ })
        ResultPath = (Join-Path $OutputDirectory "pester-$name.xml")
        CountsPath = $countsPath
    } | ConvertTo-Json | Set-Content -Path $settingsPath -Encoding UTF8

    Write-Host "Invoke-PesterSuite: $exe, module $ModulePath"
    $arguments = @('-NoProfile', '-NonInteractive')
    if ($name -eq 'powershell') { $arguments += @('-ExecutionPolicy', 'Bypass') }
    $arguments += @('-File', $PSCommandPath, '-ChildSettings', $settingsPath)
    & $exe @arguments
    $exitCode = $LASTEXITCODE

    if (Test-Path $countsPath) {
        $counts = Get-Content -Path $countsPath -Raw | ConvertFrom-Json
        $total.Passed += [int]$counts.Passed
        $total.Failed += [int]$counts.Failed
        $total.Skipped += [int]$counts.Skipped
        if ($exitCode -ne 0 -and [int]$counts.Failed -eq 0) { $total.Failed += 1 }
    } else {
        Write-Host "Invoke-PesterSuite: $exe exited $exitCode without reporting counts" -ForegroundColor Red
        $total.Failed += 1
    }
    Remove-Item -Path $settingsPath, $countsPath -ErrorAction SilentlyContinue
}

Write-Host ('Pester: {0} passed, {1} failed, {2} skipped' -f $total.Passed, $total.Failed, $total.Skipped)
if ($total.Failed -gt 0) { exit 1 }
exit 0
