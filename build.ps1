<#
.SYNOPSIS
    Builds, tests and packages the StarRocksBackup module. Self-contained: needs the .NET SDK
    (global.json) and, for the Pester tasks, PowerShell 7 or Windows PowerShell 5.1.

.DESCRIPTION
    Tasks (run in the order given; the default is Build, Test):
      Clean            remove out/ and artifacts/, dotnet clean
      Build            dotnet build the solution, then lay out out/StarRocksBackup/<version>/
                       (build/AssembleModule.proj: root = psd1, format, StarRocksBackup.dll,
                       StarRocksBackup.Isolation.dll; dependencies/ = Core and its closure), then compile
                       the help: docs/en-US -> en-US/StarRocksBackup.dll-Help.xml (Microsoft.PowerShell.PlatyPS
                       1.x, pinned in build/requirements.psd1) and en-US/about_StarRocksBackup.help.txt.
                       -SkipHelp leaves the help out (machines that cannot install PlatyPS).
      Analyze          Test-ModuleManifest on out/, PSScriptAnalyzer (build/PSScriptAnalyzerSettings.psd1:
                       5.1 + 7.4 compatible syntax) over build.ps1, build/, tests/pester/ and examples/
      UnitTest         dotnet test the solution (xunit), trx into out/TestResults/
      PesterTest       Pester 5 suites in child processes against out/ (tests/pester/Invoke-PesterSuite.ps1),
                       under pwsh and, on Windows, also powershell.exe (override with -PowerShell)
      IntegrationTest  docker compose up tests/integration/compose.yaml --wait, Integration-tagged Pester
                       suites with STARROCKS_IT_REQUIRED=1, compose down -v (unless -KeepEnvironment)
      Test             UnitTest, PesterTest
      Package          out/packages/StarRocksBackup.<version>.nupkg (Publish-PSResource, else Publish-Module,
                       else dotnet pack build/PackModule.proj), and out/packages/StarRocksBackup.zip for Azure
                       Automation (build/AutomationZip.proj: the module folder at the zip root)

    Every native command's exit code is checked; a failure stops the build with a non-zero exit.
    ModuleVersion comes from StarRocksBackup.psd1 only.

.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Clean, Build, PesterTest -Configuration Release
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

    # IntegrationTest: leave the compose environment running afterwards.
    [switch] $KeepEnvironment,

    # Build: do not compile the help (for machines without PowerShell Gallery access). The module then has no
    # Get-Help content beyond the syntax; never use it for a package.
    [switch] $SkipHelp
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ResultsDir = Join-Path $OutDir 'TestResults'
$IsWindowsHost = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor DarkGray
    & $FilePath @ArgumentList
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

function Get-BuiltModuleDir {
    $dir = Join-Path $OutDir ('StarRocksBackup/' + (Get-ModuleVersion))
    if (-not (Test-Path (Join-Path $dir 'StarRocksBackup.psd1'))) {
        throw "$dir is not built: run ./build.ps1 -Task Build first."
    }
    return $dir
}

function Install-BuildRequirement {
    param([Parameter(Mandatory)] [string] $Name)
    $required = (Import-PowerShellDataFile -Path (Join-Path $RepoRoot 'build/requirements.psd1'))[$Name]
    if (Get-Module -ListAvailable -Name $Name | Where-Object { $_.Version -eq [version]$required }) { return }
    Write-Host "Installing $Name $required (CurrentUser)"
    if (Get-Command Install-PSResource -ErrorAction SilentlyContinue) {
        Install-PSResource -Name $Name -Version $required -Scope CurrentUser -TrustRepository -Reinstall -ErrorAction Stop
    } else {
        # Windows PowerShell 5.1 ships Pester 3 signed by another publisher, hence -SkipPublisherCheck.
        Install-Module -Name $Name -RequiredVersion $required -Scope CurrentUser -Force -SkipPublisherCheck -AllowClobber -ErrorAction Stop
    }
}

<#
    Compiles docs/en-US into <module>/en-US: the cmdlet pages (PlatyPS 1.x markdown) into the MAML file Get-Help
    reads for a binary module (<assembly>-Help.xml, the "external help file" named in every page), and the
    about_ topic into about_StarRocksBackup.help.txt. Fails when anything is missing.
