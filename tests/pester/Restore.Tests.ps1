# Get-SrSnapshot | Restore-SrSnapshot | Wait-SrJob end to end with row counts, -WhatIf, the
# overwrite guard, Get-SrRestoreJob, and a restore that fails on the server.
Describe 'Restore cmdlets' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer -Backends 3
        $script:Db = New-SrTestDatabase -Target $Target -Rows 6
        $script:Scratch = New-Object System.Collections.Generic.List[string]
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
        $script:Label = New-SrTestName 'snap'
        $job = Start-SrBackup -Database $Db -Repository $Repo -Snapshot $Label -Wait -Confirm:$false
        if ($job.State.ToString() -ne 'Finished') { throw "setup backup did not finish: $($job.State) $($job.FailureText)" }
        $script:SalesRows = Get-SrTestRowCount -Target $Target -Database $Db -Table 'sales'
        $script:DimRows = Get-SrTestRowCount -Target $Target -Database $Db -Table 'dim'
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name (@($Db) + @($Scratch))
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'has the rows the restores are checked against' {
        $SalesRows | Should -Be 12
        $DimRows | Should -Be 3
    }

    It 'Get-SrSnapshot | Restore-SrSnapshot -Force -Confirm:$false | Wait-SrJob restores dropped data' {
        Invoke-SrTestSql -Target $Target -Sql ('DROP TABLE `{0}`.`sales` FORCE' -f $Db) | Out-Null
        $jobs = @(Get-SrSnapshot -Repository $Repo -Name $Label | Restore-SrSnapshot -Force -Confirm:$false | Wait-SrJob)
        $jobs.Count | Should -Be 1
        $jobs[0].State | Should -Be 'Finished'
        $jobs[0].GetType().FullName | Should -Be 'StarRocksBackup.RestoreJobInfo'
        Get-SrTestRowCount -Target $Target -Database $Db -Table 'sales' | Should -Be $SalesRows
        Get-SrTestRowCount -Target $Target -Database $Db -Table 'dim' | Should -Be $DimRows
        $rows = @(Invoke-SrTestSql -Target $Target -Sql ('SHOW RESTORE FROM `{0}`' -f $Db))
        $rows[-1].State | Should -Be 'FINISHED'
    }

    It 'restores into a scratch database with -AsDatabase, leaving the source alone' {
        $scratchDb = New-SrTestName 'drill'
        $Scratch.Add($scratchDb)
        $job = Get-SrSnapshot -Repository $Repo -Name $Label | Restore-SrSnapshot -AsDatabase $scratchDb -Confirm:$false | Wait-SrJob
        $job.State | Should -Be 'Finished'
        Get-SrTestRowCount -Target $Target -Database $scratchDb -Table 'sales' | Should -Be $SalesRows
        Get-SrTestRowCount -Target $Target -Database $scratchDb -Table 'dim' | Should -Be $DimRows
    }

    It 'restores one table under a new name with -Table -AsTable' {
        $job = Restore-SrSnapshot -Repository $Repo -Snapshot $Label -Database $Db -Table 'dim' -AsTable 'dim_copy' -Wait -Confirm:$false
        $job.State | Should -Be 'Finished'
        Get-SrTestRowCount -Target $Target -Database $Db -Table 'dim_copy' | Should -Be $DimRows
    }

    It 'refuses to overwrite existing tables without -Force: OverwriteRefused, and starts nothing' {
        $before = @(Invoke-SrTestSql -Target $Target -Sql ('SHOW RESTORE FROM `{0}`' -f $Db))
        $err = $null
        try {
            Get-SrSnapshot -Repository $Repo -Name $Label | Restore-SrSnapshot -Confirm:$false -ErrorAction Stop
        } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'OverwriteRefused,StarRocksBackup.Commands.RestoreSrSnapshotCommand'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -Match 'sales|dim'
        $after = @(Invoke-SrTestSql -Target $Target -Sql ('SHOW RESTORE FROM `{0}`' -f $Db))
        $after.Count | Should -Be $before.Count
        if ($after.Count -gt 0) { $after[-1].JobId | Should -Be $before[-1].JobId }
    }

    It 'asks before restoring (ConfirmImpact High): unattended without -Confirm:$false it restores nothing' {
        # A runbook that forgets -Confirm:$false must fail, not restore: with no host to ask,
        # the confirmation cannot be given.
        $scratchDb = New-SrTestName 'prompt'
        $Scratch.Add($scratchDb)
        # An existing, empty target, so that only the missing confirmation can stop the restore.
        Invoke-SrTestSql -Target $Target -Sql ('CREATE DATABASE `{0}`' -f $scratchDb) | Out-Null
        $ps = [powershell]::Create()
        try {
            $script = @'
param($ManifestPath, $HostName, $Port, $Credential, $Repository, $Label, $Target)
Import-Module $ManifestPath
Connect-SrServer -Server $HostName -Port $Port -Credential $Credential
Get-SrSnapshot -Repository $Repository -Name $Label | Restore-SrSnapshot -AsDatabase $Target
'@
            [void]$ps.AddScript($script).AddParameters(@{
                ManifestPath = $ModuleManifestPath; HostName = $Target.Host; Port = $Target.Port
                Credential = $Target.Credential; Repository = $Repo; Label = $Label; Target = $scratchDb })
            $failure = ''
            try { [void]$ps.Invoke() } catch { $failure = $_.Exception.ToString() }
            ($ps.HadErrors -or [bool]$failure) | Should -BeTrue -Because 'the confirmation could not be given'
        } finally { $ps.Dispose() }
        @(Invoke-SrTestSql -Target $Target -Sql ('SHOW RESTORE FROM `{0}`' -f $scratchDb)).Count | Should -Be 0
    }

    It 'Restore-SrSnapshot -WhatIf shows the plan and restores nothing' {
        $scratchDb = New-SrTestName 'whatif'
        @(Get-SrSnapshot -Repository $Repo -Name $Label).Count | Should -BeGreaterThan 0 -Because 'precondition: there is a snapshot to restore'
        $text = Invoke-SrTestCapture {
            Get-SrSnapshot -Repository $Repo -Name $Label | Restore-SrSnapshot -AsDatabase $scratchDb -WhatIf -Verbose
        }
        $text | Should -Match 'What if'
        $text | Should -Match 'RESTORE'
        $text | Should -Match ([regex]::Escape($Label))
        $text | Should -Match ([regex]::Escape($scratchDb))
        # Nothing reached the server: the target database was not created (a restore, or the CREATE DATABASE that
        # precedes it before 3.4, would have made it), while the same query does list the source database.
        $databases = @(Invoke-SrTestSql -Target $Target -Sql 'SHOW DATABASES' | ForEach-Object { $_.Database })
        $databases | Should -Contain $Db -Because 'precondition: SHOW DATABASES lists the databases'
        $databases | Should -Not -Contain $scratchDb
    }

    It 'a restore needing more replicas than alive backends fails with the StarRocks message' {
        $scratchDb = New-SrTestName 'fail'
        $Scratch.Add($scratchDb)
        # An existing, empty target: this test is about the job failing, not about creating databases.
        Invoke-SrTestSql -Target $Target -Sql ('CREATE DATABASE `{0}`' -f $scratchDb) | Out-Null
        $err = $null
        try {
            Get-SrSnapshot -Repository $Repo -Name $Label |
                Restore-SrSnapshot -AsDatabase $scratchDb -ReplicationNum 5 -Confirm:$false -ErrorAction Stop |
                Wait-SrJob -ErrorAction Stop
        } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeIn @(
            'JobFailed,StarRocksBackup.Commands.WaitSrJobCommand',
            'ServerError,StarRocksBackup.Commands.RestoreSrSnapshotCommand')
        $err.Exception.Message | Should -Match 'backends|replica' -Because 'the StarRocks message (TaskErrMsg/Status) reaches the user'
        if ($err.FullyQualifiedErrorId -like 'JobFailed*') {
            (Get-SrRestoreJob -Database $scratchDb).State | Should -Be 'Cancelled'
        }
    }

    It 'Get-SrRestoreJob returns typed jobs for a database' {
        $job = Get-SrRestoreJob -Database $Db
        $job | Should -Not -BeNullOrEmpty
        $job.GetType().FullName | Should -Be 'StarRocksBackup.RestoreJobInfo'
        $job.Database | Should -Be $Db
    }

    It 'reports SnapshotNotFound when restoring a snapshot that is not there' {
        { Restore-SrSnapshot -Repository $Repo -Snapshot (New-SrTestName 'nosnap') -Database $Db -Force -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'SnapshotNotFound,StarRocksBackup.Commands.RestoreSrSnapshotCommand'
    }
}
