<#
.SYNOPSIS
    Builds, tests and packages the StarRocksBackup module. Self-contained: needs the .NET SDK
    (global.json) and, for the Pester tasks, PowerShell 7 or Windows PowerShell 5.1.

.DESCRIPTION
    Tasks (run in the order given; the default is Build, Test):
      Clean            remove out/ and artifacts/, dotnet clean
      Build            dotnet build the solution, then lay out out/StarRocksBackup/<version>/
                       (build/AssembleModule.proj: root = psd1, format, StarRocksBackup.dll,
                       StarRocksBackup.Isolation.dll; dependencies/ = Core and its closure; en-US/ = the help,
                       compiled from docs/en-US by build/StarRocksBackup.HelpCompiler: StarRocksBackup.dll-Help.xml
                       and about_StarRocksBackup.help.txt). No PowerShell module is needed to build.
                       With -ReadyToRunRid linux-x64,win-x64 it also adds ReadyToRun-compiled copies of
                       dependencies/ for those platforms and .NET 8/10 (dependencies/runtimes/<rid>/<tfm>/), which
                       PowerShell 7.4+ on a matching platform loads for a faster first command; the default
                       build is portable (README.md, "ReadyToRun packaging").
      Analyze          Test-ModuleManifest on out/, then PSScriptAnalyzer (build/PSScriptAnalyzerSettings.psd1:
                       5.1 + 7.4 compatible syntax) over build.ps1, build/, tests/pester/ and examples/ WHEN it is
                       installed (build/requirements.psd1: that version or later); PSScriptAnalyzer comes only
                       from the PowerShell Gallery, so without it the task says so and skips that part (under
                       CI=true it fails instead).
      UnitTest         dotnet test the solution (xunit), trx into out/TestResults/
      PesterTest       Pester 5 suites in child processes against the module already in out/ (build it first;
                       it is not rebuilt here) via tests/pester/Invoke-PesterSuite.ps1, under pwsh and, on
                       Windows, also powershell.exe (override with -PowerShell). Integration-tagged suites are
                       excluded. Pester is the version pinned in build/tools/Tools.proj, restored from the NuGet
                       feed into .tools/Modules (the layout tests/tools/install-pwsh.sh makes); no Gallery.
      IntegrationTest  docker compose up tests/integration/compose.yaml --wait, Integration-tagged Pester
                       suites with STARROCKS_IT_REQUIRED=1, compose down -v (unless -KeepEnvironment)
      Test             UnitTest, PesterTest
      Package          lays out what users install in out/package/StarRocksBackup/<version>/, apart from the
                       development build in out/ (needs no Build first): the portable files plus ReadyToRun copies
                       for win-x64 and linux-x64 on .NET 8 and 10 (another list with -ReadyToRunRid; none with
                       -Portable), because a scheduled run starts a new PowerShell every time and pays for
                       compiling on first use otherwise. Then out/packages/StarRocksBackup.<version>.nupkg
                       (Publish-PSResource, else Publish-Module, else dotnet pack build/PackModule.proj) and
                       out/packages/StarRocksBackup.zip for Azure Automation (build/AutomationZip.proj: the module
                       folder at the zip root), both from that layout.

    Every native command's exit code is checked; a failure stops the build with a non-zero exit.
    ModuleVersion comes from StarRocksBackup.psd1 only.

.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Clean, Build, PesterTest -Configuration Release
.EXAMPLE
    ./build.ps1 -Task Build -ReadyToRunRid win-x64, linux-x64
.EXAMPLE
    ./build.ps1 -Task Package                  # ReadyToRun copies for win-x64 and linux-x64
.EXAMPLE
    ./build.ps1 -Task Package -Portable        # the portable files alone (7 MB instead of 50 MB)
.EXAMPLE
    pwsh ./build.ps1 -Task Build; Import-Module ./out/StarRocksBackup/0.1.0/StarRocksBackup.psd1
