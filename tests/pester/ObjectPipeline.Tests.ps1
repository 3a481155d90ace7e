# Start-SrBackup -InputObject: every kind of object piped in (Get-SrTable, Get-SrView, Get-SrMaterializedView,
# Get-SrFunction, Get-SrExternalCatalog), mixed kinds from two databases (one BACKUP per database), a wrong object type
# (UnsupportedInputObject, per input), and piped names.

BeforeDiscovery {
    $script:Versions = @(@{ Version = '3.4.5' }, @{ Version = '4.2.0' })
}

Describe 'Objects piped into Start-SrBackup on <Version>' -ForEach $Versions {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer -Version $Version
        $script:Db = New-SrTestDatabase -Target $Target -Rows 3
        $script:Db2 = New-SrTestDatabase -Target $Target -Rows 2
        Invoke-SrTestSql -Target $Target -Sql @(
            ('CREATE VIEW `{0}`.`recent` AS SELECT id, note FROM sales WHERE id > 1' -f $Db),
            ('CREATE FUNCTION `{0}`.`add_one`(INT) RETURNS INT PROPERTIES (''symbol'' = ''com.example.AddOne'', ''type'' = ''StarrocksJar'', ''file'' = ''http://repo/udf.jar'')' -f $Db),
            ('CREATE MATERIALIZED VIEW `{0}`.`sale_ids` DISTRIBUTED BY HASH(id) REFRESH ASYNC AS SELECT id FROM sales' -f $Db2),
            'CREATE EXTERNAL CATALOG hive_pipe PROPERTIES (''type'' = ''hive'', ''hive.metastore.uris'' = ''thrift://hms:9083'')'
        ) | Out-Null
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
    }

    AfterAll {
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'Get-SrView | Start-SrBackup backs up only the view (ON (VIEW ...))' {
        $text = Invoke-SrTestCapture { Get-SrView -Database $Db | Start-SrBackup -Repository $Repo -Snapshot (New-SrTestName 'v') -WhatIf }
        $text | Should -Match 'ON \(VIEW `recent`\)'
    }

    It 'Get-SrMaterializedView | Start-SrBackup names the materialized view' {
        $text = Invoke-SrTestCapture { Get-SrMaterializedView -Database $Db2 | Start-SrBackup -Repository $Repo -Snapshot (New-SrTestName 'm') -WhatIf }
        $text | Should -Match 'ON \(MATERIALIZED VIEW `sale_ids`\)'
    }

    It 'Get-SrFunction | Start-SrBackup names the function, with -Table from the command line' {
        $text = Invoke-SrTestCapture { Get-SrFunction -Database $Db | Start-SrBackup -Repository $Repo -Table sales -Snapshot (New-SrTestName 'f') -WhatIf }
        $text | Should -Match 'ON \(`sales`, FUNCTION `add_one`\)'
    }

    It 'Get-SrTable | Start-SrBackup backs up the piped tables' {
        $text = Invoke-SrTestCapture { Get-SrTable -Database $Db -Name sales | Start-SrBackup -Repository $Repo -Snapshot (New-SrTestName 't') -WhatIf }
        $text | Should -Match ('BACKUP DATABASE `{0}` SNAPSHOT `[^`]+` TO `{1}` ON \(`sales`\)' -f $Db, $Repo)
    }

    It 'Get-SrExternalCatalog | Start-SrBackup starts one catalog snapshot' {
        $label = New-SrTestName 'c'
        $text = Invoke-SrTestCapture { Get-SrExternalCatalog -Name hive_pipe | Start-SrBackup -Repository $Repo -Snapshot $label -WhatIf }
        $text | Should -Match ('BACKUP EXTERNAL CATALOGS? \(`?hive_pipe`?\) SNAPSHOT `?{0}`?' -f $label)
        $job = Get-SrExternalCatalog -Name hive_pipe | Start-SrBackup -Repository $Repo -Snapshot $label -Confirm:$false
        $job.Database | Should -BeNullOrEmpty
        $job.Label | Should -Be $label
    }

    It 'mixed kinds from two databases make one BACKUP per database, both finished' {
        $objects = @(Get-SrView -Database $Db) + @(Get-SrFunction -Database $Db) + @(Get-SrTable -Database $Db -Name sales) + @(Get-SrMaterializedView -Database $Db2)
        $objects.Count | Should -Be 4
        $jobs = @($objects | Start-SrBackup -Repository $Repo -Confirm:$false | Wait-SrJob -TimeoutSeconds 300)
        $jobs.Count | Should -Be 2
        ($jobs.Database | Sort-Object) | Should -Be (@($Db, $Db2) | Sort-Object)
        $jobs.State | Should -Be @('Finished', 'Finished')

        $first = Get-SrSnapshot -Repository $Repo -Name ($jobs | Where-Object Database -eq $Db).Label -Detailed
        $first.Views | Should -Be @('recent')
        @($first.Tables) | Should -Be @('sales')
        $second = Get-SrSnapshot -Repository $Repo -Name ($jobs | Where-Object Database -eq $Db2).Label -Detailed
        # The session has storage access: the __meta file tells the MV from a table (the info file alone lists it as one).
        @($second.Tables).Count | Should -Be 0
        @($second.MaterializedViews) | Should -Be @('sale_ids')
    }

    It 'a piped object of another type is UnsupportedInputObject, and the other objects are still backed up' {
        { Get-Date | Start-SrBackup -Repository $Repo -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId (Get-SrErrorId 'UnsupportedInputObject' 'Start-SrBackup')
        $script:pipeErr = $null
        $text = Invoke-SrTestCapture {
            @((Get-Item $PSScriptRoot), (Get-SrView -Database $Db)) | Start-SrBackup -Repository $Repo -Snapshot (New-SrTestName 'x') -WhatIf -ErrorVariable e -ErrorAction SilentlyContinue
            $script:pipeErr = $e
        }
        $err = @($script:pipeErr)
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'InvalidType'
        $err[0].Exception.Message | Should -Match 'cannot back up a piped System.IO.DirectoryInfo'
        $text | Should -Match 'ON \(VIEW `recent`\)'
    }

    It 'piped database names still work, with -Table applied to each' {
        $text = Invoke-SrTestCapture { $Db, $Db2 | Start-SrBackup -Repository $Repo -Table sales -WhatIf }
        $text | Should -Match ('BACKUP DATABASE `{0}` .* ON \(`sales`\)' -f $Db)
        $text | Should -Match ('BACKUP DATABASE `{0}` .* ON \(`sales`\)' -f $Db2)
    }
}
