<#
  Runs in a fresh pwsh for tests/pester/SideBySide.Tests.ps1 and prints one JSON object.
  Loads another module's AWSSDK.Core + AWSSDK.S3 (3.7, as AWS.Tools does) and YamlDotNet (as powershell-yaml does)
  into the session's default load context with Add-Type, before (-Order ForeignFirst) or after (-Order ModuleFirst)
  importing StarRocksBackup, and uses both sides: the foreign S3 client lists the snapshot folder and the foreign
  YamlDotNet round-trips a document; the module finds the cluster snapshot in S3 (Find-SrClusterSnapshot, its own
  AWSSDK) and writes cluster_snapshot.yaml (New-SrClusterSnapshotConfig, its own YamlDotNet).
  S3 settings come from the S3_* variables.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('ForeignFirst', 'ModuleFirst')] [string] $Order,
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $AwsCore,
    [Parameter(Mandatory)] [string] $AwsS3,
    [Parameter(Mandatory)] [string] $Yaml,
    [Parameter(Mandatory)] [string] $Location,
    [Parameter(Mandatory)] [string] $OutDir
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$result = [ordered]@{ Order = $Order; Steps = @() }

function Add-Foreign {
    Add-Type -Path $AwsCore
    Add-Type -Path $AwsS3
    Add-Type -Path $Yaml
    $result.Steps += 'foreign loaded'
}

function Use-Foreign([string] $Tag) {
    # The type literals resolve to the default context's copies: the module's live in its own load context.
    $config = New-Object Amazon.S3.AmazonS3Config
    $config.ServiceURL = $env:S3_ENDPOINT
    $config.ForcePathStyle = $true
    $config.AuthenticationRegion = $env:S3_REGION
    $client = New-Object Amazon.S3.AmazonS3Client ($env:S3_ACCESS_KEY, $env:S3_SECRET_KEY, $config)
    $request = New-Object Amazon.S3.Model.ListObjectsV2Request
    $request.BucketName = $env:S3_BUCKET
    $request.Prefix = $Location.Substring(('s3://' + $env:S3_BUCKET + '/').Length) + '/'
    $response = $client.ListObjectsV2Async($request).GetAwaiter().GetResult()
    $client.Dispose()
    $result["$Tag.ForeignS3Objects"] = @($response.S3Objects).Count
    $result["$Tag.ForeignS3Assembly"] = [Amazon.S3.AmazonS3Client].Assembly.Location
    $result["$Tag.ForeignCoreAssembly"] = [Amazon.Runtime.AWSCredentials].Assembly.Location

    $yamlText = (New-Object YamlDotNet.Serialization.SerializerBuilder).Build().Serialize(@{ foreign = "$Tag" })
    $back = (New-Object YamlDotNet.Serialization.DeserializerBuilder).Build().Deserialize([string] $yamlText)
    $result["$Tag.ForeignYamlRoundTrip"] = [string] $back['foreign']
    $result["$Tag.ForeignYamlAssembly"] = [YamlDotNet.Serialization.SerializerBuilder].Assembly.Location
    $result.Steps += "foreign used ($Tag)"
}

function Use-Module([string] $Tag) {
    $secure = ConvertTo-SecureString -String $env:S3_SECRET_KEY -AsPlainText -Force
    $credential = New-Object System.Management.Automation.PSCredential ($env:S3_ACCESS_KEY, $secure)
    $snapshot = Find-SrClusterSnapshot -Location $Location -Endpoint $env:S3_ENDPOINT -Region $env:S3_REGION -Credential $credential
    $path = Join-Path $OutDir "$Order-$Tag.yaml"
    $info = $snapshot | New-SrClusterSnapshotConfig -Path $path -StorageVolumeName 'builtin_storage_volume' -SecretPlaceholder -Confirm:$false -WarningAction SilentlyContinue
    $result["$Tag.ModuleSnapshotPath"] = $snapshot.SnapshotPath
    $result["$Tag.ModuleVerdict"] = "$($snapshot.Verdict)"
    $result["$Tag.ModuleConfigPath"] = $info.Path
    $result["$Tag.ModuleYaml"] = Get-Content -Raw -Path $path
    $result.Steps += "module used ($Tag)"
}

try {
    if ($Order -eq 'ForeignFirst') {
        Add-Foreign
        Use-Foreign 'before'
        Import-Module $Manifest
        $result.Steps += 'module imported'
        Use-Module 'module'
        Use-Foreign 'after'
    } else {
        Import-Module $Manifest
        $result.Steps += 'module imported'
        Use-Module 'module'
        Add-Foreign
        Use-Foreign 'after'
        Use-Module 'again'
    }
} catch {
    $result['Error'] = "$($_.FullyQualifiedErrorId): $($_.Exception.ToString())"
}

# Every AWSSDK.Core / AWSSDK.S3 / YamlDotNet in the process, with the load context that holds it.
$result['Loaded'] = @([AppDomain]::CurrentDomain.GetAssemblies() |
    Where-Object { $_.GetName().Name -in 'AWSSDK.Core', 'AWSSDK.S3', 'YamlDotNet' } |
    ForEach-Object {
        [ordered]@{
            Name     = $_.GetName().Name
            Version  = $_.GetName().Version.ToString()
            Location = $_.Location
            Context  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name
        }
    })
$result | ConvertTo-Json -Depth 5 -Compress
