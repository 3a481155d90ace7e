<#
.SYNOPSIS
    Runs an Azure Automation runbook outside Azure, with its assets served from a file.

.DESCRIPTION
    Azure Automation gives runbooks Get-AutomationPSCredential and Get-AutomationVariable (the
    Orchestrator.AssetManagement.Cmdlets module). Here they are functions over an Export-Clixml'd hashtable:
        @{ Credentials = @{ <name> = [pscredential] }; Variables = @{ <name> = <value> } }
    An asset that is not in the file is an error, as in Azure. Every asset request is written to the host
    as "ASSET <kind> <name>" so a test can see what the runbook asked for.
    As in Azure Automation, a terminating error ends the job as Failed: here, a non-zero exit code.
#>
param(
    [Parameter(Mandatory)] [string] $Runbook,
    [Parameter(Mandatory)] [string] $AssetsPath
)

$ErrorActionPreference = 'Stop'
$global:SrbAutomationAssets = Import-Clixml -Path $AssetsPath

function global:Get-AutomationPSCredential {
    param([Parameter(Mandatory)] [string] $Name)
    Write-Host "ASSET Credential $Name"
    if (-not $global:SrbAutomationAssets.Credentials.ContainsKey($Name)) { throw "Credential asset not found: $Name" }
    return $global:SrbAutomationAssets.Credentials[$Name]
}

function global:Get-AutomationVariable {
    param([Parameter(Mandatory)] [string] $Name)
    Write-Host "ASSET Variable $Name"
    if (-not $global:SrbAutomationAssets.Variables.ContainsKey($Name)) { throw "Variable asset not found: $Name" }
    return $global:SrbAutomationAssets.Variables[$Name]
}

& $Runbook
