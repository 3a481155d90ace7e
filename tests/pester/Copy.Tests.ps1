# Copy-SrDatabase between two simulators sharing the S3 server: 3.3 -> 3.4 copies with equal rows per partition,
# 3.4 -> 3.3 is stopped before anything runs.
Describe 'Copy-SrDatabase' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Old = Start-SrTestServer -Version '3.3.9'
        $script:New = Start-SrTestServer -Version '3.4.5' -Backends 1
        $script:Db = New-SrTestDatabase -Target $Old -Rows 4
        $script:Src = Connect-SrTestServer -Target $Old
        $script:Dst = Connect-SrTestServer -Target $New
        $script:S3 = Get-SrTestS3
        # The shared repository exists on the source only; the destination gets a READ ONLY one on the same location.
        Connect-SrServer -Server $Old.Host -Port $Old.Port -Credential $Old.Credential | Out-Null
        $script:Repo = New-SrTestRepository
    }

    AfterAll {
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Old
        Stop-SrTestServer -Target $New
    }

    It '-WhatIf shows every step with the statements and changes nothing' {
        $text = Invoke-SrTestCapture {
            Copy-SrDatabase -Database $Db -SourceConnection $Src -DestinationConnection $Dst -Repository $Repo `
                -StorageCredential $S3.Credential -StorageEndpoint $S3.Endpoint -StorageRegion $S3.Region -WhatIf
        }
        $text | Should -Match 'BACKUP SNAPSHOT'
        $text | Should -Match 'CREATE READ ONLY REPOSITORY'
        $text | Should -Match 'replication_num 1 \(1 alive backend'
        $text | Should -Not -Match ([regex]::Escape($S3.SecretKey))
        @(Invoke-SrTestSql -Target $New -Sql 'SHOW REPOSITORIES').Count | Should -Be 0
        @(Invoke-SrTestSql -Target $Old -Sql ('SHOW BACKUP FROM `{0}`' -f $Db)).Count | Should -Be 0
    }

    It 'without keys it cannot create the destination repository and says so' {
        { Copy-SrDatabase -Database $Db -DestinationConnection $Dst -Repository $Repo -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId (Get-SrErrorId 'InvalidArgument' 'Copy-SrDatabase')
    }

    It 'copies 3.3 -> 3.4 with the same rows per partition' {
        $result = Copy-SrDatabase -Database $Db -AsDatabase ($Db + '_copy') -Connection $Src -DestinationConnection $Dst -Repository $Repo `
            -StorageCredential $S3.Credential -StorageEndpoint $S3.Endpoint -StorageRegion $S3.Region -Confirm:$false
        $result.GetType().FullName | Should -Be 'StarRocksBackup.CopyResultInfo'
        $result.Verified | Should -BeTrue
        $result.SourceVersion | Should -Be '3.3.9'
        $result.DestinationVersion | Should -Be '3.4.5'
        @($result.Partitions | ForEach-Object { '{0}.{1}={2}/{3}' -f $_.Table, $_.Partition, $_.SourceRows, $_.DestinationRows } | Sort-Object) |
            Should -Be @('dim.dim=3/3', 'sales.p2024=4/4', 'sales.p2025=4/4')
        (Invoke-SrTestSql -Target $New -Sql 'SHOW REPOSITORIES')[0].IsReadOnly | Should -Be 'true'
        Get-SrTestRowCount -Target $New -Database ($Db + '_copy') -Table 'sales' | Should -Be 8
    }

    It 'takes partitions from the pipeline and reuses the destination repository' {
        $result = Get-SrPartition -Database $Db -Table sales -Connection $Src | Where-Object Partition -eq 'p2025' |
            Copy-SrDatabase -AsDatabase ($Db + '_p') -Connection $Src -DestinationConnection $Dst -Repository $Repo -Confirm:$false
        $result.Verified | Should -BeTrue
        @($result.Partitions).Count | Should -Be 1
        $result.Partitions[0].Partition | Should -Be 'p2025'
    }

    It 'applies Start-SrBackup''s input rules before anything runs: -Partition needs one -Table, no system database' {
        $before = @(Invoke-SrTestSql -Target $Old -Sql ('SHOW BACKUP FROM `{0}`' -f $Db)).Count
        $err = $null
        Copy-SrDatabase -Database $Db -Table sales, dim -Partition p2025 -SourceConnection $Src -DestinationConnection $Dst -Repository $Repo `
            -StorageCredential $S3.Credential -StorageEndpoint $S3.Endpoint -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'InvalidArgument' 'Copy-SrDatabase')
        $err[0].Exception.Message | Should -Match '-Partition needs exactly one -Table \(got 2\)'
        $err = $null
        Copy-SrDatabase -Database information_schema -SourceConnection $Src -DestinationConnection $Dst -Repository $Repo `
            -StorageCredential $S3.Credential -StorageEndpoint $S3.Endpoint -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'InvalidArgument' 'Copy-SrDatabase')
        $err[0].Exception.Message | Should -Match 'system database'
        @(Invoke-SrTestSql -Target $Old -Sql ('SHOW BACKUP FROM `{0}`' -f $Db)).Count | Should -Be $before
    }

    It 'stops a 3.4 -> 3.3 copy before anything runs, with the reason' {
        $db34 = New-SrTestDatabase -Target $New -Rows 1
        Connect-SrServer -Server $New.Host -Port $New.Port -Credential $New.Credential | Out-Null
        try {
            $repo34 = New-SrTestRepository
            $err = $null
            try {
                Copy-SrDatabase -Database $db34 -SourceConnection $Dst -DestinationConnection $Src -Repository $repo34 `
                    -StorageCredential $S3.Credential -StorageEndpoint $S3.Endpoint -Confirm:$false -ErrorAction Stop
            } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'UnsupportedByServer' 'Copy-SrDatabase')
            $err.Exception.Message | Should -Match 'cannot be restored by StarRocks 3.3.9'
            @(Invoke-SrTestSql -Target $New -Sql ('SHOW BACKUP FROM `{0}`' -f $db34)).Count | Should -Be 0
            @(Invoke-SrTestSql -Target $Old -Sql 'SHOW REPOSITORIES' | Where-Object RepoName -eq $repo34).Count | Should -Be 0
        } finally {
            Connect-SrServer -Server $Old.Host -Port $Old.Port -Credential $Old.Credential | Out-Null
        }
    }
}
