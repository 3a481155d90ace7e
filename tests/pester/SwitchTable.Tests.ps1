# Switch-SrTable against the simulator: the atomic swap, the dated name for the replaced data, -DropReplaced,
# -WhatIf, ConfirmImpact High, pipeline binding by property name, and SchemaMismatch with the differences.
Describe 'Switch-SrTable' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer -Backends 1
        $script:Db = New-SrTestDatabase -Target $Target -Rows 4
        Connect-SrTestServer -Target $Target | Out-Null

        function New-Replacement([string] $Name, [string] $Rows) {
            Invoke-SrTestSql -Target $Target -Sql @(
                ('CREATE TABLE `{0}`.`{1}` (dt DATE, id INT, note VARCHAR(20)) DUPLICATE KEY(dt, id) PARTITION BY RANGE(dt) (PARTITION p2024 VALUES LESS THAN ("2025-01-01")) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")' -f $Db, $Name),
                ('INSERT INTO `{0}`.`{1}` VALUES {2}' -f $Db, $Name, $Rows)) | Out-Null
        }

        function Get-Tables { @(Invoke-SrTestSql -Target $Target -Sql ('SHOW TABLES FROM `{0}`' -f $Db) | ForEach-Object { @($_.PSObject.Properties)[0].Value }) }
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name $Db
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'is ConfirmImpact High with ShouldProcess, and exported with its one parameter set' {
        $cmd = Get-Command Switch-SrTable
        $cmd.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact | Should -Be 'High'
        $cmd.Parameters.Keys | Should -Contain 'WhatIf'
        $cmd.ParameterSets.Count | Should -Be 1
        $cmd.Parameters['With'].Aliases | Should -Contain 'RestoredTable'
    }

    It '-WhatIf checks the schemas, shows every statement and changes nothing' {
        New-Replacement 'sales_whatif' "('2024-01-01', 900, 'w')"
        $text = Invoke-SrTestCapture { Switch-SrTable -Database $Db -Table sales -With sales_whatif -DropReplaced -WhatIf }
        $text | Should -Match 'What if'
        $text | Should -Match ([regex]::Escape(('ALTER TABLE `{0}`.`sales` SWAP WITH `sales_whatif`' -f $Db)))
        $text | Should -Match ([regex]::Escape(('ALTER TABLE `{0}`.`sales_whatif` RENAME `sales__replaced_' -f $Db)))
        $text | Should -Match ([regex]::Escape(('DROP TABLE `{0}`.`sales__replaced_' -f $Db)))
        Get-SrTestRowCount -Target $Target -Database $Db -Table 'sales' | Should -Be 8
        Get-SrTestRowCount -Target $Target -Database $Db -Table 'sales_whatif' | Should -Be 1
        Invoke-SrTestSql -Target $Target -Sql ('DROP TABLE `{0}`.`sales_whatif`' -f $Db) | Out-Null
    }

    It 'asks first (ConfirmImpact High): unattended without -Confirm:$false it swaps nothing' {
        New-Replacement 'sales_prompt' "('2024-01-01', 901, 'p')"
        $ps = [powershell]::Create()
        try {
            [void]$ps.AddScript(@'
param($ManifestPath, $HostName, $Port, $Credential, $Db)
Import-Module $ManifestPath
Connect-SrServer -Server $HostName -Port $Port -Credential $Credential
Switch-SrTable -Database $Db -Table sales -With sales_prompt
'@).AddParameters(@{ ManifestPath = $ModuleManifestPath; HostName = $Target.Host; Port = $Target.Port; Credential = $Target.Credential; Db = $Db })
            $failure = ''
            try { [void]$ps.Invoke() } catch { $failure = $_.Exception.ToString() }
            ($ps.HadErrors -or [bool]$failure) | Should -BeTrue -Because 'the confirmation could not be given'
            ($failure + ($ps.Streams.Error | Out-String)) | Should -Match 'prompt|interact' -Because 'it stopped at the confirmation, not for another reason'
        } finally { $ps.Dispose() }
        Get-SrTestRowCount -Target $Target -Database $Db -Table 'sales' | Should -Be 8
        Get-SrTestRowCount -Target $Target -Database $Db -Table 'sales_prompt' | Should -Be 1
        Invoke-SrTestSql -Target $Target -Sql ('DROP TABLE `{0}`.`sales_prompt`' -f $Db) | Out-Null
    }

    It 'swaps atomically and keeps the old data under a dated name' {
        New-Replacement 'sales_new' "('2024-01-01', 500, 'x'), ('2024-01-02', 501, 'y')"
        $before = Get-Date
        $r = Switch-SrTable -Database $Db -Table sales -With sales_new -Confirm:$false
        $r.GetType().FullName | Should -Be 'StarRocksBackup.TableSwapInfo'
        $r.Table | Should -Be 'sales'
        $r.ReplacedTable | Should -Match '^sales__replaced_\d{8}T\d{6}Z$'
        $r.ReplacedDropped | Should -BeFalse
        $r.Statements.Count | Should -Be 2
        Get-SrTestRowCount -Target $Target -Database $Db -Table 'sales' | Should -Be 2
        Get-SrTestRowCount -Target $Target -Database $Db -Table $r.ReplacedTable | Should -Be 8
        Get-Tables | Should -Contain $r.ReplacedTable
        Get-Tables | Should -Not -Contain 'sales_new'
        (Get-FormatData -TypeName StarRocksBackup.TableSwapInfo) | Should -Not -BeNullOrEmpty
        $script:Replaced = $r.ReplacedTable
    }

    It 'binds Database/Table/RestoredTable by property name and drops the replaced data with -DropReplaced -Force' {
        New-Replacement 'sales_next' "('2024-01-03', 600, 'z')"
        $r = [pscustomobject]@{ Database = $Db; Table = 'sales'; RestoredTable = 'sales_next' } |
            Switch-SrTable -ReplacedName sales_prev -DropReplaced -Force -Confirm:$false
        $r.ReplacedDropped | Should -BeTrue
        $r.With | Should -Be 'sales_next'
        Get-SrTestRowCount -Target $Target -Database $Db -Table 'sales' | Should -Be 1
        Get-Tables | Should -Not -Contain 'sales_prev'
        Get-Tables | Should -Contain $Replaced
    }

    It 'refuses a replacement with another schema: SchemaMismatch listing the differences, nothing changed' {
        Invoke-SrTestSql -Target $Target -Sql ('CREATE TABLE `{0}`.`sales_bad` (dt DATETIME, id BIGINT) DUPLICATE KEY(dt, id) PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2025-01-01 00:00:00")) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")' -f $Db) | Out-Null
        $err = $null
        try { Switch-SrTable -Database $Db -Table sales -With sales_bad -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be (Get-SrErrorId -ErrorId SchemaMismatch -Command Switch-SrTable)
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err.Exception.Message | Should -Match "column 'note' is in 'sales' but not in 'sales_bad'"
        $err.Exception.Message | Should -Match "column 'dt': type date in 'sales', datetime in 'sales_bad'"
        $err.Exception.Message | Should -Match "column 'id': type int\(11\) in 'sales', bigint\(20\) in 'sales_bad'"
        $err.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-SrTestRowCount -Target $Target -Database $Db -Table 'sales' | Should -Be 1
    }

    It 'reports TableNotFound and InvalidArgument before changing anything' {
        { Switch-SrTable -Database $Db -Table sales -With nosuch -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId (Get-SrErrorId -ErrorId TableNotFound -Command Switch-SrTable)
        { Switch-SrTable -Database $Db -Table sales -With sales -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId (Get-SrErrorId -ErrorId InvalidArgument -Command Switch-SrTable)
        { Switch-SrTable -Database $Db -Table sales -With sales_bad -ReplacedName dim -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId (Get-SrErrorId -ErrorId InvalidArgument -Command Switch-SrTable)
    }
}
