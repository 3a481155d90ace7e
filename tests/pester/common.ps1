# common.ps1 - dot-sourced by every Pester file (BeforeAll { . "$PSScriptRoot/common.ps1" }).
#
# * imports the BUILT module (out/StarRocksBackup/<version>/, or $env:SRB_MODULE_PATH set by
#   Invoke-PesterSuite.ps1) - never src/ (house-style section 5 item 9);
# * gives each test file a StarRocks endpoint: the real one from STARROCKS_IT_HOST/PORT/USER/PASSWORD
#   when set, else the FE simulator started from its build output (stopped by Stop-SrTestServer);
# * object storage from the S3_* variables printed by tests/tools/s3-server.sh (or MinIO in compose);
# * an SQL helper (MySqlConnector from the module's own dependencies/) to set up data and to verify
#   side effects independently of the cmdlets under test.
#
# Windows PowerShell 5.1 syntax only: no ??, no ternary, no ForEach-Object -Parallel.
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath

function Get-SrTestModulePath {
    if ($env:SRB_MODULE_PATH) {
        return (Resolve-Path $env:SRB_MODULE_PATH).ProviderPath
    }

    $base = Join-Path $script:RepoRoot 'out/StarRocksBackup'
    if (-not (Test-Path $base)) {
        throw "The module is not built: $base is missing. Run ./build.ps1 -Task Build (or dotnet msbuild build/AssembleModule.proj)."
    }

    $dir = Get-ChildItem -Path $base -Directory |
        Sort-Object { [version]$_.Name } -Descending |
        Select-Object -First 1
    return (Join-Path $dir.FullName 'StarRocksBackup.psd1')
}

