# Optional PowerShell modules of the build, pinned. Nothing here is installed by build.ps1: the PowerShell
# Gallery is not reachable from our machines, and nothing the build needs comes from it.
#   * Pester: pinned in build/tools/Tools.proj (<PesterVersion>) and restored from the NuGet feed into
#     .tools/Modules by build.ps1 (PesterTest) and tests/tools/install-pwsh.sh.
#   * Help: compiled by build/StarRocksBackup.HelpCompiler (no PlatyPS).
@{
    # The Analyze task runs it when this version or a later one is installed (Install-PSResource PSScriptAnalyzer
    # -Version 1.23.0 on a machine with Gallery access) and says it skipped the analysis otherwise (CI=true: fails).
    PSScriptAnalyzer = '1.23.0'
}
