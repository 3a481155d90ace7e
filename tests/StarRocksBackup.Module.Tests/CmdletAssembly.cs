// The cmdlet assembly opened in a MetadataLoadContext, and its cmdlets read into plain records.
// MetadataLoadContext never runs code: attributes are read as CustomAttributeData, so this works
// on net10.0 against a netstandard2.0 assembly compiled for Windows PowerShell 5.1 and PowerShell 7.
using System.Reflection;
using System.Runtime.InteropServices;

namespace StarRocksBackup.Module.Tests;

public sealed record ParameterBinding(
    string SetName, bool Mandatory, bool FromPipeline, bool FromPipelineByPropertyName);

public sealed record CmdletParameter(PropertyInfo Property, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterBinding> Sets)
{
    public string Name => Property.Name;
    public Type Type => Property.PropertyType;

    /// <summary>True when the parameter answers to <paramref name="name"/> (name or alias, case-insensitive, as PowerShell matches).</summary>
    public bool AnswersTo(string name) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase) || Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
}

public sealed record OutputTypeDeclaration(Type? Type, string? TypeName, IReadOnlyList<string> ParameterSets);

public sealed record CmdletInfo(
    Type Type, string Verb, string Noun, bool SupportsShouldProcess, int ConfirmImpact, string? DefaultParameterSet,
    IReadOnlyList<OutputTypeDeclaration> OutputTypes, IReadOnlyList<CmdletParameter> Parameters)
{
    public string Name => $"{Verb}-{Noun}";

    public const string AllSets = "__AllParameterSets";

    /// <summary>The named parameter sets, or just <see cref="AllSets"/> when none is named.</summary>
    public IReadOnlyList<string> ParameterSetNames
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != AllSets)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return named.Count == 0 ? new[] { AllSets } : named;
        }
    }

    /// <summary>The parameters of one set, each with its binding for that set.</summary>
    public IEnumerable<(CmdletParameter Parameter, ParameterBinding Binding)> InSet(string set)
    {
        foreach (CmdletParameter p in Parameters)
        {
            ParameterBinding? b = p.Sets.FirstOrDefault(s => string.Equals(s.SetName, set, StringComparison.OrdinalIgnoreCase))
                ?? p.Sets.FirstOrDefault(s => s.SetName == AllSets);
            if (b is not null) yield return (p, b);
        }
    }

    public override string ToString() => $"{Name} ({Type.FullName})";
}

/// <summary>One MetadataLoadContext over the module for the whole test run.</summary>
public static class CmdletAssembly
{
    public const string Sma = "System.Management.Automation";
    private static readonly Lazy<Loaded> s_loaded = new(Load);

    public static ModuleFiles Files => ModuleFiles.Current;
    public static Assembly Assembly => s_loaded.Value.Assembly;
    public static Assembly Automation => s_loaded.Value.Automation;
    public static IReadOnlyList<CmdletInfo> Cmdlets => s_loaded.Value.Cmdlets;

    /// <summary>Every [Cmdlet]-attributed type, public or not (the naming test reports the non-public ones).</summary>
    public static IReadOnlyList<Type> CmdletTypes => s_loaded.Value.CmdletTypes;

    /// <summary>A type of the runtime core assembly, as the MetadataLoadContext sees it (System.String …).</summary>
    public static Type CoreType(string fullName) =>
        s_loaded.Value.Context.CoreAssembly!.GetType(fullName, throwOnError: true)!;

    public static CmdletInfo? Find(string name) =>
        Cmdlets.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    private sealed record Loaded(MetadataLoadContext Context, Assembly Assembly, Assembly Automation, IReadOnlyList<Type> CmdletTypes, IReadOnlyList<CmdletInfo> Cmdlets);