#>
[CmdletBinding()]
param(
    # Clean, Build, UnitTest, PesterTest, IntegrationTest, Test, Package. Commas inside one argument
    # are accepted too: `pwsh -File build.ps1 -Task Build,PesterTest` passes one string.
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # PowerShell executables for PesterTest (default: pwsh, plus powershell on Windows).
    [string[]] $PowerShell,

    # Build: also lay out ReadyToRun copies of dependencies/ for these runtime identifiers (win-x64, linux-x64,
    # osx-arm64 ...); not given, the portable layout only. Package: the copies the package carries; not given,
    # win-x64 and linux-x64.
    [ValidatePattern('^(win|linux|linux-musl|osx)-(x64|arm64|x86|arm)$')]
    [string[]] $ReadyToRunRid = @(),

    # Package: the portable files alone, without ReadyToRun copies.
    [switch] $Portable,

    # IntegrationTest: leave the compose environment running afterwards.
    [switch] $KeepEnvironment,

    # Obsolete and ignored: the help is always compiled now (build/StarRocksBackup.HelpCompiler needs no
    # PowerShell module). Accepted so that older command lines still work.
    [switch] $SkipHelp
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ResultsDir = Join-Path $OutDir 'TestResults'
$IsWindowsHost = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
# What the package carries unless told otherwise: the platforms of Task Scheduler / Azure Automation and of Linux hosts.
$PackageReadyToRunRid = @(if ($Portable) { } elseif ($PSBoundParameters.ContainsKey('ReadyToRunRid')) { $ReadyToRunRid } else { 'win-x64', 'linux-x64' })

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor DarkGray
    # To the host, never into the caller's output (Initialize-Pester returns a value).
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($ArgumentList -join ' ') exited with code $LASTEXITCODE"
    }
}

function Get-ManifestPath {
    foreach ($candidate in 'StarRocksBackup.psd1', 'module/StarRocksBackup.psd1', 'src/StarRocksBackup/StarRocksBackup.psd1') {
        $p = Join-Path $RepoRoot $candidate
        if (Test-Path $p) { return $p }
    }
    throw 'StarRocksBackup.psd1 not found (repo root, module/ or src/StarRocksBackup/).'
}

function Get-ModuleVersion {
    return (Import-PowerShellDataFile -Path (Get-ManifestPath)).ModuleVersion
}

function Get-BuiltModuleDir([string] $Root = $OutDir) {
    $dir = Join-Path $Root ('StarRocksBackup/' + (Get-ModuleVersion))
    if (-not (Test-Path (Join-Path $dir 'StarRocksBackup.psd1'))) {
        throw "$dir is not built: run ./build.ps1 -Task Build first."
    }
    return $dir
}

