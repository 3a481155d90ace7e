# Issue 8: the backup catalog, change detection and policy runs, in real pwsh against the built module,
# the FE simulator and the real S3 server.
Describe 'Backup catalog and incremental backups' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:S3 = Get-SrTestS3
        $script:FailDb = New-SrTestName 'dbfail'
        $script:Target = Start-SrTestServer -ExtraArguments @('--fail-backup', ('{0}:disk full' -f $FailDb))
        $script:Db = New-SrTestDatabase -Target $Target -Rows 3
        $script:Conn = Connect-SrTestServer -Target $Target
        # New-SrRepository with -Credential registers the storage access on the connection.
        $script:Repo = New-SrTestRepository
        $script:Dir = Join-Path ([System.IO.Path]::GetTempPath()) (New-SrTestName 'pol')
        New-Item -ItemType Directory -Path $Dir | Out-Null

        function script:Get-BackupCount {
            @(Invoke-SrTestSql -Target $Target -Sql 'SHOW BACKUP').Count
        }
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name $Db
        Remove-Item -Recurse -Force -Path $Dir -ErrorAction SilentlyContinue
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'Start-SrBackup -Wait records the backup; Get-SrBackupHistory and Get-SrPartitionBackup answer from the catalog' {
        $job = Start-SrBackup -Database $Db -Repository $Repo -Wait -Confirm:$false
        $job.State | Should -Be 'Finished'

        $history = @(Get-SrBackupHistory -Repository $Repo -Database $Db)
        $history.Count | Should -Be 1
        $history[0].GetType().FullName | Should -Be 'StarRocksBackup.BackupHistoryInfo'
        $history[0].Snapshot | Should -Be $job.Label
        $history[0].Timestamp | Should -Match '^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}$'
        $history[0].Source | Should -Be 'module'
        @($history[0].Partitions | ForEach-Object { '{0}.{1}' -f $_.Table, $_.Partition } | Sort-Object) |
            Should -Be @('dim.dim', 'sales.p2024', 'sales.p2025')

        $held = @(Get-SrPartitionBackup -Repository $Repo -Database $Db -Table sales)
        $held.Count | Should -Be 2
        $held | ForEach-Object { $_.Snapshot | Should -Be $job.Label }
        @(Get-SrPartitionBackup -Repository $Repo -Database $Db -Table sales -Partition p2025).Count | Should -Be 1
        @(Get-SrPartitionBackup -Repository $Repo -Database $Db -Table sales -AsOf (Get-Date).AddDays(-1)).Count | Should -Be 0
        Get-SrPartitionBackup -Repository $Repo -Database $Db -Table sales -Partition nope -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'PartitionNotFound' 'Get-SrPartitionBackup')
    }

    It 'Get-SrPartition -Changed lists exactly the changed partitions with reasons, and nothing after they are backed up' {
        @(Get-SrPartition -Changed -Repository $Repo -Database $Db).Count | Should -Be 0
        Invoke-SrTestSql -Target $Target -Sql ('INSERT INTO `{0}`.`sales` VALUES (''2025-06-01'', 900, ''late'')' -f $Db) | Out-Null

        $changed = @(Get-SrPartition -Changed -Repository $Repo -Database $Db)
        $changed.Count | Should -Be 1
        $changed[0].GetType().FullName | Should -Be 'StarRocksBackup.PartitionChangeInfo'
        # Without -Database: every database (one partitions_meta statement for all); this one's answer is the same, and
        # a database never backed up to the repository has every partition to back up.
        $other = New-SrTestDatabase -Target $Target -Rows 1
        try {
            $everywhere = @(Get-SrPartition -Changed -Repository $Repo)
            @($everywhere | Where-Object Database -eq $Db | ForEach-Object { '{0}.{1}:{2}' -f $_.Table, $_.Partition, $_.Reason }) | Should -Be @('sales.p2025:Changed')
            @($everywhere | Where-Object Database -eq $other | ForEach-Object { '{0}.{1}:{2}' -f $_.Table, $_.Partition, $_.Reason } | Sort-Object) |
                Should -Be @('dim.dim:NeverBackedUp', 'sales.p2024:NeverBackedUp', 'sales.p2025:NeverBackedUp')
        }
        finally {
            Remove-SrTestDatabase -Target $Target -Name $other
        }
        $changed[0].Partition | Should -Be 'p2025'
        $changed[0].Reason | Should -Be 'Changed'
        $changed[0].VisibleVersion | Should -BeGreaterThan $changed[0].RecordedVersion

        # p2025 ended before 2026-01-01 (more than 1 day ago): late data with -LateDataDays 1.
        @(Get-SrPartition -Changed -Repository $Repo -Database $Db -LateDataDays 1).Count | Should -Be 0
        $ignored = @(Get-SrPartition -Changed -Repository $Repo -Database $Db -LateDataDays 1 -IncludeIgnored)
        $ignored[0].Reason | Should -Be 'LateDataIgnored'
        $ignored[0].NeedsBackup | Should -BeFalse
        @(Get-SrPartition -Changed -Repository $Repo -Database $Db -LateDataDays 1 -IncludeLateData)[0].Reason | Should -Be 'Changed'

        $jobs = @($changed | Start-SrBackup -Repository $Repo -Confirm:$false | Wait-SrJob)
        $jobs[0].State | Should -Be 'Finished'
        @(Get-SrPartition -Changed -Repository $Repo -Database $Db).Count | Should -Be 0
        (Get-SrPartitionBackup -Repository $Repo -Database $Db -Table sales -Partition p2025).Snapshot | Should -Be $jobs[0].Label
        (Get-SrPartitionBackup -Repository $Repo -Database $Db -Table sales -Partition p2024).Snapshot | Should -Not -Be $jobs[0].Label
    }

    It 'Wait-SrJob without storage access warns once that the catalog was not updated, and still succeeds' {
        # A second connection: nothing registered on it.
        $other = Connect-SrServer -Server $Target.Host -Port $Target.Port -Credential $Target.Credential -PassThru
        try {
            $warnings = @()
            $job1 = Start-SrBackup -Connection $other -Database $Db -Repository $Repo -Confirm:$false | Wait-SrJob -Connection $other -WarningVariable +warnings -WarningAction SilentlyContinue
            $job2 = Start-SrBackup -Connection $other -Database $Db -Repository $Repo -Confirm:$false | Wait-SrJob -Connection $other -WarningVariable +warnings -WarningAction SilentlyContinue
            $job1.State | Should -Be 'Finished'
            $job2.State | Should -Be 'Finished'
            @($warnings | Where-Object { "$_" -like '*catalog*was not updated*' }).Count | Should -Be 1
            # Connect-SrServer made $other the default: ask through the first connection, which has the registration.
            @(Get-SrBackupHistory -Connection $Conn -Repository $Repo -Database $Db | Where-Object Snapshot -eq $job1.Label).Count | Should -Be 0

            # Registered afterwards: Sync-SrBackupCatalog records the two it missed, once.
            Set-SrRepositoryStorage -Connection $other -Repository $Repo -StorageCredential $S3.Credential -StorageEndpoint $S3.HostEndpoint -StorageRegion $S3.Region
            $synced = @(Sync-SrBackupCatalog -Connection $other -Repository $Repo -Confirm:$false)
            @($synced | ForEach-Object Snapshot | Sort-Object) | Should -Be @(@($job1.Label, $job2.Label) | Sort-Object)
            $synced[0].Source | Should -Be 'sync'
            @(Sync-SrBackupCatalog -Connection $other -Repository $Repo -Confirm:$false).Count | Should -Be 0
        } finally {
            Disconnect-SrServer -Connection $other -ErrorAction SilentlyContinue
            Connect-SrTestServer -Target $Target | Out-Null
        }
    }

    It 'Get-SrBackupJob | Wait-SrJob records a backup started with plain SQL (SHOW BACKUP names no repository: SHOW SNAPSHOT finds it)' {
        Set-SrRepositoryStorage -Repository $Repo -StorageCredential $S3.Credential -StorageEndpoint $S3.HostEndpoint -StorageRegion $S3.Region
        $label = New-SrTestName 'bysql'
        Invoke-SrTestSql -Target $Target -Sql ('BACKUP SNAPSHOT `{0}`.`{1}` TO `{2}`' -f $Db, $label, $Repo) | Out-Null
        $job = Get-SrBackupJob -Database $Db | Wait-SrJob
        $job.Label | Should -Be $label
        [string]::IsNullOrEmpty($job.Repository) | Should -BeTrue -Because 'the job came from SHOW BACKUP, which names no repository'
        $rec = @(Get-SrBackupHistory -Repository $Repo -Database $Db | Where-Object Snapshot -eq $label)
        $rec.Count | Should -Be 1
        $rec[0].Source | Should -Be 'module' -Because 'Wait-SrJob saw it finish'
        # Recorded once: a sync afterwards finds nothing missing.
        @(Sync-SrBackupCatalog -Repository $Repo -Database $Db -Confirm:$false | Where-Object Snapshot -eq $label).Count | Should -Be 0
    }

    It 'Sync-SrBackupCatalog records a snapshot taken with plain SQL; -WhatIf records nothing' {
        $conn = Get-SrConnection
        Set-SrRepositoryStorage -Repository $Repo -StorageCredential $S3.Credential -StorageEndpoint $S3.HostEndpoint -StorageRegion $S3.Region
        $label = New-SrTestName 'manual'
        Invoke-SrTestSql -Target $Target -Sql ('BACKUP SNAPSHOT `{0}`.`{1}` TO `{2}`' -f $Db, $label, $Repo) | Out-Null
        # Waited for with plain SQL, so the module never saw it finish.
        $deadline = (Get-Date).AddSeconds(60)
        do {
            Start-Sleep -Milliseconds 200
            $state = @(Invoke-SrTestSql -Target $Target -Sql ('SHOW BACKUP FROM `{0}`' -f $Db))[-1].State
        } until ($state -in 'FINISHED', 'CANCELLED' -or (Get-Date) -gt $deadline)
        $state | Should -Be 'FINISHED'

        Sync-SrBackupCatalog -Repository $Repo -WhatIf | Out-Null
        @(Get-SrBackupHistory -Repository $Repo | Where-Object Snapshot -eq $label).Count | Should -Be 0
        $rec = @(Sync-SrBackupCatalog -Repository $Repo -Database $Db -Confirm:$false | Where-Object Snapshot -eq $label)
        $rec[0].Snapshot | Should -Be $label
        $rec[0].Kind | Should -Be 'unknown'
        @(Sync-SrBackupCatalog -Repository $Repo -Confirm:$false).Count | Should -Be 0
    }

    It 'Set-SrRepositoryStorage -WhatIf registers nothing and storage parameters override the registration' {
        $bad = New-Object System.Management.Automation.PSCredential ('wrong-key', (ConvertTo-SecureString 'wrong-secret' -AsPlainText -Force))
        Set-SrRepositoryStorage -Repository $Repo -StorageCredential $bad -StorageEndpoint $S3.HostEndpoint -WhatIf
        @(Get-SrBackupHistory -Repository $Repo).Count | Should -BeGreaterThan 0
        { Get-SrBackupHistory -Repository $Repo -StorageCredential $bad -StorageEndpoint $S3.HostEndpoint -ErrorAction Stop } |
            Should -Throw -ErrorId (Get-SrErrorId 'ObjectStorageError' 'Get-SrBackupHistory')
        $text = Invoke-SrTestCapture { Get-SrBackupHistory -Repository $Repo -StorageCredential $bad -StorageEndpoint $S3.HostEndpoint -Verbose -ErrorAction SilentlyContinue }
        $text | Should -Not -Match 'wrong-secret'
    }

    Context 'policies' {
        BeforeAll {
            $script:PolDb1 = New-SrTestDatabase -Target $Target -Rows 2
            $script:PolDb2 = New-SrTestDatabase -Target $Target -Rows 2
            $script:PolRepo = New-SrTestRepository
            $script:Policy = Join-Path $Dir 'nightly.yaml'
        }

        AfterAll {
            Remove-SrTestDatabase -Target $Target -Name $PolDb1, $PolDb2
        }

        It 'New-SrBackupPolicy writes a commented starter policy and keeps an existing file without -Force' {
            $file = New-SrBackupPolicy -Path $Policy -Repository $PolRepo -Database $PolDb1, $PolDb2 -Confirm:$false
            $file.GetType().FullName | Should -Be 'System.IO.FileInfo'
            $text = Get-Content -Raw $Policy
            $text | Should -Match ("repository: '{0}'" -f $PolRepo)
            $text | Should -Match '# .*lateDataDays|# Late data'
            New-SrBackupPolicy -Path $Policy -Repository other -Database x -ErrorAction SilentlyContinue -ErrorVariable e
            $e[0].FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'InvalidArgument' 'New-SrBackupPolicy')
            (Get-Content -Raw $Policy) | Should -Match $PolRepo
            New-SrBackupPolicy -Path (Join-Path $Dir 'w.yaml') -Repository r -Database d -WhatIf
            Test-Path (Join-Path $Dir 'w.yaml') | Should -BeFalse
        }

        It '-WhatIf prints the plan and backs up nothing' {
            $before = Get-BackupCount
            $text = Invoke-SrTestCapture { Invoke-SrBackupPolicy -Path $Policy -WhatIf }
            $text | Should -Match 'What if:.*BACKUP SNAPSHOT'
            $text | Should -Match $PolDb1
            Get-BackupCount | Should -Be $before
            @(Get-SrBackupHistory -Repository $PolRepo).Count | Should -Be 0
        }

        It '-WhatIf -Verbose says the largest database would go first (<Mode>)' -ForEach @(
            @{ Mode = 'more databases than parallelism'; Parallelism = 1; Says = 'a run would start 2 database\(s\) to back up in 1 slot\(s\), largest first' }
            @{ Mode = 'a slot for every database'; Parallelism = 2; Says = 'a run would have 2 database\(s\) to back up, their BACKUPs sent largest first' }
        ) {
            if ($Parallelism -eq 1) {
                # The second database becomes the larger one (once, for both cases).
                $rows = (20..49 | ForEach-Object { "($_, 'x')" }) -join ', '
                Invoke-SrTestSql -Target $Target -Sql ('INSERT INTO `{0}`.`dim` VALUES {1}' -f $PolDb2, $rows) | Out-Null
            }

            $file = Join-Path $Dir ('order{0}.yaml' -f $Parallelism)
            Set-Content -Path $file -Value ("repository: '{0}'`nparallelism: {3}`nsets:`n  - databases: ['{1}', '{2}']`n" -f $PolRepo, $PolDb1, $PolDb2, $Parallelism)
            $before = Get-BackupCount
            $text = Invoke-SrTestCapture { Invoke-SrBackupPolicy -Path $file -WhatIf -Verbose }
            $text | Should -Match ("{0}: '{1}' \([0-9,]+ bytes\), '{2}'" -f $Says, $PolDb2, $PolDb1)
            Get-BackupCount | Should -Be $before
        }

        It 'backs up every database, then exactly the changed partitions, then nothing (a success)' {
            $first = @(Invoke-SrBackupPolicy -Path $Policy)
            $first.Count | Should -Be 2
            $first[0].GetType().FullName | Should -Be 'StarRocksBackup.PolicyRunSummaryInfo'
            $first | ForEach-Object { $_.Outcome | Should -Be 'Succeeded'; $_.Kind | Should -Be 'full'; $_.Recorded | Should -BeTrue }

            Invoke-SrTestSql -Target $Target -Sql ('INSERT INTO `{0}`.`dim` VALUES (9, ''nine'')' -f $PolDb2) | Out-Null
            $second = @(Invoke-SrBackupPolicy -Path $Policy)
            ($second | Where-Object Database -eq $PolDb1).Outcome | Should -Be 'NothingChanged'
            $s2 = $second | Where-Object Database -eq $PolDb2
            $s2.Outcome | Should -Be 'Succeeded'
            $s2.Kind | Should -Be 'incremental'
            @($s2.Changes | ForEach-Object { '{0}.{1}:{2}' -f $_.Table, $_.Partition, $_.Reason }) | Should -Be @('dim.dim:Changed')

            $before = Get-BackupCount
            $third = @(Invoke-SrBackupPolicy -Path $Policy)
            $third | ForEach-Object { $_.Outcome | Should -Be 'NothingChanged' }
            Get-BackupCount | Should -Be $before
            (Get-SrPartitionBackup -Repository $PolRepo -Database $PolDb2 -Table dim).Snapshot | Should -Be $s2.Snapshot
        }

        It 'a failing database does not stop the others; the run ends with BackupPolicyFailed and the webhook gets the summary' {
            Invoke-SrTestSql -Target $Target -Sql @(
                ('CREATE DATABASE `{0}`' -f $FailDb),
                ('CREATE TABLE `{0}`.`t` (id INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")' -f $FailDb),
                ('INSERT INTO `{0}`.`t` VALUES (1)' -f $FailDb)) | Out-Null
            $ok = New-SrTestDatabase -Target $Target -Rows 1
            $port = Get-SrFreeTcpPort
            $listener = New-Object System.Net.HttpListener
            $listener.Prefixes.Add("http://127.0.0.1:$port/hook/")
            $listener.Start()
            # The webhook is answered on another runspace: this one is busy running the policy.
            $responder = [powershell]::Create()
            $null = $responder.AddScript({
                param($l)
                $ctx = $l.GetContext()
                $body = (New-Object System.IO.StreamReader ($ctx.Request.InputStream)).ReadToEnd()
                $result = @{ Method = $ctx.Request.HttpMethod; ContentType = $ctx.Request.ContentType; Body = $body }
                $ctx.Response.StatusCode = 200
                $ctx.Response.Close()
                $result
            }).AddArgument($listener)
            $async = $responder.BeginInvoke()
            try {
                $yaml = "repository: $PolRepo`nnotification:`n  webhook: http://127.0.0.1:$port/hook/`nsets:`n  - name: faulty`n    databases: ['$FailDb', '$ok']`n"
                $path = Join-Path $Dir 'fail.yaml'
                Set-Content -Path $path -Value $yaml
                $script:summaries = @()
                $err = $null
                try { Invoke-SrBackupPolicy -Path $path | ForEach-Object { $script:summaries += $_ } } catch { $err = $_ }
                $err.FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'BackupPolicyFailed' 'Invoke-SrBackupPolicy')
                $err.Exception.Message | Should -Match $FailDb
                $summaries = $script:summaries
                $summaries.Count | Should -Be 2
                ($summaries | Where-Object Database -eq $FailDb).Outcome | Should -Be 'Failed'
                ($summaries | Where-Object Database -eq $FailDb).Error | Should -Match 'disk full'
                ($summaries | Where-Object Database -eq $ok).Outcome | Should -Be 'Succeeded'

                $async.AsyncWaitHandle.WaitOne(10000) | Should -BeTrue
                $got = $responder.EndInvoke($async)[0]
                $got.Method | Should -Be 'POST'
                $got.ContentType | Should -Match 'application/json'
                $body = $got.Body | ConvertFrom-Json
                $body.succeeded | Should -BeFalse
                $body.text | Should -Match 'FAILED'
                $body.text | Should -Match $FailDb
                @($body.databases).Count | Should -Be 2
            } finally {
                $listener.Stop()
                $responder.Dispose()
                Remove-SrTestDatabase -Target $Target -Name $FailDb, $ok
            }
        }

        It 'bad policy files fail before anything runs, naming the key and its line' -TestCases @(
            @{ Yaml = "repository: r`nparalelism: 2`nsets:`n  - databases: [a]`n"; Expect = 'line 2: unknown key ''paralelism''' }
            @{ Yaml = "repository: r`nsets:`n  - databases: [a]`n    lateDataDays: soon`n"; Expect = 'line 4: lateDataDays: must be a whole number' }
            @{ Yaml = "sets:`n  - databases: [a]`n"; Expect = 'missing ''repository''' }
            @{ Yaml = "repository: r`nsets:`n  - databases: ['a[']`n"; Expect = 'line 3: databases: bad wildcard' }
        ) {
            param($Yaml, $Expect)
            $path = Join-Path $Dir ('bad-{0}.yaml' -f [guid]::NewGuid().ToString('N'))
            Set-Content -Path $path -Value $Yaml
            $before = @(Invoke-SrTestSql -Target $Target -Sql 'SHOW BACKUP').Count
            $err = $null
            try { Invoke-SrBackupPolicy -Path $path } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'InvalidConfiguration' 'Invoke-SrBackupPolicy')
            $err.Exception.Message | Should -BeLike ('*{0}*' -f $Expect)
            @(Invoke-SrTestSql -Target $Target -Sql 'SHOW BACKUP').Count | Should -Be $before
        }

        It 'uses the policy''s own connection and storage sections (keys from environment variables; an unset password variable is an error)' {
            $yaml = "repository: $PolRepo`nconnection:`n  server: $($Target.Host)`n  port: $($Target.Port)`n  user: root`nstorage:`n  endpoint: $($S3.HostEndpoint)`n  accessKeyVariable: SRB_TEST_AK`n  secretKeyVariable: SRB_TEST_SK`nsets:`n  - databases: ['$PolDb1']`n"
            $path = Join-Path $Dir 'own.yaml'
            Set-Content -Path $path -Value $yaml
            $env:SRB_TEST_AK = $S3.AccessKey
            $env:SRB_TEST_SK = $S3.SecretKey
            try {
                $r = @(Invoke-SrBackupPolicy -Path $path)
                $r.Count | Should -Be 1
                $r[0].Outcome | Should -Be 'NothingChanged'
                # A password variable that is not set is a configuration error before connecting.
                Set-Content -Path $path -Value ($yaml -replace 'user: root', "user: root`n  passwordVariable: SRB_TEST_UNSET_PW")
                { Invoke-SrBackupPolicy -Path $path } | Should -Throw -ErrorId (Get-SrErrorId 'InvalidConfiguration' 'Invoke-SrBackupPolicy')
            } finally {
                Remove-Item Env:SRB_TEST_AK, Env:SRB_TEST_SK -ErrorAction SilentlyContinue
            }
        }
    }
}
