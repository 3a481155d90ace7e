# Get-Help in the real PowerShell against the built module's compiled help (en-US/StarRocksBackup.dll-Help.xml and
# about_StarRocksBackup.help.txt, made by build/StarRocksBackup.HelpCompiler from docs/en-US). Needs no server.
# The cmdlets come from the module itself (Get-Command -Module), so a cmdlet added later is checked without edits here.
BeforeDiscovery {
    . "$PSScriptRoot/common.ps1"
    $script:Cmdlets = @(Get-Command -Module StarRocksBackup -CommandType Cmdlet | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
}

Describe 'Compiled help of the module' {
    BeforeAll { . "$PSScriptRoot/common.ps1" }

    It 'covers every cmdlet the manifest exports' {
        $manifest = Import-PowerShellDataFile -Path $ModuleManifestPath
        $cmdlets = @(Get-Command -Module StarRocksBackup -CommandType Cmdlet | ForEach-Object Name | Sort-Object)
        $cmdlets.Count | Should -BeGreaterOrEqual 15
        $cmdlets | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'Get-Help about_StarRocksBackup shows the topic' {
        $about = Get-Help about_StarRocksBackup -ErrorAction Stop
        $about.Category | Should -Be 'HelpFile'
        $text = $about | Out-String -Width 200
        $text | Should -Match '(?m)^TOPIC'
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'LONG DESCRIPTION'
        $text | Should -Not -Match '```' -Because 'markdown fences are compiled away'
        $text | Should -Not -Match 'Module Name:' -Because 'the front matter is not part of the topic'
    }
}

Describe 'Get-Help <Name> -Full' -ForEach $Cmdlets {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $script:Command = Get-Command -Name $Name -Module StarRocksBackup
        $script:Help = Get-Help -Name $Name -Full
        $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters
        function Get-SrHelpText($Value) { return ((@($Value) | ForEach-Object { $_.Text }) -join "`n").Trim() }
        # A cmdlet without parameters of its own (Get-SrConnection) has no parameters.parameter at all.
        $script:HelpParameters = @()
        if ($Help.parameters -and $Help.parameters.PSObject.Properties['parameter']) { $script:HelpParameters = @($Help.parameters.parameter) }
    }

    It 'comes from the compiled MAML file' {
        (Split-Path -Leaf $Command.HelpFile) | Should -Be 'StarRocksBackup.dll-Help.xml'
        Join-Path $ModuleDir 'en-US/StarRocksBackup.dll-Help.xml' | Should -Exist
        $Help.Name | Should -Be $Name
        $Help.ModuleName | Should -Be 'StarRocksBackup'
    }

    It 'has a synopsis (not the generated syntax line)' {
        $synopsis = ([string]$Help.Synopsis).Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        $synopsis | Should -Not -BeLike "$Name*" -Because 'PowerShell shows the syntax as synopsis when there is no help'
        $synopsis.Length | Should -BeGreaterThan 20
    }

    It 'has a description' {
        (Get-SrHelpText $Help.description).Length | Should -BeGreaterThan 40
    }

    It 'documents every parameter of the command, each with a description' {
        $real = @($Command.Parameters.Keys | Where-Object { $Common -notcontains $_ } | Sort-Object)
        $documented = $HelpParameters
        @($documented | ForEach-Object { $_.name } | Sort-Object) | Should -Be $real
        foreach ($p in $documented) {
            (Get-SrHelpText $p.description) | Should -Not -BeNullOrEmpty -Because "-$($p.name) needs a description"
        }
    }

    It 'shows required, position and pipeline input as the command declares them' {
        foreach ($p in $HelpParameters) {
            $attributes = @($Command.Parameters[$p.name].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
            if ($attributes.Count -eq 0) { continue }   # -WhatIf/-Confirm: added by PowerShell, documented as optional switches
            $required = [bool]@($attributes | Where-Object Mandatory).Count
            $p.required | Should -Be $required.ToString().ToLowerInvariant() -Because "-$($p.name) required"
            $position = @($attributes | Where-Object { $_.Position -ge 0 } | ForEach-Object { [string]$_.Position }) + @('named')
            $p.position | Should -Be $position[0] -Because "-$($p.name) position"
            $byValue = [bool]@($attributes | Where-Object ValueFromPipeline).Count
            $byName = [bool]@($attributes | Where-Object ValueFromPipelineByPropertyName).Count
            $expected = 'False'
            if ($byValue -and $byName) { $expected = 'True (ByValue, ByPropertyName)' }
            elseif ($byValue) { $expected = 'True (ByValue)' }
            elseif ($byName) { $expected = 'True (ByPropertyName)' }
            $p.pipelineInput | Should -Be $expected -Because "-$($p.name) pipeline input"
        }
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($Help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($e in $examples) {
            ([string]$e.code).Trim() | Should -Not -BeNullOrEmpty -Because $e.title
            (Get-SrHelpText $e.remarks) | Should -Not -BeNullOrEmpty -Because $e.title
        }
    }

    It 'prints every section with -Full' {
        $text = Get-Help -Name $Name -Full | Out-String -Width 250
        # NOTES and RELATED LINKS are printed only when a page has some, so they are not required here.
        foreach ($section in 'NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS', 'INPUTS', 'OUTPUTS') {
            $text | Should -Match "(?m)^$section\s*$" -Because "the $section section"
        }
        $text | Should -Match 'Example 1'
        foreach ($p in $HelpParameters) { $text | Should -Match ('(?m)^\s+-{0}\b' -f $p.name) }
    }
}
