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
