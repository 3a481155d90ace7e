# What a newcomer walking README's tour sees (issue 7, item 7): every message once, nothing the user cannot act on,
# the module's own wording for errors, and a runbook that cannot confirm fails instead of carrying on.
Describe 'What a newcomer sees' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        # 3.3: the server without RESTORE ... DATABASE x AS y, where -AsDatabase used to add a jargon warning.
        $script:Target = Start-SrTestServer -Version '3.3.9' -Backends 3
        $script:Db = New-SrTestDatabase -Target $Target
        $script:Scratch = New-Object System.Collections.Generic.List[string]
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
        $script:Job = Start-SrBackup -Database $Db -Repository $Repo -Wait -Confirm:$false -ErrorAction Stop
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name (@($Db) + @($Scratch))
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'a finished backup reports 100 percent, not -1' {
        $Job.State | Should -Be 'Finished'
        $Job.PercentComplete | Should -Be 100
    }

    It 'Restore-SrSnapshot -AsDatabase on 3.3 prints no warning; the legacy form is a -Verbose note' {
        $name = New-SrTestName 'drill'
        $Scratch.Add($name)
        $warnings = $null
        $verbose = Get-SrSnapshot -Repository $Repo -Name $Job.Label |
            Restore-SrSnapshot -AsDatabase $name -ReplicationNum 1 -Confirm:$false -WarningVariable warnings -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($warnings).Count | Should -Be 0 -Because "nothing here needs the user's action: $($warnings -join ' | ')"
        ($verbose | ForEach-Object Message) -join "`n" | Should -Match 'naming it in the label'
    }

    It 'each restore warning is written once' {
        # replication_num above the alive backends: the one warning this plan has.
        $name = New-SrTestName 'drill'
        $Scratch.Add($name)
        $warnings = $null
        Get-SrSnapshot -Repository $Repo -Name $Job.Label |
            Restore-SrSnapshot -AsDatabase $name -ReplicationNum 5 -WhatIf -WarningVariable warnings
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'higher than the 3 alive'
    }

    It 'Wait-SrJob keeps the Plan a restore job carries' {
        $name = New-SrTestName 'drill'
        $Scratch.Add($name)
        $started = Get-SrSnapshot -Repository $Repo -Name $Job.Label | Restore-SrSnapshot -AsDatabase $name -Confirm:$false
        $started.Plan | Should -Not -BeNullOrEmpty
        $final = $started | Wait-SrJob -ErrorAction Stop
        $final.State | Should -Be 'Finished'
        $final.Plan | Should -Not -BeNullOrEmpty
        $final.Plan.TargetDatabase | Should -Be $name
        $final.Plan.Sql | Should -Be $started.Plan.Sql
    }

    It 'New-SrRepository -Verbose -Debug shows the masked CREATE REPOSITORY once' {
        $s3 = Get-SrTestS3
        $name = New-SrTestName 'repo'
        $DebugPreference = 'Continue'   # not -Debug: on 5.1 that means Inquire
        $text = Invoke-SrTestCapture {
            New-SrRepository -Name $name -Location ('s3://{0}/t-pester-{1}' -f $s3.Bucket, [guid]::NewGuid().ToString('N')) `
                -Endpoint $s3.Endpoint -Region $s3.Region -Credential $s3.Credential -Confirm:$false -Verbose | Out-Null
        }
        $DebugPreference = 'SilentlyContinue'
        # The capture holds the transcript and the streams, so each message is in it twice; count distinct lines.
        $lines = @($text -split "`r?`n" | Where-Object { $_ -cmatch 'CREATE REPOSITORY' } | ForEach-Object { ($_ -replace '^(VERBOSE|DEBUG): ', '').Trim() } | Sort-Object -Unique)
        $lines.Count | Should -Be 1 -Because ($lines -join "`n")
        $lines[0] | Should -Match "'aws\.s3\.secret_key' = '\*\*\*\*'"
        Remove-SrRepository -Name $name -Confirm:$false
    }

    It 'New-SrRepository -WhatIf shows the masked statement, since nothing is sent' {
        $s3 = Get-SrTestS3
        $text = Invoke-SrTestCapture {
            New-SrRepository -Name (New-SrTestName 'repo') -Location ('s3://{0}/whatif' -f $s3.Bucket) -Endpoint $s3.Endpoint `
                -Region $s3.Region -Credential $s3.Credential -WhatIf
        }
        $text | Should -Match 'What if: .*CREATE REPOSITORY .*''aws\.s3\.secret_key'' = ''\*\*\*\*'''
    }

    It 'Get-SrSnapshot -Repository nosuch: the module''s RepositoryNotFound, ObjectNotFound, with what to do' {
        $err = $null
        try { Get-SrSnapshot -Repository nosuch -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be (Get-SrErrorId -ErrorId 'RepositoryNotFound' -Command 'Get-SrSnapshot')
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Be "Repository 'nosuch' does not exist on this server."
        $err.ErrorDetails.RecommendedAction | Should -Match 'Get-SrRepository'
    }
}

# pwsh -NonInteractive: a cmdlet that must confirm stops the script with ConfirmationRequired (naming
# -Confirm:$false), so a runbook fails instead of skipping the step and exiting 0.
Describe 'Confirmation in a non-interactive session' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:SharedData = Start-SrTestServer -Version '3.4.2' -RunMode 'shared-data'
        $script:Pwsh = Get-SrTestPwsh
        $script:Runbook = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-runbook-{0}.ps1' -f [guid]::NewGuid().ToString('N'))
        # No $ErrorActionPreference = 'Stop': the runbook must fail even with PowerShell's defaults.
        Set-Content -Path $Runbook -Encoding UTF8 -Value @"
param([switch] `$Confirmed)
Import-Module '$($script:ModuleManifestPath)'
`$secure = New-Object System.Security.SecureString
Connect-SrServer -Server '$($SharedData.Host)' -Port $($SharedData.Port) -Credential (New-Object System.Management.Automation.PSCredential ('root', `$secure)) | Out-Null
if (`$Confirmed) { Disable-SrClusterSnapshot -Confirm:`$false } else { Disable-SrClusterSnapshot }
'AFTER-DISABLE'
"@
    }

    AfterAll {
        Stop-SrTestServer -Target $SharedData
        Remove-Item -Path $Runbook -ErrorAction SilentlyContinue
    }

    It 'Disable-SrClusterSnapshot stops the script with ConfirmationRequired and a non-zero exit' {
        $out = & $Pwsh -NoProfile -NonInteractive -File $Runbook 2>&1 | Out-String
        $LASTEXITCODE | Should -Not -Be 0 -Because $out
        $out | Should -Not -Match 'AFTER-DISABLE'
        $out | Should -Match 'non-interactive'
        $out | Should -Match ([regex]::Escape('-Confirm:$false'))
    }

    It 'the error record carries the module''s ErrorId and the recommended action' {
        $script = "Import-Module '$($script:ModuleManifestPath)'; " +
            "Connect-SrServer -Server '$($SharedData.Host)' -Port $($SharedData.Port) -Credential (New-Object System.Management.Automation.PSCredential ('root', (New-Object System.Security.SecureString))) | Out-Null; " +
            "try { Disable-SrClusterSnapshot } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category; `$_.ErrorDetails.RecommendedAction }"
        $out = @(& $Pwsh -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" })
        $out[0] | Should -Be 'ConfirmationRequired,StarRocksBackup.Commands.DisableSrClusterSnapshotCommand'
        $out[1] | Should -Be 'InvalidOperation'
        $out[2] | Should -Match ([regex]::Escape('-Confirm:$false'))
    }

    It 'with -Confirm:$false the same runbook runs to the end and exits 0' {
        $out = & $Pwsh -NoProfile -NonInteractive -File $Runbook -Confirmed 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $out
        $out | Should -Match 'AFTER-DISABLE'
    }
}
