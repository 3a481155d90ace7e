# Start-SrBackup, Get-SrBackupJob, Wait-SrJob, Get-SrSnapshot: the daily pipeline end to end.
Describe 'Backup cmdlets' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer
        $script:Db = New-SrTestDatabase -Target $Target -Rows 5
        $script:Db2 = New-SrTestDatabase -Target $Target -Rows 2
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
        $script:ReadOnlyRepo = New-SrTestRepository -ReadOnly
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name $Db, $Db2
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'Get-SrPartition | Start-SrBackup | Wait-SrJob backs up and finishes' {
        $label = New-SrTestName 'snap'
        $jobs = @(Get-SrPartition -Database $Db -Table 'sales' | Start-SrBackup -Repository $Repo -Snapshot $label -Confirm:$false | Wait-SrJob)
        $jobs.Count | Should -Be 1 -Because 'partitions of one database become one BACKUP'
        $jobs[0].State | Should -Be 'Finished'
        $jobs[0].Database | Should -Be $Db
        $jobs[0].Label | Should -Be $label
        $jobs[0].GetType().FullName | Should -Be 'StarRocksBackup.BackupJobInfo'

        $snap = @(Get-SrSnapshot -Repository $Repo -Name $label)
        $snap.Count | Should -Be 1
        $snap[0].Status | Should -Be 'OK'
        # The server agrees, independently of the cmdlets.
        $rows = @(Invoke-SrTestSql -Target $Target -Sql ('SHOW BACKUP FROM `{0}`' -f $Db))
        $rows[-1].SnapshotName | Should -Be $label
        $rows[-1].State | Should -Be 'FINISHED'
    }

    It 'groups partitions of several databases into one job per database' {
        $parts = @(Get-SrPartition -Database $Db) + @(Get-SrPartition -Database $Db2)
        $jobs = @($parts | Start-SrBackup -Repository $Repo -Confirm:$false | Wait-SrJob)
        $jobs.Count | Should -Be 2
        ($jobs.Database | Sort-Object) | Should -Be (@($Db, $Db2) | Sort-Object)
        $jobs | ForEach-Object { $_.State | Should -Be 'Finished' }
    }

    It 'Start-SrBackup -Database -Wait returns the finished job' {
        $job = Start-SrBackup -Database $Db2 -Repository $Repo -Wait -Confirm:$false
        $job.State | Should -Be 'Finished'
        (Get-SrBackupJob -Database $Db2).JobId | Should -Be $job.JobId
    }

    It 'Start-SrBackup -Database a,b starts one job per database and Wait-SrJob waits for both' {
        $a = New-SrTestDatabase -Target $Target -Rows 1
        $b = New-SrTestDatabase -Target $Target -Rows 1
        try {
            $jobs = @(Start-SrBackup -Database $a, $b -Repository $Repo -Confirm:$false | Wait-SrJob -TimeoutSeconds 300)
            $jobs.Count | Should -Be 2
            @($jobs | Sort-Object Database | ForEach-Object { $_.Database }) | Should -Be @(@($a, $b) | Sort-Object)
            @($jobs | Where-Object { $_.State -ne 'Finished' }).Count | Should -Be 0
        } finally {
            Remove-SrTestDatabase -Target $Target -Name $a, $b
        }
    }

    It 'Start-SrBackup -WhatIf starts no job' {
        $fresh = New-SrTestDatabase -Target $Target -Rows 1
        try {
            Start-SrBackup -Database $fresh -Repository $Repo -WhatIf
            @(Invoke-SrTestSql -Target $Target -Sql ('SHOW BACKUP FROM `{0}`' -f $fresh)).Count | Should -Be 0
        } finally {
            Remove-SrTestDatabase -Target $Target -Name $fresh
        }
    }

    It 'a backup into a READ ONLY repository fails loudly with the StarRocks message' {
        $err = $null
        try {
            Start-SrBackup -Database $Db -Repository $ReadOnlyRepo -Wait -Confirm:$false -ErrorAction Stop
        } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeIn @('ServerError,StarRocksBackup.Commands.StartSrBackupCommand', 'JobFailed,StarRocksBackup.Commands.StartSrBackupCommand')
        $err.Exception.Message | Should -Match 'read only'
    }

    It 'Wait-SrJob writes progress while it waits' {
        # Progress is not a redirectable stream: run the wait in a hosted runspace and read its Progress.
        $ps = [powershell]::Create()
        try {
            $script = @'
param($ManifestPath, $HostName, $Port, $Credential, $Database, $Repository)
Import-Module $ManifestPath
Connect-SrServer -Server $HostName -Port $Port -Credential $Credential
Start-SrBackup -Database $Database -Repository $Repository -Confirm:$false | Wait-SrJob
'@
            [void]$ps.AddScript($script).AddParameters(@{
                ManifestPath = $ModuleManifestPath; HostName = $Target.Host; Port = $Target.Port
                Credential = $Target.Credential; Database = $Db2; Repository = $Repo })
            $result = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            @($result)[-1].State.ToString() | Should -Be 'Finished'
            $ps.Streams.Progress.Count | Should -BeGreaterThan 0
            @($ps.Streams.Progress | Where-Object { $_.RecordType -eq 'Completed' }).Count | Should -BeGreaterThan 0 -Because 'the progress bar is closed at the end'
        } finally { $ps.Dispose() }
    }

    It 'reports DatabaseNotFound for an unknown database' {
        { Start-SrBackup -Database (New-SrTestName 'nodb') -Repository $Repo -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'DatabaseNotFound,StarRocksBackup.Commands.StartSrBackupCommand'
    }

    It 'reports RepositoryNotFound for an unknown repository' {
        $err = $null
        try { Start-SrBackup -Database $Db -Repository (New-SrTestName 'norepo') -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'RepositoryNotFound,StarRocksBackup.Commands.StartSrBackupCommand'
    }

    It 'Get-SrBackupJob returns typed jobs that Wait-SrJob accepts' {
        $job = Get-SrBackupJob -Database $Db
        $job | Should -Not -BeNullOrEmpty
        $job.GetType().FullName | Should -Be 'StarRocksBackup.BackupJobInfo'
        ($job | Wait-SrJob).State | Should -Be 'Finished'
    }

    It 'Get-SrSnapshot lists the snapshots, -Detailed adds the database and tables' {
        $all = @(Get-SrSnapshot -Repository $Repo)
        $all.Count | Should -BeGreaterThan 1
        $all | ForEach-Object { $_.Repository | Should -Be $Repo }
        $one = $all | Select-Object -First 1
        $detail = Get-SrSnapshot -Repository $Repo -Name $one.Snapshot -Detailed
        @($detail)[0].IsDetailed | Should -BeTrue
        @($detail)[0].Database | Should -Not -BeNullOrEmpty
    }

    It 'reports SnapshotNotFound for an unknown snapshot name' {
        $err = $null
        try { Get-SrSnapshot -Repository $Repo -Name (New-SrTestName 'nosnap') -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty -Because 'a Get-* with a literal name that matches nothing is an error'
        $err.FullyQualifiedErrorId | Should -Be 'SnapshotNotFound,StarRocksBackup.Commands.GetSrSnapshotCommand'
    }
}

Describe 'Long-running jobs: Stop-SrJob and one job per database' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        # Phases of 1.5 s: long enough to act on a running job without racing it.
        $script:Target = Start-SrTestServer -PhaseMs 1500
        $script:Db = New-SrTestDatabase -Target $Target -Rows 2
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name $Db
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'Stop-SrJob -WhatIf leaves the job running; Stop-SrJob cancels it' {
        $job = Start-SrBackup -Database $Db -Repository $Repo -Confirm:$false
        $job.IsDone | Should -BeFalse
        $job | Stop-SrJob -WhatIf
        (Get-SrBackupJob -Database $Db).IsDone | Should -BeFalse
        $job | Stop-SrJob -Confirm:$false
        $after = Get-SrBackupJob -Database $Db
        $after.State | Should -Be 'Cancelled'
        $rows = @(Invoke-SrTestSql -Target $Target -Sql ('SHOW BACKUP FROM `{0}`' -f $Db))
        $rows[-1].State | Should -Be 'CANCELLED'
    }

    It 'Wait-SrJob on a cancelled job is an error (JobFailed) carrying the StarRocks status' {
        $job = Get-SrBackupJob -Database $Db
        $err = $null
        try { $job | Wait-SrJob -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'JobFailed,StarRocksBackup.Commands.WaitSrJobCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidResult'
    }

    It 'Wait-SrJob -TimeoutSeconds gives up with OperationTimedOut and leaves the job running' {
        $job = Start-SrBackup -Database $Db -Repository $Repo -Confirm:$false
        $err = $null
        try { $job | Wait-SrJob -TimeoutSeconds 1 -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'OperationTimedOut,StarRocksBackup.Commands.WaitSrJobCommand'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        (Get-SrBackupJob -Database $Db).IsDone | Should -BeFalse -Because 'a timed-out wait does not cancel the job'
        @(Get-SrBackupJob -Database $Db -Running).Count | Should -Be 1
        (Get-SrBackupJob -Database $Db | Wait-SrJob).State | Should -Be 'Finished'
    }

    It 'Stop-SrJob -Database cancels the running job of that database' {
        Start-SrBackup -Database $Db -Repository $Repo -Confirm:$false | Out-Null
        Stop-SrJob -Database $Db -Confirm:$false
        (Get-SrBackupJob -Database $Db).State | Should -Be 'Cancelled'
        @(Get-SrBackupJob -Database $Db -Running).Count | Should -Be 0
    }

    It 'a second backup of the same database while one runs is waited for, not lost' {
        $first = Start-SrBackup -Database $Db -Repository $Repo -Confirm:$false
        $second = Start-SrBackup -Database $Db -Repository $Repo -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable busy
        if ($busy.Count -gt 0) {
            $busy[0].FullyQualifiedErrorId | Should -Be 'JobInProgress,StarRocksBackup.Commands.StartSrBackupCommand'
        } else {
            $second.Label | Should -Not -Be $first.Label
        }
        @($first) + @($second | Where-Object { $_ }) | Wait-SrJob | ForEach-Object { $_.State | Should -Be 'Finished' }
    }
}
