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
