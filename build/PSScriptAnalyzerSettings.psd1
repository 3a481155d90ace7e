# PSScriptAnalyzer settings for the repository's scripts (build.ps1, tests/pester, examples).
# PSUseCompatibleSyntax is the point: every script must parse on Windows PowerShell 5.1 and PowerShell 7.
@{
    Severity     = @('Error', 'Warning')
    Rules        = @{
        PSUseCompatibleSyntax = @{
            Enable         = $true
            TargetVersions = @('5.1', '7.4')
        }
    }
    ExcludeRules = @(
        # Build and test scripts talk to the console on purpose.
        'PSAvoidUsingWriteHost',
        # Tests build credentials from known test values on purpose.
        'PSAvoidUsingConvertToSecureStringWithPlainText',
        # Test helpers (New-SrTestDatabase, Stop-SrTestServer ...) are not user-facing commands.
        'PSUseShouldProcessForStateChangingFunctions',
        # Pester: variables assigned in BeforeAll are read in It blocks, which the rule cannot see.
        'PSUseDeclaredVarsMoreThanAssignments'
    )
}
