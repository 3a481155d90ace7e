# The built module as PowerShell sees it: manifest, exports, layout, format data, parameter metadata,
# help. Needs no server.
BeforeDiscovery {
    $script:Issue3 = @(
        'Connect-SrServer', 'Disconnect-SrServer', 'Get-SrDatabase', 'Get-SrTable', 'Get-SrPartition',
        'New-SrRepository', 'Get-SrRepository', 'Remove-SrRepository', 'Start-SrBackup', 'Get-SrBackupJob',
        'Get-SrRestoreJob', 'Wait-SrJob', 'Stop-SrJob', 'Get-SrSnapshot', 'Restore-SrSnapshot')
}

Describe 'StarRocksBackup module' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Module = Get-Module StarRocksBackup
        $script:ManifestData = Import-PowerShellDataFile -Path $ModuleManifestPath
    }

    It 'passes Test-ModuleManifest' {
        $m = Test-ModuleManifest -Path $ModuleManifestPath -ErrorAction Stop
        $m.Name | Should -Be 'StarRocksBackup'
        $m.Version | Should -Be ([version]$ManifestData.ModuleVersion)
        $m.PowerShellVersion | Should -Be ([version]'5.1')
        $m.CompatiblePSEditions | Should -Contain 'Desktop'
        $m.CompatiblePSEditions | Should -Contain 'Core'
    }

    # Not "<version>" in the name: Pester expands <name> in test names from the test's data, and there is none.
    It 'is imported from the built layout out/StarRocksBackup/ModuleVersion/' {
        $ModuleDir | Should -Not -BeNullOrEmpty
        $Module | Should -Not -BeNullOrEmpty -Because 'common.ps1 imported the module'
        $Module.ModuleBase | Should -Be $ModuleDir
        (Split-Path -Leaf $ModuleDir) | Should -Be $ManifestData.ModuleVersion
        $Module.ModuleType | Should -Be 'Binary'
    }

    It 'has no third-party DLL in the module root' {
        $root = @(Get-ChildItem -Path $ModuleDir -Filter '*.dll' | ForEach-Object { $_.Name } | Sort-Object)
        $root | Should -Be @(@('StarRocksBackup.dll', 'StarRocksBackup.Isolation.dll') | Sort-Object)
        Join-Path $ModuleDir 'dependencies/StarRocksBackup.Core.dll' | Should -Exist
    }

    It 'exports exactly CmdletsToExport, with wildcard-free lists' {
        $exported = @($Module.ExportedCmdlets.Keys | Sort-Object)
        $declared = @($ManifestData.CmdletsToExport | Sort-Object)
        $exported | Should -Be $declared
        @($ManifestData.CmdletsToExport) -join ',' | Should -Not -Match '\*'
        @($Module.ExportedFunctions.Keys).Count | Should -Be 0
    }

    It 'exports <_>' -ForEach $Issue3 {
        Get-Command -Module StarRocksBackup -Name $_ -CommandType Cmdlet -ErrorAction Stop | Should -Not -BeNullOrEmpty
    }

    It 'has no cmdlet implemented by a Core type (binary layering)' {
        foreach ($cmd in Get-Command -Module StarRocksBackup -CommandType Cmdlet) {
            $cmd.ImplementingType.Assembly.GetName().Name | Should -Be 'StarRocksBackup' -Because $cmd.Name
        }
    }

    It 'loads Core in the module''s own load context on PowerShell 7' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
        # A connection attempt to a closed port touches Core for sure (and fails with ServerUnreachable).
        $closed = Get-SrFreeTcpPort
        try { Connect-SrServer -Server 127.0.0.1 -Port $closed -ErrorAction Stop } catch { $_.FullyQualifiedErrorId | Should -BeLike 'ServerUnreachable,*' }
        $core = @([System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'StarRocksBackup.Core' })
        $core.Count | Should -Be 1 -Because 'exactly one Core, loaded by the isolation context'
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core[0]).Name | Should -Be 'StarRocksBackup'
        $core[0].Location | Should -BeLike (Join-Path $ModuleDir 'dependencies*')
    }
}

