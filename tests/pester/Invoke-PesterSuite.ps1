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

    Every suite under tests/pester is discovered (so a broken integration file still fails discovery), but
    Integration-tagged tests need a real StarRocks and are EXCLUDED unless -Tag Integration is given: they are
    reported on their own line as "not selected", never counted as skipped. A test that was selected but did not
    run (Pester's NotRun for a selected test) counts as skipped, and every skipped test is listed by name.

    Pester: the version given with -PesterVersion (default: <PesterVersion> of build/tools/Tools.proj) when it
    is installed (build.ps1 and tests/tools/install-pwsh.sh put it in .tools/Modules); otherwise the newest 5.3+.

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
    # The Pester version to import (default: build/tools/Tools.proj's <PesterVersion>).
    [string] $PesterVersion,
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
    $counts = @{ Passed = 0; Failed = 1; Skipped = 0; NotSelected = 0; Error = $null }
    try {
        $available = @(Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.3.0' } | Sort-Object Version -Descending)
        $pester = $available | Where-Object { $settings.PesterVersion -and $_.Version -eq [version]$settings.PesterVersion } | Select-Object -First 1
        if (-not $pester) { $pester = $available | Select-Object -First 1 }
        if (-not $pester) {
            throw "Pester $($settings.PesterVersion) is not installed: run ./build.ps1 -Task PesterTest or eval `"`$(bash tests/tools/install-pwsh.sh)`" (both restore it from the NuGet feed into .tools/Modules)."
        }
        if ($settings.PesterVersion -and $pester.Version -ne [version]$settings.PesterVersion) {
            Write-Host "Invoke-PesterSuite: Pester $($settings.PesterVersion) is not installed; using $($pester.Version)" -ForegroundColor Yellow
        }
        Import-Module $pester.Path -ErrorAction Stop
        $env:SRB_MODULE_PATH = $settings.ModulePath

        $config = New-PesterConfiguration
        $config.Run.Path = [string[]]@($settings.Path)
        $config.Run.PassThru = $true
        $config.Run.Exit = $false
        if (@($settings.Tag).Count -gt 0) { $config.Filter.Tag = [string[]]@($settings.Tag) }
        if (@($settings.ExcludeTag).Count -gt 0) { $config.Filter.ExcludeTag = [string[]]@($settings.ExcludeTag) }
        # The NUnit file is written below, not by Invoke-Pester: when Pester's own export fails (a failure message
        # holding a character XML cannot carry, such as the ESC of a child process's coloured error), Invoke-Pester
        # throws and every count of the run is lost. Child processes the tests start write plain text (NO_COLOR).
        $config.TestResult.Enabled = $false
        $config.Output.Verbosity = 'Detailed'
        $env:NO_COLOR = '1'

        Remove-Item -LiteralPath $settings.ResultPath -ErrorAction SilentlyContinue
        $result = Invoke-Pester -Configuration $config
        try {
            Export-NUnitReport -Result $result -Path $settings.ResultPath
        } catch {
            Remove-Item -LiteralPath $settings.ResultPath -ErrorAction SilentlyContinue   # a half-written report
            Write-Host "Invoke-PesterSuite: the NUnit report $($settings.ResultPath) was not written: $($_.ToString())" -ForegroundColor Yellow
        }
        $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        # NotRun holds the tests the tag filter left out (ShouldRun false) and, rarely, selected tests that did not run.
        $notSelected = @($result.NotRun | Where-Object { -not $_.ShouldRun })
        $notRun = @($result.NotRun | Where-Object { $_.ShouldRun })
        $skippedTests = @($result.Skipped) + $notRun
        foreach ($t in $skippedTests) { Write-Host "Invoke-PesterSuite: SKIPPED $($t.ExpandedPath)" -ForegroundColor Yellow }
        $counts = @{ Passed = $result.PassedCount; Failed = $failed; Skipped = $skippedTests.Count; NotSelected = $notSelected.Count; Error = $null }
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
if (-not $PesterVersion) {
    $toolsProj = Join-Path $repoRoot 'build/tools/Tools.proj'
    if (Test-Path $toolsProj) { $PesterVersion = (Select-Xml -Path $toolsProj -XPath '//PesterVersion').Node.InnerText }
}
if (-not $PowerShell) {
    $self = 'pwsh'
    if ($PSVersionTable.PSEdition -eq 'Desktop') { $self = 'powershell' }
    $PowerShell = @($self)
}
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null

$total = @{ Passed = 0; Failed = 0; Skipped = 0; NotSelected = 0 }
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
        PesterVersion = $PesterVersion
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
        $total.NotSelected += [int]$counts.NotSelected
        if ($exitCode -ne 0 -and [int]$counts.Failed -eq 0) { $total.Failed += 1 }
    } else {
        Write-Host "Invoke-PesterSuite: $exe exited $exitCode without reporting counts" -ForegroundColor Red
        $total.Failed += 1
    }
    Remove-Item -Path $settingsPath, $countsPath -ErrorAction SilentlyContinue
}

if ($total.NotSelected -gt 0) {
    Write-Host ('Invoke-PesterSuite: {0} test(s) not selected: tag(s) {1} excluded (Integration suites need a real StarRocks: ./build.ps1 -Task IntegrationTest)' -f $total.NotSelected, ((@($ExcludeTag) | Where-Object { $_ }) -join ', '))
}
Write-Host ('Pester: {0} passed, {1} failed, {2} skipped' -f $total.Passed, $total.Failed, $total.Skipped)
if ($total.Failed -gt 0) { exit 1 }
exit 0
