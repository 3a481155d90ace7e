# Get-SrDatabase, Get-SrTable, Get-SrPartition and the Get-SrTable | Get-SrPartition pipeline.
Describe 'Catalog cmdlets' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer
        $script:Db = New-SrTestDatabase -Target $Target -Rows 4
        Connect-SrTestServer -Target $Target | Out-Null
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name $Db
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'Get-SrDatabase lists the test database' {
        $dbs = @(Get-SrDatabase)
        $dbs.Database | Should -Contain $Db
        ($dbs | Where-Object Database -eq $Db).GetType().FullName | Should -Be 'StarRocksBackup.DatabaseInfo'
    }

    It 'Get-SrTable lists the tables of a database' {
        $tables = @(Get-SrTable -Database $Db)
        ($tables.Table | Sort-Object) | Should -Be @('dim', 'sales')
        $tables | ForEach-Object { $_.Database | Should -Be $Db }
    }

    It 'Get-SrDatabase | Get-SrTable binds Database by property name' {
        $tables = @(Get-SrDatabase | Where-Object Database -eq $Db | Get-SrTable)
        ($tables.Table | Sort-Object) | Should -Be @('dim', 'sales')
    }

    It 'Get-SrPartition lists partitions with row counts' {
        $parts = @(Get-SrPartition -Database $Db -Table 'sales')
        ($parts.Partition | Sort-Object) | Should -Be @('p2024', 'p2025')
        $parts | ForEach-Object { $_.Database | Should -Be $Db; $_.Table | Should -Be 'sales' }
        if ($Target.IsSimulator) {
            ($parts | Measure-Object -Property RowCount -Sum).Sum | Should -Be 8
        }
    }

    It 'Get-SrTable | Get-SrPartition lists the partitions of every table' {
        $parts = @(Get-SrTable -Database $Db | Get-SrPartition)
        @($parts | Where-Object Table -eq 'sales').Count | Should -Be 2
        @($parts | Where-Object Table -eq 'dim').Count | Should -Be 1
    }

    It 'reports DatabaseNotFound for an unknown database' {
        $missing = New-SrTestName 'nodb'
        { Get-SrTable -Database $missing -ErrorAction Stop } | Should -Throw -ErrorId 'DatabaseNotFound,StarRocksBackup.Commands.GetSrTableCommand'
    }

    It 'reports TableNotFound for an unknown table, naming it' {
        $err = $null
        try { Get-SrPartition -Database $Db -Table 'no_such_table' -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'TableNotFound,StarRocksBackup.Commands.GetSrPartitionCommand'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match 'no_such_table'
    }

    It 'keeps going after one bad pipeline item (non-terminating error)' {
        $inputs = @(
            [pscustomobject]@{ Database = $Db; Table = 'no_such_table' },
            [pscustomobject]@{ Database = $Db; Table = 'sales' })
        $parts = @($inputs | Get-SrPartition -ErrorAction SilentlyContinue -ErrorVariable errs)
        @($parts | Where-Object Table -eq 'sales').Count | Should -Be 2
        $errs.Count | Should -BeGreaterThan 0
        $errs[0].FullyQualifiedErrorId | Should -Be 'TableNotFound,StarRocksBackup.Commands.GetSrPartitionCommand'
    }
}
