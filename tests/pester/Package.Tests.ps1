# The zip Azure Automation imports (build/AutomationZip.proj, run by build.ps1 -Task Package): named after the module,
# the module folder at its root (StarRocksBackup/StarRocksBackup.psd1 ...), every file of the assembled module and
# nothing else, no version folder; extracted, it imports by folder name as Automation does and exports every cmdlet.
Describe 'Azure Automation module zip' {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
        $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-zip-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $Work | Out-Null
        $proj = Join-Path $script:RepoRoot 'build/AutomationZip.proj'
        $out = & dotnet msbuild $proj -nologo -v:m "-p:ModuleDir=$($script:ModuleDir)" "-p:PackageDir=$Work" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "dotnet msbuild $proj failed: $($out -join "`n")" }
        $script:Zip = Join-Path $Work 'StarRocksBackup.zip'
        $archive = [System.IO.Compression.ZipFile]::OpenRead($Zip)
        try {
            $script:Entries = @($archive.Entries | ForEach-Object { $_.FullName })
        } finally {
            $archive.Dispose()
        }
        # What the zip must hold: every file of the module under test except debug symbols.
        $base = $script:ModuleDir.TrimEnd('\', '/')
        $script:Expected = @(Get-ChildItem -Path $base -Recurse -File | Where-Object Extension -ne '.pdb' |
            ForEach-Object { 'StarRocksBackup/' + $_.FullName.Substring($base.Length + 1).Replace('\', '/') } | Sort-Object)
    }

    AfterAll {
        Remove-Item -Recurse -Force -Path $Work -ErrorAction SilentlyContinue
    }

    It 'is named after the module' {
        $Zip | Should -Exist
        Split-Path -Leaf $Zip | Should -Be 'StarRocksBackup.zip'
    }

    It 'has the module folder at its root and nothing else there' {
        $tops = @($Entries | ForEach-Object { ($_ -split '/')[0] } | Sort-Object -Unique)
        $tops | Should -Be @('StarRocksBackup')
        $Entries | Should -Contain 'StarRocksBackup/StarRocksBackup.psd1'
        $Entries | Should -Contain 'StarRocksBackup/StarRocksBackup.dll'
        $Entries | Should -Contain 'StarRocksBackup/StarRocksBackup.format.ps1xml'
        $Entries | Should -Contain 'StarRocksBackup/dependencies/StarRocksBackup.Core.dll'
        $Entries | Where-Object { $_ -match '^StarRocksBackup/\d+(\.\d+)+/' } | Should -BeNullOrEmpty -Because 'Automation reads the version from the manifest, not from a folder'
        $Entries | Where-Object { $_ -match '\\' } | Should -BeNullOrEmpty -Because 'zip entries use forward slashes'
    }

    It 'holds exactly the assembled module''s files, without .pdb' {
        $actual = @($Entries | Where-Object { -not $_.EndsWith('/') } | Sort-Object)
        $actual | Should -Be $Expected
        $actual | Where-Object { $_ -like '*.pdb' } | Should -BeNullOrEmpty
    }

    It 'extracted, imports by folder name and exports every cmdlet of the manifest, at the manifest''s version' {
        $extract = Join-Path $Work 'modules'
        [System.IO.Compression.ZipFile]::ExtractToDirectory($Zip, $extract)
        $manifest = Import-PowerShellDataFile -Path $script:ModuleManifestPath
        $folder = Join-Path $extract 'StarRocksBackup'
        $script = "`$m = Import-Module '$folder' -PassThru -ErrorAction Stop; `$m.Version.ToString(); (`$m.ExportedCmdlets.Keys | Sort-Object) -join ','"
        $result = @(& (Get-SrTestPwsh) -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" })
        $LASTEXITCODE | Should -Be 0 -Because ($result -join "`n")
        $result[0] | Should -Be $manifest.ModuleVersion
        $result[1] | Should -Be ((@($manifest.CmdletsToExport) | Sort-Object) -join ',')
    }
}
