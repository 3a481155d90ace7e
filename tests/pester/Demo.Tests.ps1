# demo/run.sh is README's first command: it must keep working. Runs it (with what the suite already built and
# the S3 server the suite uses), and its PowerShell half demo/demo.ps1 against a test server whose state is then
# checked with SQL; a failing step must make it exit non-zero.
Describe 'demo' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        . "$PSScriptRoot/tools/ChildProcess.ps1"
        $script:DemoScript = Join-Path $RepoRoot 'demo/demo.ps1'
        $script:RunSh = Join-Path $RepoRoot 'demo/run.sh'
        Get-SrTestS3 | Out-Null   # the S3_* variables: run.sh then uses that server instead of starting one
    }

    It 'bash demo/run.sh runs the daily job through the cmdlets and exits 0' {
        if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Unix) {
            Set-ItResult -Skipped -Because 'demo/run.sh is a Linux/macOS script (demo/demo.ps1 is tested below on every platform)'
            return
        }
        if (-not (Get-Command -Name bash -CommandType Application -ErrorAction SilentlyContinue)) {
            if ($env:CI -eq 'true') { throw 'bash is not on PATH (needed for demo/run.sh)' }
            Set-ItResult -Skipped -Because 'bash is not on PATH (needed for demo/run.sh)'
            return
        }
        $run = Invoke-SrChildCommand -FilePath 'bash' -Arguments @($RunSh, '--no-build', '--phase-ms', '100')
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'Sample data: databases sales, crm, web'
        $run.Output | Should -Match 'PS> Get-SrDatabase \| Start-SrBackup -Repository demo_nightly -Confirm:\$false \| Wait-SrJob'
        $run.Output | Should -Match 'What if: Restore snapshot .sales_\d{8}_\d{6}.'
        $run.Output | Should -Match 'OverwriteRefused,StarRocksBackup\.Commands\.RestoreSrSnapshotCommand'
        $run.Output | Should -Match 'RepositoryNotFound,StarRocksBackup\.Commands\.GetSrSnapshotCommand'
        $run.Output | Should -Match 'events\s+60\s+60\s+True'
        $run.Output | Should -Match '== Done in'
        $run.Output | Should -Not -Match 'DEMO FAILED'
    }

    Context 'demo/demo.ps1 against a test server' {
        BeforeAll {
            $script:Target = Start-SrTestServer
            $script:Db = New-SrTestDatabase -Target $Target -Rows 7
            $script:Scratch = New-SrTestName 'scratch'
            $script:Repo = New-SrTestName 'demo'
        }
        AfterAll {
            Remove-SrTestDatabase -Target $Target -Name $Db, $Scratch
            Stop-SrTestServer -Target $Target
        }

        It 'backs up, restores into the scratch database, and the server agrees' {
            $run = Invoke-SrChildScript -Path $DemoScript -Arguments @('-Server', $Target.Host, '-Port', $Target.Port,
                '-Repository', $Repo, '-Database', $Db, '-ScratchDatabase', $Scratch)
            $run.ExitCode | Should -Be 0
            $snapshots = @(Invoke-SrTestSql -Target $Target -Sql ('SHOW SNAPSHOT ON `{0}`' -f $Repo))
            @($snapshots | Where-Object { $_.Snapshot -like "${Db}_*" -and $_.Status -eq 'OK' }).Count | Should -Be 1
            foreach ($table in 'sales', 'dim') {
                $source = Get-SrTestRowCount -Target $Target -Database $Db -Table $table
                $source | Should -BeGreaterThan 0
                Get-SrTestRowCount -Target $Target -Database $Scratch -Table $table | Should -Be $source
            }
        }

        It 'exits 1 and says why when a step fails' {
            # The repository exists now (previous test): New-SrRepository fails with RepositoryExists.
            $run = Invoke-SrChildScript -Path $DemoScript -Arguments @('-Server', $Target.Host, '-Port', $Target.Port,
                '-Repository', $Repo, '-Database', $Db, '-ScratchDatabase', (New-SrTestName 'scratch'))
            $run.ExitCode | Should -Be 1
            $run.Output | Should -Match 'DEMO FAILED'
            $run.Output | Should -Not -Match '== Done in'
        }
    }
}
