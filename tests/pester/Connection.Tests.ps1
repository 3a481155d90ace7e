# Connect-SrServer / Disconnect-SrServer and the NotConnected contract.
Describe 'Connect-SrServer and Disconnect-SrServer' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer
    }

    AfterAll {
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    BeforeEach {
        Disconnect-SrServer -ErrorAction SilentlyContinue
    }

    It 'connects, becomes the default connection and returns it with -PassThru' {
        $conn = Connect-SrServer -Server $Target.Host -Port $Target.Port -Credential $Target.Credential -PassThru
        $conn | Should -Not -BeNullOrEmpty
        $conn.Server | Should -Be $Target.Host
        $conn.Port | Should -Be $Target.Port
        $conn.UserName | Should -Be $Target.User
        if ($Target.IsSimulator) {
            $expected = '3.3.9'
            if ($env:SRB_SIM_VERSION) { $expected = $env:SRB_SIM_VERSION }
            $conn.ServerVersion | Should -Be $expected
        }
        @(Get-SrDatabase -IncludeSystem -ErrorAction Stop) | Should -Not -BeNullOrEmpty
    }

    It 'writes nothing without -PassThru' {
        $out = Connect-SrServer -Server $Target.Host -Port $Target.Port -Credential $Target.Credential
        $out | Should -BeNullOrEmpty
    }

    It 'has no default connection after Disconnect-SrServer: NotConnected' {
        Connect-SrTestServer -Target $Target | Out-Null
        Disconnect-SrServer
        { Get-SrDatabase -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,StarRocksBackup.Commands.GetSrDatabaseCommand'
    }

    It 'reports NotConnected with category ConnectionError when never connected: <Command>' -ForEach @(
        @{ Command = 'Get-SrDatabase'; Arguments = @{} },
        @{ Command = 'Get-SrRepository'; Arguments = @{} },
        @{ Command = 'Get-SrBackupJob'; Arguments = @{ Database = 'x' } },
        @{ Command = 'Get-SrSnapshot'; Arguments = @{ Repository = 'x' } }) {
        $err = $null
        try { & $Command @Arguments -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be (Get-SrErrorId -ErrorId 'NotConnected' -Command $Command)
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'uses an explicit -Connection even without a default' {
        # Each Connect-SrServer replaces the default; Disconnect-SrServer closes only the default one.
        $kept = Connect-SrServer -Server $Target.Host -Port $Target.Port -Credential $Target.Credential -PassThru
        Connect-SrTestServer -Target $Target | Out-Null
        Disconnect-SrServer
        { Get-SrDatabase -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,StarRocksBackup.Commands.GetSrDatabaseCommand'
        @(Get-SrDatabase -IncludeSystem -Connection $kept -ErrorAction Stop) | Should -Not -BeNullOrEmpty
        Disconnect-SrServer -Connection $kept
        # A disconnected connection object is closed for good, not silently reopened.
        { Get-SrDatabase -Connection $kept -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,StarRocksBackup.Commands.GetSrDatabaseCommand'
    }

    It 'keeps the default connection per runspace' {
        # A database of its own, so "this runspace still lists databases" cannot hold on an empty server by accident.
        $db = New-SrTestName 'runspace'
        Invoke-SrTestSql -Target $Target -Sql ('CREATE DATABASE `{0}`' -f $db) | Out-Null
        try {
            Connect-SrTestServer -Target $Target | Out-Null
            @(Get-SrDatabase -ErrorAction Stop).Database | Should -Contain $db -Because 'precondition: this runspace is connected'
            $ps = [powershell]::Create()
            try {
                [void]$ps.AddScript("Import-Module '$ModuleManifestPath'; try { Get-SrDatabase -ErrorAction Stop; 'connected' } catch { `$_.FullyQualifiedErrorId }")
                $result = @($ps.Invoke())
                $result.Count | Should -BeGreaterThan 0 -Because "the other runspace ran: $($ps.Streams.Error | Out-String)"
                $result[-1] | Should -Be 'NotConnected,StarRocksBackup.Commands.GetSrDatabaseCommand'
            } finally { $ps.Dispose() }
            @(Get-SrDatabase -ErrorAction Stop).Database | Should -Contain $db -Because 'this runspace is still connected'
        } finally {
            Remove-SrTestDatabase -Target $Target -Name $db
        }
    }

    It 'Get-SrConnection returns the default connection, and nothing after Disconnect-SrServer' {
        $conn = Connect-SrTestServer -Target $Target
        $current = Get-SrConnection
        [object]::ReferenceEquals($current, $conn) | Should -BeTrue
        $current.GetType().FullName | Should -Be 'StarRocksBackup.SrConnection'
        Disconnect-SrServer
        Get-SrConnection | Should -BeNullOrEmpty
    }

    It 'fails with ServerUnreachable on a closed port' {
        $closed = Get-SrFreeTcpPort
        { Connect-SrServer -Server 127.0.0.1 -Port $closed -ErrorAction Stop } |
            Should -Throw -ErrorId 'ServerUnreachable,StarRocksBackup.Commands.ConnectSrServerCommand'
    }

    It 'rejects a port outside 1..65535 before connecting' {
        { Connect-SrServer -Server 127.0.0.1 -Port 70000 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,StarRocksBackup.Commands.ConnectSrServerCommand'
    }
}

# Needs a user whose password the test chooses: the simulator only (a real server has its own users).
Describe 'Connect-SrServer with a password' -Skip:([bool]$env:STARROCKS_IT_HOST) {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Password = 'pw-' + [guid]::NewGuid().ToString('N')
        $script:Target = Start-SrTestServer -User 'dba' -UserSecret $Password
    }

    AfterAll {
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'connects with the right password' {
        $conn = Connect-SrTestServer -Target $Target
        $conn.UserName | Should -Be $Target.User
    }

    It 'fails with AuthenticationFailed on a wrong password, without echoing it' {
        $wrong = 'wrong-' + [guid]::NewGuid().ToString('N')
        $cred = New-Object System.Management.Automation.PSCredential ($Target.User, (ConvertTo-SecureString $wrong -AsPlainText -Force))
        $err = $null
        try { Connect-SrServer -Server $Target.Host -Port $Target.Port -Credential $cred -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty -Because 'a wrong password must fail'
        $err.FullyQualifiedErrorId | Should -Be 'AuthenticationFailed,StarRocksBackup.Commands.ConnectSrServerCommand'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -Match ([regex]::Escape($wrong))
    }

    It 'never shows the password in the connection object' {
        $conn = Connect-SrTestServer -Target $Target
        $text = ($conn | Format-List * | Out-String) + $conn.ToString() + ($conn | ConvertTo-Json -Depth 3)
        $text | Should -Not -Match ([regex]::Escape($Password))
    }
}

# TLS and LDAP logins: the simulator makes a CA and a server certificate at start (Start-SrTestServer -Tls) and has
# an LDAP account that it switches to mysql_clear_password. Simulator only (a real FE has its own certificates).
Describe 'Connect-SrServer over TLS, and LDAP users' -Skip:([bool]$env:STARROCKS_IT_HOST) {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:LdapName = 'ldap_dba'
        $script:LdapSecret = 'ld@p ' + [guid]::NewGuid().ToString('N')
        $script:Target = Start-SrTestServer -Tls -LdapUser @{ $LdapName = $LdapSecret }
        $script:LdapCredential = New-Object System.Management.Automation.PSCredential ($LdapName, (ConvertTo-SecureString $LdapSecret -AsPlainText -Force))
        function Get-ConnectError {
            param([hashtable] $Parameters)
            $err = $null
            try { Connect-SrServer -Server $Target.Host -Port $Target.Port @Parameters -ErrorAction Stop } catch { $err = $_ }
            return $err
        }
    }

    AfterAll {
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
        if ($Target -and $Target.CaPath) { Remove-Item -LiteralPath $Target.CaPath -ErrorAction SilentlyContinue }
    }

    It 'made a CA certificate file for the test' {
        $Target.CaPath | Should -Exist
        (Get-Content -LiteralPath $Target.CaPath -Raw) | Should -Match '-----BEGIN CERTIFICATE-----'
    }

    It 'connects with -UseSsl -SslCaCertificate (<Mode>) and works over TLS' -ForEach @(
        @{ Mode = 'VerifyFull'; Extra = @{} },
        @{ Mode = 'VerifyCA'; Extra = @{ SslMode = 'VerifyCA' } }) {
        $conn = Connect-SrServer -Server $Target.Host -Port $Target.Port -UseSsl -SslCaCertificate $Target.CaPath @Extra -PassThru -ErrorAction Stop
        $conn.UseSsl | Should -BeTrue
        $conn.SslMode | Should -Be $Mode
        @(Get-SrDatabase -IncludeSystem -ErrorAction Stop) | Should -Not -BeNullOrEmpty
    }

    It 'takes a relative -SslCaCertificate path from the current location' {
        Push-Location (Split-Path -Parent $Target.CaPath)
        try {
            $conn = Connect-SrServer -Server $Target.Host -Port $Target.Port -SslCaCertificate (Split-Path -Leaf $Target.CaPath) -PassThru -ErrorAction Stop
        } finally { Pop-Location }
        $conn.SslMode | Should -Be 'VerifyFull' -Because '-SslCaCertificate alone implies -UseSsl'
    }

    It 'refuses a certificate it does not trust with TlsFailed and says how to trust it' {
        $err = Get-ConnectError @{ UseSsl = $true }
        $err | Should -Not -BeNullOrEmpty -Because 'the simulator''s CA is in no trust store'
        $err.FullyQualifiedErrorId | Should -Be 'TlsFailed,StarRocksBackup.Commands.ConnectSrServerCommand'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        $err.Exception.Message | Should -Match 'certificate was not accepted'
        $err.ErrorDetails.RecommendedAction | Should -Match '-SslCaCertificate'
        $err.ErrorDetails.RecommendedAction | Should -Match '-SkipCertificateCheck'
    }

    It 'connects with -SkipCertificateCheck (encrypted, not verified)' {
        $conn = Connect-SrServer -Server $Target.Host -Port $Target.Port -SkipCertificateCheck -PassThru -ErrorAction Stop
        $conn.UseSsl | Should -BeTrue
        $conn.SslMode | Should -Be 'Required'
    }

    It 'refuses -SkipCertificateCheck together with a CA to trust: InvalidArgument' {
        $err = Get-ConnectError @{ SkipCertificateCheck = $true; SslCaCertificate = $Target.CaPath }
        $err.FullyQualifiedErrorId | Should -Be 'InvalidArgument,StarRocksBackup.Commands.ConnectSrServerCommand'
    }

    It 'refuses a CA file that does not exist: InvalidArgument' {
        $err = Get-ConnectError @{ SslCaCertificate = (Join-Path $TestDrive 'missing-ca.pem') }
        $err.FullyQualifiedErrorId | Should -Be 'InvalidArgument,StarRocksBackup.Commands.ConnectSrServerCommand'
        $err.Exception.Message | Should -Match 'does not exist'
    }

    It 'fails with TlsFailed when the FE has no TLS' {
        $plain = Start-SrTestServer
        try {
            $err = $null
            try { Connect-SrServer -Server $plain.Host -Port $plain.Port -SkipCertificateCheck -ErrorAction Stop } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'TlsFailed,StarRocksBackup.Commands.ConnectSrServerCommand'
            $err.Exception.Message | Should -Match 'does not offer TLS'
        } finally { Stop-SrTestServer -Target $plain }
    }

    It 'logs an LDAP user in with the clear-text password inside TLS' {
        $conn = Connect-SrServer -Server $Target.Host -Port $Target.Port -Credential $LdapCredential -UseSsl -SslCaCertificate $Target.CaPath -PassThru -ErrorAction Stop
        $conn.UserName | Should -Be $LdapName
        # Several statements over the pooled TLS connection.
        1..3 | ForEach-Object { @(Get-SrDatabase -IncludeSystem -ErrorAction Stop) | Should -Not -BeNullOrEmpty }
        ($conn | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($LdapSecret))
    }

    It 'refuses a wrong LDAP password with AuthenticationFailed, without echoing it' {
        $wrong = 'wrong-' + [guid]::NewGuid().ToString('N')
        $cred = New-Object System.Management.Automation.PSCredential ($LdapName, (ConvertTo-SecureString $wrong -AsPlainText -Force))
        $err = Get-ConnectError @{ Credential = $cred; UseSsl = $true; SslCaCertificate = $Target.CaPath }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'AuthenticationFailed,StarRocksBackup.Commands.ConnectSrServerCommand'
        $err.Exception.Message | Should -Be "Access denied for user '$LdapName' (using password: YES)"
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -Match ([regex]::Escape($wrong))
    }
}

# An LDAP user without TLS to an FE that is NOT on loopback: MySqlConnector refuses to send the clear-text password
# (to a loopback FE it sends it: a port-forward or SSH tunnel is itself the secure channel). To give the client a
# non-loopback FE without touching any real network, the whole scenario runs in a network namespace of its own
# (unshare -n): the simulator listens on 198.18.0.1 (RFC 2544 test range) on that namespace's own loopback device.
Describe 'Connect-SrServer: clear-text password without TLS to a remote FE' -Skip:([bool]$env:STARROCKS_IT_HOST) {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Missing = @()
        if (-not $IsLinux) { $script:Missing += 'Linux network namespaces' }
        else {
            if ((& id -u) -ne '0') { $script:Missing += 'root (to create a network namespace)' }
            foreach ($tool in 'unshare', 'ip') { if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { $script:Missing += $tool } }
        }
    }

    It 'fails with SecureConnectionRequired and recommends -UseSsl' {
        if ($Missing) {
            if ($env:CI -eq 'true') { throw "needs $($Missing -join ', '), which CI must have" }
            Set-ItResult -Skipped -Because "needs $($Missing -join ', ')"
            return
        }
        $configuration = 'Release'
        if ($env:SRB_CONFIGURATION) { $configuration = $env:SRB_CONFIGURATION }
        $simulator = Join-Path $RepoRoot "tests/StarRocksBackup.Simulator/bin/$configuration/net10.0/StarRocksBackup.Simulator.dll"
        $script = Join-Path $TestDrive 'remote-ldap.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Simulator, $Manifest)
$ErrorActionPreference = 'Stop'
& ip link set lo up
& ip addr add 198.18.0.1/32 dev lo
$sim = Start-Process -FilePath dotnet -ArgumentList @("`"$Simulator`"", '--bind', '198.18.0.1', '--port', '9030', '--ldap-user', 'ldap_dba:secret-ldap') -PassThru -RedirectStandardOutput (Join-Path ([IO.Path]::GetTempPath()) 'srb-netns-sim.log')
try {
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        $client = New-Object System.Net.Sockets.TcpClient
        try { $client.Connect('198.18.0.1', 9030); break } catch { if ([DateTime]::UtcNow -gt $deadline) { throw 'simulator did not start' }; Start-Sleep -Milliseconds 200 } finally { $client.Dispose() }
    }
    Import-Module $Manifest
    $cred = New-Object System.Management.Automation.PSCredential ('ldap_dba', (ConvertTo-SecureString 'secret-ldap' -AsPlainText -Force))
    $result = @{ Connected = $false }
    try {
        Connect-SrServer -Server 198.18.0.1 -Port 9030 -Credential $cred -ErrorAction Stop
        $result.Connected = $true
    } catch {
        $result.ErrorId = $_.FullyQualifiedErrorId
        $result.Category = [string]$_.CategoryInfo.Category
        $result.Message = $_.Exception.Message
        $result.RecommendedAction = $_.ErrorDetails.RecommendedAction
    }
    $result | ConvertTo-Json -Compress
} finally {
    Stop-Process -Id $sim.Id -Force -ErrorAction SilentlyContinue
}
'@
        # This very PowerShell: a native pwsh, or (the dotnet tool) dotnet running pwsh.dll.
        $exe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $prefix = @()
        if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
        $output = & unshare -n $exe @prefix -NoProfile -NonInteractive -File $script -Simulator $simulator -Manifest $ModuleManifestPath 2>&1
        $json = @($output | Where-Object { $_ -is [string] -and $_.StartsWith('{') })
        $json | Should -HaveCount 1 -Because "the namespace script printed: $($output -join [Environment]::NewLine)"
        $result = $json[0] | ConvertFrom-Json
        $result.Connected | Should -BeFalse -Because 'the password must not be sent in clear text to a remote FE'
        $result.ErrorId | Should -Be 'SecureConnectionRequired,StarRocksBackup.Commands.ConnectSrServerCommand'
        $result.Category | Should -Be 'SecurityError'
        $result.Message | Should -Match 'mysql_clear_password'
        $result.RecommendedAction | Should -Match '-UseSsl'
        $result.Message | Should -Not -Match 'secret-ldap'
    }
}
