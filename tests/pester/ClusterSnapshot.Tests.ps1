# Issue 4 (shared-data cluster snapshots), built on the cluster-dr branch. These run when the module
# exports the cmdlets; until then they are skipped with that reason (the xunit contract test lists
# which issue-4 names are present).
BeforeDiscovery {
    . "$PSScriptRoot/common.ps1"
    $script:HasClusterSnapshots = [bool](Get-Command -Module StarRocksBackup -Name 'Enable-SrClusterSnapshot' -ErrorAction SilentlyContinue)
}

# Needs a shared-data and a shared-nothing FE side by side: the simulator only.
Describe 'Cluster snapshot cmdlets' -Skip:((-not $HasClusterSnapshots) -or [bool]$env:STARROCKS_IT_HOST) {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:SharedData = Start-SrTestServer -Version '3.4.2' -RunMode 'shared-data'
        $script:SharedNothing = Start-SrTestServer -Version '3.4.2' -RunMode 'shared-nothing'
    }

    AfterAll {
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $SharedData
        Stop-SrTestServer -Target $SharedNothing
    }

    It 'Disable-SrClusterSnapshot has ConfirmImpact High (turning it off purges snapshots)' {
        $attr = (Get-Command Disable-SrClusterSnapshot).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attr.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
        $attr.SupportsShouldProcess | Should -BeTrue
    }

    It 'refuses on a shared-nothing cluster with StarRocks'' own message' {
        Connect-SrTestServer -Target $SharedNothing | Out-Null
        $err = $null
        try { Enable-SrClusterSnapshot -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeIn @(
            'UnsupportedByServer,StarRocksBackup.Commands.EnableSrClusterSnapshotCommand',
            'ServerError,StarRocksBackup.Commands.EnableSrClusterSnapshotCommand')
        $err.Exception.Message | Should -Match 'share(d)?[ -]data'
    }

    It 'Enable-SrClusterSnapshot -WhatIf changes nothing; Enable then Disable round-trips' {
        # StarRocks 3.4 has no SHOW for the switch; its own errors tell the state: enabling twice fails
        # with "has been turn on", disabling twice with "has not been turn on" (facts section 4.2).
        Connect-SrTestServer -Target $SharedData | Out-Null
        Enable-SrClusterSnapshot -WhatIf
        { Enable-SrClusterSnapshot -Confirm:$false -ErrorAction Stop } | Should -Not -Throw -Because '-WhatIf must not have turned it on'
        $err = $null
        try { Invoke-SrTestSql -Target $SharedData -Sql 'ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON' | Out-Null } catch { $err = $_ }
        "$err" | Should -Match 'has been turn on'
        Disable-SrClusterSnapshot -WhatIf
        { Disable-SrClusterSnapshot -Confirm:$false -ErrorAction Stop } | Should -Not -Throw -Because '-WhatIf must not have turned it off'
        $err = $null
        try { Invoke-SrTestSql -Target $SharedData -Sql 'ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF' | Out-Null } catch { $err = $_ }
        "$err" | Should -Match 'has not been turn on'
    }

    It 'Get-SrStorageVolume lists volumes without secrets' {
        Connect-SrTestServer -Target $SharedData | Out-Null
        $volumes = @(Get-SrStorageVolume)
        $volumes.Count | Should -BeGreaterThan 0
        if ($env:S3_SECRET_KEY) { ($volumes | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($env:S3_SECRET_KEY)) }
    }

    It 'Get-SrClusterSnapshot and Get-SrClusterSnapshotJob run on a shared-data cluster' {
        Connect-SrTestServer -Target $SharedData | Out-Null
        { Get-SrClusterSnapshot -ErrorAction Stop } | Should -Not -Throw
        { Get-SrClusterSnapshotJob -ErrorAction Stop } | Should -Not -Throw
    }
}

