# Test-SrRepository and Test-SrBackup in real pwsh against the built module, the FE simulator and the S3 server.
Describe 'Repository check and restore drill cmdlets' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer -Backends 1 -PhaseMs 20
        $script:Db = New-SrTestDatabase -Target $Target -Rows 4
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
        $s3 = Get-SrTestS3
        $script:Storage = @{ StorageCredential = $s3.Credential; StorageEndpoint = $s3.HostEndpoint; StorageRegion = $s3.Region }
        $script:Label = New-SrTestName 'snap'
        $job = Start-SrBackup -Database $Db -Repository $Repo -Snapshot $Label -Wait -Confirm:$false
        if ($job.State.ToString() -ne 'Finished') { throw "setup backup did not finish: $($job.State) $($job.FailureText)" }
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name $Db
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'Test-SrRepository passes a healthy repository and reports bytes per snapshot' {
        $r = Get-SrRepository -Name $Repo | Test-SrRepository @Storage
        $r.GetType().FullName | Should -Be 'StarRocksBackup.RepositoryCheckInfo'
        $r.Passed | Should -BeTrue
        $r.ServerOk | Should -BeTrue
        $r.StorageOk | Should -BeTrue
        @($r.Snapshots).Count | Should -Be 1
        $r.Snapshots[0].Snapshot | Should -Be $Label
        $r.Snapshots[0].Bytes | Should -BeGreaterThan 0
        $r.TotalBytes | Should -BeGreaterThan $r.Snapshots[0].Bytes
    }

    It 'Test-SrRepository with wrong storage keys reports the storage as failing' {
        $bad = New-Object System.Management.Automation.PSCredential ('nobody', (ConvertTo-SecureString 'wrong-secret' -AsPlainText -Force))
        $text = Invoke-SrTestCapture { $script:Checked = Test-SrRepository -Repository $Repo -StorageCredential $bad -StorageEndpoint $Storage.StorageEndpoint }
        $Checked.StorageOk | Should -BeFalse
        $Checked.Passed | Should -BeFalse
        $Checked.StorageError | Should -Not -BeNullOrEmpty
        $text | Should -Not -Match 'wrong-secret'
    }

    It 'Test-SrBackup -WhatIf restores nothing' {
        $before = @(Invoke-SrTestSql -Target $Target -Sql 'SHOW DATABASES').Count
        $text = Invoke-SrTestCapture { Get-SrSnapshot -Repository $Repo -Name $Label | Test-SrBackup @Storage -WhatIf }
        $text | Should -Match 'What if:'
        @(Invoke-SrTestSql -Target $Target -Sql 'SHOW DATABASES').Count | Should -Be $before
    }

    It 'Test-SrBackup passes a good snapshot, drops the scratch copy and records the drill' {
        $r = Get-SrSnapshot -Repository $Repo -Name $Label | Test-SrBackup @Storage -Confirm:$false
        $r.GetType().FullName | Should -Be 'StarRocksBackup.RestoreDrillInfo'
        $r.Passed | Should -BeTrue
        $r.RowsRestored | Should -Be 11
        $r.PartitionsCompared | Should -Be 3
        $r.TablesFingerprinted | Should -Be 2
        $r.ReplicationNum | Should -Be 1
        $r.ScratchDropped | Should -BeTrue
        @(Invoke-SrTestSql -Target $Target -Sql 'SHOW DATABASES' | Where-Object { $_.Database -eq $r.ScratchDatabase }).Count | Should -Be 0
        $r.RecordKey | Should -Match 'verifications/'
    }

    It 'Test-SrBackup -Keep leaves the scratch database, and a drill into an existing database is refused' {
        $snap = Get-SrSnapshot -Repository $Repo -Name $Label
        $check = Test-SrSnapshot -Repository $Repo -Snapshot $Label -NoRecord @Storage
        $check.Passed | Should -BeTrue
        $err = $null
        $scratch = New-SrTestName 'keep'
        $r = Test-SrBackup -Repository $Repo -Snapshot $Label -Timestamp $snap.Timestamp -ScratchDatabase $scratch -Keep -NoFingerprint @Storage -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Passed | Should -BeTrue
        $r.ScratchDropped | Should -BeFalse
        @(Invoke-SrTestSql -Target $Target -Sql 'SHOW DATABASES' | Where-Object { $_.Database -eq $scratch }).Count | Should -Be 1
        # A second drill into the kept database is refused: the scratch database must be new.
        Test-SrBackup -Repository $Repo -Snapshot $Label -ScratchDatabase $scratch @Storage -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'InvalidArgument' 'Test-SrBackup')
        Remove-SrTestDatabase -Target $Target -Name $scratch
    }
}
