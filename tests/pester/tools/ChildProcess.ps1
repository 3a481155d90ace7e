# ChildProcess.ps1 - dot-sourced after common.ps1 by the suites that run scripts the way users do: in a fresh
# PowerShell process (-File), importing the BUILT module by name from PSModulePath.

# The same PowerShell as the suite (pwsh, or powershell.exe under Windows PowerShell 5.1). Not the process
# path: the pwsh installed as a dotnet tool runs as 'dotnet'.
function Get-SrChildPowerShell {
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return 'powershell' }
    if ($env:SRB_PWSH) { return $env:SRB_PWSH }
    $pwsh = Get-Command -Name pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $pwsh) { throw 'pwsh is not on PATH (eval "$(bash tests/tools/install-pwsh.sh)")' }
    return $pwsh.Source
}

<#
  Runs a native command with the built module's parent folder first on PSModulePath (how users install
  modules) and SRB_MODULE_PATH set to the manifest under test. Returns @{ ExitCode; Output } with every
  stream as text; the output is echoed to the host so a failing test shows it.
#>
function Invoke-SrChildCommand {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $Arguments = @())
    $moduleRoot = Split-Path -Parent (Split-Path -Parent $script:ModuleDir)
    $savedPath = $env:PSModulePath
    $savedModule = $env:SRB_MODULE_PATH
    $env:PSModulePath = $moduleRoot + [System.IO.Path]::PathSeparator + $savedPath
    $env:SRB_MODULE_PATH = $script:ModuleManifestPath
    # Windows PowerShell 5.1 turns redirected native stderr into errors that 'Stop' would throw on.
    $ErrorActionPreference = 'Continue'
    try {
        $output = & $FilePath @Arguments 2>&1 | Out-String -Width 400
        $code = $LASTEXITCODE
    } finally {
        $env:PSModulePath = $savedPath
        $env:SRB_MODULE_PATH = $savedModule
    }
    Write-Host $output
    return @{ ExitCode = $code; Output = $output }
}

<# Runs a script in a child PowerShell: -NoLogo -NoProfile -NonInteractive -File <Path> <Arguments>. #>
function Invoke-SrChildScript {
    param([Parameter(Mandatory)] [string] $Path, [string[]] $Arguments = @())
    $exe = Get-SrChildPowerShell
    $all = @('-NoLogo', '-NoProfile', '-NonInteractive')
    if ($PSVersionTable.PSEdition -eq 'Desktop') { $all += @('-ExecutionPolicy', 'Bypass') }
    $all += @('-File', $Path) + $Arguments
    return (Invoke-SrChildCommand -FilePath $exe -Arguments $all)
}