# The disaster-recovery kit works without a cluster: only object storage (Find) or nothing (New).
Describe 'New-SrClusterSnapshotConfig and Find-SrClusterSnapshot' -Skip:(-not $HasClusterSnapshots) {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Dir = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-dr-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $Dir | Out-Null
        $script:DrSecret = 'DrSeCrEt-' + [guid]::NewGuid().ToString('N')
        $script:DrCred = New-Object System.Management.Automation.PSCredential ('AKIDDRTEST', (ConvertTo-SecureString $DrSecret -AsPlainText -Force))
        $script:SnapPath = 's3://dr-bucket/volume/5f2c0d6e-0b4e-4c4b-9d55-5c0e3b1f7a10/meta/image/automated_cluster_snapshot_1735689600000'
        $script:VolumeProps = @{ 'aws.s3.endpoint' = 'http://127.0.0.1:9000'; 'aws.s3.region' = 'us-east-1' }
    }

    AfterAll {
        Remove-Item -Recurse -Force -Path $Dir -ErrorAction SilentlyContinue
    }

    It '-WhatIf writes no file' {
        $path = Join-Path $Dir 'whatif.yaml'
        New-SrClusterSnapshotConfig -Path $path -SnapshotPath $SnapPath -StorageVolumeProperty $VolumeProps -StorageVolumeCredential $DrCred -WhatIf
        $path | Should -Not -Exist
    }

    It 'writes cluster_snapshot.yaml; the storage secret never reaches the console' {
        $path = Join-Path $Dir 'cluster_snapshot.yaml'
        $text = Invoke-SrTestCapture {
            New-SrClusterSnapshotConfig -Path $path -SnapshotPath $SnapPath -StorageVolumeName 'dr_volume' `
                -StorageVolumeProperty $VolumeProps -StorageVolumeCredential $DrCred -Confirm:$false -Verbose
        }
        $path | Should -Exist
        $yaml = Get-Content -Raw -Path $path
        $yaml | Should -Match ([regex]::Escape($SnapPath))
        $yaml | Should -Match 'dr_volume'
        $yaml | Should -Match 'cluster_snapshot'
        $text | Should -Match 'credentials' -Because 'the user is warned that the file holds credentials'
        $text | Should -Not -Match ([regex]::Escape($DrSecret))
    }

    It '-SecretPlaceholder keeps the secret out of the file as well' {
        $path = Join-Path $Dir 'placeholder.yaml'
        $info = New-SrClusterSnapshotConfig -Path $path -SnapshotPath $SnapPath -StorageVolumeProperty $VolumeProps `
            -StorageVolumeCredential $DrCred -SecretPlaceholder -Confirm:$false
        $info.ContainsCredentials | Should -BeFalse
        Get-Content -Raw -Path $path | Should -Not -Match ([regex]::Escape($DrSecret))
    }

    It 'refuses to overwrite an existing file without -Force (OverwriteRefused), and keeps it' {
        $path = Join-Path $Dir 'keep.yaml'
        Set-Content -Path $path -Value 'original' -Encoding ASCII
        { New-SrClusterSnapshotConfig -Path $path -SnapshotPath $SnapPath -StorageVolumeProperty $VolumeProps -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'OverwriteRefused,StarRocksBackup.Commands.NewSrClusterSnapshotConfigCommand'
        (Get-Content -Raw -Path $path).Trim() | Should -Be 'original'
        New-SrClusterSnapshotConfig -Path $path -SnapshotPath $SnapPath -StorageVolumeProperty $VolumeProps -Force -Confirm:$false | Out-Null
        Get-Content -Raw -Path $path | Should -Match ([regex]::Escape($SnapPath))
    }

    It '-Format HelmValues writes the kube-starrocks disasterRecovery override with the generation' {
        $path = Join-Path $Dir 'values.yaml'
        $info = New-SrClusterSnapshotConfig -Path $path -SnapshotPath $SnapPath -StorageVolumeProperty $VolumeProps -Format HelmValues -Generation 3 -Confirm:$false
        $info.Generation | Should -Be 3
        $values = Get-Content -Raw -Path $path
        $values | Should -Match 'disasterRecovery'
        $values | Should -Match 'generation:\s*3'
    }

    It 'Find-SrClusterSnapshot on a location without snapshots reports SnapshotNotFound with the reason, without the secret' {
        $s3 = Get-SrTestS3
        $location = 's3://{0}/t-pester-dr-{1}' -f $s3.Bucket, [guid]::NewGuid().ToString('N')
        $err = $null
        try {
            Find-SrClusterSnapshot -Location $location -Endpoint $s3.HostEndpoint -Region $s3.Region -Credential $s3.Credential -ErrorAction Stop
        } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'SnapshotNotFound,StarRocksBackup.Commands.FindSrClusterSnapshotCommand'
        $err.Exception.Message | Should -Match 'No restorable cluster snapshot'
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -Match ([regex]::Escape($s3.SecretKey))
    }
}
