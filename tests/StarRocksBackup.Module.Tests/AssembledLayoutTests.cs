// The shippable layout produced by build/AssembleModule.proj (out/StarRocksBackup/<version>/):
// only our DLLs in the root, Core and its closure in dependencies/, the version passed through.
using System.Reflection;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Module.Tests;

/// <summary>Needs the assembled module: skipped with a reason outside CI, never skipped under CI=true.</summary>
public sealed class AssembledModuleFactAttribute : FactAttribute
{
    public AssembledModuleFactAttribute()
    {
        if (AssembledLayoutTests.Dir is null && !TestEnvironment.IsCi)
        {
            Skip = "needs the assembled module: run `dotnet msbuild build/AssembleModule.proj -p:Configuration=Release` first";
        }
    }
}

public sealed class AssembledLayoutTests
{
    /// <summary>out/StarRocksBackup/&lt;ModuleVersion of the source manifest&gt;/ when it exists.</summary>
    public static string? Dir
    {
        get
        {
            ModuleFiles f = ModuleFiles.Current;
            string? dir = f.Version is null ? null : Path.Combine(f.RepoRoot, "out", "StarRocksBackup", f.Version);
            return dir is not null && File.Exists(Path.Combine(dir, "StarRocksBackup.dll")) ? dir : null;
        }
    }

    private static string RequireDir() =>
        Dir ?? throw new Xunit.Sdk.XunitException("out/StarRocksBackup/<ModuleVersion>/ is missing: tests/run.sh must run `dotnet msbuild build/AssembleModule.proj -p:Configuration=Release` before `dotnet test`");

    [AssembledModuleFact]
    public void Root_holds_only_the_module_files_and_our_two_assemblies()
    {
        string dir = RequireDir();
        var dlls = Directory.GetFiles(dir, "*.dll").Select(Path.GetFileName).OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "StarRocksBackup.Isolation.dll", "StarRocksBackup.dll" }.OrderBy(x => x, StringComparer.Ordinal), dlls);
        Assert.True(File.Exists(Path.Combine(dir, "StarRocksBackup.psd1")), "StarRocksBackup.psd1 missing from the root");
        Assert.True(File.Exists(Path.Combine(dir, "StarRocksBackup.format.ps1xml")), "StarRocksBackup.format.ps1xml missing from the root");
        var stray = Directory.GetFiles(dir).Select(Path.GetFileName)
            .Where(n => !n!.StartsWith("StarRocksBackup", StringComparison.Ordinal) && n != "LICENSE").ToList();
        Assert.True(stray.Count == 0, "unexpected files in the module root: " + string.Join(", ", stray));
    }

    [AssembledModuleFact]
    public void Dependencies_hold_Core_and_its_closure()
    {
        string deps = Path.Combine(RequireDir(), "dependencies");
        var names = Directory.GetFiles(deps, "*.dll").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var v = new Violations();
        foreach (string required in new[] { "StarRocksBackup.Core", "MySqlConnector", "AWSSDK.Core", "AWSSDK.S3", "YamlDotNet", "Polly.Core" })
        {
            v.Check(names.Contains(required), $"dependencies/{required}.dll missing");
        }

        v.Check(!names.Contains("System.Management.Automation"), "dependencies/ ships System.Management.Automation (a reference assembly; PowerShell provides the real one)");
        v.Check(!names.Contains("StarRocksBackup"), "the cmdlet assembly is duplicated in dependencies/");

        // Every reference of every shipped assembly resolves inside the module or the platform.
        using var mlc = new MetadataLoadContext(new PathAssemblyResolver(
            Directory.GetFiles(deps, "*.dll").Concat(Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
                .Where(p => !names.Contains(Path.GetFileNameWithoutExtension(p))))));
        Assembly core = mlc.LoadFromAssemblyPath(Path.Combine(deps, "StarRocksBackup.Core.dll"));
        foreach (AssemblyName r in core.GetReferencedAssemblies())
        {
            try
            {
                mlc.LoadFromAssemblyName(r);
            }
            catch (FileNotFoundException)
            {
                v.Add($"StarRocksBackup.Core references {r.FullName}, which is neither in dependencies/ nor in the platform");
            }
        }

        v.AssertNone("incomplete dependencies/ folder");
    }

    [AssembledModuleFact]
    public void Assemblies_carry_the_manifest_version_and_the_right_targets()
    {
        string dir = RequireDir();
        Version expected = Version.Parse(ModuleFiles.Current.Version!);
        using var mlc = new MetadataLoadContext(new PathAssemblyResolver(
            Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")));
        foreach (string rel in new[] { "StarRocksBackup.dll", "StarRocksBackup.Isolation.dll", Path.Combine("dependencies", "StarRocksBackup.Core.dll") })
        {
            Assembly a = mlc.LoadFromAssemblyPath(Path.Combine(dir, rel));
            Version v = a.GetName().Version!;
            Assert.True(v.Major == expected.Major && v.Minor == expected.Minor && v.Build == Math.Max(expected.Build, 0),
                $"{rel} has AssemblyVersion {v}, the manifest says {expected} (AssembleModule must pass -p:Version)");
            string? tfm = a.GetCustomAttributesData().FirstOrDefault(x => x.AttributeType.Name == "TargetFrameworkAttribute")?.ConstructorArguments[0].Value as string;
            string want = rel.Contains("Isolation") ? ".NETCoreApp,Version=v8.0" : ".NETStandard,Version=v2.0";
            Assert.True(tfm == want, $"{rel} targets {tfm}, expected {want}");
        }
    }
}
