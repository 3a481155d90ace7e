# The scripts in examples/ run as users run them: each in a child pwsh (-File, fresh process) that imports the
# BUILT module by name from PSModulePath, against the simulator and the real S3 server. What each example
# promises is checked on the server itself (SHOW SNAPSHOT, SHOW BACKUP, SELECT COUNT(*)), not only in its output.
Describe 'examples/' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        . "$PSScriptRoot/tools/ChildProcess.ps1"
        $script:ExamplesDir = Join-Path $RepoRoot 'examples'
        # A real account with a password: the examples must pass the credential they were given.
        $script:Target = Start-SrTestServer -User 'backup_user' -UserSecret 'N1ghtly-Pa55'
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
        $script:ReadOnlyRepo = New-SrTestRepository -ReadOnly
        $script:TempFiles = @()

        $script:CredentialPath = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-cred-{0}.xml' -f [guid]::NewGuid().ToString('N'))
        $Target.Credential | Export-Clixml -Path $CredentialPath
        $script:TempFiles += $CredentialPath

        function Get-SrTestSnapshot {
            param([string] $Repository)
            return @(Invoke-SrTestSql -Target $Target -Sql ('SHOW SNAPSHOT ON `{0}`' -f $Repository))
        }
    }

    AfterAll {
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
        Remove-Item -Path $TempFiles -ErrorAction SilentlyContinue
    }

    Context 'Invoke-NightlyBackup.ps1' {
        BeforeAll {
            $script:Nightly = Join-Path $ExamplesDir 'Invoke-NightlyBackup.ps1'
            $script:DbA = New-SrTestDatabase -Target $Target -Rows 4
            $script:DbB = New-SrTestDatabase -Target $Target -Rows 2
        }
        AfterAll { Remove-SrTestDatabase -Target $Target -Name $DbA, $DbB }

        It 'backs up every database into the repository and exits 0' {
            $run = Invoke-SrChildScript -Path $Nightly -Arguments @('-Server', $Target.Host, '-Port', $Target.Port,
                '-CredentialPath', $CredentialPath, '-Repository', $Repo)
            $run.ExitCode | Should -Be 0
            $run.Output | Should -Match "Backed up \d+ database\(s\) into repository '$Repo'"

            $snapshots = Get-SrTestSnapshot -Repository $Repo
            foreach ($db in $DbA, $DbB) {
                $mine = @($snapshots | Where-Object { $_.Snapshot -like "${db}_*" })
                $mine.Count | Should -Be 1 -Because "SHOW SNAPSHOT lists one backup of $db"
                $mine[0].Status | Should -Be 'OK'
                $job = @(Invoke-SrTestSql -Target $Target -Sql ('SHOW BACKUP FROM `{0}`' -f $db))[-1]
                $job.State | Should -Be 'FINISHED'
                $job.SnapshotName | Should -Be $mine[0].Snapshot
            }
        }

        It 'exits non-zero and names the ErrorId when a backup fails (READ ONLY repository)' {
            $run = Invoke-SrChildScript -Path $Nightly -Arguments @('-Server', $Target.Host, '-Port', $Target.Port,
                '-CredentialPath', $CredentialPath, '-Repository', $ReadOnlyRepo)
            $run.ExitCode | Should -Not -Be 0
            $run.Output | Should -Match 'backup\(s\) failed on'
            # PowerShell's error view re-flows the message into a '|' gutter: match across it.
            $run.Output | Should -Match '\[(ServerError|JobFailed)\][\s|]+Repository[\s|]+\S+[\s|]+is[\s|]+read[\s|]+only'
            @(Get-SrTestSnapshot -Repository $ReadOnlyRepo).Count | Should -Be 0
        }

        It 'exits non-zero with a wrong password (the credential is really used)' {
            $wrong = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-cred-{0}.xml' -f [guid]::NewGuid().ToString('N'))
            $script:TempFiles += $wrong
            New-Object System.Management.Automation.PSCredential ($Target.User, (ConvertTo-SecureString 'not-it' -AsPlainText -Force)) |
                Export-Clixml -Path $wrong
            $run = Invoke-SrChildScript -Path $Nightly -Arguments @('-Server', $Target.Host, '-Port', $Target.Port,
                '-CredentialPath', $wrong, '-Repository', $Repo)
            $run.ExitCode | Should -Not -Be 0
            $run.Output | Should -Match "Access denied for user '$($Target.User)'"
        }
    }

    Context 'Invoke-RestoreDrill.ps1' {
        BeforeAll {
            $script:Drill = Join-Path $ExamplesDir 'Invoke-RestoreDrill.ps1'
            $script:DrillDb = New-SrTestDatabase -Target $Target -Rows 6
            $script:Scratch = New-SrTestName 'drill'
            Start-SrBackup -Database $DrillDb -Repository $Repo -Wait -Confirm:$false -ErrorAction Stop | Out-Null
        }
        AfterAll { Remove-SrTestDatabase -Target $Target -Name $DrillDb, $Scratch }

        It 'restores the newest snapshot into a scratch database with the source''s rows and exits 0' {
            $run = Invoke-SrChildScript -Path $Drill -Arguments @('-Server', $Target.Host, '-Port', $Target.Port,
                '-CredentialPath', $CredentialPath, '-Repository', $Repo, '-Database', $DrillDb, '-ScratchDatabase', $Scratch)
            $run.ExitCode | Should -Be 0
            $run.Output | Should -Match "Drill passed: 2 table\(s\) of $DrillDb restored into $Scratch"
            foreach ($table in 'sales', 'dim') {
                $source = Get-SrTestRowCount -Target $Target -Database $DrillDb -Table $table
                $source | Should -BeGreaterThan 0
                Get-SrTestRowCount -Target $Target -Database $Scratch -Table $table | Should -Be $source
            }
        }

        It 'exits non-zero when run again into the same scratch database (OverwriteRefused, nothing overwritten)' {
            $before = @(Invoke-SrTestSql -Target $Target -Sql ('SHOW RESTORE FROM `{0}`' -f $Scratch)).Count
            $run = Invoke-SrChildScript -Path $Drill -Arguments @('-Server', $Target.Host, '-Port', $Target.Port,
                '-CredentialPath', $CredentialPath, '-Repository', $Repo, '-Database', $DrillDb, '-ScratchDatabase', $Scratch)
            $run.ExitCode | Should -Not -Be 0
            $run.Output | Should -Match 'OverwriteRefused|overwrite existing table'
            @(Invoke-SrTestSql -Target $Target -Sql ('SHOW RESTORE FROM `{0}`' -f $Scratch)).Count | Should -Be $before
        }

        It 'exits non-zero when the repository holds no snapshot of the database' {
            $lonely = New-SrTestDatabase -Target $Target -Rows 1
            try {
                $run = Invoke-SrChildScript -Path $Drill -Arguments @('-Server', $Target.Host, '-Port', $Target.Port,
                    '-CredentialPath', $CredentialPath, '-Repository', $Repo, '-Database', $lonely)
                $run.ExitCode | Should -Not -Be 0
                $run.Output | Should -Match "No complete snapshot of '$lonely'"
            } finally {
                Remove-SrTestDatabase -Target $Target -Name $lonely
            }
        }
    }

    Context 'AzureAutomation-NightlyBackup.ps1 (Automation assets mocked)' {
        BeforeAll {
            $script:Runbook = Join-Path $ExamplesDir 'AzureAutomation-NightlyBackup.ps1'
            $script:AutomationHost = Join-Path $PSScriptRoot 'tools/Invoke-AutomationRunbook.ps1'
            $script:RunbookDb = New-SrTestDatabase -Target $Target -Rows 3

            function Invoke-SrRunbook {
                param([string] $Repository)
                $assets = @{
                    Credentials = @{ StarRocks = $Target.Credential }
                    Variables   = @{ StarRocksServer = $Target.Host; StarRocksPort = [string]$Target.Port; StarRocksRepository = $Repository }
                }
                $path = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-assets-{0}.xml' -f [guid]::NewGuid().ToString('N'))
                $script:TempFiles += $path
                $assets | Export-Clixml -Path $path
                return (Invoke-SrChildScript -Path $AutomationHost -Arguments @('-Runbook', $Runbook, '-AssetsPath', $path))
            }
        }
        AfterAll { Remove-SrTestDatabase -Target $Target -Name $RunbookDb }

        It 'backs up every database with the credential and variables from the assets' {
            $repo = New-SrTestRepository
            $run = Invoke-SrRunbook -Repository $repo
            $run.ExitCode | Should -Be 0
            foreach ($asset in 'Credential StarRocks', 'Variable StarRocksServer', 'Variable StarRocksRepository', 'Variable StarRocksPort') {
                $run.Output | Should -Match "ASSET $asset"
            }
            $run.Output | Should -Match "Backed up \d+ database\(s\) on $([regex]::Escape($Target.Host)) into '$repo'"
            $mine = @(Get-SrTestSnapshot -Repository $repo | Where-Object { $_.Snapshot -like "${RunbookDb}_*" })
            $mine.Count | Should -Be 1
            $mine[0].Status | Should -Be 'OK'
        }

        It 'fails the job (non-zero exit) when a backup fails' {
            $run = Invoke-SrRunbook -Repository $ReadOnlyRepo
            $run.ExitCode | Should -Not -Be 0
            $run.Output | Should -Match 'FAILED \[(ServerError|JobFailed),StarRocksBackup\.Commands\.'
            $run.Output | Should -Match 'StarRocks backup\(s\) failed on'
        }
    }
}
