# PowerShell modules the build needs, pinned. build.ps1 installs them (CurrentUser scope) when
# missing: with Install-PSResource (PSResourceGet) when present, else Install-Module (PowerShellGet).
@{
    Pester           = '5.7.1'
    PSScriptAnalyzer = '1.23.0'
    # Compiles docs/en-US (PlatyPS 1.x markdown) to MAML help in the Build task.
    'Microsoft.PowerShell.PlatyPS' = '1.0.1'
}
