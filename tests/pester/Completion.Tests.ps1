# Argument completers for -Database, -Repository and -Snapshot query the server (issue 3).
Describe 'Argument completers' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Target = Start-SrTestServer
        $script:Db = New-SrTestDatabase -Target $Target -Rows 1
        Connect-SrTestServer -Target $Target | Out-Null
        $script:Repo = New-SrTestRepository
        $script:Label = New-SrTestName 'snap'
        Start-SrBackup -Database $Db -Repository $Repo -Snapshot $Label -Wait -Confirm:$false | Out-Null

        function Get-SrTestCompletion([string] $Line) {
            $result = [System.Management.Automation.CommandCompletion]::CompleteInput($Line, $Line.Length, $null)
            return @($result.CompletionMatches | ForEach-Object { $_.CompletionText.Trim("'", '"') })
        }
    }

    AfterAll {
        Remove-SrTestDatabase -Target $Target -Name $Db
        Disconnect-SrServer -ErrorAction SilentlyContinue
        Stop-SrTestServer -Target $Target
    }

    It 'completes -Database with the server''s databases' {
        $prefix = $Db.Substring(0, 6)
        Get-SrTestCompletion "Get-SrTable -Database $prefix" | Should -Contain $Db
    }

    It 'completes -Repository with the server''s repositories' {
        Get-SrTestCompletion "Get-SrSnapshot -Repository $($Repo.Substring(0, 8))" | Should -Contain $Repo
        Get-SrTestCompletion "Start-SrBackup -Database $Db -Repository " | Should -Contain $Repo
    }

    It 'completes -Snapshot within the repository already typed' {
        Get-SrTestCompletion "Restore-SrSnapshot -Repository $Repo -Snapshot $($Label.Substring(0, 7))" | Should -Contain $Label
    }

    It 'completes nothing (and does not throw) when not connected' {
        Disconnect-SrServer
        try {
            { Get-SrTestCompletion 'Get-SrTable -Database ' } | Should -Not -Throw
            @(Get-SrTestCompletion 'Get-SrTable -Database x') | Should -Not -Contain $Db
        } finally {
            Connect-SrTestServer -Target $Target | Out-Null
        }
    }
}
