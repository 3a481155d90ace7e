// The manifest, read as text (no PowerShell here): well-formed, explicit exports that equal the
// assembly's cmdlets (drift check, house-style §4.11), and a format file that exists.
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Module.Tests;

public sealed class ManifestTests
{
    private readonly ITestOutputHelper _output;

    public ManifestTests(ITestOutputHelper output)
    {
        _output = output;
        output.WriteLine("testing " + CmdletAssembly.Files.Provenance);
    }

    private static ManifestText Manifest()
    {
        string? path = ModuleFiles.Current.Manifest;
        Assert.True(path is not null && File.Exists(path),
            "module manifest StarRocksBackup.psd1 not found (looked in the repo root, module/ and src/StarRocksBackup/, and in out/ when assembled)");
        return new ManifestText(path!);
    }

    [Fact]
    public void Manifest_is_well_formed()
    {
        ManifestText m = Manifest();
        _output.WriteLine("manifest: " + m.Path);
        var v = new Violations();
        v.Check(m.Scalar("RootModule") == "StarRocksBackup.dll", $"RootModule is '{m.Scalar("RootModule")}', must be 'StarRocksBackup.dll'");
        string? version = m.Scalar("ModuleVersion");
        v.Check(version is not null && Version.TryParse(version, out _), $"ModuleVersion '{version}' is not a version");
        v.Check(Guid.TryParse(m.Scalar("GUID"), out Guid g) && g != Guid.Empty, $"GUID '{m.Scalar("GUID")}' is not a non-empty GUID");
        v.Check(m.Scalar("PowerShellVersion") == "5.1", $"PowerShellVersion is '{m.Scalar("PowerShellVersion")}', must be '5.1'");
        var editions = m.List("CompatiblePSEditions") ?? Array.Empty<string>();
        v.Check(editions.Contains("Desktop") && editions.Contains("Core"), $"CompatiblePSEditions is [{string.Join(", ", editions)}], must list Desktop and Core");
        v.Check(!string.IsNullOrWhiteSpace(m.Scalar("Description")), "Description is empty (PowerShell Gallery requires one)");
        v.Check(!string.IsNullOrWhiteSpace(m.Scalar("Author")), "Author is empty");

        var formats = m.List("FormatsToProcess") ?? Array.Empty<string>();
        v.Check(formats.Count > 0, "FormatsToProcess is empty");
        foreach (string f in formats)
        {
            string here = Path.Combine(Path.GetDirectoryName(m.Path)!, f);
            bool exists = File.Exists(here) || (ModuleFiles.Current.AssembledDir is null && ModuleFiles.Current.SourceFormat is not null
                && Path.GetFileName(ModuleFiles.Current.SourceFormat) == f);
            v.Check(exists, $"FormatsToProcess lists '{f}', which does not exist next to the manifest ({here})");
        }

        foreach (string key in new[] { "CmdletsToExport", "FunctionsToExport", "AliasesToExport" })
        {
            v.Check(m.Has(key), $"{key} is absent: PowerShell then exports everything ('*'); list it explicitly (@() for none)");
        }

        foreach (string key in new[] { "CmdletsToExport", "FunctionsToExport", "AliasesToExport", "VariablesToExport", "DscResourcesToExport" })
        {
            var values = m.List(key);
            if (values is null) continue;
            foreach (string value in values.Where(x => x.Contains('*') || x.Contains('?')))
            {
                v.Add($"{key} contains the wildcard '{value}': exports must be explicit");
            }
        }

        v.Check(!m.Has("ScriptsToProcess"), "ScriptsToProcess runs scripts in the caller's scope on import; not wanted in a binary module");
        v.Check(!m.Has("RequiredAssemblies"), "RequiredAssemblies loads DLLs into the default context before the module initializer can isolate them");
        v.AssertNone($"manifest {m.Path} is not well-formed");
    }

    [Fact]
    public void CmdletsToExport_equals_the_cmdlets_in_the_assembly()
    {
        ManifestText m = Manifest();
        var exported = (m.List("CmdletsToExport") ?? Array.Empty<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var inAssembly = CmdletAssembly.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var notExported = inAssembly.Except(exported).OrderBy(x => x).ToList();
        var notImplemented = exported.Except(inAssembly).OrderBy(x => x).ToList();
        Assert.True(notExported.Count == 0 && notImplemented.Count == 0,
            $"CmdletsToExport drifted from StarRocksBackup.dll: in the assembly but not exported [{string.Join(", ", notExported)}]; exported but not in the assembly [{string.Join(", ", notImplemented)}]");
        Assert.NotEmpty(exported);
    }

    [Fact]
    public void Source_and_assembled_manifests_agree()
    {
        ModuleFiles f = ModuleFiles.Current;
        if (f.AssembledDir is null || f.SourceManifest is null)
        {
            _output.WriteLine("no assembled module to compare with");
            return;
        }

        Assert.Equal(File.ReadAllText(f.SourceManifest), File.ReadAllText(Path.Combine(f.AssembledDir, "StarRocksBackup.psd1")));
        Assert.Equal(Path.GetFileName(f.AssembledDir), f.Version);
    }
}
