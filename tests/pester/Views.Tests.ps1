# The default views (module/StarRocksBackup.format.ps1xml) at 80 columns (redirected output, runbook logs) and
# 120 columns, on real objects from the cmdlets: no line longer than the width, no header that wraps, and the key
# values (Label, State, Snapshot, Timestamp, SnapshotPath, ...) whole, never cut with an ellipsis.
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

        # Table views: the header line comes right after a blank line, and the dashes right after it.
        function Test-HeaderWhole([string] $Text) {
            $lines = $Text -split "`n"
            for ($i = 0; $i -lt $lines.Count; $i++) {
                if ($lines[$i] -match '^-+( +-+)*\s*$') {
                    if ($i -lt 2 -or $lines[$i - 2].Trim().Length -ne 0) { return $false }
                }
            }
            return $true
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

    It 'has objects of every output type of the module' {
        $types = (Get-Command -Module StarRocksBackup).OutputType.Type | Where-Object { $_.Namespace -eq 'StarRocksBackup' } |
            ForEach-Object { $_.Name } | Sort-Object -Unique
        foreach ($t in $types) {
            $Objects.Contains($t) | Should -BeTrue -Because "$t is an output type and its view must be checked"
            @($Objects[$t]).Count | Should -BeGreaterThan 0 -Because "$t needs a real object"
            @($Objects[$t])[0].GetType().Name | Should -Be $t
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
