# The optional ReadyToRun copies (build/AssembleModule.proj -p:ReadyToRunRid=<rid>): assembled here for the running
# platform and .NET major, into a temporary OutRoot (out/ is left as it is). Fresh pwsh processes then show that the
# isolation loader takes Core and its closure from dependencies/runtimes/<rid>/net<major>.0/ and that their code is
# really not JIT-compiled (the runtime ignores ReadyToRun code it cannot use, so "loaded from there" alone proves
# nothing); and that it falls back to the portable dependencies/ when told to (STARROCKSBACKUP_READYTORUN=0), on another
# platform and on another .NET major. Needs the .NET SDK (dotnet on PATH) and the feed's crossgen2 and runtime packs.
Describe 'ReadyToRun copies of the dependencies' -Skip:($PSVersionTable.PSEdition -eq 'Desktop') {
    BeforeAll {
        . "$PSScriptRoot/common.ps1"
        $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
        $arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
        $script:Rid = '{0}-{1}' -f $os, $arch
        $script:Tfm = 'net{0}.0' -f [Environment]::Version.Major
        $script:OutRoot = Join-Path ([System.IO.Path]::GetTempPath()) ('srb-r2r-' + [guid]::NewGuid().ToString('N'))
        $proj = Join-Path $RepoRoot 'build/AssembleModule.proj'
        $log = & dotnet msbuild $proj -p:Configuration=Release "-p:ReadyToRunRid=$Rid" "-p:ReadyToRunTargetFramework=$Tfm" "-p:OutRoot=$OutRoot/" -nologo -v:m 2>&1
        if ($LASTEXITCODE -ne 0) { throw "AssembleModule with ReadyToRunRid=$Rid failed: $($log -join [Environment]::NewLine)" }
        $script:R2RModule = (Get-ChildItem -Path (Join-Path $OutRoot 'StarRocksBackup') -Directory | Select-Object -First 1).FullName
        $script:Compiled = Join-Path $R2RModule "dependencies/runtimes/$Rid/$Tfm"

        # A copy of a layout with its runtimes/ folder renamed (another platform, another .NET major).
        function script:Copy-Layout([string] $Name, [string] $RenameFrom, [string] $RenameTo) {
            $target = Join-Path $OutRoot $Name
            Copy-Item -Recurse -Path $R2RModule -Destination $target
            Rename-Item -Path (Join-Path $target $RenameFrom) -NewName $RenameTo
            return $target
        }

        # Imports the module in a new pwsh, touches Core (a connection to a closed port), and reports where Core and
        # MySqlConnector came from and how many of their methods the JIT compiled.
        function script:Invoke-Child([string] $ModuleDir, [hashtable] $Environment = @{}) {
            $jitLog = Join-Path $OutRoot ('jit-{0}.txt' -f [guid]::NewGuid().ToString('N'))
            $scriptPath = Join-Path $OutRoot 'child.ps1'
            Set-Content -Path $scriptPath -Value @'
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $args[0] 'StarRocksBackup.psd1')
$id = ''
try { Connect-SrServer -Server 127.0.0.1 -Port ([int]$args[1]) -ErrorAction Stop } catch { $id = $_.FullyQualifiedErrorId }
$loaded = [System.AppDomain]::CurrentDomain.GetAssemblies()
$core = @($loaded | Where-Object { $_.GetName().Name -eq 'StarRocksBackup.Core' })
$driver = @($loaded | Where-Object { $_.GetName().Name -eq 'MySqlConnector' })
'CHILD|{0}|{1}|{2}|{3}' -f $id, $core.Count, $core[0].Location, $driver[0].Location
'@
            $saved = @{}
            $all = @{ DOTNET_JitStdOutFile = $jitLog; DOTNET_JitDisasmSummary = '1'; STARROCKSBACKUP_READYTORUN = $null }
            foreach ($k in $Environment.Keys) { $all[$k] = $Environment[$k] }
            foreach ($k in $all.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $all[$k]) }
            try {
                $out = & (Get-SrTestPwsh) -NoProfile -NonInteractive -File $scriptPath $ModuleDir (Get-SrFreeTcpPort) 2>&1
            } finally {
                foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
            }
            $line = @($out | Where-Object { "$_" -like 'CHILD|*' })
            if ($line.Count -ne 1) { throw "the child pwsh printed no result: $($out -join [Environment]::NewLine)" }
            $f = "$($line[0])".Split('|')
            $jitted = @(Get-Content -Path $jitLog | Where-Object { $_ -match 'JIT compiled (StarRocksBackup\.Core|MySqlConnector)\.' }).Count
            return [pscustomobject]@{ ErrorId = $f[1]; CoreCount = [int]$f[2]; Core = (Get-FullPath $f[3]); Driver = (Get-FullPath $f[4]); CoreMethodsJitted = $jitted }
        }

        # One spelling of a path for comparisons (separators, '..').
        function script:Get-FullPath([string] $Path) { return [System.IO.Path]::GetFullPath($Path) }
    }

    AfterAll {
        if ($OutRoot -and (Test-Path $OutRoot)) { Remove-Item -Recurse -Force -Path $OutRoot -ErrorAction SilentlyContinue }
    }

    It 'assembles the copy for this platform and .NET beside the portable files, compiled, the portable ones not' {
        Join-Path $Compiled 'StarRocksBackup.Core.dll' | Should -Exist
        Join-Path $Compiled 'MySqlConnector.dll' | Should -Exist
        Join-Path $R2RModule 'dependencies/StarRocksBackup.Core.dll' | Should -Exist
        @(Get-ChildItem -Path $R2RModule -Filter '*.dll' | ForEach-Object Name | Sort-Object) | Should -Be @(@('StarRocksBackup.dll', 'StarRocksBackup.Isolation.dll') | Sort-Object)
        Join-Path $Compiled 'StarRocksBackup.ReadyToRun.dll' | Should -Not -Exist
        function Test-ReadyToRun([string] $Path) {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new([System.IO.File]::OpenRead($Path))
            try { return $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -ne 0 } finally { $pe.Dispose() }
        }
        foreach ($dll in Get-ChildItem -Path $Compiled -Filter '*.dll') { Test-ReadyToRun $dll.FullName | Should -BeTrue -Because "$($dll.Name) is in the compiled copy" }
        foreach ($dll in Get-ChildItem -Path (Join-Path $R2RModule 'dependencies') -Filter '*.dll') { Test-ReadyToRun $dll.FullName | Should -BeFalse -Because "$($dll.Name) is a portable file" }
    }

    It 'loads Core and its closure from the compiled copy, and runs it without JIT-compiling Core and the driver' {
        $portable = Invoke-Child -ModuleDir $R2RModule -Environment @{ STARROCKSBACKUP_READYTORUN = '0' }
        $fromCopy = Invoke-Child -ModuleDir $R2RModule
        $fromCopy.ErrorId | Should -BeLike 'ServerUnreachable,*'
        $fromCopy.CoreCount | Should -Be 1
        $fromCopy.Core | Should -Be (Get-FullPath (Join-Path $Compiled 'StarRocksBackup.Core.dll'))
        $fromCopy.Driver | Should -Be (Get-FullPath (Join-Path $Compiled 'MySqlConnector.dll'))
        # The same calls: with the portable files the JIT compiles Core's methods; with the copy, few or none
        # (generic instantiations over framework types may still be compiled).
        Write-Host ("Core and MySqlConnector methods JIT-compiled: portable {0}, ReadyToRun copy {1}" -f $portable.CoreMethodsJitted, $fromCopy.CoreMethodsJitted)
        $portable.CoreMethodsJitted | Should -BeGreaterThan 100
        $fromCopy.CoreMethodsJitted | Should -BeLessThan ($portable.CoreMethodsJitted / 4)
    }

    It 'falls back to the portable files when STARROCKSBACKUP_READYTORUN=0' {
        $r = Invoke-Child -ModuleDir $R2RModule -Environment @{ STARROCKSBACKUP_READYTORUN = '0' }
        $r.ErrorId | Should -BeLike 'ServerUnreachable,*'
        $r.Core | Should -Be (Get-FullPath (Join-Path $R2RModule 'dependencies/StarRocksBackup.Core.dll'))
        $r.Driver | Should -Be (Get-FullPath (Join-Path $R2RModule 'dependencies/MySqlConnector.dll'))
    }

    It 'falls back to the portable files on another platform' {
        $other = if ($Rid -eq 'linux-x64') { 'osx-arm64' } else { 'linux-x64' }
        $dir = Copy-Layout -Name 'other-platform' -RenameFrom "dependencies/runtimes/$Rid" -RenameTo $other
        $r = Invoke-Child -ModuleDir $dir
        $r.ErrorId | Should -BeLike 'ServerUnreachable,*'
        $r.Core | Should -Be (Get-FullPath (Join-Path $dir 'dependencies/StarRocksBackup.Core.dll'))
    }

    It 'falls back to the portable files on another .NET major (its ReadyToRun format would be ignored)' {
        $dir = Copy-Layout -Name 'other-runtime' -RenameFrom "dependencies/runtimes/$Rid/$Tfm" -RenameTo 'net99.0'
        $r = Invoke-Child -ModuleDir $dir
        $r.ErrorId | Should -BeLike 'ServerUnreachable,*'
        $r.Core | Should -Be (Get-FullPath (Join-Path $dir 'dependencies/StarRocksBackup.Core.dll'))
    }
}
