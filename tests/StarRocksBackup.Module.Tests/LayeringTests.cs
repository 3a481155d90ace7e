// Layering (house-style §4.1, §5 items 3-5): the cmdlet assembly references only netstandard,
// System.Management.Automation and Core, and no Core (or third-party) type is visible in its public
// surface — PowerShell 7 hides types loaded in our AssemblyLoadContext, and Core must load only after
// the module initializer has installed the isolation.
using System.Reflection;
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Module.Tests;

public sealed class LayeringTests
{
    public LayeringTests(ITestOutputHelper output) => output.WriteLine("testing " + CmdletAssembly.Files.Provenance);

    private static readonly string[] s_visibleAssemblies = { "StarRocksBackup", "System.Management.Automation", "netstandard", "System.Private.CoreLib", "System.Runtime", "mscorlib" };

    [Fact]
    public void Cmdlet_assembly_references_only_netstandard_SMA_and_Core()
    {
        var refs = CmdletAssembly.Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var extra = refs.Where(r => !Contract.AllowedReferences.Contains(r, StringComparer.Ordinal)).ToList();
        Assert.True(extra.Count == 0,
            $"StarRocksBackup.dll references {string.Join(", ", extra)}; allowed: {string.Join(", ", Contract.AllowedReferences)} (move the dependency into Core)");
        Assert.Contains("System.Management.Automation", refs);
    }

    [Fact]
    public void No_Core_or_third_party_type_in_the_public_surface_of_the_cmdlet_assembly()
    {
        var v = new Violations();
        foreach (Type t in CmdletAssembly.Assembly.GetExportedTypes())
        {
            for (Type? b = t.BaseType; b is not null; b = b.BaseType)
            {
                Inspect(v, b, $"{t.FullName}: base type");
            }

            foreach (Type i in t.GetInterfaces()) Inspect(v, i, $"{t.FullName}: interface");
            InspectAttributes(v, t.GetCustomAttributesData(), t.FullName!);
            const BindingFlags publicSurface = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (PropertyInfo p in t.GetProperties(publicSurface))
            {
                Inspect(v, p.PropertyType, $"{t.FullName}.{p.Name}: property type");
                InspectAttributes(v, p.GetCustomAttributesData(), $"{t.FullName}.{p.Name}");
            }

            foreach (FieldInfo f in t.GetFields(publicSurface)) Inspect(v, f.FieldType, $"{t.FullName}.{f.Name}: field type");
            foreach (MethodBase m in t.GetMethods(publicSurface).Where(m => !m.IsSpecialName).Cast<MethodBase>().Concat(t.GetConstructors()))
            {
                if (m is MethodInfo mi) Inspect(v, mi.ReturnType, $"{t.FullName}.{m.Name}: return type");
                foreach (ParameterInfo pa in m.GetParameters()) Inspect(v, pa.ParameterType, $"{t.FullName}.{m.Name}({pa.Name}): parameter type");
            }
        }

        v.AssertNone("Core/third-party types in the cmdlet assembly's public surface");
    }

    [Fact]
    public void Cmdlet_parameters_and_attributes_use_no_Core_type()
    {
        // Also non-public cmdlet classes and inherited parameters (from the base class).
        var v = new Violations();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            foreach (CmdletParameter p in c.Parameters)
            {
                Inspect(v, p.Type, $"{c.Name} -{p.Name}: parameter type");
                InspectAttributes(v, p.Property.GetCustomAttributesData(), $"{c.Name} -{p.Name}");
            }

            InspectAttributes(v, c.Type.GetCustomAttributesData(), c.Name);
        }

        v.AssertNone("Core types in cmdlet signatures");
    }

    private static void InspectAttributes(Violations v, IEnumerable<CustomAttributeData> attributes, string where)
    {
        foreach (CustomAttributeData a in attributes)
        {
            Inspect(v, a.AttributeType, $"{where}: attribute [{a.AttributeType.Name}]");
            foreach (object? value in a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue)).SelectMany(Flatten))
            {
                if (value is Type type) Inspect(v, type, $"{where}: typeof() in [{a.AttributeType.Name}]");
            }
        }
    }

    private static IEnumerable<object?> Flatten(CustomAttributeTypedArgument arg) =>
        arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { arg.Value };

    private static void Inspect(Violations v, Type type, string where)
    {
        if (type.HasElementType)
        {
            Inspect(v, type.GetElementType()!, where);
            return;
        }

        if (type.IsGenericType)
        {
            foreach (Type g in type.GetGenericArguments()) Inspect(v, g, where);
        }

        if (type.IsGenericParameter) return;
        string asm = type.Assembly.GetName().Name!;
        bool visible = s_visibleAssemblies.Contains(asm) || asm.StartsWith("System.", StringComparison.Ordinal) && IsRuntimeAssembly(type.Assembly);
        v.Check(visible, $"{where} is {type.FullName} from {asm}");
    }

    private static bool IsRuntimeAssembly(Assembly a) =>
        a.Location.StartsWith(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), StringComparison.Ordinal);
}
