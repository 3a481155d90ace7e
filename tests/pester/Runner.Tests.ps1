# tests/pester/Invoke-PesterSuite.ps1 itself: the "Pester: N passed, N failed, N skipped" line tests/run.sh adds up must
# hold the real counts, also when a failure's message cannot go into the NUnit report (Pester's own export used to throw
# then, and the run was reported as "0 passed, 1 failed"). Runs the runner in a new pwsh over a suite written to a
# temporary folder (outside tests/pester, so the outer run never discovers it).
Describe 'Invoke-PesterSuite.ps1' -Skip:($PSVersionTable.PSEdition -eq 'Desktop') {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-runner-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $Work | Out-Null

        function script:Invoke-Runner([string] $Suite) {
            $dir = Join-Path $Work ([guid]::NewGuid().ToString('N'))
            New-Item -ItemType Directory -Path $dir | Out-Null
            $file = Join-Path $dir 'Inner.Tests.ps1'
            Set-Content -Path $file -Value $Suite
            $results = Join-Path $dir 'results'
            $out = @(& (Get-SrTestPwsh) -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1') -Path $file -OutputDirectory $results 2>&1 | ForEach-Object { "$_" })
            return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Last = $out[-1]; Output = $out -join "`n"; Report = (Join-Path $results 'pester-pwsh.xml') }
        }
    }

    AfterAll {
        Remove-Item -Recurse -Force -Path $Work -ErrorAction SilentlyContinue
    }

    It 'counts every test and writes the NUnit report' {
        $r = Invoke-Runner @'
Describe 'inner' {
    It 'passes' { 1 | Should -Be 1 }
    It 'fails' { 1 | Should -Be 2 }
    It 'is skipped' -Skip { }
}
'@
        $r.Last | Should -Be 'Pester: 1 passed, 1 failed, 1 skipped' -Because $r.Output
        $r.ExitCode | Should -Be 1
        $r.Report | Should -Exist
        ([xml](Get-Content -Raw -Path $r.Report)).SelectNodes('//test-case').Count | Should -Be 3
    }

    It 'keeps the counts when a failure message holds a character XML cannot carry, and leaves no half-written report' {
        $r = Invoke-Runner @'
Describe 'inner' {
    It 'passes' { 1 | Should -Be 1 }
    It 'fails with an ESC in its message' { "a$([char]27)[31mb" | Should -Be 'x' }
}
'@
        $r.Last | Should -Be 'Pester: 1 passed, 1 failed, 0 skipped' -Because $r.Output
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'the NUnit report .* was not written'
        $r.Report | Should -Not -Exist
    }

    It 'has child processes the tests start write their errors without colour codes' {
        $r = Invoke-Runner @'
Describe 'inner' {
    It 'sees plain text' {
        $out = @(& (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command 'Write-Error boom' 2>&1 | ForEach-Object { "$_" })
        ($out -join '') | Should -Match 'boom'
        ($out -join '') | Should -Not -Match ([char]27)
    }
}
'@
        $r.Last | Should -Be 'Pester: 1 passed, 0 failed, 0 skipped' -Because $r.Output
    }
}
