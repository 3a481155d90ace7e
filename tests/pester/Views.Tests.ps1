# The default views (module/StarRocksBackup.format.ps1xml) at 80 columns (redirected output, runbook logs) and
# 120 columns, on real objects from the cmdlets: no line longer than the width, no header that wraps, and the key
# values (Label, State, Snapshot, Timestamp, SnapshotPath, ...) whole, never cut with an ellipsis.
# Both blocks: table views have the header line right after a blank line (or a group header's blank line), and the
# dashes right after it; a header that wraps breaks that.
BeforeAll {
    function Test-HeaderWhole([string] $Text) {
        $lines = $Text -split "`n"
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^-+( +-+)*\s*$' -and ($i -lt 2 -or $lines[$i - 2].Trim().Length -ne 0)) { return $false }
        }
        return $true
    }
}

Describe 'Default views at 80 and 120 columns' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:ConfigDir = $null; $script:SharedData = $null; $script:Scratch = $null
        $s3 = Get-SrTestS3

        # Shared-nothing: connection, catalog, repository, backup and restore jobs, snapshots.
        $script:Target = Start-SrTestServer -Backends 3
        $script:Db = New-SrTestDatabase -Target $Target
        $script:Scratch = New-SrTestName 'drill'
        $script:Connection = Connect-SrTestServer -Target $Target
        $script:Repo = New-SrTestRepository -Prefix ('v-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $script:Backup = Start-SrBackup -Database $Db -Repository $Repo -Confirm:$false -ErrorAction Stop | Wait-SrJob -ErrorAction Stop
        $script:Snapshot = @(Get-SrSnapshot -Repository $Repo -Name $Backup.Label -ErrorAction Stop)
        $script:Restore = $Snapshot | Restore-SrSnapshot -AsDatabase $Scratch -Confirm:$false -ErrorAction Stop | Wait-SrJob -ErrorAction Stop

        $script:Objects = [ordered]@{
            SrConnection   = @($Connection)
            DatabaseInfo   = @(Get-SrDatabase)
            TableInfo      = @(Get-SrTable -Database $Db)
            PartitionInfo  = @(Get-SrPartition -Database $Db -Table sales)
            RepositoryInfo = @(Get-SrRepository -Name $Repo)
            BackupJobInfo  = @($Backup) + @(Get-SrBackupJob -Database $Db)
            RestoreJobInfo = @($Restore)
            SnapshotInfo   = @($Snapshot) + @(Get-SrSnapshot -Repository $Repo -Name $Backup.Label -Detailed)
            RestorePlanInfo = @($Restore.Plan)
        }

        # Shared-data: storage volumes, cluster snapshot jobs and snapshots, and the DR kit over the real S3 server.
        $script:Location = 's3://{0}/v-{1}' -f $s3.Bucket, [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:SharedData = Start-SrTestServer -Version '3.4.2' -RunMode 'shared-data' -ExtraArgument @(
            '--storage-location', $Location, '--snapshot-interval-s', '2', '--s3-endpoint', $s3.HostEndpoint)
        $sd = Connect-SrTestServer -Target $SharedData
        Enable-SrClusterSnapshot -Connection $sd -Confirm:$false -ErrorAction Stop
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        do {
            Start-Sleep -Milliseconds 300
            $jobs = @(Get-SrClusterSnapshotJob -Connection $sd)
        } until (@($jobs | Where-Object { "$($_.State)" -eq 'Finished' }).Count -gt 0 -or [DateTime]::UtcNow -gt $deadline)
        $snapshots = @(Get-SrClusterSnapshot -Connection $sd)
        if ($snapshots.Count -eq 0) { throw 'the shared-data simulator finished no cluster snapshot within 120 s' }
        $volumes = @(Get-SrStorageVolume -Connection $sd)
        Disconnect-SrServer -Connection $sd
        # No snapshot may start (and replace the folders) while Find-SrClusterSnapshot reads them.
        Stop-SrTestServer -Target $SharedData
        $candidates = @(Find-SrClusterSnapshot -Location $Location -Endpoint $s3.HostEndpoint -Region $s3.Region -Credential $s3.Credential -All -ErrorAction Stop)
        $script:ConfigDir = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-views-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $ConfigDir | Out-Null
        $config = $candidates | Where-Object { "$($_.Verdict)" -eq 'Selected' } |
            New-SrClusterSnapshotConfig -Path (Join-Path $ConfigDir 'cluster_snapshot.yaml') -SecretPlaceholder -Confirm:$false -ErrorAction Stop
        $Objects['StorageVolumeInfo'] = $volumes
        $Objects['ClusterSnapshotJobInfo'] = $jobs
        $Objects['ClusterSnapshotInfo'] = $snapshots
        $Objects['ClusterSnapshotCandidateInfo'] = $candidates
        $Objects['ClusterSnapshotConfigInfo'] = @($config)

        # The text a user sees: the default view, at the given width.
        function Show([object[]] $InputObject, [int] $Width) {
            return ($InputObject | Out-String -Width $Width) -replace "`r", ''
        }

        # The text with wrapped lines joined (for a value too long for any line at that width).
        function Join-Wrapped([string] $Text) { return ($Text -replace "`n\s*", '') }
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name @($Db, $Scratch)
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
        Stop-SrTestServer -Target $SharedData
        if ($ConfigDir) { Remove-Item -Recurse -Force -Path $ConfigDir -ErrorAction SilentlyContinue }
    }

    It 'has a real object of each type it checks' {
        foreach ($t in $Objects.Keys) {
            @($Objects[$t]).Count | Should -BeGreaterThan 0 -Because "$t needs a real object"
            @($Objects[$t])[0].GetType().Name | Should -Be $t
        }
    }

    # Every table view, including those of types this file builds no object for (yet): the headers alone fit in 80
    # columns (a header wider than its share wraps whatever the data).
    It 'every table view''s headers fit in 80 columns' {
        [xml] $format = Get-Content -Raw -Path (Join-Path $script:ModuleDir 'StarRocksBackup.format.ps1xml')
        foreach ($view in $format.Configuration.ViewDefinitions.View) {
            $table = $view.SelectSingleNode('TableControl')
            if (-not $table) { continue }
            $labels = @($table.SelectNodes('TableHeaders/TableColumnHeader/Label') | ForEach-Object { $_.InnerText })
            $width = ($labels | Measure-Object -Property Length -Sum).Sum + $labels.Count - 1
            $width | Should -BeLessOrEqual 80 -Because "$($view.Name): $($labels -join ' ')"
        }
    }

    Context 'at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        It '<_> fits: no line longer than the width, no wrapped header, nothing cut' -ForEach @(
            'SrConnection', 'DatabaseInfo', 'TableInfo', 'PartitionInfo', 'RepositoryInfo', 'BackupJobInfo', 'RestoreJobInfo',
            'SnapshotInfo', 'RestorePlanInfo', 'StorageVolumeInfo', 'ClusterSnapshotJobInfo', 'ClusterSnapshotInfo',
            'ClusterSnapshotCandidateInfo', 'ClusterSnapshotConfigInfo') {
            $text = Show $Objects[$_] $Width
            $text.Trim().Length | Should -BeGreaterThan 0
            foreach ($line in $text -split "`n") { $line.Length | Should -BeLessOrEqual $Width -Because "'$line'" }
            Test-HeaderWhole $text | Should -BeTrue -Because "a header must not wrap:`n$text"
            $text | Should -Not -Match '…' -Because "no value is cut (free text wraps in its column):`n$text"
        }

        It 'backup and restore jobs show Database, Label, State and 100% whole' {
            foreach ($job in @($Backup, $Restore)) {
                $text = Show @($job) $Width
                $row = ($text -split "`n" | Where-Object { $_ -match [regex]::Escape($job.Label) })
                @($row).Count | Should -Be 1 -Because "the label is whole on one row:`n$text"
                $row | Should -Match ('^{0}\s' -f [regex]::Escape($job.Database))
                $row | Should -Match '\sFinished\s+100%'
                $text | Should -Not -Match '…'
            }
        }

        It 'snapshots show Snapshot and Timestamp whole, and Database with -Detailed' {
            $text = Show $Objects['SnapshotInfo'] $Width
            $text | Should -Match ('{0}\s+{1}' -f [regex]::Escape($Snapshot[0].Snapshot), [regex]::Escape($Snapshot[0].Timestamp))
            $text | Should -Match ([regex]::Escape($Db))
            $text | Should -Not -Match '…'
        }

        It 'repositories and storage volumes show the whole location' {
            Show $Objects['RepositoryInfo'] $Width | Should -Match ([regex]::Escape(@($Objects['RepositoryInfo'])[0].Location))
            Show $Objects['StorageVolumeInfo'] $Width | Should -Match ([regex]::Escape($Location))
        }

        It 'Find-SrClusterSnapshot shows the verdict and the object count whole' {
            $selected = $Objects['ClusterSnapshotCandidateInfo'] | Where-Object { "$($_.Verdict)" -eq 'Selected' }
            $text = Show $Objects['ClusterSnapshotCandidateInfo'] $Width
            $text | Should -Match ('Z\s+Selected\s+{0}\s' -f $selected.ObjectCount)
        }

        It 'cluster snapshot jobs show State and the finish time whole' {
            Show $Objects['ClusterSnapshotJobInfo'] $Width | Should -Match 'Z\s+Finished\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ'
        }
    }

    It 'Get-SrClusterSnapshot shows SnapshotPath whole on one line at 120 columns, and never a FinishedAt column' {
        $snap = @($Objects['ClusterSnapshotInfo'])[0]
        $snap.SnapshotPath.Length | Should -BeGreaterThan 80 -Because 'the path is longer than an 80-column line, which is what this view is built for'
        $text = Show @($snap) 120
        @($text -split "`n" | Where-Object { $_.Trim() -eq $snap.SnapshotPath }).Count | Should -Be 1 -Because $text
        $text | Should -Not -Match 'FinishedAt'
    }

    It 'Get-SrClusterSnapshot at 80 columns: time, type and volume on one line; SnapshotPath wrapped rather than cut' {
        $snap = @($Objects['ClusterSnapshotInfo'])[0]
        $text = Show @($snap) 80
        $first = ($text -split "`n" | Where-Object { $_.Trim() })[0]
        $first | Should -Match ('^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ  AUTOMATED  volume ' + [regex]::Escape($snap.StorageVolume) + '$')
        $text | Should -Not -Match '…'
        Join-Wrapped $text | Should -Match ([regex]::Escape($snap.SnapshotPath))
    }

    It 'New-SrClusterSnapshotConfig shows SnapshotPath whole (a list: wrapped, never cut)' {
        $info = @($Objects['ClusterSnapshotConfigInfo'])[0]
        foreach ($w in 80, 120) {
            $text = Show @($info) $w
            $text | Should -Not -Match '…'
            Join-Wrapped $text | Should -Match ([regex]::Escape($info.SnapshotPath))
        }
    }

    It 'a restore job keeps its Plan through Wait-SrJob' {
        $Restore.Plan | Should -Not -BeNullOrEmpty
        $Restore.Plan.TargetDatabase | Should -Be $Scratch
    }
}

