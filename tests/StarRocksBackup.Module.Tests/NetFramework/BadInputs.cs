// Deliberately broken inputs for the 5.1 checks' self-tests: tiny assemblies compiled with Roslyn against the
// .NET Framework 4.7.2 reference assemblies into a temporary "dependencies/" folder.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StarRocksBackup.Module.Tests.NetFramework;

namespace StarRocksBackup.Module.Tests;

internal sealed class BadInputs : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "srb-netfx-" + Guid.NewGuid().ToString("N"));

    public BadInputs() => Directory.CreateDirectory(Dependencies);

    /// <summary>The folder the model treats as the module's dependencies/.</summary>
    public string Dependencies => Path.Combine(_root, "dependencies");

    /// <summary>The 5.1 model over the real .NET Framework 4.7.2 references and this folder (no module root).</summary>
    public NetFx51LoadModel Model => new(WindowsPowerShell51Tests.FrameworkDirectory, [WindowsPowerShell51Tests.Sma], [], Dependencies);

    /// <summary>Compiles one library; <paramref name="shipped"/> puts it in dependencies/, else beside it.</summary>
    public string Compile(string name, string source, string? reference = null, bool shipped = true, string? alias = null, string? subdirectory = null)
    {
        var references = new List<MetadataReference> { MetadataReference.CreateFromFile(Path.Combine(WindowsPowerShell51Tests.FrameworkDirectory, "mscorlib.dll")) };
        if (reference is not null)
        {
            references.Add(MetadataReference.CreateFromFile(reference, alias is null ? default : new MetadataReferenceProperties(aliases: [alias])));
        }

        CSharpCompilation compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        string dir = shipped ? Dependencies : Path.Combine(_root, subdirectory ?? "elsewhere");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name + ".dll");
        var result = compilation.Emit(path);
        if (!result.Success)
        {
            throw new InvalidOperationException($"self-test input {name} did not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }
}
