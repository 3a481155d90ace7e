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

# build.ps1 -Task Package: what users install. Laid out apart from the module under test (out/package/), with ReadyToRun
# copies for win-x64 and linux-x64 on .NET 8 and 10 unless -Portable (a scheduled run starts a new pwsh every time and
# pays for compiling on first use otherwise); the .nupkg and the Automation zip carry that layout, out/StarRocksBackup
# stays as it was. Needs the .NET SDK and the feed's crossgen2 and runtime packs, like ReadyToRun.Tests.ps1.
Describe 'build.ps1 -Task Package' -Skip:($PSVersionTable.PSEdition -eq 'Desktop') {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
        $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-pkg-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $Work | Out-Null
        $script:Version = (Import-PowerShellDataFile -Path (Join-Path $RepoRoot 'StarRocksBackup.psd1')).ModuleVersion
        $script:Feed = Join-Path $RepoRoot 'out/packages'
        $script:DevDir = Join-Path $RepoRoot "out/StarRocksBackup/$Version"

        # The development build's files and times: packaging must not touch them.
        function script:Get-Snapshot([string] $Dir) {
            if (-not (Test-Path $Dir)) { return @() }
            return @(Get-ChildItem -Path $Dir -Recurse -File | ForEach-Object { '{0}|{1}|{2}' -f $_.FullName, $_.Length, $_.LastWriteTimeUtc.Ticks } | Sort-Object)
        }

        # Runs build.ps1 -Task Package in a new pwsh; copies what it made to $Work/<Name>/.
        function script:Invoke-Package([string] $Name, [string[]] $Extra = @()) {
            $out = & (Get-SrTestPwsh) -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'build.ps1') -Task Package @Extra 2>&1
            if ($LASTEXITCODE -ne 0) { throw "build.ps1 -Task Package $Extra failed ($LASTEXITCODE): $($out -join [Environment]::NewLine)" }
            $target = Join-Path $Work $Name
            New-Item -ItemType Directory -Path $target | Out-Null
            Copy-Item -Path (Join-Path $Feed "StarRocksBackup.$Version.nupkg"), (Join-Path $Feed 'StarRocksBackup.zip') -Destination $target
            return [pscustomobject]@{ Output = ($out | ForEach-Object { "$_" }) -join "`n"; Dir = $target }
        }

        function script:Get-Entry([string] $Path) {
            $archive = [System.IO.Compression.ZipFile]::OpenRead($Path)
            try { return @($archive.Entries | ForEach-Object { $_.FullName }) } finally { $archive.Dispose() }
        }

        $script:DevBefore = Get-Snapshot $DevDir
        $script:Default = Invoke-Package 'default'
        $script:PortableRun = Invoke-Package 'portable' @('-Portable')
        $script:DevAfter = Get-Snapshot $DevDir
        $script:Pairs = foreach ($rid in 'win-x64', 'linux-x64') { foreach ($tfm in 'net8.0', 'net10.0') { "$rid/$tfm" } }
    }

    AfterAll {
        Remove-Item -Recurse -Force -Path $Work -ErrorAction SilentlyContinue
    }

    It 'by default, the .nupkg and the zip carry ReadyToRun copies for win-x64 and linux-x64 on .NET 8 and 10 beside the portable files' {
        $Default.Output | Should -Match 'ReadyToRun copies for win-x64, linux-x64'
        $nupkg = Get-Entry (Join-Path $Default.Dir "StarRocksBackup.$Version.nupkg")
        $zip = Get-Entry (Join-Path $Default.Dir 'StarRocksBackup.zip')
        foreach ($prefix in '', 'StarRocksBackup/') {
            $entries = if ($prefix) { $zip } else { $nupkg }
            $entries | Should -Contain "${prefix}StarRocksBackup.psd1"
            $entries | Should -Contain "${prefix}dependencies/StarRocksBackup.Core.dll" -Because 'the portable files still serve every other platform and Windows PowerShell 5.1'
            foreach ($pair in $Pairs) {
                foreach ($file in 'StarRocksBackup.Core.dll', 'MySqlConnector.dll', 'AWSSDK.S3.dll') {
                    $entries | Should -Contain "${prefix}dependencies/runtimes/$pair/$file"
                }
            }
            @($entries | Where-Object { $_ -like "${prefix}dependencies/runtimes/*" } | ForEach-Object { ($_.Substring($prefix.Length) -split '/')[2] } | Sort-Object -Unique) |
                Should -Be @('linux-x64', 'win-x64')
        }
    }

    It 'by default, the packaged module imports in a new pwsh and loads Core from the copy for this platform and .NET, when there is one' {
        $extract = Join-Path $Work 'imported'
        [System.IO.Compression.ZipFile]::ExtractToDirectory((Join-Path $Default.Dir 'StarRocksBackup.zip'), $extract)
        $child = @'
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $args[0] 'StarRocksBackup') -ErrorAction Stop
New-SrBackupPolicy -Path $args[1] -Repository r -Database d | Out-Null
$core = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'StarRocksBackup.Core' } | Select-Object -First 1
'CHILD|' + $core.Location
'@
        $childPath = Join-Path $Work 'child.ps1'
        Set-Content -Path $childPath -Value $child
        $out = @(& (Get-SrTestPwsh) -NoProfile -NonInteractive -File $childPath $extract (Join-Path $Work 'policy.yaml') 2>&1 | ForEach-Object { "$_" })
        $line = @($out | Where-Object { $_ -like 'CHILD|*' })
        $line.Count | Should -Be 1 -Because ($out -join "`n")
        $location = $line[0].Substring(6).Replace('\', '/')
        $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
        $rid = '{0}-{1}' -f $os, [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
        $pair = '{0}/net{1}.0' -f $rid, [Environment]::Version.Major
        if ($Pairs -contains $pair) {
            $location | Should -BeLike "*/StarRocksBackup/dependencies/runtimes/$pair/StarRocksBackup.Core.dll"
        } else {
            $location | Should -BeLike '*/StarRocksBackup/dependencies/StarRocksBackup.Core.dll' -Because "the package has no copy for $pair"
        }
    }

    It 'with -Portable, carries the portable files alone' {
        $PortableRun.Output | Should -Match 'portable files only'
        foreach ($name in "StarRocksBackup.$Version.nupkg", 'StarRocksBackup.zip') {
            $entries = Get-Entry (Join-Path $PortableRun.Dir $name)
            @($entries | Where-Object { $_ -like '*dependencies/StarRocksBackup.Core.dll' }).Count | Should -Be 1
            $entries | Where-Object { $_ -like '*dependencies/runtimes/*' } | Should -BeNullOrEmpty
        }
    }

    It 'leaves the development build in out/StarRocksBackup as it was' {
        $DevAfter | Should -Be $DevBefore
    }
}
