# Views, materialized views, functions and external catalogs: Get-SrView / Get-SrMaterializedView / Get-SrFunction /
# Get-SrExternalCatalog, Start-SrBackup -View/-MaterializedView/-Function/-ExternalCatalog/-AllExternalCatalogs,
# Restore-SrSnapshot -View/-MaterializedView/-Function/-ExternalCatalog/-AsExternalCatalog/-AllExternalCatalogs,
# Get-SrSnapshot -Detailed object lists; 3.4 and 4.2 carry every object, 3.3 says what it cannot carry.

BeforeDiscovery {
    $script:Versions = @(@{ Version = '3.4.5' }, @{ Version = '4.2.0' })
}

Describe 'Database objects on <Version>' -ForEach $Versions {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer -Version $Version
        $script:Db = New-SrTestDatabase -Target $Target -Rows 3
        Invoke-SrTestSql -Target $Target -Sql @(
            ('CREATE VIEW `{0}`.`recent` AS SELECT id, note FROM sales WHERE id > 1' -f $Db),
            ('CREATE MATERIALIZED VIEW `{0}`.`sale_ids` DISTRIBUTED BY HASH(id) REFRESH ASYNC AS SELECT id FROM sales' -f $Db),
            ('CREATE FUNCTION `{0}`.`add_one`(INT) RETURNS INT PROPERTIES (''symbol'' = ''com.example.AddOne'', ''type'' = ''StarrocksJar'', ''file'' = ''http://repo/udf.jar'')' -f $Db),
            'CREATE EXTERNAL CATALOG hive_pester PROPERTIES (''type'' = ''hive'', ''hive.metastore.uris'' = ''thrift://hms:9083'')'
        ) | Out-Null
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
    }

    AfterAll {
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'Get-SrView, Get-SrMaterializedView and Get-SrFunction list each kind once' {
        $v = @(Get-SrView -Database $Db)
        $v.Count | Should -Be 1
        $v[0].View | Should -Be 'recent'
        $v[0].MaterializedView | Should -BeNullOrEmpty
        $v[0].GetType().FullName | Should -Be 'StarRocksBackup.DatabaseObjectInfo'
        $m = @(Get-SrMaterializedView -Database $Db)
        $m.Count | Should -Be 1
        $m[0].MaterializedView | Should -Be 'sale_ids'
        $m[0].IsActive | Should -BeTrue
        $f = @(Get-SrFunction -Database $Db -Name 'add_*')
        $f[0].Function | Should -Be 'add_one'
        $f[0].Signature | Should -Be 'add_one(INT)'
        { Get-SrView -Database $Db -Name nope -ErrorAction Stop } | Should -Throw -ErrorId (Get-SrErrorId 'TableNotFound' 'Get-SrView')
    }

    It 'Get-SrExternalCatalog lists external catalogs, never default_catalog' {
        $c = @(Get-SrExternalCatalog)
        $c.ExternalCatalog | Should -Be @('hive_pester')
        $c[0].Type | Should -Be 'hive'
        @(Get-SrExternalCatalog -Name 'hive*').Count | Should -Be 1
    }

    It 'a whole-database backup and restore bring every object back, and Get-SrSnapshot -Detailed lists them' {
        $label = New-SrTestName 'all'
        $job = Start-SrBackup -Database $Db -Repository $Repo -Snapshot $label -Wait -Confirm:$false -WarningVariable warnings
        $job.State | Should -Be 'Finished'
        ($warnings -join ' ') | Should -Match 'External catalogs are not part of a database backup: hive_pester'

        $detail = Get-SrSnapshot -Repository $Repo -Name $label -Detailed
        # The session has storage access for the repository (New-SrRepository -Credential): the snapshot's __meta file
        # (StarRocks' BackupMeta) tells MVs from tables and lists the functions, which the info file cannot.
        $detail.Views | Should -Be @('recent')
        ($detail.Tables | Sort-Object) | Should -Be @('dim', 'sales')
        $detail.MaterializedViews | Should -Be @('sale_ids')
        $detail.Functions | Should -Be @('add_one(INT)')
        @($detail.ExternalCatalogs).Count | Should -Be 0
        $detail.Objects | Should -Contain 'Table sales'
        $detail.Objects | Should -Contain 'View recent'
        $detail.Objects | Should -Contain 'MaterializedView sale_ids'
        $detail.Objects | Should -Contain 'Function add_one(INT)'
        $detail.NotListed | Should -BeNullOrEmpty
        $detail.Details | Should -Not -Match 'add_one' -Because 'the info file (SHOW SNAPSHOT Details) has no functions'

        $script:AllLabel = $label

        $copy = New-SrTestName 'back'
        $restore = $detail | Restore-SrSnapshot -AsDatabase $copy -ReplicationNum 1 -Wait -Confirm:$false
        $restore.State | Should -Be 'Finished'
        (Get-SrView -Database $copy).View | Should -Be 'recent'
        (Get-SrMaterializedView -Database $copy).MaterializedView | Should -Be 'sale_ids'
        (Get-SrFunction -Database $copy).Signature | Should -Be 'add_one(INT)'
        (Invoke-SrTestSql -Target $Target -Sql ('SELECT COUNT(*) AS n FROM `{0}`.`recent`' -f $copy))[0].n | Should -Be 5 -Because 'ids 2, 3, 101, 102, 103'
    }

    It 'Get-SrView | Start-SrBackup names the view next to -Table (the statement under -WhatIf)' {
        $label = New-SrTestName 'named'
        $text = Invoke-SrTestCapture { Get-SrView -Database $Db | Start-SrBackup -Repository $Repo -Table sales -Snapshot $label -WhatIf }
        $text | Should -Match ('ON \(`sales`, VIEW `recent`\)')
        @(Get-SrSnapshot -Repository $Repo -Name $label -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'Start-SrBackup -MaterializedView -Function backs up only the named objects; Restore-SrSnapshot -View/-Function restore some' {
        $label = New-SrTestName 'objs'
        $job = Start-SrBackup -Database $Db -Repository $Repo -Snapshot $label -View recent -MaterializedView sale_ids -Function add_one -Wait -Confirm:$false
        $job.State | Should -Be 'Finished'
        $detail = Get-SrSnapshot -Repository $Repo -Name $label -Detailed
        @($detail.Tables).Count | Should -Be 0 -Because 'the MV is told from a table by the __meta file'
        @($detail.MaterializedViews) | Should -Be @('sale_ids')
        @($detail.Views) | Should -Be @('recent')
        @($detail.Functions) | Should -Be @('add_one(INT)')

        $target = New-SrTestName 'part'
        $r = Restore-SrSnapshot -Repository $Repo -Snapshot $label -AsDatabase $target -View recent -Function add_one -Wait -Confirm:$false
        $r.State | Should -Be 'Finished'
        (Get-SrView -Database $target).View | Should -Be 'recent'
        (Get-SrFunction -Database $target).Function | Should -Be 'add_one'
        @(Get-SrMaterializedView -Database $target).Count | Should -Be 0

        $mvOnly = New-SrTestName 'mv'
        $r = Restore-SrSnapshot -Repository $Repo -Snapshot $label -AsDatabase $mvOnly -MaterializedView sale_ids -Wait -Confirm:$false
        $r.State | Should -Be 'Finished'
        (Get-SrMaterializedView -Database $mvOnly).IsActive | Should -BeFalse -Because 'its base table was not restored'
    }

    It 'Start-SrBackup -ExternalCatalog (from Get-SrExternalCatalog) and Restore-SrSnapshot -ExternalCatalog -AsExternalCatalog' {
        $label = New-SrTestName 'cat'
        $job = Start-SrBackup -ExternalCatalog (Get-SrExternalCatalog).ExternalCatalog -Repository $Repo -Snapshot $label -Confirm:$false
        $job.Database | Should -BeNullOrEmpty
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Get-SrSnapshot -Repository $Repo -Name $label -ErrorAction SilentlyContinue | Where-Object Timestamp)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'the catalog snapshot never appeared' }
            Start-Sleep -Milliseconds 200
        }
        $catDetail = Get-SrSnapshot -Repository $Repo -Name $label -Detailed
        @($catDetail.Tables).Count | Should -Be 0 -Because 'a catalog snapshot records its catalogs only in __meta'
        @($catDetail.ExternalCatalogs) | Should -Be @('hive_pester (hive)')
        ($catDetail | Out-String) | Should -Not -Match 'thrift://' -Because 'a catalog''s settings are never shown'

        Restore-SrSnapshot -Repository $Repo -Snapshot $label -ExternalCatalog hive_pester -AsExternalCatalog hive_copy -Confirm:$false | Out-Null
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Get-SrExternalCatalog -Name hive_copy -ErrorAction SilentlyContinue)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'hive_copy never appeared' }
            Start-Sleep -Milliseconds 200
        }
        (Get-SrExternalCatalog -Name hive_copy).Type | Should -Be 'hive'
    }

    It 'Start-SrBackup -AllExternalCatalogs shows BACKUP ALL EXTERNAL CATALOGS under -WhatIf' {
        $text = Invoke-SrTestCapture { Start-SrBackup -AllExternalCatalogs -Repository $Repo -Snapshot (New-SrTestName 'all') -WhatIf }
        $text | Should -Match 'BACKUP ALL EXTERNAL CATALOGS SNAPSHOT'
        { Start-SrBackup -ExternalCatalog hive_pester -Table sales -Repository $Repo -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId (Get-SrErrorId 'InvalidArgument' 'Start-SrBackup')
        { Restore-SrSnapshot -Repository $Repo -Snapshot x -AllExternalCatalogs -ExternalCatalog hive_pester -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId (Get-SrErrorId 'InvalidArgument' 'Restore-SrSnapshot')
    }

    It 'without storage access Get-SrSnapshot -Detailed reads the info file only and says what it cannot list (runs last: it changes the default connection)' {
        $other = Connect-SrServer -Server $Target.Host -Port $Target.Port -Credential $Target.Credential -PassThru
        $sqlOnly = Get-SrSnapshot -Connection $other -Repository $Repo -Name $AllLabel -Detailed
        ($sqlOnly.Tables | Sort-Object) | Should -Be @('dim', 'sale_ids', 'sales') -Because 'the info file lists an MV like a table'
        $sqlOnly.Functions | Should -BeNullOrEmpty
        $sqlOnly.MaterializedViews | Should -BeNullOrEmpty
        $sqlOnly.NotListed | Should -Match 'Functions and external catalogs.*Set-SrRepositoryStorage'
    }
}

Describe 'Database objects on 3.3 (what it cannot carry)' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer -Version '3.3.9'
        $script:Db = New-SrTestDatabase -Target $Target -Rows 2
        Invoke-SrTestSql -Target $Target -Sql @(
            ('CREATE VIEW `{0}`.`recent` AS SELECT id FROM sales' -f $Db),
            ('CREATE FUNCTION `{0}`.`add_one`(INT) RETURNS INT PROPERTIES (''symbol'' = ''x'')' -f $Db)
        ) | Out-Null
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
    }

    AfterAll {
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'a whole-database backup warns which views and functions it does not carry' {
        $job = Start-SrBackup -Database $Db -Repository $Repo -Wait -Confirm:$false -WarningVariable warnings
        $job.State | Should -Be 'Finished'
        $text = $warnings -join ' '
        $text | Should -Match 'backs up tables only'
        $text | Should -Match 'View recent'
        $text | Should -Match 'Function add_one\(INT\)'
        $text | Should -Match 'SHOW CREATE VIEW'
    }

    It 'naming a view is refused with UnsupportedByServer and the reason, before anything is sent' {
        $err = $null
        try { Start-SrBackup -Database $Db -View recent -Repository $Repo -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'UnsupportedByServer' 'Start-SrBackup')
        $err.CategoryInfo.Category | Should -Be 'NotImplemented'
        $err.Exception.Message | Should -Match 'needs StarRocks 3.4 or later; this server is 3.3.9'
        $err.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        { Start-SrBackup -ExternalCatalog c1 -Repository $Repo -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId (Get-SrErrorId 'UnsupportedByServer' 'Start-SrBackup')
        { Restore-SrSnapshot -Repository $Repo -Snapshot x -Timestamp '2026-01-01-00-00-00-000' -View recent -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId (Get-SrErrorId 'UnsupportedByServer' 'Restore-SrSnapshot')
    }
}
