// The isolation bridge is wired by name at run time (ModuleInitializer loads StarRocksBackup.Isolation.dll
// by path and calls DependencyIsolation.Register(string) by reflection), so nothing at compile time
// proves it. These checks do, statically: a rename on either side fails here instead of at Import-Module.
using System.Reflection;
using Xunit;

namespace StarRocksBackup.Module.Tests;

public sealed class ModuleInitializerTests
{
    private static Type? Initializer() =>
        CmdletAssembly.Assembly.GetExportedTypes().SingleOrDefault(t =>
            t.GetInterfaces().Any(i => i.FullName == "System.Management.Automation.IModuleAssemblyInitializer"));

    [Fact]
    public void Cmdlet_assembly_has_one_public_module_initializer_that_also_cleans_up()
    {
        Type? init = Initializer();
        Assert.True(init is not null, "no public IModuleAssemblyInitializer in StarRocksBackup.dll: PowerShell would never install the dependency isolation");
        Assert.Contains(init!.GetInterfaces(), i => i.FullName == "System.Management.Automation.IModuleAssemblyCleanup");
        Assert.True(init.GetConstructor(Type.EmptyTypes) is not null, $"{init.FullName} needs a public parameterless constructor (PowerShell creates it)");
    }

    [Fact]
    public void Module_initializer_touches_no_Core_type_in_its_fields_or_signatures()
    {
        // Anything Core-typed in the initializer's fields would load Core into the default context
        // before OnImport has registered the isolation (house-style §4.1, daxian scenario 2).
        Type init = Initializer() ?? throw new Xunit.Sdk.XunitException("no module initializer");
        var v = new Violations();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (FieldInfo f in init.GetFields(all)) v.Check(!IsCore(f.FieldType), $"{init.Name}.{f.Name} is {f.FieldType.FullName}");
        foreach (PropertyInfo p in init.GetProperties(all)) v.Check(!IsCore(p.PropertyType), $"{init.Name}.{p.Name} is {p.PropertyType.FullName}");
        foreach (MethodInfo m in init.GetMethods(all))
        {
            v.Check(!IsCore(m.ReturnType), $"{init.Name}.{m.Name} returns {m.ReturnType.FullName}");
            foreach (ParameterInfo pa in m.GetParameters()) v.Check(!IsCore(pa.ParameterType), $"{init.Name}.{m.Name}({pa.Name}) is {pa.ParameterType.FullName}");
        }

        v.AssertNone("Core types reachable from the module initializer");
    }

    [AssembledModuleFact]
    public void Isolation_assembly_exposes_the_Register_entry_point_the_initializer_calls()
    {
        string dir = AssembledLayoutTests.Dir ?? throw new Xunit.Sdk.XunitException("out/ is not assembled");
        using var mlc = new MetadataLoadContext(new PathAssemblyResolver(
            Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")));
        Assembly isolation = mlc.LoadFromAssemblyPath(Path.Combine(dir, "StarRocksBackup.Isolation.dll"));
        Type? type = isolation.GetType("StarRocksBackup.Isolation.DependencyIsolation");
        Assert.True(type is not null && type.IsPublic && type.IsAbstract && type.IsSealed,
            "StarRocksBackup.Isolation.DependencyIsolation must be a public static class (ModuleInitializer finds it by name)");
        MethodInfo[] register = type!.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == "Register").ToArray();
        Assert.True(register.Length == 1, $"expected exactly one public static Register, found {register.Length} (GetMethod(\"Register\") would be ambiguous or null)");
        ParameterInfo[] ps = register[0].GetParameters();
        Assert.True(ps.Length == 1 && ps[0].ParameterType.FullName == "System.String",
            "Register must take exactly one string (the dependencies directory): the initializer invokes it with new object[] { dir }");
        var refs = isolation.GetReferencedAssemblies().Select(r => r.Name!).Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "netstandard" && n != "mscorlib").ToList();
        Assert.True(refs.Count == 0, "the isolation assembly must reference only the framework: " + string.Join(", ", refs));
    }

    private static bool IsCore(Type t)
    {
        if (t.HasElementType) return IsCore(t.GetElementType()!);
        if (t.IsGenericType && t.GetGenericArguments().Any(IsCore)) return true;
        return !t.IsGenericParameter && t.Assembly.GetName().Name == "StarRocksBackup.Core";
    }
}