#>
function Build-ModuleHelp {
    param([Parameter(Mandatory)] [string] $ModuleDir)
    $docs = Join-Path $RepoRoot 'docs/en-US'
    $helpDir = Join-Path $ModuleDir 'en-US'
    $mamlName = 'StarRocksBackup.dll-Help.xml'
    Install-BuildRequirement -Name 'Microsoft.PowerShell.PlatyPS'
    $platyVersion = (Import-PowerShellDataFile -Path (Join-Path $RepoRoot 'build/requirements.psd1'))['Microsoft.PowerShell.PlatyPS']
    Import-Module -Name 'Microsoft.PowerShell.PlatyPS' -RequiredVersion $platyVersion -Force -ErrorAction Stop

    if (Test-Path $helpDir) { Remove-Item -Recurse -Force $helpDir }
    New-Item -ItemType Directory -Force -Path $helpDir | Out-Null
    # PlatyPS names its output after the module (and may put it in a module subfolder): export to a staging
    # folder, then place the one MAML file under the name PowerShell looks for.
    $staging = Join-Path $OutDir 'help-staging'
    if (Test-Path $staging) { Remove-Item -Recurse -Force $staging }
    New-Item -ItemType Directory -Force -Path $staging | Out-Null

    $pages = @(Measure-PlatyPSMarkdown -Path (Join-Path $docs '*.md') | Where-Object Filetype -match 'CommandHelp')
    if ($pages.Count -eq 0) { throw "No cmdlet help pages found in $docs." }
    $pages | Import-MarkdownCommandHelp -Path { $_.FilePath } | Export-MamlCommandHelp -OutputFolder $staging -Force | Out-Null

    $maml = @(Get-ChildItem -Path $staging -Recurse -File -Filter '*.xml')
    if ($maml.Count -ne 1) {
        throw "Export-MamlCommandHelp wrote $($maml.Count) XML file(s) under $staging; expected exactly one."
    }
    Copy-Item -LiteralPath $maml[0].FullName -Destination (Join-Path $helpDir $mamlName) -Force
    Remove-Item -Recurse -Force $staging

    # about_ topics are plain text; drop the PlatyPS front matter (--- ... ---) that Get-Help would print verbatim.
    $about = Get-Content -LiteralPath (Join-Path $docs 'about_StarRocksBackup.md') -Raw -Encoding UTF8
    $about = $about -replace '\A---\r?\n(?:.*\r?\n)*?---\r?\n', ''
    Set-Content -LiteralPath (Join-Path $helpDir 'about_StarRocksBackup.help.txt') -Value $about -Encoding UTF8

    foreach ($file in $mamlName, 'about_StarRocksBackup.help.txt') {
        $path = Join-Path $helpDir $file
        if (-not (Test-Path -LiteralPath $path -PathType Leaf) -or (Get-Item -LiteralPath $path).Length -eq 0) {
            throw "Help was not generated: $path is missing or empty."
        }
    }
    [xml] $check = Get-Content -LiteralPath (Join-Path $helpDir $mamlName) -Raw -Encoding UTF8
    $commands = @($check.GetElementsByTagName('command:command'))
    if ($commands.Count -ne $pages.Count) {
        throw "$mamlName holds $($commands.Count) command(s), expected $($pages.Count) (one per page in $docs)."
    }
    Write-Host "Help: $($commands.Count) cmdlets -> $helpDir"
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
    Install-BuildRequirement -Name 'Pester'
    $editions = $PowerShell
    if (-not $editions) {
        $editions = @('pwsh')
        if ($IsWindowsHost -and (Get-Command powershell.exe -ErrorAction SilentlyContinue)) { $editions += 'powershell' }
    }
    if ($IsWindowsHost -and ($editions -contains 'powershell')) {
        # The child processes import Pester from the CurrentUser scope of each edition; 5.1 has its own.
        $pesterVersion = (Import-PowerShellDataFile (Join-Path $RepoRoot 'build/requirements.psd1')).Pester
        # Windows PowerShell 5.1 needs TLS 1.2 and the NuGet provider before Install-Module works unattended.
        $bootstrap = "if (-not (Get-Module -ListAvailable Pester | Where-Object Version -eq '$pesterVersion')) { " +
            "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12; " +
            "Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Force -Scope CurrentUser | Out-Null; " +
            "Install-Module Pester -RequiredVersion '$pesterVersion' -Scope CurrentUser -Force -SkipPublisherCheck -AllowClobber }"
        & powershell.exe -NoProfile -NonInteractive -Command $bootstrap
        if ($LASTEXITCODE -ne 0) { throw "installing Pester for Windows PowerShell exited with code $LASTEXITCODE" }
    }
    $runnerArgs = @{
        ModulePath      = Join-Path (Get-BuiltModuleDir) 'StarRocksBackup.psd1'
        OutputDirectory = $ResultsDir
        PowerShell      = $editions
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
        Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'StarRocksBackup.sln'), '-c', $Configuration, '--nologo')
        Invoke-Native dotnet @('msbuild', (Join-Path $RepoRoot 'build/AssembleModule.proj'), "-p:Configuration=$Configuration", '-nologo', '-v:m')
        $dir = Get-BuiltModuleDir
        Test-ModuleManifest -Path (Join-Path $dir 'StarRocksBackup.psd1') -ErrorAction Stop | Out-Null
        if ($SkipHelp) {
            Write-Warning 'Build: -SkipHelp given, so the module has no compiled help (en-US/).'
        } else {
            Build-ModuleHelp -ModuleDir $dir
        }
        Write-Host "Built $dir"
    }

    Analyze = {
        Test-ModuleManifest -Path (Join-Path (Get-BuiltModuleDir) 'StarRocksBackup.psd1') -ErrorAction Stop | Out-Null
        Install-BuildRequirement -Name 'PSScriptAnalyzer'
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
        $dir = Get-BuiltModuleDir
        $feed = Join-Path $OutDir 'packages'
        New-Item -ItemType Directory -Force -Path $feed | Out-Null
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
            Invoke-Native dotnet @('pack', (Join-Path $RepoRoot 'build/PackModule.proj'), '--nologo')
        }
        $nupkg = Get-ChildItem -Path $feed -Filter ('StarRocksBackup.' + (Get-ModuleVersion) + '.nupkg')
        if (-not $nupkg) { throw "no StarRocksBackup.$(Get-ModuleVersion).nupkg in $feed" }
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