Describe 'Parameter sets and mandatory parameters' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        function Get-SrTestMandatory([string] $Command, [string] $Set) {
            $info = Get-Command $Command
            $sets = $info.ParameterSets
            if ($Set) { $sets = $sets | Where-Object Name -eq $Set }
            return @($sets | ForEach-Object { $_.Parameters | Where-Object IsMandatory | ForEach-Object Name } | Sort-Object -Unique)
        }
        function Get-SrTestImpact([string] $Command) {
            $attr = (Get-Command $Command).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            return $attr
        }
    }

    It 'Connect-SrServer requires -Server only, and -Port defaults to 9030' {
        Get-SrTestMandatory 'Connect-SrServer' | Should -Be @('Server')
        (Get-Command Connect-SrServer).Parameters['Credential'].ParameterType | Should -Be ([pscredential])
        (Get-Command Connect-SrServer).Parameters.Keys | Should -Contain 'UseSsl'
        (Get-Command Connect-SrServer).Parameters.Keys | Should -Contain 'PassThru'
    }

    It 'New-SrRepository takes the secret as a PSCredential, never a string' {
        $params = (Get-Command New-SrRepository).Parameters
        @($params.Values | Where-Object { $_.ParameterType -eq [pscredential] }).Count | Should -BeGreaterThan 0
        foreach ($p in $params.Values) {
            if ($p.Name -match 'Secret|Password') { $p.ParameterType | Should -Not -Be ([string]) -Because $p.Name }
        }
        $params.Keys | Should -Contain 'ReadOnly'
    }

    It '<Command> supports -WhatIf and -Confirm' -ForEach @(
        @{ Command = 'New-SrRepository' }, @{ Command = 'Remove-SrRepository' }, @{ Command = 'Start-SrBackup' },
        @{ Command = 'Stop-SrJob' }, @{ Command = 'Restore-SrSnapshot' }) {
        $p = (Get-Command $Command).Parameters
        $p.Keys | Should -Contain 'WhatIf'
        $p.Keys | Should -Contain 'Confirm'
    }

    It '<Command> has ConfirmImpact High' -ForEach @(@{ Command = 'Restore-SrSnapshot' }, @{ Command = 'Remove-SrRepository' }) {
        (Get-SrTestImpact $Command).ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
    }

    It 'Start-SrBackup requires -Repository and takes piped objects through -InputObject (not -Database)' {
        $p = (Get-Command Start-SrBackup).Parameters
        $p['Repository'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }).Count | Should -BeGreaterThan 0
        # Get-SrPartition/Get-SrTable/Get-SrView ... output binds to -InputObject, read by its Database/Table/Partition
        # properties (ObjectPipeline.Tests.ps1 runs it); -Database no longer swallows any piped object.
        $p['InputObject'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipeline }).Count |
            Should -BeGreaterThan 0
        foreach ($name in 'Database', 'Table', 'Partition') {
            $p[$name].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) }).Count |
                Should -Be 0 -Because "-$name is for names typed on the command line"
        }
        $p.Keys | Should -Contain 'Wait'
        $p.Keys | Should -Contain 'Snapshot'
    }

    It 'Restore-SrSnapshot has the issue-3 parameters' {
        $p = (Get-Command Restore-SrSnapshot).Parameters
        foreach ($name in 'Database', 'AsDatabase', 'Table', 'AsTable', 'Partition', 'ReplicationNum', 'AllowLoad', 'Force', 'Wait') {
            $p.Keys | Should -Contain $name
        }
    }

    It 'Get-SrSnapshot has -Repository, -Name and -Detailed' {
        $p = (Get-Command Get-SrSnapshot).Parameters
        foreach ($name in 'Repository', 'Name', 'Detailed') { $p.Keys | Should -Contain $name }
    }

    It 'Wait-SrJob takes jobs from the pipeline' {
        $p = (Get-Command Wait-SrJob).Parameters
        @($p.Values | Where-Object { $_.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) }).Count -gt 0 }).Count |
            Should -BeGreaterThan 0
    }

    It 'a missing mandatory parameter is refused in a non-interactive session' {
        $ps = [powershell]::Create()
        try {
            [void]$ps.AddScript("Import-Module '$ModuleManifestPath'; Start-SrBackup -Database x")
            # A binding error ends the command, not necessarily the script: look in both places.
            $failure = ''
            try { [void]$ps.Invoke() } catch { $failure = $_.Exception.ToString() }
            ($ps.HadErrors -or [bool]$failure) | Should -BeTrue
            ($failure + ($ps.Streams.Error | Out-String)) | Should -Match 'Repository'
        } finally { $ps.Dispose() }
    }
}

