# Issue 8 examples, run against the built module, the FE simulator and the real S3 server:
# examples/Invoke-IncrementalBackup.ps1 (nightly runbook), examples/AzureAutomation-IncrementalBackup.ps1 (Automation
# assets mocked), examples/Register-IncrementalBackupTask.ps1 (checked statically, and run with the ScheduledTasks
# cmdlets replaced by recorders: they exist only on Windows).
Describe 'Incremental backup examples' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Examples = Join-Path $RepoRoot 'examples'
        # The examples run 'Import-Module StarRocksBackup' by name: make the built module the one found.
        $script:OldModulePath = $env:PSModulePath
        $env:PSModulePath = (Split-Path -Parent $ModuleDir) + [System.IO.Path]::PathSeparator + (Split-Path -Parent (Split-Path -Parent $ModuleDir)) + [System.IO.Path]::PathSeparator + $env:PSModulePath
        $script:S3 = Get-SrTestS3
        $script:FailDb = New-SrTestName 'dbfail'
        $script:Target = Start-SrTestServer -ExtraArguments @('--fail-backup', ('{0}:upload failed' -f $FailDb))
        $script:Db = New-SrTestDatabase -Target $Target -Rows 2
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
        Disconnect-SrServer
        $script:Dir = Join-Path ([System.IO.Path]::GetTempPath()) (New-SrTestName 'ex')
        New-Item -ItemType Directory -Path $Dir | Out-Null
        $script:Policy = Join-Path $Dir 'nightly.yaml'
        New-SrBackupPolicy -Path $Policy -Repository $Repo -Database $Db -Confirm:$false | Out-Null
    }

    AfterAll {
        $env:PSModulePath = $OldModulePath
        Remove-SrTestDatabase -Target $Target -Name $Db
        Remove-Item -Recurse -Force -Path $Dir -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'the nightly runbook backs up everything, then exactly the changed partition, then nothing' {
        $run = { & (Join-Path $Examples 'Invoke-IncrementalBackup.ps1') -Server $Target.Host -Port $Target.Port -Credential $Target.Credential `
                    -PolicyPath $Policy -StorageCredential $S3.Credential -StorageEndpoint $S3.HostEndpoint -StorageRegion $S3.Region 6>$null }
        $first = @(& $run)
        $first.Count | Should -Be 1
        $first[0].Outcome | Should -Be 'Succeeded'
        $first[0].Kind | Should -Be 'full'

        # Late data into the old partition p2024 (the starter policy's lateDataDays: 30) and a change to dim.
        Invoke-SrTestSql -Target $Target -Sql @(
            ('INSERT INTO `{0}`.`sales` VALUES (''2024-07-01'', 77, ''late'')' -f $Db),
            ('INSERT INTO `{0}`.`dim` VALUES (77, ''new'')' -f $Db)) | Out-Null
        $second = @(& $run)
        $second[0].Outcome | Should -Be 'Succeeded'
        $second[0].Kind | Should -Be 'incremental'
        @($second[0].Changes | Where-Object NeedsBackup | ForEach-Object { '{0}.{1}:{2}' -f $_.Table, $_.Partition, $_.Reason }) | Should -Be @('dim.dim:Changed')
        @($second[0].Changes | Where-Object { -not $_.NeedsBackup } | ForEach-Object { '{0}.{1}:{2}' -f $_.Table, $_.Partition, $_.Reason }) | Should -Be @('sales.p2024:LateDataIgnored')

        $third = @(& $run)
        $third[0].Outcome | Should -Be 'NothingChanged'
        Get-SrConnection -ErrorAction SilentlyContinue | Should -BeNullOrEmpty -Because 'the runbook disconnects'
    }

    It 'the nightly runbook ends with an error when a database fails, after the others were backed up' {
        $ok = New-SrTestDatabase -Target $Target -Rows 1
        Invoke-SrTestSql -Target $Target -Sql @(
            ('CREATE DATABASE `{0}`' -f $FailDb),
            ('CREATE TABLE `{0}`.`t` (id INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")' -f $FailDb)) | Out-Null
        $path = Join-Path $Dir 'two.yaml'
        New-SrBackupPolicy -Path $path -Repository $Repo -Database $ok, $FailDb -Confirm:$false | Out-Null
        try {
            $err = $null
            try {
                & (Join-Path $Examples 'Invoke-IncrementalBackup.ps1') -Server $Target.Host -Port $Target.Port -Credential $Target.Credential `
                    -PolicyPath $path -StorageCredential $S3.Credential -StorageEndpoint $S3.HostEndpoint 6>$null | Out-Null
            } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be (Get-SrErrorId 'BackupPolicyFailed' 'Invoke-SrBackupPolicy')
            $err.Exception.Message | Should -Match 'upload failed'
            $rows = @(Invoke-SrTestSql -Target $Target -Sql ('SHOW BACKUP FROM `{0}`' -f $ok))
            $rows[-1].State | Should -Be 'FINISHED'
        } finally {
            Remove-SrTestDatabase -Target $Target -Name $ok, $FailDb
        }
    }

    It 'the Azure Automation runbook takes every secret from Automation assets' {
        $global:SrbAssets = @{
            StarRocksServer = $Target.Host; StarRocksPort = "$($Target.Port)"; StarRocksRepository = $Repo
            StarRocksStorageEndpoint = $S3.HostEndpoint
            StarRocksBackupPolicy = "repository: $Repo`nsets:`n  - databases: ['$Db']`n"
        }
        $global:SrbCredentials = @{ StarRocks = $Target.Credential; StarRocksStorage = $S3.Credential }
        $global:SrbAsked = New-Object System.Collections.Generic.List[string]
        function global:Get-AutomationVariable { param([string] $Name) $global:SrbAsked.Add("var:$Name"); if (-not $global:SrbAssets.ContainsKey($Name)) { throw "Variable asset $Name not found" }; $global:SrbAssets[$Name] }
        function global:Get-AutomationPSCredential { param([string] $Name) $global:SrbAsked.Add("cred:$Name"); $global:SrbCredentials[$Name] }
        try {
            Invoke-SrTestSql -Target $Target -Sql ('INSERT INTO `{0}`.`dim` VALUES (50, ''fifty'')' -f $Db) | Out-Null
            $out = (& (Join-Path $Examples 'AzureAutomation-IncrementalBackup.ps1')) | Out-String
            $out | Should -Match 'Backed up 1 database\(s\), 0 unchanged'
            $global:SrbAsked | Should -Contain 'cred:StarRocks'
            $global:SrbAsked | Should -Contain 'cred:StarRocksStorage'
            (Get-SrBackupHistory -Connection (Connect-SrTestServer -Target $Target) -Repository $Repo -Database $Db -StorageCredential $S3.Credential -StorageEndpoint $S3.HostEndpoint |
                Select-Object -Last 1).Partitions | ForEach-Object { '{0}.{1}' -f $_.Table, $_.Partition } | Sort-Object |
                Should -Be @('dim.dim', 'sales.p2024') -Because 'this policy has no late-data rule, so the late row of p2024 is backed up too'
            Disconnect-SrServer

            # Without the policy variable it backs up every database with the starter policy; nothing changed.
            $global:SrbAssets.Remove('StarRocksBackupPolicy')
            $out2 = (& (Join-Path $Examples 'AzureAutomation-IncrementalBackup.ps1')) | Out-String
            $out2 | Should -Match 'Backed up \d+ database\(s\), \d+ unchanged'
        } finally {
            Remove-Item Function:\Get-AutomationVariable, Function:\Get-AutomationPSCredential -ErrorAction SilentlyContinue
        }
    }

    It 'the scheduled-task script registers pwsh running the nightly runbook daily (static check)' {
        $path = Join-Path $Examples 'Register-IncrementalBackupTask.ps1'
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$tokens, [ref]$errors)
        $errors.Count | Should -Be 0
        $commands = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)
        function Get-Arguments($cmd) {
            $map = @{}
            for ($i = 0; $i -lt $cmd.CommandElements.Count; $i++) {
                $e = $cmd.CommandElements[$i]
                if ($e -is [System.Management.Automation.Language.CommandParameterAst]) {
                    $value = $null
                    if ($e.Argument) { $value = $e.Argument.Extent.Text }
                    elseif ($i + 1 -lt $cmd.CommandElements.Count -and $cmd.CommandElements[$i + 1] -isnot [System.Management.Automation.Language.CommandParameterAst]) { $value = $cmd.CommandElements[$i + 1].Extent.Text }
                    $map[$e.ParameterName] = $value
                }
            }
            $map
        }
        $register = @($commands | Where-Object { $_.GetCommandName() -eq 'Register-ScheduledTask' })
        $register.Count | Should -Be 1
        $a = Get-Arguments $register[0]
        $a.Keys | Should -Contain 'TaskName'
        $a['Action'] | Should -Be '$action'
        $a['Trigger'] | Should -Be '$trigger'
        $a['User'] | Should -Be '$RunAs.UserName'
        $a['RunLevel'] | Should -Be 'Limited'
        $a.Keys | Should -Contain 'Force'

        $action = @($commands | Where-Object { $_.GetCommandName() -eq 'New-ScheduledTaskAction' })[0]
        $aa = Get-Arguments $action
        $aa['Execute'] | Should -Be "'pwsh.exe'"
        $aa['Argument'] | Should -Match '-NonInteractive'
        ($ast.Extent.Text) | Should -Match "Join-Path \`$PSScriptRoot 'Invoke-IncrementalBackup.ps1'"
        $trigger = Get-Arguments (@($commands | Where-Object { $_.GetCommandName() -eq 'New-ScheduledTaskTrigger' })[0])
        $trigger.Keys | Should -Contain 'Daily'
        $trigger['At'] | Should -Be '$At'
        # No secret on the task's command line: the keys come from the service account's CliXml file.
        $aa['Argument'] | Should -Not -Match 'Password'
        $guard = $register[0].Parent
        while ($guard -and $guard -isnot [System.Management.Automation.Language.IfStatementAst]) { $guard = $guard.Parent }
        $guard | Should -Not -BeNullOrEmpty -Because 'registration is guarded by ShouldProcess'
        $guard.Clauses[0].Item1.Extent.Text | Should -Match 'PSCmdlet\.ShouldProcess'
    }

    It 'the scheduled-task script runs with the ScheduledTasks cmdlets recorded (they exist only on Windows)' {
        $global:SrbCalls = @{}
        function global:New-ScheduledTaskAction { param($Execute, $Argument, $WorkingDirectory) $global:SrbCalls['Action'] = $PSBoundParameters; 'action' }
        function global:New-ScheduledTaskTrigger { param([switch] $Daily, $At) $global:SrbCalls['Trigger'] = $PSBoundParameters; 'trigger' }
        function global:New-ScheduledTaskSettingsSet { param([switch] $StartWhenAvailable, $ExecutionTimeLimit, $MultipleInstances) 'settings' }
        function global:Register-ScheduledTask { param($TaskName, $Description, $Action, $Trigger, $Settings, $User, $Password, $RunLevel, [switch] $Force) $global:SrbCalls['Register'] = $PSBoundParameters }
        try {
            $runAs = New-Object System.Management.Automation.PSCredential ('CONTOSO\svc', (ConvertTo-SecureString 'x' -AsPlainText -Force))
            & (Join-Path $Examples 'Register-IncrementalBackupTask.ps1') -Server fe1 -PolicyPath C:\p.yaml -CredentialPath C:\c.xml -RunAs $runAs -At '03:30'
            $global:SrbCalls['Register']['TaskName'] | Should -Be 'StarRocks incremental backup'
            $global:SrbCalls['Register']['Action'] | Should -Be 'action'
            $global:SrbCalls['Register']['User'] | Should -Be 'CONTOSO\svc'
            $global:SrbCalls['Trigger']['Daily'] | Should -BeTrue
            ([datetime]$global:SrbCalls['Trigger']['At']).ToString('HH:mm') | Should -Be '03:30'
            $global:SrbCalls['Action']['Argument'] | Should -Match 'Invoke-IncrementalBackup\.ps1'
            $global:SrbCalls['Action']['Argument'] | Should -Match "Import-Clixml -Path 'C:\\c.xml'"

            $global:SrbCalls = @{}
            & (Join-Path $Examples 'Register-IncrementalBackupTask.ps1') -Server fe1 -PolicyPath C:\p.yaml -CredentialPath C:\c.xml -RunAs $runAs -WhatIf
            $global:SrbCalls.ContainsKey('Register') | Should -BeFalse
        } finally {
            Remove-Item Function:\New-ScheduledTaskAction, Function:\New-ScheduledTaskTrigger, Function:\New-ScheduledTaskSettingsSet, Function:\Register-ScheduledTask -ErrorAction SilentlyContinue
        }
    }
}
