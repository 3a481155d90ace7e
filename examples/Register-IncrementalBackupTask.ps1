<#
.SYNOPSIS
    Registers a Windows scheduled task that runs the nightly incremental backup (Invoke-IncrementalBackup.ps1).

.DESCRIPTION
    The task runs pwsh.exe -NoProfile -NonInteractive -File Invoke-IncrementalBackup.ps1 every night at -At, as
    the given service account, whether or not it is logged on. The script throws when any database failed, so the
    task's "Last Run Result" is 0x1 and an alert on event 201 (Task Scheduler, action completed with a non-zero
    code) catches it. Keys are not put on the command line: the FE password and storage keys come from a
    CliXml file only the service account can read (Export-Clixml encrypts PSCredentials with DPAPI).

.EXAMPLE
    ./Register-IncrementalBackupTask.ps1 -Server fe1.example.com -PolicyPath C:\StarRocks\nightly.yaml `
        -CredentialPath C:\StarRocks\credentials.xml -RunAs (Get-Credential CONTOSO\svc-starrocks)
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [string] $PolicyPath,
    # Export-Clixml of @{ Credential = <FE>; StorageCredential = <S3 keys> }, made by the service account.
    [Parameter(Mandatory)] [string] $CredentialPath,
    [Parameter(Mandatory)] [pscredential] $RunAs,
    [string] $StorageEndpoint,
    [datetime] $At = '02:00',
    [string] $TaskName = 'StarRocks incremental backup'
)

$ErrorActionPreference = 'Stop'
$runbook = Join-Path $PSScriptRoot 'Invoke-IncrementalBackup.ps1'
$command = "`$c = Import-Clixml -Path '$CredentialPath'; & '$runbook' -Server '$Server' -PolicyPath '$PolicyPath' -Credential `$c.Credential -StorageCredential `$c.StorageCredential"
if ($StorageEndpoint) { $command += " -StorageEndpoint '$StorageEndpoint'" }

$action = New-ScheduledTaskAction -Execute 'pwsh.exe' -Argument "-NoProfile -NonInteractive -Command $command" -WorkingDirectory $PSScriptRoot
$trigger = New-ScheduledTaskTrigger -Daily -At $At
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -ExecutionTimeLimit (New-TimeSpan -Hours 12) -MultipleInstances IgnoreNew

if ($PSCmdlet.ShouldProcess($TaskName, 'Register the nightly StarRocks incremental backup task')) {
    Register-ScheduledTask -TaskName $TaskName -Description 'Backs up changed StarRocks partitions (StarRocksBackup policy run).' `
        -Action $action -Trigger $trigger -Settings $settings `
        -User $RunAs.UserName -Password $RunAs.GetNetworkCredential().Password -RunLevel Limited -Force
}
