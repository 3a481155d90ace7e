# New-SrRepository, Get-SrRepository, Remove-SrRepository: -WhatIf has no side effect (checked with
# SQL), and the object-storage secret never appears in any stream, error or ToString.
Describe 'Repository cmdlets' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer
        $script:S3 = Get-SrTestS3
        Connect-SrTestServer -Target $Target | Out-Null
        function Get-SrTestRepositoryName { @(Invoke-SrTestSql -Target $Target -Sql 'SHOW REPOSITORIES' | ForEach-Object { $_.RepoName }) }
        $script:Created = New-Object System.Collections.Generic.List[string]
    }

    AfterAll {
        foreach ($r in $Created) { try { Invoke-SrTestSql -Target $Target -Sql ('DROP REPOSITORY `{0}`' -f $r) | Out-Null } catch { Write-Verbose "already gone: $r" } }
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'creates a repository that Get-SrRepository and SHOW REPOSITORIES both list' {
        $name = New-SrTestRepository
        $Created.Add($name)
        Get-SrTestRepositoryName | Should -Contain $name
        $repo = Get-SrRepository -Name $name
        $repo.Repository | Should -Be $name
        $repo.IsReadOnly | Should -BeFalse
        $repo.Location | Should -BeLike ('s3://{0}/*' -f $S3.Bucket)
        $repo.GetType().FullName | Should -Be 'StarRocksBackup.RepositoryInfo'
    }

    It 'creates a READ ONLY repository with -ReadOnly' {
        $name = New-SrTestRepository -ReadOnly
        $Created.Add($name)
        (Get-SrRepository -Name $name).IsReadOnly | Should -BeTrue
    }

    It 'New-SrRepository -WhatIf creates nothing' {
        $name = New-SrTestName 'whatif'
        New-SrRepository -Name $name -Location ('s3://{0}/whatif' -f $S3.Bucket) -Endpoint $S3.Endpoint -Region $S3.Region -Credential $S3.Credential -WhatIf
        Get-SrTestRepositoryName | Should -Not -Contain $name
    }

    It 'refuses a second repository with the same name: RepositoryExists' {
        $name = New-SrTestRepository
        $Created.Add($name)
        { New-SrTestRepository -Name $name } | Should -Throw -ErrorId 'RepositoryExists,StarRocksBackup.Commands.NewSrRepositoryCommand'
    }

    It 'Remove-SrRepository -WhatIf keeps the repository' {
        $name = New-SrTestRepository
        $Created.Add($name)
        Remove-SrRepository -Name $name -WhatIf
        Get-SrTestRepositoryName | Should -Contain $name
    }

    It 'Remove-SrRepository drops it (-Confirm:$false), and by pipeline' {
        $a = New-SrTestRepository
        $b = New-SrTestRepository
        Remove-SrRepository -Name $a -Confirm:$false
        Get-SrRepository -Name $b | Remove-SrRepository -Confirm:$false
        $names = Get-SrTestRepositoryName
        $names | Should -Not -Contain $a
        $names | Should -Not -Contain $b
    }

    It 'reports RepositoryNotFound for an unknown repository' {
        { Remove-SrRepository -Name (New-SrTestName 'none') -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'RepositoryNotFound,StarRocksBackup.Commands.RemoveSrRepositoryCommand'
    }

    It 'rejects a repository name StarRocks would reject, before sending SQL' {
        $bad = 'bad name; DROP DATABASE x'
        $err = $null
        try { New-SrTestRepository -Name $bad } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*NewSrRepositoryCommand'
        Get-SrTestRepositoryName | Should -Not -Contain $bad
    }

    Context 'the secret key' {
        BeforeAll {
            # -WhatIf sends nothing, so it gets a distinctive secret that would be unambiguous if leaked;
            # the real creations need the object store's real secret (servers check the credential).
            $script:FakeSecret = 'SeCrEt-' + [guid]::NewGuid().ToString('N')
            $script:FakeCred = New-Object System.Management.Automation.PSCredential ('AKIDLEAKTEST', (ConvertTo-SecureString $FakeSecret -AsPlainText -Force))
            $script:Secret = $S3.SecretKey
            $script:Location = 's3://{0}/t-pester-secret-{1}' -f $S3.Bucket, [guid]::NewGuid().ToString('N')
        }

        It 'is not the access key (else the scan below would prove nothing)' {
            $S3.SecretKey | Should -Not -Be $S3.AccessKey
            $S3.SecretKey.Length | Should -BeGreaterThan 5
        }

        It 'never appears in -WhatIf, -Verbose or debug output' {
            $DebugPreference = 'Continue'   # not -Debug: on 5.1 that means Inquire
            $name = New-SrTestName 'leak'
            $all = Invoke-SrTestCapture {
                New-SrRepository -Name $name -Location $Location -Endpoint $S3.Endpoint -Region $S3.Region -Credential $FakeCred -WhatIf -Verbose
            }
            $all | Should -Match 'What if' -Because 'the transcript holds the -WhatIf text (else this test proves nothing)'
            $all | Should -Match ([regex]::Escape($name)) -Because '-WhatIf says what it would create'
            $all | Should -Not -Match ([regex]::Escape($FakeSecret))
            Get-SrTestRepositoryName | Should -Not -Contain $name
        }

        It 'never appears in verbose/debug output, results or ToString of a real creation' {
            $DebugPreference = 'Continue'
            $name = New-SrTestName 'leak'
            $Created.Add($name)
            $all = New-SrRepository -Name $name -Location $Location -Endpoint $S3.Endpoint -Region $S3.Region -Credential $S3.Credential -Confirm:$false -Verbose *>&1
            ($all | Out-String -Width 4096) | Should -Not -Match ([regex]::Escape($Secret))
            foreach ($item in $all) { "$item" | Should -Not -Match ([regex]::Escape($Secret)) }
            # ShouldProcess under -Verbose logs what it does, and the debug stream carries the (masked) SQL.
            @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
            @($all | Where-Object { $_ -is [System.Management.Automation.DebugRecord] -and "$_" -match 'CREATE' }).Count | Should -BeGreaterThan 0 -Because 'the SQL is shown (masked) in the debug stream'
            $repo = Get-SrRepository -Name $name
            (($repo | Format-List * | Out-String) + $repo.ToString() + ($repo | ConvertTo-Json -Depth 4)) | Should -Not -Match ([regex]::Escape($Secret))
        }

        It 'never appears in an error' {
            $DebugPreference = 'Continue'
            $name = New-SrTestName 'leak'
            $Created.Add($name)
            New-SrRepository -Name $name -Location $Location -Endpoint $S3.Endpoint -Region $S3.Region -Credential $S3.Credential -Confirm:$false | Out-Null
            $err = $null
            $streams = $null
            try {
                $streams = New-SrRepository -Name $name -Location $Location -Endpoint $S3.Endpoint -Region $S3.Region -Credential $S3.Credential -Confirm:$false -Verbose -ErrorAction Stop *>&1 | Out-String
            } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -Be 'RepositoryExists,StarRocksBackup.Commands.NewSrRepositoryCommand'
            $text = ($err | Out-String) + $err.Exception.ToString() + ($err.ErrorDetails | Out-String) + ($err.TargetObject | Out-String) + $streams
            $text | Should -Not -Match ([regex]::Escape($Secret))
            ($Error | Out-String) | Should -Not -Match ([regex]::Escape($Secret))
        }
    }
}
