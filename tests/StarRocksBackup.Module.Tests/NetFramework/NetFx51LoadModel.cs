// How Windows PowerShell 5.1 (.NET Framework 4.7.2+, one AppDomain, no AssemblyLoadContext, no binding
// redirects of ours) finds each assembly the module asks for. A model, written down so the checks can
// apply it to every reference; docs/ARCHITECTURE.md ("Windows PowerShell 5.1") states the same rules.
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace StarRocksBackup.Module.Tests.NetFramework;

public enum LoadSource
{
    /// <summary>.NET Framework 4.7.2 itself (GAC): lower requested versions unify to the installed one.</summary>
    Framework,

    /// <summary>powershell.exe provides it (System.Management.Automation 3.0.0.0).</summary>
    Host,

    /// <summary>The module root: PowerShell loads the RootModule by path.</summary>
    ModuleRoot,

    /// <summary>dependencies/: probed beside the assembly loaded from there, else served by NetFrameworkResolver by simple name.</summary>
    Dependencies,

    Unresolved,
}

public sealed record LoadResolution(AssemblyName Requested, LoadSource Source, string? Path, Version? Version, string Why)
{
    public bool Resolved => Source != LoadSource.Unresolved;
}

/// <summary>The assemblies 5.1 can bind to, and the rule that picks one for a reference.</summary>
public sealed class NetFx51LoadModel
{
    private readonly Dictionary<string, (string Path, Version Version)> _framework;
    private readonly Dictionary<string, (string Path, Version Version)> _host;
    private readonly Dictionary<string, (string Path, Version Version)> _root;
    private readonly Dictionary<string, (string Path, Version Version)> _dependencies;

    /// <param name="frameworkDirectory">The .NET Framework 4.7.2 reference assemblies (with Facades/).</param>
    /// <param name="hostAssemblies">What powershell.exe itself provides (System.Management.Automation).</param>
    /// <param name="rootAssemblies">Module-root DLLs that 5.1 loads (not the net8.0 isolation assembly).</param>
    /// <param name="dependencyDirectory">The dependencies/ folder 5.1's resolver serves.</param>
    public NetFx51LoadModel(string frameworkDirectory, IEnumerable<string> hostAssemblies, IEnumerable<string> rootAssemblies, string dependencyDirectory)
    {
        _framework = Index(Directory.GetFiles(frameworkDirectory, "*.dll")
            .Concat(Directory.Exists(Path.Combine(frameworkDirectory, "Facades")) ? Directory.GetFiles(Path.Combine(frameworkDirectory, "Facades"), "*.dll") : []));
        _host = Index(hostAssemblies);
        _root = Index(rootAssemblies);
        _dependencies = Index(Directory.GetFiles(dependencyDirectory, "*.dll"));
        DependencyDirectory = dependencyDirectory;
    }

    public string DependencyDirectory { get; }

    public IEnumerable<string> RootPaths => _root.Values.Select(v => v.Path);

    public IEnumerable<string> DependencyPaths => _dependencies.Values.Select(v => v.Path);

    /// <summary>True when 5.1 takes this name from the framework for the shipped file's own version, so the shipped copy never loads.</summary>
    public bool FrameworkShadows(string name, Version shippedVersion) =>
        _framework.TryGetValue(name, out var fx) && fx.Version >= shippedVersion;

    public LoadResolution Resolve(AssemblyName requested)
    {
        string name = requested.Name ?? string.Empty;
        Version wanted = requested.Version ?? new Version(0, 0, 0, 0);
        string? aboveInBox = null;

        if (_framework.TryGetValue(name, out var fx))
        {
            if (wanted <= fx.Version)
            {
                return new(requested, LoadSource.Framework, fx.Path, fx.Version, $".NET Framework 4.7.2 has {fx.Version}");
            }

            // A higher version than the framework's fails in the GAC and raises AssemblyResolve.
            aboveInBox = $"requests {wanted}, above the {fx.Version} of .NET Framework 4.7.2";
        }

        if (_host.TryGetValue(name, out var host))
        {
            return wanted <= host.Version
                ? new(requested, LoadSource.Host, host.Path, host.Version, $"powershell.exe provides {host.Version}")
                : new(requested, LoadSource.Unresolved, null, null, $"requests {wanted}; Windows PowerShell 5.1 provides {host.Version}");
        }

        if (_root.TryGetValue(name, out var root))
        {
            return new(requested, LoadSource.ModuleRoot, root.Path, root.Version, "module root");
        }

        if (_dependencies.TryGetValue(name, out var dep))
        {
            string why = wanted <= dep.Version
                ? $"dependencies/ ships {dep.Version}"
                : $"dependencies/ ships {dep.Version}, below the requested {wanted}: served by simple name (members checked separately)";
            return new(requested, LoadSource.Dependencies, dep.Path, dep.Version, aboveInBox is null ? why : $"{aboveInBox}; {why}");
        }

        return new(requested, LoadSource.Unresolved, null, null,
            aboveInBox ?? "neither .NET Framework 4.7.2, Windows PowerShell 5.1 nor the module has it");
    }

    /// <summary>The assembly references of one file, read from its metadata (nothing is loaded).</summary>
    public static IReadOnlyList<AssemblyName> References(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(h => md.GetAssemblyReference(h).GetAssemblyName()).ToList();
    }

    public static AssemblyName Identity(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.GetMetadataReader().GetAssemblyDefinition().GetAssemblyName();
    }

    private static Dictionary<string, (string, Version)> Index(IEnumerable<string> paths)
    {
        var map = new Dictionary<string, (string, Version)>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in paths)
        {
            AssemblyName id;
            try
            {
                id = Identity(path);
            }
            catch (InvalidOperationException)
            {
                continue;   // not an assembly (native DLL)
            }
            catch (BadImageFormatException)
            {
                continue;
            }

            map[id.Name!] = (path, id.Version ?? new Version(0, 0, 0, 0));
        }

        return map;
    }
}

/// <summary>Walks the reference closure the way 5.1 would load it.</summary>
public static class NetFx51Closure
{
    public sealed record Edge(string From, LoadResolution To);

    /// <summary>Every reference reachable from <paramref name="starts"/>; the framework and host are not walked into.</summary>
    public static IReadOnlyList<Edge> Walk(NetFx51LoadModel model, IEnumerable<string> starts)
    {
        var edges = new List<Edge>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>(starts);
        while (queue.Count > 0)
        {
            string path = queue.Dequeue();
            if (!seen.Add(Path.GetFullPath(path)))
            {
                continue;
            }

            string from = System.IO.Path.GetFileName(path);
            foreach (AssemblyName reference in NetFx51LoadModel.References(path))
            {
                LoadResolution r = model.Resolve(reference);
                edges.Add(new Edge(from, r));
                if (r.Source is LoadSource.ModuleRoot or LoadSource.Dependencies && r.Path is not null)
                {
                    queue.Enqueue(r.Path);
                }
            }
        }

        return edges;
    }
}
