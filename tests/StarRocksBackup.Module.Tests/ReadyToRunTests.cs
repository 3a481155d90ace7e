// The optional ReadyToRun copies (build/AssembleModule.proj -p:ReadyToRunRid=…): the default layout stays portable
// (IL only, no RID-specific folder, nothing in the build asks for one), and the isolation loader's choice of a copy
// (src/StarRocksBackup.Isolation/ReadyToRunSelection.cs, linked in) is exact: this platform AND this .NET major, else
// the portable files. tests/pester/ReadyToRun.Tests.ps1 assembles a ReadyToRun layout and loads it in pwsh.
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using StarRocksBackup.Isolation;
using Xunit;

namespace StarRocksBackup.Module.Tests;

public sealed class ReadyToRunTests
{
    /// <summary>True when the file is a ReadyToRun image (a managed native header), false for plain IL.</summary>
    internal static bool IsReadyToRun(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        CorHeader cor = pe.PEHeaders.CorHeader ?? throw new Xunit.Sdk.XunitException($"{path} is not a managed assembly");
        return cor.ManagedNativeHeaderDirectory.Size != 0;
    }

    [AssembledModuleFact]
    public void Default_layout_is_portable_IL_in_the_root_and_in_dependencies()
    {
        string dir = AssembledLayoutTests.Dir ?? throw new Xunit.Sdk.XunitException("out/ is not assembled");
        var v = new Violations();
        foreach (string dll in Directory.GetFiles(dir, "*.dll").Concat(Directory.GetFiles(Path.Combine(dir, "dependencies"), "*.dll")))
        {
            v.Check(!IsReadyToRun(dll), $"{Path.GetRelativePath(dir, dll)} is ReadyToRun-compiled: the portable files must be plain IL (one package for every OS; Windows PowerShell 5.1 loads them)");
        }

        // A layout assembled with -p:ReadyToRunRid has dependencies/runtimes/<rid>/<tfm>/; each must be complete and compiled.
        string runtimes = Path.Combine(dir, "dependencies", "runtimes");
        foreach (string folder in Directory.Exists(runtimes) ? Directory.GetDirectories(runtimes).SelectMany(Directory.GetDirectories) : Enumerable.Empty<string>())
        {
            string core = Path.Combine(folder, "StarRocksBackup.Core.dll");
            v.Check(File.Exists(core) && IsReadyToRun(core), $"{Path.GetRelativePath(dir, folder)} has no ReadyToRun StarRocksBackup.Core.dll");
        }

        v.AssertNone("layout not as built");
    }

    [Fact]
    public void Nothing_in_the_default_build_asks_for_ReadyToRun_or_a_runtime_identifier()
    {
        string root = ModuleFiles.Current.RepoRoot;
        var v = new Violations();
        foreach (string project in new[] { "src/StarRocksBackup.Core/StarRocksBackup.Core.csproj", "src/StarRocksBackup/StarRocksBackup.csproj", "src/StarRocksBackup.Isolation/StarRocksBackup.Isolation.csproj", "Directory.Build.props" })
        {
            XDocument doc = XDocument.Load(Path.Combine(root, project));
            foreach (string property in new[] { "PublishReadyToRun", "RuntimeIdentifier", "RuntimeIdentifiers", "SelfContained" })
            {
                v.Check(!doc.Descendants().Any(e => e.Name.LocalName == property), $"{project} sets {property}: the default layout must stay portable");
            }
        }

        // AssembleModule.proj: ReadyToRunRid has no default, so only -p:ReadyToRunRid=… adds the compiled copies.
        XDocument assemble = XDocument.Load(Path.Combine(root, "build/AssembleModule.proj"));
        v.Check(!assemble.Descendants().Any(e => e.Name.LocalName == "ReadyToRunRid"), "build/AssembleModule.proj gives ReadyToRunRid a value: ReadyToRun copies must be asked for");
        v.AssertNone("ReadyToRun in the default build");
    }

    [Theory]
    [InlineData("linux", Architecture.X64, "linux-x64")]
    [InlineData("win", Architecture.Arm64, "win-arm64")]
    [InlineData("osx", Architecture.Arm64, "osx-arm64")]
    [InlineData("win", Architecture.X86, "win-x86")]
    [InlineData(null, Architecture.X64, null)]
    [InlineData("linux", Architecture.Wasm, null)]
    public void Rid_is_the_portable_identifier_of_os_and_architecture(string? os, Architecture arch, string? expected) =>
        Assert.Equal(expected, ReadyToRunSelection.Rid(os, arch));

    [Fact]
    public void Current_rid_is_the_one_the_runtime_reports()
    {
        // .NET 8+ reports the portable RID (linux-x64, win-x64 …) unless the host was built for a distro-specific one.
        string reported = RuntimeInformation.RuntimeIdentifier;
        Assert.True(ReadyToRunSelection.CurrentRid() is { } rid && (reported == rid || reported.EndsWith("-" + rid.Split('-')[1], StringComparison.Ordinal)),
            $"CurrentRid() = {ReadyToRunSelection.CurrentRid()}, the runtime reports {reported}");
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("1", true)]
    [InlineData("", true)]
    [InlineData("0", false)]
    [InlineData(" false ", false)]
    [InlineData("OFF", false)]
    public void Opt_out_variable(string? value, bool enabled) => Assert.Equal(enabled, ReadyToRunSelection.Enabled(value));

    [Fact]
    public void Select_takes_only_the_folder_of_this_platform_and_this_NET_major()
    {
        string deps = Path.Combine(Path.GetTempPath(), "srb-r2r-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(deps, "runtimes", "linux-x64", "net10.0"));
        Directory.CreateDirectory(Path.Combine(deps, "runtimes", "linux-x64", "net8.0"));
        try
        {
            Assert.Equal(Path.Combine(deps, "runtimes", "linux-x64", "net10.0"), ReadyToRunSelection.Select(deps, "linux-x64", 10, null));
            Assert.Equal(Path.Combine(deps, "runtimes", "linux-x64", "net8.0"), ReadyToRunSelection.Select(deps, "linux-x64", 8, null));
            Assert.Null(ReadyToRunSelection.Select(deps, "linux-x64", 9, null));     // .NET 9 ignores both formats: portable
            Assert.Null(ReadyToRunSelection.Select(deps, "linux-x64", 11, null));    // a newer runtime: portable
            Assert.Null(ReadyToRunSelection.Select(deps, "win-x64", 10, null));      // another platform: portable
            Assert.Null(ReadyToRunSelection.Select(deps, "linux-arm64", 10, null));
            Assert.Null(ReadyToRunSelection.Select(deps, null, 10, null));           // unknown platform
            Assert.Null(ReadyToRunSelection.Select(deps, "linux-x64", 10, "0"));     // opted out
            Assert.Null(ReadyToRunSelection.Select(Path.Combine(deps, "nowhere"), "linux-x64", 10, null));
        }
        finally
        {
            Directory.Delete(deps, recursive: true);
        }
    }
}
