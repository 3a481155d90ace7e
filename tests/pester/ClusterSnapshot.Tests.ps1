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
        # with "has been turn on", disabling twice with "has not been turn on" (facts §4.2).
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
