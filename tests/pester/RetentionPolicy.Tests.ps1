# Invoke-SrRetention -Path: the retention section of a backup policy file, in real pwsh against the built module, the
# FE simulator and the S3 server. -WhatIf removes nothing; explicit parameters override the file; a bad section stops
# the command before anything runs; a real run removes what the file says, through the connection and storage the
# file names.
Describe 'Invoke-SrRetention -Path (retention from the policy file)' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer -Backends 3 -PhaseMs 20
        $script:Db = New-SrTestDatabase -Target $Target -Rows 4
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
        $script:S3 = Get-SrTestS3
        $script:Storage = @{ StorageCredential = $S3.Credential; StorageEndpoint = $S3.HostEndpoint; StorageRegion = $S3.Region }
        $script:Labels = @()
        foreach ($i in 1..3) {
            $label = New-SrTestName "pol$i"
            $job = Start-SrBackup -Database $Db -Repository $Repo -Snapshot $label -Wait -Confirm:$false
            if ($job.State.ToString() -ne 'Finished') { throw "setup backup did not finish: $($job.State) $($job.FailureText)" }
            $script:Labels += $label
        }

        $env:SRB_RETENTION_TEST_PW = $Target.Password
        $script:Dir = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-retpol-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $Dir | Out-Null
        $script:Good = Join-Path $Dir 'nightly.yaml'
        @"
repository: '$Repo'
connection:
  server: $($Target.Host)
  port: $($Target.Port)
  user: $($Target.User)
  passwordVariable: SRB_RETENTION_TEST_PW
storage:
  endpoint: $($S3.HostEndpoint)
  region: $($S3.Region)
  accessKeyVariable: S3_ACCESS_KEY
  secretKeyVariable: S3_SECRET_KEY
sets:
  - databases: ['$Db']
retention:
  maxSnapshots: 1
  minSnapshots: 1
  keepNewestVerified: false
"@ | Set-Content -Path $Good
    }

    AfterAll {
        Remove-Item -Recurse -Force -Path $Dir -ErrorAction SilentlyContinue
        Remove-Item Env:\SRB_RETENTION_TEST_PW -ErrorAction SilentlyContinue
        Remove-SrTestDatabase -Target $Target -Name $Db
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'New-SrBackupPolicy writes a commented retention section' {
        $starter = Join-Path $Dir 'starter.yaml'
        New-SrBackupPolicy -Path $starter -Repository $Repo -Database $Db -Confirm:$false | Out-Null
        $text = Get-Content -Raw $starter
        $text | Should -Match '(?m)^# retention:'
        $text | Should -Match '(?m)^#   maxSnapshots: \d+'
        $text | Should -Match 'Invoke-SrRetention -Path'
    }

    It '-WhatIf plans from the file and removes nothing' {
        $text = Invoke-SrTestCapture { $script:Plan = @(Invoke-SrRetention -Path $Good -WhatIf) }
        $text | Should -Match 'What if:'
        $Plan.Count | Should -Be 3
        $Plan[0].GetType().FullName | Should -Be 'StarRocksBackup.RetentionDecisionInfo'
        ($Plan | Where-Object Snapshot -eq $Labels[2]).Action | Should -Be 'Keep'
        foreach ($old in $Labels[0], $Labels[1]) {
            ($Plan | Where-Object Snapshot -eq $old).Action | Should -Be 'Remove'
            ($Plan | Where-Object Snapshot -eq $old).Reason | Should -Match 'MaxSnapshots'
            $text | Should -Match ([regex]::Escape($old))
        }
        @($Plan | Where-Object Removed).Count | Should -Be 0
        @(Get-SrSnapshot -Repository $Repo).Count | Should -Be 3
    }

    It 'explicit parameters override the file''s values' {
        $text = Invoke-SrTestCapture { $script:Plan = @(Invoke-SrRetention -Path $Good -MaxSnapshots 2 -WhatIf -Verbose) }
        $text | Should -Match 'MaxSnapshots 2, MinSnapshots 1, KeepNewestVerified off'
        @($Plan | Where-Object Action -eq 'Remove').Snapshot | Should -Be @($Labels[0])
        # -KeepNewestVerified turns the file's "false" back on (nothing is verified here, so the plan is the same).
        $text = Invoke-SrTestCapture { Invoke-SrRetention -Path $Good -KeepNewestVerified -WhatIf -Verbose | Out-Null }
        $text | Should -Match 'MaxSnapshots 1, MinSnapshots 1, KeepNewestVerified on'
        @(Get-SrSnapshot -Repository $Repo).Count | Should -Be 3
    }

    It 'a bad retention section stops the command before anything runs, naming the key and its line' {
        $bad = Join-Path $Dir 'bad.yaml'
        "repository: '$Repo'`nsets:`n  - databases: ['$Db']`nretention:`n  maxSnapshot: 1`n  keepDaily: many`n" | Set-Content -Path $bad
        $err = $null
        try { Invoke-SrRetention -Path $bad -Confirm:$false | Out-Null } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'InvalidConfiguration' 'Invoke-SrRetention')
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match "bad\.yaml line 5: unknown key 'maxSnapshot' in retention; allowed: retentionDays, minRetentionDays, maxSnapshots"
        $err.Exception.Message | Should -Match "bad\.yaml line 6: keepDaily: must be a whole number, not 'many'"
        $err.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @(Get-SrSnapshot -Repository $Repo).Count | Should -Be 3
    }

    It 'a parameter that contradicts the file is InvalidArgument and removes nothing' {
        $err = $null
        Invoke-SrRetention -Path $Good -MaxSnapshots 0 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'InvalidArgument' 'Invoke-SrRetention')
        $err[0].Exception.Message | Should -Match 'MaxSnapshots \(0\) is below MinSnapshots \(1\).*nightly\.yaml'
        @(Get-SrSnapshot -Repository $Repo).Count | Should -Be 3
    }

    It 'removes what the file says, through the connection and storage the file names' {
        Disconnect-SrServer
        try {
            $plan = @(Invoke-SrRetention -Path $Good -Confirm:$false)
        } finally {
            Connect-SrTestServer -Target $Target | Out-Null
        }
        $plan.Count | Should -Be 3
        @($plan | Where-Object Removed).Snapshot | Sort-Object | Should -Be (@($Labels[0], $Labels[1]) | Sort-Object)
        @(Get-SrSnapshot -Repository $Repo).Snapshot | Should -Be @($Labels[2])
        # Nothing of the removed snapshots is left in storage, and the kept one still verifies.
        foreach ($old in $Labels[0], $Labels[1]) {
            $e = $null
            Test-SrSnapshot -Repository $Repo -Snapshot $old -Timestamp '2000-01-01-00-00-00-000' -NoRecord @Storage -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].Exception.Message | Should -Match 'no objects'
        }
        (Get-SrSnapshot -Repository $Repo | Test-SrSnapshot -NoRecord @Storage).Passed | Should -BeTrue
    }
}