# The views of the catalog, policy, point-in-time, retention and verification cmdlets, on real objects of each type: a
# database and a table named like real ones (15 characters), the module's own labels (<database>_yyyyMMdd_HHmmss_fff,
# 35), a generated repository name (15). Each row's key values must stand whole, in order, on one line (group headers whole
# on theirs); no line longer than the width, no header wrapped, nothing cut with an ellipsis.
Describe 'Catalog, policy, retention and verification views at 80 and 120 columns' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $s3 = Get-SrTestS3
        $script:PolicyError = $null
        $script:FailDb = 'bad_dw_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:Target = Start-SrTestServer -Backends 1 -PhaseMs 20 -ExtraArgument @('--fail-backup', ('{0}:disk full on be 10001' -f $FailDb))
        $script:Db = New-SrTestDatabase -Target $Target -Rows 3 -Name ('sales_dw_' + [guid]::NewGuid().ToString('N').Substring(0, 6))
        # A table named like a real one too (15 characters; its restored copy customer_orders__asof_<time>Z, 38).
        Invoke-SrTestSql -Target $Target -Sql @(
            ('CREATE TABLE `{0}`.`customer_orders` (dt DATE, id INT) DUPLICATE KEY(dt, id) PARTITION BY RANGE(dt) (PARTITION p20250101 VALUES LESS THAN ("2025-01-02")) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")' -f $Db),
            ('INSERT INTO `{0}`.`customer_orders` VALUES (''2025-01-01'', 1), (''2025-01-01'', 2)' -f $Db)) | Out-Null
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
        $storage = @{ StorageCredential = $s3.Credential; StorageEndpoint = $s3.HostEndpoint; StorageRegion = $s3.Region }
        $script:Dir = Join-Path ([System.IO.Path]::GetTempPath()) (New-SrTestName 'views')
        New-Item -ItemType Directory -Path $Dir | Out-Null
        $policy = Join-Path $Dir 'policy.yaml'
        New-SrBackupPolicy -Path $policy -Repository $Repo -Database $Db | Out-Null
        (Get-Content -LiteralPath $policy -Raw).Replace('includeLateData: false', 'includeLateData: true') | Set-Content -LiteralPath $policy

        # A full run, a change, an incremental run, a run with nothing to do, and a database whose backup fails.
        $runs = @(Invoke-SrBackupPolicy -Path $policy -Confirm:$false -ErrorAction Stop)
        Invoke-SrTestSql -Target $Target -Sql ('INSERT INTO `{0}`.`sales` VALUES (''2025-06-01'', 201, ''x1'')' -f $Db) | Out-Null
        $changes = @(Get-SrPartition -Changed -Repository $Repo -Database $Db -ErrorAction Stop)
        $runs += @(Invoke-SrBackupPolicy -Path $policy -Confirm:$false -ErrorAction Stop)
        $runs += @(Invoke-SrBackupPolicy -Path $policy -Confirm:$false -ErrorAction Stop)
        Invoke-SrTestSql -Target $Target -Sql @(('CREATE DATABASE `{0}`' -f $FailDb),
            ('CREATE TABLE `{0}`.`t` (id INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")' -f $FailDb),
            ('INSERT INTO `{0}`.`t` VALUES (1)' -f $FailDb)) | Out-Null
        $failPolicy = Join-Path $Dir 'fail.yaml'
        Set-Content -Path $failPolicy -Value "repository: $Repo`nsets:`n  - databases: ['$FailDb']`n"
        try { Invoke-SrBackupPolicy -Path $failPolicy -Confirm:$false | ForEach-Object { $runs += $_ } } catch { $script:PolicyError = $_ }

        $history = @(Get-SrBackupHistory -Repository $Repo -Database $Db -ErrorAction Stop)
        $asOf = $history[-1].FinishedAt.UtcDateTime.AddSeconds(1)
        $pit = @(Restore-SrDatabase -Repository $Repo -Database $Db -AsOf $asOf -Confirm:$false -ErrorAction Stop)
        $snapshots = @(Get-SrSnapshot -Repository $Repo -ErrorAction Stop | Sort-Object Timestamp)
        $script:Objects = [ordered]@{
            PolicyRunSummaryInfo     = $runs
            PartitionChangeInfo      = $changes
            BackupHistoryInfo        = $history
            PartitionBackupInfo      = @('sales', 'dim', 'customer_orders' | ForEach-Object { Get-SrPartitionBackup -Repository $Repo -Database $Db -Table $_ -ErrorAction Stop })
            PointInTimeTableInfo     = $pit
            TableSwapInfo            = @($pit | Where-Object Table -eq 'customer_orders' | Switch-SrTable -Confirm:$false -ErrorAction Stop)
            SnapshotVerificationInfo = @($snapshots | Test-SrSnapshot @storage -ErrorAction Stop)
            RepositoryCheckInfo      = @(Get-SrRepository -Name $Repo | Test-SrRepository @storage -ErrorAction Stop)
            RestoreDrillInfo         = @($snapshots[0] | Test-SrBackup @storage -Confirm:$false -ErrorAction Stop)
            RetentionDecisionInfo    = @(Invoke-SrRetention -Repository $Repo -MaxSnapshots 1 -MinSnapshots 1 @storage -WhatIf -ErrorAction Stop)
            SnapshotRemovalInfo      = @($snapshots[-1] | Remove-SrSnapshot @storage -Confirm:$false -ErrorAction Stop)
        }

        $utc = { param($t) $t.UtcDateTime.ToString('yyyy-MM-dd HH:mm:ss') + 'Z' }
        # Per type: the group header (label, value) when the view groups, and the values that stand whole, in this
        # order, on the object's own line.
        $script:Keys = @{
            PolicyRunSummaryInfo     = @{ Row = { param($o) @($o.Database, $o.Outcome, $o.Snapshot) | Where-Object { "$_" } } }
            PartitionChangeInfo      = @{ Group = { param($o) 'Database', $o.Database }; Row = { param($o) $o.Table, $o.Partition, $o.Reason, ('{0} -> {1}' -f $o.RecordedVersion, $o.VisibleVersion) } }
            BackupHistoryInfo        = @{ Row = { param($o) $o.Database, $o.Snapshot, $o.Timestamp, @{ full = 'full'; incremental = 'incr' }[$o.Kind] } }
            PartitionBackupInfo      = @{ Group = { param($o) 'Table', ('{0}.{1}' -f $o.Database, $o.Table) }; Row = { param($o) $o.Partition, $o.Snapshot, $o.Timestamp, $o.VisibleVersion } }
            PointInTimeTableInfo     = @{ Group = { param($o) 'Database', ('{0}, as of {1}' -f $o.Database, (& $utc $o.AsOf)) }; Row = { param($o) $o.Table, $o.RestoredTable, $o.Rows, @($o.Partitions).Count } }
            TableSwapInfo            = @{ Group = { param($o) 'Database', $o.Database }; Row = { param($o) $o.Table, $o.With } }
            SnapshotVerificationInfo = @{ Group = { param($o) 'Repository', $o.Repository }; Row = { param($o) $o.Snapshot, $o.Timestamp, $o.Passed } }
            RepositoryCheckInfo      = @{ Row = { param($o) $o.Repository, $o.Passed, $o.ServerOk, $o.StorageOk, $o.TotalObjects, $o.TotalBytes } }
            RestoreDrillInfo         = @{ Group = { param($o) 'Repository', $o.Repository }; Row = { param($o) $o.Snapshot, $o.Timestamp, $o.Passed } }
            RetentionDecisionInfo    = @{ Group = { param($o) 'Database', $o.Database }; Row = { param($o) $o.Action, $o.Snapshot } }
            SnapshotRemovalInfo      = @{ Group = { param($o) 'Repository', $o.Repository }; Row = { param($o) $o.Snapshot, $o.Method, $o.ObjectsDeleted, $o.BytesDeleted } }
        }

        function Show([object[]] $InputObject, [int] $Width) { return ($InputObject | Format-Table | Out-String -Width $Width) -replace "`r", '' }
        function Get-RowLine([string] $Text, [object[]] $Values) {
            $pattern = '(^|\s)' + (@($Values | ForEach-Object { [regex]::Escape([string]$_) }) -join '\s+') + '(\s|$)'
            return @($Text -split "`n" | Where-Object { $_ -match $pattern })
        }
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name @($Db, $FailDb)
        Remove-Item -Recurse -Force -Path $Dir -ErrorAction SilentlyContinue
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'has real objects of each of the 11 types, with the cases the views must show' {
        foreach ($t in $Objects.Keys) {
            @($Objects[$t]).Count | Should -BeGreaterThan 0 -Because "$t needs a real object"
            @($Objects[$t])[0].GetType().FullName | Should -Be "StarRocksBackup.$t"
        }
        @($Objects['PolicyRunSummaryInfo'] | ForEach-Object { "$($_.Outcome)" }) | Should -Be @('Succeeded', 'Succeeded', 'NothingChanged', 'Failed')
        $PolicyError.FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'BackupPolicyFailed' 'Invoke-SrBackupPolicy')
        @($Objects['BackupHistoryInfo'].Kind) | Should -Be @('full', 'incremental')
        $Objects['PartitionChangeInfo'][0].Reason | Should -Be 'Changed'
        $Objects['SnapshotVerificationInfo'].Count | Should -Be 2
    }

    Context 'at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        It '<_>: no line longer than the width, no wrapped header, nothing cut, key values whole on their line' -ForEach @(
            'PolicyRunSummaryInfo', 'PartitionChangeInfo', 'BackupHistoryInfo', 'PartitionBackupInfo', 'PointInTimeTableInfo', 'TableSwapInfo',
            'SnapshotVerificationInfo', 'RepositoryCheckInfo', 'RestoreDrillInfo', 'RetentionDecisionInfo', 'SnapshotRemovalInfo') {
            $text = Show $Objects[$_] $Width
            foreach ($line in $text -split "`n") { $line.Length | Should -BeLessOrEqual $Width -Because "'$line'" }
            Test-HeaderWhole $text | Should -BeTrue -Because "a header must not wrap:`n$text"
            $text | Should -Not -Match '…' -Because "no value is cut:`n$text"
            $keys = $Keys[$_]
            foreach ($o in $Objects[$_]) {
                if ($keys.ContainsKey('Group')) {
                    $label, $value = & $keys.Group $o
                    @($text -split "`n" | Where-Object { $_ -match ('^\s*{0}: {1}\s*$' -f $label, [regex]::Escape($value)) }).Count | Should -BeGreaterThan 0 -Because "the group header '${label}: $value' is whole:`n$text"
                }
                $values = @(& $keys.Row $o)
                @(Get-RowLine $text $values).Count | Should -Be 1 -Because "'$($values -join ' ')' stands whole on one line:`n$text"
            }
        }

        It 'a failed policy run shows its error; a run with nothing to do shows the outcome whole' {
            $text = Show $Objects['PolicyRunSummaryInfo'] $Width
            @(Get-RowLine $text @($FailDb, 'Failed')).Count | Should -Be 1
            ($text -replace "`n\s*", ' ') | Should -Match 'disk\s*full\s*on\s*be\s*10001'
            @(Get-RowLine $text @($Db, 'NothingChanged')).Count | Should -Be 1
        }
    }

    It 'at 120 columns the trailing identifiers and texts are whole on their row too' {
        $change = $Objects['PartitionChangeInfo'][0]
        @(Get-RowLine (Show $change 120) @($change.Partition, $change.Reason, ('{0} -> {1}' -f $change.RecordedVersion, $change.VisibleVersion), $change.LastSnapshot)).Count | Should -Be 1
        $swap = $Objects['TableSwapInfo'][0]
        @(Get-RowLine (Show $swap 120) @($swap.Table, $swap.With, $swap.ReplacedTable)).Count | Should -Be 1
        $full = $Objects['PolicyRunSummaryInfo'][0]
        @(Get-RowLine (Show $full 120) @($full.Snapshot, 'full, 4 partitions')).Count | Should -Be 1
        $check = $Objects['RepositoryCheckInfo'][0]
        @(Get-RowLine (Show $check 120) @($check.TotalObjects, $check.TotalBytes)).Count | Should -Be 1
    }
}
