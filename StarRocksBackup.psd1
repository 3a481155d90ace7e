@{
    RootModule             = 'StarRocksBackup.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '1437b693-9cd7-4418-aa50-015dde45fae7'
    Author                 = 'StarRocksBackup engineers'
    CompanyName            = 'StarRocksBackup'
    Copyright              = '(c) 2026 StarRocksBackup engineers. All rights reserved.'
    Description            = 'Back up, list, wait on and restore StarRocks snapshots in S3-compatible storage, HDFS, OSS or GCS: connect to a StarRocks FE, manage repositories, run per-database backups in parallel and restore with a preflight plan.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('StarRocksBackup.format.ps1xml')
    CmdletsToExport        = @(
        'Connect-SrServer'
        'Disconnect-SrServer'
        'Get-SrConnection'
        'Get-SrDatabase'
        'Get-SrTable'
        'Get-SrPartition'
        'New-SrRepository'
        'Get-SrRepository'
        'Remove-SrRepository'
        'Start-SrBackup'
        'Get-SrBackupJob'
        'Get-SrRestoreJob'
        'Wait-SrJob'
        'Stop-SrJob'
        'Get-SrSnapshot'
        'Restore-SrSnapshot'
        'Enable-SrClusterSnapshot'
        'Disable-SrClusterSnapshot'
        'Get-SrClusterSnapshot'
        'Get-SrClusterSnapshotJob'
        'Get-SrStorageVolume'
        'Find-SrClusterSnapshot'
        'New-SrClusterSnapshotConfig'
        'Get-SrView'
        'Get-SrMaterializedView'
        'Get-SrFunction'
        'Get-SrExternalCatalog'
        'Copy-SrDatabase'
        'Set-SrRepositoryStorage'
        'Get-SrBackupHistory'
        'Get-SrPartitionBackup'
        'Sync-SrBackupCatalog'
        'New-SrBackupPolicy'
        'Invoke-SrBackupPolicy'
        'Switch-SrTable'
        'Restore-SrDatabase'
        'Remove-SrSnapshot'
        'Invoke-SrRetention'
        'Test-SrSnapshot'
        'Test-SrRepository'
        'Test-SrBackup'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('StarRocks', 'Backup', 'Restore', 'DisasterRecovery', 'S3', 'MySQL', 'ClusterSnapshot', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'First preview: connection (TLS, LDAP), catalog, repositories, backups of databases, tables, partitions, views, MVs, UDFs and external catalogs, job waiting, snapshots and restore with a preflight plan, database copies; incremental partition-level backups with a catalog in object storage, backup policies that alert, point-in-time rebuilds and an atomic swap into place; retention, snapshot deletion, verification and restore drills; shared-data cluster snapshots and the disaster-recovery kit. The package carries ReadyToRun code for win-x64 and linux-x64 (PowerShell 7.4 and 7.6).'
        }
    }
}
