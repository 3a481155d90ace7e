# Remove-SrSnapshot, Invoke-SrRetention and Test-SrSnapshot in real pwsh against the built module, the FE simulator
# and the S3 server: -WhatIf changes nothing, ConfirmImpact High stops an unattended run, removal and retention
# really delete, verification passes a clean snapshot.
Describe 'Retention and verification cmdlets' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer -Backends 3 -PhaseMs 20
        $script:Db = New-SrTestDatabase -Target $Target -Rows 4
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
        $s3 = Get-SrTestS3
        $script:Storage = @{ StorageCredential = $s3.Credential; StorageEndpoint = $s3.HostEndpoint; StorageRegion = $s3.Region }
        $script:Labels = @()
        foreach ($i in 1..3) {
            $label = New-SrTestName "snap$i"
            $job = Start-SrBackup -Database $Db -Repository $Repo -Snapshot $label -Wait -Confirm:$false
            if ($job.State.ToString() -ne 'Finished') { throw "setup backup did not finish: $($job.State) $($job.FailureText)" }
            $script:Labels += $label
        }
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name $Db
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It '<Command> has ConfirmImpact High and supports -WhatIf' -ForEach @(@{ Command = 'Remove-SrSnapshot' }, @{ Command = 'Invoke-SrRetention' }) {
        $type = (Get-Command $Command).ImplementingType
        $attr = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attr.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
        $attr.SupportsShouldProcess | Should -BeTrue
    }

    It 'Test-SrSnapshot passes a clean snapshot and records the verification' {
        $r = Get-SrSnapshot -Repository $Repo -Name $Labels[0] | Test-SrSnapshot @Storage
        $r.GetType().FullName | Should -Be 'StarRocksBackup.SnapshotVerificationInfo'
        $r.Passed | Should -BeTrue
        $r.FilesListed | Should -BeGreaterThan 0
        $r.ObjectsChecked | Should -Be ($r.FilesListed + 2)
        @($r.Missing).Count + @($r.Corrupt).Count + @($r.Stray).Count | Should -Be 0
        $r.RecordKey | Should -Match ('verifications/{0}/' -f $Labels[0])
    }

    It 'Test-SrSnapshot finds a rewritten data file, a missing file and stray .part objects, warns, and Passed is false' {
        $label = New-SrTestName 'tamper'
        $job = Start-SrBackup -Database $Db -Repository $Repo -Snapshot $label -Wait -Confirm:$false
        $job.State.ToString() | Should -Be 'Finished'
        # Tamper with the objects through Core's own S3 client (loaded in the module's isolated load context, so its
        # types are reached through the assembly rather than by name).
        $s3 = Get-SrTestS3
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'StarRocksBackup.Core' } | Select-Object -First 1
        $options = [Activator]::CreateInstance($core.GetType('StarRocksBackup.Core.Storage.ObjectStoreOptions'))
        $options.Endpoint = $s3.HostEndpoint; $options.Region = $s3.Region; $options.AccessKey = $s3.AccessKey
        $options.SecretKey = [Activator]::CreateInstance($core.GetType('StarRocksBackup.Core.Secret'), [object[]]@($s3.SecretKey))
        $store = [Activator]::CreateInstance($core.GetType('StarRocksBackup.Core.Storage.S3ObjectStore'), [object[]]@($options))
        try {
            $location = $core.GetType('StarRocksBackup.Core.Storage.S3Location')::Parse((Get-SrRepository -Name $Repo).Location)
            $folder = '{0}__starrocks_repository_{1}/__ss_{2}/' -f $location.Prefix, $Repo, $label
            $none = [System.Threading.CancellationToken]::None
            $data = @($store.ListAsync($location.Bucket, $folder + '__ss_content/', $null, $none).GetAwaiter().GetResult().Objects.Key | Sort-Object)
            $data.Count | Should -BeGreaterOrEqual 2
            $store.PutAsync($location.Bucket, $data[0], [byte[]](1, 2, 3), $none).GetAwaiter().GetResult()
            $store.DeleteAsync($location.Bucket, $data[1], $none).GetAwaiter().GetResult()
            $stray = $folder + '__ss_content/leftover.dat.part'
            $store.PutAsync($location.Bucket, $stray, [byte[]](7), $none).GetAwaiter().GetResult()
        } finally { $store.Dispose() }

        $warnings = $null
        $r = Test-SrSnapshot -Repository $Repo -Snapshot $label -NoRecord @Storage -WarningVariable warnings -WarningAction SilentlyContinue
        $r.Passed | Should -BeFalse
        $r.Corrupt | Should -Be @($data[0])
        $r.Missing | Should -Be @($data[1])
        $r.Stray | Should -Be @($stray)
        $r.FindingCount | Should -Be 3
        $r.FindingsOmitted | Should -Be 0
        $r.Summary | Should -Match '1 corrupt, 1 missing, 1 stray'
        "$warnings" | Should -Match 'failed: 1 corrupt'

        Remove-SrSnapshot -Repository $Repo -Snapshot $label @Storage -Confirm:$false | Out-Null
    }

    It 'Remove-SrSnapshot -WhatIf says what would go and removes nothing' {
        $text = Invoke-SrTestCapture { Get-SrSnapshot -Repository $Repo -Name $Labels[2] | Remove-SrSnapshot @Storage -WhatIf }
        $text | Should -Match 'What if:'
        $text | Should -Match '\d+ object\(s\), \d+ bytes'
        @(Get-SrSnapshot -Repository $Repo -Name $Labels[2]).Count | Should -Be 1
    }

    It 'Remove-SrSnapshot unattended without -Confirm:$false removes nothing' {
        $ps = [powershell]::Create()
        try {
            $script = @'
param($ManifestPath, $HostName, $Port, $Credential, $Repository, $Label, $Storage)
Import-Module $ManifestPath
Connect-SrServer -Server $HostName -Port $Port -Credential $Credential
Remove-SrSnapshot -Repository $Repository -Snapshot $Label @Storage
'@
            [void]$ps.AddScript($script).AddParameters(@{
                ManifestPath = $ModuleManifestPath; HostName = $Target.Host; Port = $Target.Port
                Credential = $Target.Credential; Repository = $Repo; Label = $Labels[2]; Storage = $Storage })
            $failure = ''
            try { [void]$ps.Invoke() } catch { $failure = $_.Exception.ToString() }
            ($ps.HadErrors -or [bool]$failure) | Should -BeTrue -Because 'the confirmation could not be given'
        } finally { $ps.Dispose() }
        @(Get-SrSnapshot -Repository $Repo -Name $Labels[2]).Count | Should -Be 1
        (Test-SrSnapshot -Repository $Repo -Snapshot $Labels[2] -NoRecord @Storage).Passed | Should -BeTrue
    }

    It 'Get-SrSnapshot | Remove-SrSnapshot -Confirm:$false deletes every object of the snapshot' {
        $snap = Get-SrSnapshot -Repository $Repo -Name $Labels[2]
        $removed = $snap | Remove-SrSnapshot @Storage -Confirm:$false
        $removed.GetType().FullName | Should -Be 'StarRocksBackup.SnapshotRemovalInfo'
        $removed.Method | Should -Be 'Storage'
        $removed.WholeLabel | Should -BeTrue
        $removed.ObjectsDeleted | Should -BeGreaterThan 3
        @(Get-SrSnapshot -Repository $Repo | Where-Object Snapshot -eq $Labels[2]).Count | Should -Be 0
        $err = $null
        Test-SrSnapshot -Repository $Repo -Snapshot $Labels[2] -Timestamp $snap.Timestamp -NoRecord @Storage -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'SnapshotNotFound' 'Test-SrSnapshot')
        $err[0].Exception.Message | Should -Match 'no objects'
    }

    It 'Remove-SrSnapshot of a missing snapshot is SnapshotNotFound' {
        $err = $null
        Remove-SrSnapshot -Repository $Repo -Snapshot 'no_such_snapshot' @Storage -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'SnapshotNotFound' 'Remove-SrSnapshot')
    }

    It 'Invoke-SrRetention -WhatIf returns the plan with reasons and removes nothing' {
        $label = New-SrTestName 'snap4'
        $job = Start-SrBackup -Database $Db -Repository $Repo -Snapshot $label -Wait -Confirm:$false
        $job.State.ToString() | Should -Be 'Finished'
        $script:Newest = $label
        $text = Invoke-SrTestCapture { $script:Plan = @(Invoke-SrRetention -Repository $Repo -MaxSnapshots 1 -MinSnapshots 1 @Storage -WhatIf) }
        $text | Should -Match 'What if:'
        $text | Should -Match ([regex]::Escape($Labels[1]))
        $Plan.Count | Should -Be 3
        $Plan[0].GetType().FullName | Should -Be 'StarRocksBackup.RetentionDecisionInfo'
        # The newest stays (MinSnapshots), snapshot 1 stays as the newest verified one, snapshot 2 goes (MaxSnapshots).
        ($Plan | Where-Object Snapshot -eq $Newest).Action | Should -Be 'Keep'
        ($Plan | Where-Object Snapshot -eq $Labels[0]).Action | Should -Be 'Keep'
        ($Plan | Where-Object Snapshot -eq $Labels[0]).Reason | Should -Match 'verified'
        ($Plan | Where-Object Snapshot -eq $Labels[1]).Action | Should -Be 'Remove'
        ($Plan | Where-Object Snapshot -eq $Labels[1]).Reason | Should -Match 'MaxSnapshots'
        @($Plan | Where-Object Removed).Count | Should -Be 0
        @(Get-SrSnapshot -Repository $Repo).Count | Should -Be 3
    }

    It 'Invoke-SrRetention -Confirm:$false removes what the policy allows' {
        $plan = @(Invoke-SrRetention -Repository $Repo -MaxSnapshots 1 -MinSnapshots 1 @Storage -Confirm:$false)
        $plan.Count | Should -Be 3
        ($plan | Where-Object Snapshot -eq $Labels[1]).Removed | Should -BeTrue
        $left = @(Get-SrSnapshot -Repository $Repo).Snapshot
        $left | Should -Not -Contain $Labels[1]
        $left | Should -Contain $Labels[0]
        $left | Should -Contain $Newest
    }
}
