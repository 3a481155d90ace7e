// Where the module under test lives: the assembled layout (out/StarRocksBackup/<version>/) when the
// build produced it, else the cmdlet project's own build output. Nothing here loads code for execution.
using System.Reflection;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Module.Tests;

/// <summary>Paths of everything the static checks read.</summary>
public sealed class ModuleFiles
{
    public static ModuleFiles Current { get; } = Locate();

    public required string RepoRoot { get; init; }

    /// <summary>The manifest in the sources (repo root, module/ or src/StarRocksBackup/), or null when absent.</summary>
    public string? SourceManifest { get; init; }

    /// <summary>The format file in the sources, or null when absent.</summary>
    public string? SourceFormat { get; init; }

    /// <summary>ModuleVersion of the source manifest (null when it has none).</summary>
    public string? Version { get; init; }

    /// <summary>out/StarRocksBackup/&lt;Version&gt;/ when it exists and is not older than the build output.</summary>
    public string? AssembledDir { get; init; }

    public required string CmdletAssembly { get; init; }

    /// <summary>Directories whose DLLs may be needed to resolve the cmdlet assembly's references.</summary>
    public required IReadOnlyList<string> ProbeDirectories { get; init; }

    public required string SystemManagementAutomation { get; init; }

    /// <summary>Why this copy of StarRocksBackup.dll was chosen (printed by the tests that use it).</summary>
    public required string Provenance { get; init; }

    /// <summary>The manifest the checks read: the assembled copy when testing out/, else the source.</summary>
    public string? Manifest => AssembledDir is null ? SourceManifest : Path.Combine(AssembledDir, "StarRocksBackup.psd1");

    private static string Metadata(string key) =>
        typeof(ModuleFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata '{key}' missing (see the test csproj)");

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);

    public static string? ReadModuleVersion(string manifestPath)
    {
        Match m = Regex.Match(File.ReadAllText(manifestPath), @"(?m)^\s*ModuleVersion\s*=\s*['""]([0-9]+(\.[0-9]+){1,3})['""]");
        return m.Success ? m.Groups[1].Value : null;
    }

    private static ModuleFiles Locate()
    {
        string root = Metadata("RepoRoot");
        string configuration = Metadata("Configuration");
        string pss = Metadata("PowerShellStandardDir");
        string sma = Path.Combine(pss, "lib", "netstandard2.0", "System.Management.Automation.dll");
        if (!File.Exists(sma))
        {
            throw new FileNotFoundException($"System.Management.Automation reference assembly not found at {sma} (PowerShellStandard.Library package path)");
        }

        string? manifest = FirstExisting(
            Path.Combine(root, "StarRocksBackup.psd1"),
            Path.Combine(root, "module", "StarRocksBackup.psd1"),
            Path.Combine(root, "src", "StarRocksBackup", "StarRocksBackup.psd1"));
        string? format = FirstExisting(
            Path.Combine(root, "module", "StarRocksBackup.format.ps1xml"),
            Path.Combine(root, "src", "StarRocksBackup", "StarRocksBackup.format.ps1xml"));
        string? version = manifest is null ? null : ReadModuleVersion(manifest);

        string binDir = Path.Combine(root, "src", "StarRocksBackup", "bin", configuration, "netstandard2.0");
        string binDll = Path.Combine(binDir, "StarRocksBackup.dll");
        string coreBin = Path.Combine(root, "src", "StarRocksBackup.Core", "bin", configuration, "netstandard2.0");

        string? assembled = version is null ? null : Path.Combine(root, "out", "StarRocksBackup", version);
        string? assembledDll = assembled is null ? null : Path.Combine(assembled, "StarRocksBackup.dll");
        bool useAssembled = assembledDll is not null && File.Exists(assembledDll);
        string provenance;
        if (useAssembled && File.Exists(binDll) && File.GetLastWriteTimeUtc(binDll) > File.GetLastWriteTimeUtc(assembledDll!).AddSeconds(2))
        {
            // A stale out/ would make every check below test yesterday's code.
            useAssembled = false;
            provenance = $"build output {binDll} (out/ exists but is older than the {configuration} build; re-run build/AssembleModule.proj)";
        }
        else
        {
            provenance = useAssembled ? $"assembled module {assembledDll}" : $"build output {binDll} (no assembled out/StarRocksBackup/{version ?? "?"}/)";
        }

        string dll = useAssembled ? assembledDll! : binDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"StarRocksBackup.dll not found: neither {assembledDll ?? "out/StarRocksBackup/<version>/"} nor {binDll}. Build the solution first.");
        }

        var probes = new List<string> { Path.GetDirectoryName(dll)! };
        probes.Add(useAssembled ? Path.Combine(assembled!, "dependencies") : coreBin);
        return new ModuleFiles
        {
            RepoRoot = root,
            SourceManifest = manifest,
            SourceFormat = format,
            Version = version,
            AssembledDir = useAssembled ? assembled : null,
            CmdletAssembly = dll,
            ProbeDirectories = probes,
            SystemManagementAutomation = sma,
            Provenance = provenance,
        };
    }
}