Describe 'Format data' {
    BeforeAll { . "$PSScriptRoot/common.ps1" }

    It 'has a default view for <_>' -ForEach @(
        'StarRocksBackup.DatabaseInfo', 'StarRocksBackup.TableInfo', 'StarRocksBackup.PartitionInfo',
        'StarRocksBackup.RepositoryInfo', 'StarRocksBackup.SnapshotInfo', 'StarRocksBackup.BackupJobInfo',
        'StarRocksBackup.RestoreJobInfo', 'StarRocksBackup.SrConnection') {
        $typeName = $_
        # Output types live in the cmdlet assembly; find their namespace-qualified name from OutputType.
        $declared = Get-Command -Module StarRocksBackup -CommandType Cmdlet |
            ForEach-Object { $_.OutputType } | ForEach-Object { $_.Name } |
            Where-Object { $_ -like ('*.' + $typeName.Split('.')[-1]) } | Select-Object -First 1
        $declared | Should -Not -BeNullOrEmpty -Because "some cmdlet outputs $typeName"
        Get-FormatData -TypeName $declared | Should -Not -BeNullOrEmpty -Because "$declared needs a view"
    }

    It 'every declared output type of the module has format data' {
        $types = Get-Command -Module StarRocksBackup -CommandType Cmdlet |
            ForEach-Object { $_.OutputType } | ForEach-Object { $_.Name } |
            Where-Object { $_ -like 'StarRocksBackup.*' } | Sort-Object -Unique
        foreach ($t in $types) { Get-FormatData -TypeName $t | Should -Not -BeNullOrEmpty -Because $t }
    }
}

Describe 'Help' {
    # The content of every cmdlet's help is checked in Help.Tests.ps1; here: the layout ships it and PowerShell finds it.
    BeforeAll { . "$PSScriptRoot/common.ps1" }

    It 'ships compiled help (en-US/StarRocksBackup.dll-Help.xml) and every cmdlet resolves to it' {
        $maml = Join-Path $ModuleDir 'en-US/StarRocksBackup.dll-Help.xml'
        $maml | Should -Exist
        $cmdlets = @(Get-Command -Module StarRocksBackup -CommandType Cmdlet)
        $cmdlets.Count | Should -BeGreaterThan 0
        [xml] $xml = Get-Content -LiteralPath $maml -Raw
        $documented = @($xml.GetElementsByTagName('command:name') | ForEach-Object { $_.InnerText })
        foreach ($cmd in $cmdlets) {
            (Split-Path -Leaf $cmd.HelpFile) | Should -Be 'StarRocksBackup.dll-Help.xml' -Because $cmd.Name
            $documented | Should -Contain $cmd.Name -Because "$($cmd.Name) needs a command:command in the MAML file"
            $help = Get-Help $cmd.Name
            $help.Synopsis.Trim() | Should -Not -BeLike "$($cmd.Name)*" -Because "$($cmd.Name) must not fall back to the generated syntax-only help"
        }
    }

    It 'ships about_StarRocksBackup, which Get-Help finds' {
        Join-Path $ModuleDir 'en-US/about_StarRocksBackup.help.txt' | Should -Exist
        $about = Get-Help about_StarRocksBackup -ErrorAction Stop
        $about | Should -Not -BeNullOrEmpty
        $text = $about | Out-String -Width 200
        $text | Should -Match 'about_StarRocksBackup'
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'NotConnected' -Because 'the topic lists the error IDs'
    }
}
