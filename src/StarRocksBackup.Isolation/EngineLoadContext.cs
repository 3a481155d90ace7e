using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace StarRocksBackup.Isolation;

/// <summary>
/// The private load context for Core and everything it depends on: from <c>dependencies/runtimes/&lt;rid&gt;/net&lt;major&gt;.0/</c>
/// (the ReadyToRun copy for this platform and runtime, when the module was assembled with one:
/// <see cref="ReadyToRunSelection"/>), else from the portable <c>dependencies/</c>.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private static readonly Dictionary<string, string> s_platform = ReadTrustedPlatformAssemblies();
    private readonly string _directory;
    private readonly string? _compiledDirectory;

    public EngineLoadContext(string directory)
        : base("StarRocksBackup", isCollectible: false)
    {
        _directory = directory;
        _compiledDirectory = ReadyToRunSelection.Select(directory, ReadyToRunSelection.CurrentRid(), Environment.Version.Major,
            Environment.GetEnvironmentVariable(ReadyToRunSelection.OptOutVariable));
    }

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is null)
        {
            return null;
        }

        // Prefer what PowerShell/.NET already ship when it satisfies the request (System.Memory,
        // System.Text.Json, ...): a netstandard2.0 publish carries .NET Framework polyfills that
        // must not shadow the runtime's own types. Same rule as PowerShellEditorServices' PsesLoadContext.
        if (s_platform.TryGetValue(name.Name, out string? platformPath)
            && AssemblyName.GetAssemblyName(platformPath).Version >= name.Version)
        {
            return null;
        }

        if (_compiledDirectory is not null)
        {
            string compiled = Path.Join(_compiledDirectory, name.Name + ".dll");
            if (File.Exists(compiled))
            {
                return LoadFromAssemblyPath(compiled);
            }
        }

        string candidate = Path.Join(_directory, name.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    private static Dictionary<string, string> ReadTrustedPlatformAssemblies()
    {
        Dictionary<string, string> map = new(StringComparer.OrdinalIgnoreCase);
        string tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        foreach (string path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            map.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        return map;
    }
}