    private static Loaded Load()
    {
        ModuleFiles f = ModuleFiles.Current;
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // The runtime's own assemblies win: the module's netstandard polyfills (System.Memory …) are older copies.
        foreach (string path in Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            byName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        byName[Sma] = f.SystemManagementAutomation;
        foreach (string dir in f.ProbeDirectories.Where(Directory.Exists))
        {
            foreach (string path in Directory.EnumerateFiles(dir, "*.dll"))
            {
                byName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
        }

        byName["StarRocksBackup"] = f.CmdletAssembly;
        var context = new MetadataLoadContext(new PathAssemblyResolver(byName.Values));
        Assembly assembly = context.LoadFromAssemblyPath(f.CmdletAssembly);
        Assembly automation = context.LoadFromAssemblyName(Sma);
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            throw new InvalidOperationException(
                "StarRocksBackup.dll has types that cannot be resolved: " + string.Join("; ", e.LoaderExceptions.Select(x => x?.Message)), e);
        }

        var cmdletTypes = types.Where(t => Attribute(t, "CmdletAttribute") is not null).OrderBy(t => t.FullName).ToList();
        var cmdlets = cmdletTypes.Select(Read).ToList();
        return new Loaded(context, assembly, automation, cmdletTypes, cmdlets);
    }

    public static CustomAttributeData? Attribute(MemberInfo member, string smaName) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == $"{Sma}.{smaName}");

    public static IEnumerable<CustomAttributeData> Attributes(MemberInfo member, string smaName) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType.FullName == $"{Sma}.{smaName}");

    public static T? Named<T>(CustomAttributeData a, string name, T? fallback = default)
    {
        foreach (CustomAttributeNamedArgument n in a.NamedArguments)
        {
            if (n.MemberName == name) return (T?)n.TypedValue.Value;
        }

        return fallback;
    }

    /// <summary>Constructor arguments flattened (params arrays arrive as a collection of typed arguments).</summary>
    public static IEnumerable<object?> CtorValues(CustomAttributeData a)
    {
        foreach (CustomAttributeTypedArgument arg in a.ConstructorArguments)
        {
            if (arg.Value is IEnumerable<CustomAttributeTypedArgument> many)
            {
                foreach (CustomAttributeTypedArgument item in many) yield return item.Value;
            }
            else
            {
                yield return arg.Value;
            }
        }
    }

    private static CmdletInfo Read(Type t)
    {
        CustomAttributeData cmdlet = Attribute(t, "CmdletAttribute")!;
        var ctor = CtorValues(cmdlet).ToList();
        var outputs = new List<OutputTypeDeclaration>();
        foreach (CustomAttributeData o in Attributes(t, "OutputTypeAttribute"))
        {
            var sets = Named<IEnumerable<CustomAttributeTypedArgument>>(o, "ParameterSetName")?.Select(x => (string)x.Value!).ToList() ?? new List<string>();
            foreach (object? v in CtorValues(o))
            {
                outputs.Add(v is Type type ? new OutputTypeDeclaration(type, type.FullName, sets) : new OutputTypeDeclaration(null, v as string, sets));
            }
        }

        var parameters = new List<CmdletParameter>();
        foreach (PropertyInfo p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var sets = Attributes(p, "ParameterAttribute").Select(a => new ParameterBinding(
                Named<string>(a, "ParameterSetName") ?? CmdletInfo.AllSets,
                Named<bool>(a, "Mandatory"),
                Named<bool>(a, "ValueFromPipeline"),
                Named<bool>(a, "ValueFromPipelineByPropertyName"))).ToList();
            if (sets.Count == 0) continue;
            var aliases = Attributes(p, "AliasAttribute").SelectMany(CtorValues).OfType<string>().ToList();
            parameters.Add(new CmdletParameter(p, aliases, sets));
        }

        return new CmdletInfo(
            t, (string)ctor[0]!, (string)ctor[1]!,
            Named<bool>(cmdlet, "SupportsShouldProcess"),
            Named<int>(cmdlet, "ConfirmImpact", 2 /* ConfirmImpact.Medium, PowerShell's default */),
            Named<string>(cmdlet, "DefaultParameterSetName"),
            outputs, parameters);
    }
}