# dotnet msbuild build/AssembleModule.proj into $Root (default out/), with ReadyToRun copies for $Rid; returns the module folder.
function Invoke-Assemble([string[]] $Rid = @(), [string] $Root = $OutDir) {
    $assemble = @('msbuild', (Join-Path $RepoRoot 'build/AssembleModule.proj'), "-p:Configuration=$Configuration", '-nologo', '-v:m',
        ('-p:OutRoot={0}' -f ($Root.TrimEnd('\', '/') + '/')))
    # %3B: a ';' MSBuild does not take for a property separator (AssembleModule.proj splits the list itself).
    if (@($Rid).Count -gt 0) { $assemble += ('-p:ReadyToRunRid={0}' -f ($Rid -join '%3B')) }
    Invoke-Native dotnet $assemble
    $dir = Get-BuiltModuleDir -Root $Root
    Test-ModuleManifest -Path (Join-Path $dir 'StarRocksBackup.psd1') -ErrorAction Stop | Out-Null
    foreach ($file in 'en-US/StarRocksBackup.dll-Help.xml', 'en-US/about_StarRocksBackup.help.txt') {
        if (-not (Test-Path -LiteralPath (Join-Path $dir $file) -PathType Leaf)) { throw "$file is missing from $dir." }
    }
    return $dir
}

<#
    Makes the pinned Pester (build/tools/Tools.proj, <PesterVersion>) importable: .tools/Modules/Pester/<version>,
    restored from the NuGet feed with `dotnet restore build/tools/Tools.proj` when missing (the same layout
    tests/tools/install-pwsh.sh makes), and .tools/Modules first on PSModulePath for this process and its children.
    Never touches the PowerShell Gallery. Returns the version.
#>
function Initialize-Pester {
    $toolsProj = Join-Path $RepoRoot 'build/tools/Tools.proj'
    $version = (Select-Xml -Path $toolsProj -XPath '//PesterVersion').Node.InnerText
    if (-not $version) { throw "build/tools/Tools.proj has no <PesterVersion>." }
    $modules = Join-Path $RepoRoot '.tools/Modules'
    $target = Join-Path $modules "Pester/$version"
    if (-not (Test-Path (Join-Path $target 'Pester.psd1'))) {
        Write-Host "Restoring Pester $version from the NuGet feed (build/tools/Tools.proj) into $target"
        Invoke-Native dotnet @('restore', $toolsProj, '--nologo', '-v', 'q')
        $cache = @(& dotnet nuget locals global-packages --list) -match '^global-packages:' -replace '^global-packages:\s*', ''
        if ($LASTEXITCODE -ne 0 -or -not $cache) { throw 'dotnet nuget locals global-packages --list gave no folder.' }
        $source = Join-Path ([string]$cache[0]).Trim() "pester/$version/tools"
        if (-not (Test-Path (Join-Path $source 'Pester.psd1'))) { throw "Pester $version has no tools/Pester.psd1 in $source." }
        if (Test-Path $target) { Remove-Item -Recurse -Force $target }
        New-Item -ItemType Directory -Force -Path $target | Out-Null
        Copy-Item -Path (Join-Path $source '*') -Destination $target -Recurse -Force
    }
    $separator = [System.IO.Path]::PathSeparator
    if (@($env:PSModulePath -split [regex]::Escape($separator)) -notcontains $modules) {
        $env:PSModulePath = $modules + $separator + $env:PSModulePath
    }
    return $version
}

<# Starts the project's S3 server when no S3_* variables are set and bash is available (Linux). #>
function Initialize-ObjectStorage {
    if ($env:S3_ENDPOINT) { return }
    $serverScript = Join-Path $RepoRoot 'tests/tools/s3-server.sh'
    if ($IsWindowsHost -or -not (Get-Command bash -ErrorAction SilentlyContinue)) {
        throw 'S3_ENDPOINT/S3_ACCESS_KEY/S3_SECRET_KEY/S3_BUCKET are not set: start an S3-compatible server (MinIO) and export them.'
    }
    $exports = & bash $serverScript start
    if ($LASTEXITCODE -ne 0) { throw "tests/tools/s3-server.sh start exited with code $LASTEXITCODE" }
    foreach ($line in $exports) {
        foreach ($assignment in ($line -replace '^export\s+', '') -split '\s+') {
            if ($assignment -match '^(S3_[A-Z_]+)=(.*)$') {
                Set-Item -Path ("env:" + $Matches[1]) -Value $Matches[2].Trim("'", '"')
            }
        }
    }
    if (-not $env:S3_ENDPOINT) { throw 's3-server.sh printed no S3_ENDPOINT' }
}

function Invoke-PesterRun {
    param([string[]] $Tag)
    $pesterVersion = Initialize-Pester
    $editions = $PowerShell
    if (-not $editions) {
        $editions = @('pwsh')
        if ($IsWindowsHost -and (Get-Command powershell.exe -ErrorAction SilentlyContinue)) { $editions += 'powershell' }
    }
    $runnerArgs = @{
        ModulePath      = Join-Path (Get-BuiltModuleDir) 'StarRocksBackup.psd1'
        OutputDirectory = $ResultsDir
        PowerShell      = $editions
        PesterVersion   = $pesterVersion
    }
    if ($Tag) { $runnerArgs['Tag'] = $Tag }
    $env:SRB_CONFIGURATION = $Configuration
    & (Join-Path $RepoRoot 'tests/pester/Invoke-PesterSuite.ps1') @runnerArgs
    if ($LASTEXITCODE -ne 0) { throw "Pester reported failures (exit code $LASTEXITCODE)" }
}

$tasks = [ordered]@{
    Clean = {
        foreach ($dir in $OutDir, (Join-Path $RepoRoot 'artifacts')) {
            if (Test-Path $dir) { Remove-Item -Recurse -Force $dir }
        }
        Invoke-Native dotnet @('clean', (Join-Path $RepoRoot 'StarRocksBackup.sln'), '-c', $Configuration, '--nologo', '-v', 'q')
    }

    Build = {
        if ($SkipHelp) { Write-Warning 'Build: -SkipHelp is obsolete and ignored: the help is always compiled (no PlatyPS needed).' }
        Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'StarRocksBackup.sln'), '-c', $Configuration, '--nologo')
        $dir = Invoke-Assemble -Rid $ReadyToRunRid
        Write-Host "Built $dir"
    }

    Analyze = {
        Test-ModuleManifest -Path (Join-Path (Get-BuiltModuleDir) 'StarRocksBackup.psd1') -ErrorAction Stop | Out-Null
        $required = (Import-PowerShellDataFile -Path (Join-Path $RepoRoot 'build/requirements.psd1')).PSScriptAnalyzer
        $analyzer = Get-Module -ListAvailable -Name PSScriptAnalyzer | Where-Object { $_.Version -ge [version]$required } |
            Sort-Object Version -Descending | Select-Object -First 1
        if (-not $analyzer) {
            $missing = "PSScriptAnalyzer $required or later is not installed (it comes only from the PowerShell Gallery: Install-PSResource PSScriptAnalyzer -Version $required)"
            # Asked for explicitly in CI, the analysis must not quietly disappear.
            if ($env:CI -eq 'true') { throw "Analyze: $missing; under CI=true that is a failure." }
            Write-Warning "Analyze: $missing, so the script analysis is SKIPPED; Test-ModuleManifest passed."
            return
        }
        Write-Host "Analyze: PSScriptAnalyzer $($analyzer.Version)"
        Import-Module $analyzer.Path -ErrorAction Stop
        $settings = Join-Path $RepoRoot 'build/PSScriptAnalyzerSettings.psd1'
        $findings = @(foreach ($target in 'build.ps1', 'build', 'tests/pester', 'examples') {
            Invoke-ScriptAnalyzer -Path (Join-Path $RepoRoot $target) -Recurse -Settings $settings
        })
        $findings | Format-Table -AutoSize -Property 'RuleName', 'Severity', 'ScriptName', 'Line', 'Message' | Out-String -Width 300 | Write-Host
        if ($findings.Count -gt 0) { throw "PSScriptAnalyzer: $($findings.Count) finding(s)" }
    }

    UnitTest = {
        Invoke-Native dotnet @('test', (Join-Path $RepoRoot 'StarRocksBackup.sln'), '-c', $Configuration, '--nologo', '--no-build',
            '--logger', 'trx', '--results-directory', $ResultsDir)
    }

    PesterTest = {
        Initialize-ObjectStorage
        Invoke-PesterRun
    }

    IntegrationTest = {
        if (-not (Get-Command docker -ErrorAction SilentlyContinue)) { throw 'IntegrationTest needs docker (compose v2).' }
        $compose = Join-Path $RepoRoot 'tests/integration/compose.yaml'
        try {
            Invoke-Native docker @('compose', '-f', $compose, 'up', '-d', '--wait', '--wait-timeout', '900', 'starrocks', 'minio')
            Invoke-Native docker @('compose', '-f', $compose, 'run', '--rm', 'minio-init')
            $env:STARROCKS_IT_HOST = '127.0.0.1'; $env:STARROCKS_IT_PORT = '9030'
            $env:STARROCKS_IT_USER = 'root'; $env:STARROCKS_IT_PASSWORD = ''
            $env:S3_ENDPOINT = 'http://127.0.0.1:9000'; $env:S3_REGION = 'us-east-1'; $env:S3_BUCKET = 'backups'
            $env:S3_ACCESS_KEY = 'srbackup'; $env:S3_SECRET_KEY = 'srbackup-minio-secret'
            # StarRocks' BE reaches MinIO by its compose service name, not through the host port.
            $env:S3_SERVER_ENDPOINT = 'http://minio:9000'
            $env:STARROCKS_IT_REQUIRED = '1'
            Invoke-PesterRun -Tag 'Integration'
        } finally {
            if (-not $KeepEnvironment) { & docker compose -f $compose down -v }
        }
    }

    Package = {
        # Laid out apart from out/StarRocksBackup (what the Pester suites test), so packaging never changes it.
        $dir = Invoke-Assemble -Rid $PackageReadyToRunRid -Root (Join-Path $OutDir 'package')
        $carried = if ($PackageReadyToRunRid.Count -gt 0) { 'ReadyToRun copies for ' + ($PackageReadyToRunRid -join ', ') } else { 'portable files only' }
        Write-Host "Package layout: $dir ($carried)"
        $feed = Join-Path $OutDir 'packages'
        New-Item -ItemType Directory -Force -Path $feed | Out-Null
        $nupkgName = 'StarRocksBackup.' + (Get-ModuleVersion) + '.nupkg'
        # A package left by an earlier run must not pass for this one (publishing does not overwrite it either).
        Remove-Item -LiteralPath (Join-Path $feed $nupkgName) -ErrorAction SilentlyContinue
        $repoName = 'StarRocksBackupLocal'
        if (Get-Command Publish-PSResource -ErrorAction SilentlyContinue) {
            Register-PSResourceRepository -Name $repoName -Uri $feed -Trusted -Force
            try { Publish-PSResource -Path $dir -Repository $repoName -ErrorAction Stop }
            finally { Unregister-PSResourceRepository -Name $repoName }
        } elseif (Get-Command Publish-Module -ErrorAction SilentlyContinue) {
            if (Get-PSRepository -Name $repoName -ErrorAction SilentlyContinue) { Unregister-PSRepository -Name $repoName }
            Register-PSRepository -Name $repoName -SourceLocation $feed -PublishLocation $feed -InstallationPolicy Trusted
            try { Publish-Module -Path $dir -Repository $repoName -NuGetApiKey 'local' -ErrorAction Stop }
            finally { Unregister-PSRepository -Name $repoName }
        } else {
            Invoke-Native dotnet @('pack', (Join-Path $RepoRoot 'build/PackModule.proj'), '--nologo', "-p:ModuleDir=$dir/")
        }
        $nupkg = Get-ChildItem -Path $feed -Filter $nupkgName
        if (-not $nupkg) { throw "no $nupkgName in $feed" }
        Write-Host "Packaged $($nupkg.FullName)"
        # The zip Azure Automation imports (module folder at the root; no Gallery, no PowerShell needed).
        Invoke-Native dotnet @('msbuild', (Join-Path $RepoRoot 'build/AutomationZip.proj'), '-nologo', '-v:m', "-p:ModuleDir=$dir")
    }
}

$Task = @($Task | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
if ($PowerShell) { $PowerShell = @($PowerShell | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ }) }
$expanded = New-Object System.Collections.Generic.List[string]
foreach ($t in $Task) {
    if ($t -eq 'Test') { $expanded.Add('UnitTest'); $expanded.Add('PesterTest'); continue }
    $known = @($tasks.Keys | Where-Object { $_ -eq $t })
    if ($known.Count -eq 0) { throw "Unknown task '$t'. Tasks: $(@($tasks.Keys) -join ', '), Test" }
    $expanded.Add($known[0])
}

foreach ($t in $expanded) {
    Write-Host "=== $t ($Configuration)" -ForegroundColor Cyan
    & $tasks[$t]
}