$script:ModuleManifestPath = Get-SrTestModulePath
$script:ModuleDir = Split-Path -Parent $script:ModuleManifestPath
$loaded = Get-Module -Name StarRocksBackup
if ($loaded -and ($loaded.ModuleBase.TrimEnd('\', '/') -ne $script:ModuleDir.TrimEnd('\', '/'))) {
    throw "StarRocksBackup is already loaded from $($loaded.ModuleBase), not from the built module $($script:ModuleDir)."
}
if (-not $loaded) {
    Import-Module $script:ModuleManifestPath -ErrorAction Stop
}

# Every cmdlet's FullyQualifiedErrorId is '<ErrorId>,StarRocksBackup.Commands.<Verb><Noun>Command'.
function Get-SrErrorId {
    param([Parameter(Mandatory)] [string] $ErrorId, [Parameter(Mandatory)] [string] $Command)
    $parts = $Command.Split('-')
    return '{0},StarRocksBackup.Commands.{1}{2}Command' -f $ErrorId, $parts[0], $parts[1]
}

function New-SrTestName {
    param([string] $Prefix = 't')
    return ('{0}_{1}' -f $Prefix, [guid]::NewGuid().ToString('N').Substring(0, 10))
}

<#
  Everything a command shows the user: every stream (*>&1) plus what goes straight to the host,
  which is where -WhatIf's "What if:" lines go (they are in no stream, so only a transcript sees them).
#>
function Invoke-SrTestCapture {
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    # The script block runs in a child scope of this function, so it sees this function's variables
    # before the caller's: a caller's $path (ClusterSnapshot.Tests.ps1 writes to -Path $path) must not
    # be shadowed by the transcript path. Hence the unlikely names.
    $srbCaptureFile = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-transcript-{0}.txt' -f [guid]::NewGuid().ToString('N'))
    Start-Transcript -Path $srbCaptureFile -Force | Out-Null
    $srbCaptureStreams = ''
    try {
        $srbCaptureStreams = & $ScriptBlock *>&1 | Out-String -Width 4096
    } finally {
        Stop-Transcript | Out-Null
    }
    $srbCaptureText = (Get-Content -Path $srbCaptureFile -Raw) + [Environment]::NewLine + $srbCaptureStreams
    Remove-Item -Path $srbCaptureFile -ErrorAction SilentlyContinue
    return $srbCaptureText
}

# ---------------------------------------------------------------------------------------------
# The server under test
# ---------------------------------------------------------------------------------------------

<# The PowerShell executable running this test, for child processes (pwsh as a dotnet tool runs as "dotnet"). #>
function Get-SrTestPwsh {
    if ($env:SRB_PWSH -and (Test-Path $env:SRB_PWSH)) { return $env:SRB_PWSH }
    $name = 'pwsh'
    if ($PSVersionTable.PSEdition -eq 'Desktop') { $name = 'powershell' }
    $found = Get-Command -Name $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $found) { throw "no $name executable on PATH (set SRB_PWSH)" }
    return $found.Source
}

function Get-SrFreeTcpPort {
    $listener = New-Object System.Net.Sockets.TcpListener ([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Wait-SrTcpPort {
    param([string] $HostName, [int] $Port, [int] $TimeoutSeconds = 60, $Process)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Process -and $Process.HasExited) {
            throw "the simulator exited with code $($Process.ExitCode) before accepting connections"
        }
        $client = New-Object System.Net.Sockets.TcpClient
        try {
            $task = $client.ConnectAsync($HostName, $Port)
            if ($task.Wait(500) -and $client.Connected) { return }
        } catch {
            Start-Sleep -Milliseconds 100
        } finally {
            $client.Dispose()
        }
    }
    throw "nothing accepts connections on ${HostName}:$Port after $TimeoutSeconds s"
}

<#
  Starts (or describes) the StarRocks endpoint for one test file. Returns a hashtable:
  Host, Port, User, Password, Credential, IsSimulator, Process, LogPath.
  Options apply to the simulator only (a real server is what it is).
#>
function Start-SrTestServer {
    param(
        # SRB_SIM_VERSION runs the whole suite against another imitated version (CI: 3.3 legacy and 3.4 SQL forms).
        [string] $Version = $(if ($env:SRB_SIM_VERSION) { $env:SRB_SIM_VERSION } else { '3.3.9' }),
        [ValidateSet('shared-nothing', 'shared-data')] [string] $RunMode = 'shared-nothing',
        [int] $Backends = 3,
        [int] $PhaseMs = 100,
        [string] $User = 'root',
        # Not named *Password*: these are throw-away test accounts (PSAvoidUsingPlainTextForPassword).
        [string] $UserSecret = '',
        # TLS on the simulator: a CA and a server certificate are made at start; the CA's PEM path is returned as CaPath.
        [switch] $Tls,
        # LDAP accounts (authentication_ldap_simple: mysql_clear_password), name = password.
        [hashtable] $LdapUser = @{},
        # More simulator options, e.g. '--snapshot-interval-s', '2' or '--fail-backup', 'db:message' (each passed quoted).
        [Alias('ExtraArguments')]
        [string[]] $ExtraArgument = @()
    )

    if ($env:STARROCKS_IT_HOST) {
        $port = 9030
        if ($env:STARROCKS_IT_PORT) { $port = [int]$env:STARROCKS_IT_PORT }
        $itUser = 'root'
        if ($env:STARROCKS_IT_USER) { $itUser = $env:STARROCKS_IT_USER }
        $itPassword = ''
        if ($env:STARROCKS_IT_PASSWORD) { $itPassword = $env:STARROCKS_IT_PASSWORD }
        return (New-SrTestTarget -HostName $env:STARROCKS_IT_HOST -Port $port -User $itUser -UserSecret $itPassword -Process $null -LogPath $null)
    }

    $configuration = 'Release'
    if ($env:SRB_CONFIGURATION) { $configuration = $env:SRB_CONFIGURATION }
    $dll = Join-Path $script:RepoRoot "tests/StarRocksBackup.Simulator/bin/$configuration/net10.0/StarRocksBackup.Simulator.dll"
    if (-not (Test-Path $dll)) {
        throw "The simulator is not built: $dll is missing (dotnet build tests/StarRocksBackup.Simulator -c $configuration)."
    }

    $port = Get-SrFreeTcpPort
    $log = Join-Path ([System.IO.Path]::GetTempPath()) ("srsim-{0}.log" -f $port)
    $arguments = @($dll, '--port', $port, '--version', $Version, '--run-mode', $RunMode,
        '--backends', $Backends, '--phase-ms', $PhaseMs)
    if ($UserSecret) { $arguments += @('--user', ('{0}:{1}' -f $User, $UserSecret)) }
    foreach ($name in $LdapUser.Keys) { $arguments += @('--ldap-user', ('"{0}:{1}"' -f $name, $LdapUser[$name])) }
    $caPath = $null
    if ($Tls) {
        $caPath = Join-Path ([System.IO.Path]::GetTempPath()) ("srsim-ca-{0}.pem" -f $port)
        $arguments += @('--tls-ca-out', ('"{0}"' -f $caPath))
    }
    foreach ($extra in $ExtraArgument) { $arguments += ('"{0}"' -f $extra) }
    $arguments[0] = '"{0}"' -f $dll   # Start-Process joins arguments without quoting
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -PassThru -NoNewWindow `
        -RedirectStandardOutput $log -RedirectStandardError "$log.err"
    try {
        Wait-SrTcpPort -HostName '127.0.0.1' -Port $port -TimeoutSeconds 60 -Process $process
    } catch {
        Stop-SrTestServer -Target @{ Process = $process }
        $detail = ''
        if (Test-Path "$log.err") { $detail = Get-Content "$log.err" -Raw }
        throw "could not start the simulator ($dll): $($_.Exception.Message) $detail"
    }
    $target = New-SrTestTarget -HostName '127.0.0.1' -Port $port -User $User -UserSecret $UserSecret -Process $process -LogPath $log
    $target['CaPath'] = $caPath
    return $target
}

function New-SrTestTarget {
    param([string] $HostName, [int] $Port, [string] $User, [string] $UserSecret, $Process, $LogPath)
    $secure = New-Object System.Security.SecureString
    foreach ($c in $UserSecret.ToCharArray()) { $secure.AppendChar($c) }
    $credential = New-Object System.Management.Automation.PSCredential ($User, $secure)
    return @{
        Host        = $HostName
        Port        = $Port
        User        = $User
        Password    = $UserSecret
        Credential  = $credential
        IsSimulator = ($null -ne $Process)
        Process     = $Process
        LogPath     = $LogPath
    }
}

function Stop-SrTestServer {
    param($Target)
    if ($null -eq $Target) { return }
    $process = $Target['Process']
    if ($process -and -not $process.HasExited) {
        Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
        $process.WaitForExit(10000) | Out-Null
    }
}

function Connect-SrTestServer {
    param([Parameter(Mandatory)] $Target)
    return (Connect-SrServer -Server $Target.Host -Port $Target.Port -Credential $Target.Credential -PassThru -ErrorAction Stop)
}

# ---------------------------------------------------------------------------------------------
# SQL, independent of the cmdlets under test (MySqlConnector from the module's own dependencies/)
# ---------------------------------------------------------------------------------------------

# The connection type comes from the Assembly object itself, never from a type-name lookup: on
# PowerShell 7 the module's own load context holds a second MySqlConnector (Core's), and resolving
# [MySqlConnector.MySqlConnection] by name could find that copy, or report the name as ambiguous
# once both are loaded. This helper uses MySqlConnector only, never a Core type.
function Initialize-SrTestSql {
    if (-not (Get-Variable -Name SrTestSqlConnectionType -Scope Script -ErrorAction SilentlyContinue) -or
        -not $script:SrTestSqlConnectionType) {
        $path = Join-Path $script:ModuleDir 'dependencies/MySqlConnector.dll'
        $assembly = [System.Reflection.Assembly]::LoadFrom($path)
        $script:SrTestSqlConnectionType = $assembly.GetType('MySqlConnector.MySqlConnection', $true)
    }
}

<# Runs statements; returns the rows of the last one as PSCustomObjects. #>
function Invoke-SrTestSql {
    param([Parameter(Mandatory)] $Target, [Parameter(Mandatory)] [string[]] $Sql, [string] $Database)
    Initialize-SrTestSql
    $builder = 'Server={0};Port={1};User Id={2};Password={3};SslMode=None;Pooling=false;Default Command Timeout=120' -f `
        $Target.Host, $Target.Port, $Target.User, $Target.Password
    if ($Database) { $builder += ';Database=' + $Database }
    $connection = [System.Activator]::CreateInstance($script:SrTestSqlConnectionType, [object[]]@($builder))
    $connection.Open()
    try {
        $rows = @()
        foreach ($statement in $Sql) {
            $command = $connection.CreateCommand()
            $command.CommandText = $statement
            $reader = $command.ExecuteReader()
            try {
                $rows = @()
                while ($reader.Read()) {
                    $row = [ordered]@{}
                    for ($i = 0; $i -lt $reader.FieldCount; $i++) {
                        $value = $reader.GetValue($i)
                        if ($value -is [System.DBNull]) { $value = $null }
                        $row[$reader.GetName($i)] = $value
                    }
                    $rows += [pscustomobject]$row
                }
            } finally {
                $reader.Dispose()
            }
        }
        return $rows
    } finally {
        $connection.Dispose()
    }
}

function Get-SrTestRowCount {
    param([Parameter(Mandatory)] $Target, [Parameter(Mandatory)] [string] $Database, [Parameter(Mandatory)] [string] $Table)
    $rows = @(Invoke-SrTestSql -Target $Target -Sql ('SELECT COUNT(*) AS n FROM `{0}`.`{1}`' -f $Database, $Table))
    return [long]$rows[0].n
}

<#
  A database with one range-partitioned table `sales` (partitions p2024, p2025; $Rows rows each)
  and one unpartitioned table `dim` (3 rows). Names are generated, never user input.
#>
function New-SrTestDatabase {
    param([Parameter(Mandatory)] $Target, [string] $Name = (New-SrTestName 'db'), [int] $Rows = 5)
    # One replica: the compose environment (allin1) has a single BE.
    $replication = ' PROPERTIES ("replication_num" = "1")'
    $values2024 = @(); $values2025 = @()
    for ($i = 1; $i -le $Rows; $i++) {
        $values2024 += "('2024-03-0$(($i % 9) + 1)', $i, 'a$i')"
        $values2025 += "('2025-03-0$(($i % 9) + 1)', $($i + 100), 'b$i')"
    }
    Invoke-SrTestSql -Target $Target -Sql @(
        ('CREATE DATABASE `{0}`' -f $Name),
        ('CREATE TABLE `{0}`.`sales` (dt DATE, id INT, note VARCHAR(20)) DUPLICATE KEY(dt, id) PARTITION BY RANGE(dt) (PARTITION p2024 VALUES LESS THAN ("2025-01-01"), PARTITION p2025 VALUES LESS THAN ("2026-01-01")) DISTRIBUTED BY HASH(id) BUCKETS 1{1}' -f $Name, $replication),
        ('CREATE TABLE `{0}`.`dim` (id INT, label VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1{1}' -f $Name, $replication),
        ('INSERT INTO `{0}`.`sales` VALUES {1}' -f $Name, ($values2024 -join ', ')),
        ('INSERT INTO `{0}`.`sales` VALUES {1}' -f $Name, ($values2025 -join ', ')),
        ('INSERT INTO `{0}`.`dim` VALUES (1, ''one''), (2, ''two''), (3, ''three'')' -f $Name)
    ) | Out-Null
    return $Name
}

function Remove-SrTestDatabase {
    param([Parameter(Mandatory)] $Target, [string[]] $Name)
    foreach ($n in $Name) {
        if ($n) { Invoke-SrTestSql -Target $Target -Sql ('DROP DATABASE IF EXISTS `{0}` FORCE' -f $n) | Out-Null }
    }
}

# ---------------------------------------------------------------------------------------------
# Object storage
# ---------------------------------------------------------------------------------------------

function Get-SrTestS3 {
    foreach ($name in 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET') {
        if (-not [Environment]::GetEnvironmentVariable($name)) {
            throw "$name is not set: start the S3 server first (eval `"`$(tests/tools/s3-server.sh start)`") or set the MinIO variables."
        }
    }
    $region = 'us-east-1'
    if ($env:S3_REGION) { $region = $env:S3_REGION }
    $secure = ConvertTo-SecureString -String $env:S3_SECRET_KEY -AsPlainText -Force
    # The endpoint StarRocks itself uses can differ from the host's (compose: http://minio:9000).
    $serverEndpoint = $env:S3_ENDPOINT
    if ($env:S3_SERVER_ENDPOINT) { $serverEndpoint = $env:S3_SERVER_ENDPOINT }
    return @{
        Endpoint   = $serverEndpoint
        HostEndpoint = $env:S3_ENDPOINT
        Region     = $region
        Bucket     = $env:S3_BUCKET
        AccessKey  = $env:S3_ACCESS_KEY
        SecretKey  = $env:S3_SECRET_KEY
        Credential = New-Object System.Management.Automation.PSCredential ($env:S3_ACCESS_KEY, $secure)
    }
}

<# A repository in its own key prefix of the shared bucket (every test writes under a unique prefix). #>
function New-SrTestRepository {
    param([string] $Name = (New-SrTestName 'repo'), [switch] $ReadOnly, [string] $Prefix, [hashtable] $Extra = @{})
    $s3 = Get-SrTestS3
    if (-not $Prefix) { $Prefix = 't-pester-' + [guid]::NewGuid().ToString('N') }
    $parameters = @{
        Name       = $Name
        Location   = ('s3://{0}/{1}' -f $s3.Bucket, $Prefix)
        Endpoint   = $s3.Endpoint
        Region     = $s3.Region
        Credential = $s3.Credential
        Confirm    = $false
        ErrorAction = 'Stop'
    }
    if ($ReadOnly) { $parameters['ReadOnly'] = $true }
    foreach ($k in $Extra.Keys) { $parameters[$k] = $Extra[$k] }
    New-SrRepository @parameters | Out-Null
    return $Name
}
