# Side by side with the modules DBAs already load (issue 7, item 8), in fresh pwsh processes: another AWSSDK.Core +
# AWSSDK.S3 (3.7, as AWS.Tools loads them) and another YamlDotNet (13.x, as powershell-yaml does) in the session's
# default load context, before and after Import-Module StarRocksBackup. Both sides must work for their own calls:
# the module finds a cluster snapshot in the real S3 server and writes cluster_snapshot.yaml with its own copies; the
# foreign copies still list objects and round-trip YAML. The other copies come from the NuGet feed
# (assets/SideBySide.proj, exact pins); nothing here depends on the versions the module itself ships.
Describe 'Side by side with AWS.Tools-style AWSSDK 3.7 and powershell-yaml-style YamlDotNet' {
    BeforeDiscovery {
        # Windows PowerShell 5.1 has no AssemblyLoadContext; its loading path is checked statically (issue 7, item 6).
        $script:IsDesktop = $PSVersionTable.PSEdition -eq 'Desktop'
    }

    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:SharedData = $null
        $script:OutDir = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-sbs-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $OutDir | Out-Null

        # 1. The other modules' assemblies, from the feed.
        $proj = Join-Path $PSScriptRoot 'assets/SideBySide.proj'
        $restore = & dotnet restore $proj -v:q 2>&1
        if ($LASTEXITCODE -ne 0) { throw "dotnet restore $proj failed: $restore" }
        [xml] $projXml = Get-Content -Raw -Path $proj
        $pins = $projXml.Project.PropertyGroup
        $packages = $env:NUGET_PACKAGES
        if (-not $packages) {
            $line = (& dotnet nuget locals global-packages --list) -join ''
            $packages = ($line -replace '^.*?global-packages:\s*', '').Trim()
        }
        function Find-PackageDll([string] $Id, [string] $Version, [string[]] $Frameworks) {
            foreach ($tfm in $Frameworks) {
                $dll = Join-Path $packages ('{0}/{1}/lib/{2}/{3}.dll' -f $Id.ToLowerInvariant(), $Version, $tfm, $Id)
                if (Test-Path $dll) { return (Resolve-Path $dll).ProviderPath }
            }
            throw "$Id $Version has none of lib/$($Frameworks -join ', lib/') under $packages"
        }
        $script:AwsCore = Find-PackageDll 'AWSSDK.Core' $pins.ForeignAwsCoreVersion @('net8.0', 'netcoreapp3.1', 'netstandard2.0')
        $script:AwsS3 = Find-PackageDll 'AWSSDK.S3' $pins.ForeignAwsS3Version @('net8.0', 'netcoreapp3.1', 'netstandard2.0')
        $script:Yaml = Find-PackageDll 'YamlDotNet' $pins.ForeignYamlVersion @('net7.0', 'net6.0', 'netstandard2.1', 'netstandard2.0')

        # 2. A finished cluster snapshot in the real S3 server, written by the shared-data simulator.
        $s3 = Get-SrTestS3
        $script:Location = 's3://{0}/t-pester-sbs-{1}' -f $s3.Bucket, [guid]::NewGuid().ToString('N').Substring(0, 12)
        $script:SharedData = Start-SrTestServer -Version '3.4.2' -RunMode 'shared-data' -ExtraArgument @(
            '--storage-location', $Location, '--snapshot-interval-s', '2', '--s3-endpoint', $s3.HostEndpoint)
        $sd = Connect-SrTestServer -Target $SharedData
        Enable-SrClusterSnapshot -Connection $sd -Confirm:$false -ErrorAction Stop
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        do {
            Start-Sleep -Milliseconds 300
            $finished = @(Get-SrClusterSnapshotJob -Connection $sd | Where-Object { "$($_.State)" -eq 'Finished' })
        } until ($finished.Count -gt 0 -or [DateTime]::UtcNow -gt $deadline)
        if ($finished.Count -eq 0) { throw 'the shared-data simulator finished no cluster snapshot within 120 s' }
        Disconnect-SrServer -Connection $sd
        Stop-SrTestServer -Target $SharedData   # no newer folder from here on
        $script:SharedData = $null
        # What the module alone (this process, no other copies loaded) selects: the children must agree.
        $script:ExpectedPath = (Find-SrClusterSnapshot -Location $Location -Endpoint $s3.HostEndpoint -Region $s3.Region -Credential $s3.Credential -ErrorAction Stop).SnapshotPath
        if ($ExpectedPath -notlike "$Location/*/meta/image/automated_cluster_snapshot_*") { throw "unexpected snapshot path '$ExpectedPath'" }

        $script:Pwsh = Get-SrTestPwsh
        function Invoke-Child([string] $Order) {
            $child = Join-Path $PSScriptRoot 'assets/SideBySide.Child.ps1'
            $out = & $Pwsh -NoProfile -NonInteractive -File $child -Order $Order -Manifest $script:ModuleManifestPath `
                -AwsCore $AwsCore -AwsS3 $AwsS3 -Yaml $Yaml -Location $Location -OutDir $OutDir 2>&1
            $text = ($out | ForEach-Object { "$_" }) -join "`n"
            $json = ($out | ForEach-Object { "$_" } | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1)
            if (-not $json) { throw "the child pwsh ($Order) printed no result (exit $LASTEXITCODE):`n$text" }
            return ($json | ConvertFrom-Json)
        }
        $script:Foreign = @{
            Core = [System.Reflection.AssemblyName]::GetAssemblyName($AwsCore).Version.ToString()
            S3   = [System.Reflection.AssemblyName]::GetAssemblyName($AwsS3).Version.ToString()
            Yaml = [System.Reflection.AssemblyName]::GetAssemblyName($Yaml).Version.ToString()
        }
    }

    AfterAll {
        if ($SharedData) { Stop-SrTestServer -Target $SharedData }
        Remove-Item -Recurse -Force -Path $OutDir -ErrorAction SilentlyContinue
    }

    Context '<_>' -ForEach @('ForeignFirst', 'ModuleFirst') -Skip:$IsDesktop {
        BeforeAll {
            $script:R = Invoke-Child $_
            $script:Tags = if ($_ -eq 'ForeignFirst') { @('module') } else { @('module', 'again') }
            $script:ForeignTags = if ($_ -eq 'ForeignFirst') { @('before', 'after') } else { @('after') }
        }

        It 'runs every step without an error' {
            $R.PSObject.Properties.Name | Should -Not -Contain 'Error' -Because ($(if ($R.PSObject.Properties['Error']) { $R.Error }))
            $R.Steps | Should -Contain 'module imported'
            $R.Steps | Should -Contain 'foreign loaded'
        }

        It 'the module finds the cluster snapshot in S3 with its own AWSSDK' {
            foreach ($t in $Tags) {
                $R."$t.ModuleSnapshotPath" | Should -Be $ExpectedPath
                $R."$t.ModuleVerdict" | Should -Be 'Selected'
            }
        }

        It 'the module writes cluster_snapshot.yaml with its own YamlDotNet' {
            foreach ($t in $Tags) {
                $yaml = $R."$t.ModuleYaml"
                $yaml | Should -Match ([regex]::Escape($ExpectedPath))
                $yaml | Should -Match 'builtin_storage_volume'
            }
        }

        It 'the other copies keep working for their own calls' {
            foreach ($t in $ForeignTags) {
                $R."$t.ForeignS3Objects" | Should -BeGreaterThan 0
                $R."$t.ForeignS3Assembly" | Should -Be $AwsS3
                $R."$t.ForeignCoreAssembly" | Should -Be $AwsCore
                $R."$t.ForeignYamlRoundTrip" | Should -Be $t
                $R."$t.ForeignYamlAssembly" | Should -Be $Yaml
            }
        }

        It 'two copies of each assembly are loaded: the other module''s in Default, the module''s in its own context' {
            foreach ($name in 'AWSSDK.Core', 'AWSSDK.S3', 'YamlDotNet') {
                $copies = @($R.Loaded | Where-Object Name -eq $name)
                $copies.Count | Should -Be 2 -Because ($copies | ConvertTo-Json -Compress)
                $foreignCopy = @($copies | Where-Object Context -eq 'Default')
                $foreignCopy.Count | Should -Be 1
                $moduleCopy = @($copies | Where-Object Context -eq 'StarRocksBackup')
                $moduleCopy.Count | Should -Be 1
                $moduleCopy[0].Location | Should -BeLike (Join-Path $script:ModuleDir 'dependencies*')
            }
            @($R.Loaded | Where-Object { $_.Name -eq 'AWSSDK.Core' -and $_.Context -eq 'Default' })[0].Version | Should -Be $Foreign.Core
            @($R.Loaded | Where-Object { $_.Name -eq 'YamlDotNet' -and $_.Context -eq 'Default' })[0].Version | Should -Be $Foreign.Yaml
        }
    }
}
