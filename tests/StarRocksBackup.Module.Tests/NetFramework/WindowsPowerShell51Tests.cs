// Windows PowerShell 5.1, as far as Linux allows: the assembled module read as metadata against the .NET Framework
// 4.7.2 reference assemblies (Microsoft.NETFramework.ReferenceAssemblies.net472) and System.Management.Automation 3.0
// (PowerShellStandard.Library), following how 5.1 binds (NetFx51LoadModel). Generic over whatever dependencies/ holds.
// Each check is also run on a deliberately broken input (SelfTests) to show it can fail.
using System.Reflection;
using StarRocksBackup.Module.Tests.NetFramework;
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Module.Tests;

public sealed class WindowsPowerShell51Tests(ITestOutputHelper output)
{
    internal static string FrameworkDirectory { get; } = Locate();

    internal static string Sma => ModuleFiles.Current.SystemManagementAutomation;

    private static string Locate()
    {
        string dir = typeof(WindowsPowerShell51Tests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "NetFramework472RefDir").Value!;
        if (!File.Exists(Path.Combine(dir, "mscorlib.dll")) || !File.Exists(Path.Combine(dir, "Facades", "netstandard.dll")))
        {
            throw new InvalidOperationException($".NET Framework 4.7.2 reference assemblies missing in {dir} (PackageReference Microsoft.NETFramework.ReferenceAssemblies.net472)");
        }

        return dir;
    }

    private static string Module => AssembledLayoutTests.Dir ?? throw new Xunit.Sdk.XunitException("out/StarRocksBackup/<version>/ is not assembled");

    /// <summary>5.1 loads the RootModule StarRocksBackup.dll; StarRocksBackup.Isolation.dll (net8.0) only on PowerShell 7.</summary>
    internal static NetFx51LoadModel ModuleModel(string moduleDir) => new(
        FrameworkDirectory, [Sma], [Path.Combine(moduleDir, "StarRocksBackup.dll")], Path.Combine(moduleDir, "dependencies"));

    [AssembledModuleFact]
    public void Every_assembly_the_module_loads_on_51_resolves()
    {
        NetFx51LoadModel model = ModuleModel(Module);
        var edges = NetFx51Closure.Walk(model, model.RootPaths.Concat(model.DependencyPaths));
        var v = new Violations();
        foreach (var e in edges.Where(e => !e.To.Resolved))
        {
            v.Add($"{e.From} -> {e.To.Requested.FullName}: {e.To.Why}");
        }

        foreach (var e in edges.Where(e => e.To.Source == LoadSource.Dependencies && e.To.Why.Contains("below", StringComparison.Ordinal)).DistinctBy(e => e.From + e.To.Requested.Name))
        {
            output.WriteLine($"note: {e.From} -> {e.To.Requested.Name} {e.To.Requested.Version}: {e.To.Why}");
        }

        output.WriteLine($"{edges.Count} references walked: " + string.Join(", ", edges.GroupBy(e => e.To.Source).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Contains(edges, e => e.From == "StarRocksBackup.dll" && e.To.Requested.Name == "StarRocksBackup.Core" && e.To.Source == LoadSource.Dependencies);
        v.AssertNone("assemblies Windows PowerShell 5.1 could not load");
    }

    [AssembledModuleFact]
    public void No_type_or_member_missing_from_net472_is_referenced()
    {
        NetFx51LoadModel model = ModuleModel(Module);
        // Shipped DLLs that the framework serves instead (its version is at least theirs) never load on 5.1.
        var checkedFiles = model.RootPaths.Concat(model.DependencyPaths
            .Where(p => !model.FrameworkShadows(NetFx51LoadModel.Identity(p).Name!, NetFx51LoadModel.Identity(p).Version!))).ToList();
        output.WriteLine("checked: " + string.Join(", ", checkedFiles.Select(Path.GetFileName)));
        Assert.Contains(checkedFiles, p => Path.GetFileName(p) == "StarRocksBackup.Core.dll");
        var result = NetFx51MemberCheck.Run(model, checkedFiles);
        output.WriteLine($"{result.MembersMatched} member references matched, {result.MembersSkipped} not checked (declared in the same assembly, or on arrays)");
        // Not vacuous: the module's assemblies call many thousands of framework and third-party members.
        Assert.True(result.MembersMatched > 5000, $"only {result.MembersMatched} member references were matched: the checker is not looking");
        var problems = result.Problems;
        Assert.True(problems.Count == 0, "APIs Windows PowerShell 5.1 (.NET Framework 4.7.2) does not have:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
    }

    [AssembledModuleFact]
    public void The_51_path_never_references_the_isolation_assembly()
    {
        // ModuleInitializer loads StarRocksBackup.Isolation.dll by path, and only when AssemblyLoadContext exists.
        var refs = NetFx51LoadModel.References(Path.Combine(Module, "StarRocksBackup.dll")).Select(r => r.Name).ToList();
        Assert.DoesNotContain("StarRocksBackup.Isolation", refs);
        foreach (string dep in Directory.GetFiles(Path.Combine(Module, "dependencies"), "*.dll"))
        {
            Assert.DoesNotContain("StarRocksBackup.Isolation", NetFx51LoadModel.References(dep).Select(r => r.Name));
        }
    }

    [AssembledModuleFact]
    public void Self_test_the_net8_isolation_assembly_fails_the_closure_check()
    {
        // A real bad input: the isolation assembly targets net8.0 and would not load on 5.1.
        NetFx51LoadModel model = ModuleModel(Module);
        var unresolved = NetFx51Closure.Walk(model, [Path.Combine(Module, "StarRocksBackup.Isolation.dll")]).Where(e => !e.To.Resolved).ToList();
        Assert.Contains(unresolved, e => e.To.Requested.Name == "System.Runtime" && e.To.Why.Contains("above", StringComparison.Ordinal));
    }

    [Fact]
    public void Self_test_a_dependency_missing_from_the_module_fails_the_closure_check()
    {
        using var work = new BadInputs();
        string ghost = work.Compile("Ghost", "public class Ghost { }", shipped: false);
        work.Compile("UsesGhost", "public class User { public Ghost G; }", ghost);
        var unresolved = NetFx51Closure.Walk(work.Model, work.Model.DependencyPaths).Where(e => !e.To.Resolved).ToList();
        Assert.Single(unresolved);
        Assert.Equal("Ghost", unresolved[0].To.Requested.Name);
    }

    [Fact]
    public void Self_test_a_framework_assembly_newer_than_net472s_fails_the_closure_check()
    {
        using var work = new BadInputs();
        string runtime = work.Compile("System.Runtime", "[assembly: System.Reflection.AssemblyVersion(\"9.0.0.0\")] public class Thing { }", shipped: false);
        work.Compile("UsesNewRuntime", "public class User { public Thing T; }", runtime);
        var edge = NetFx51Closure.Walk(work.Model, work.Model.DependencyPaths).Single(e => e.To.Requested.Name == "System.Runtime");
        Assert.False(edge.To.Resolved);
        Assert.Contains("above the", edge.To.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_test_an_API_net472_lacks_fails_the_member_check_and_forwarded_ones_pass()
    {
        using var work = new BadInputs();
        // A stand-in for netstandard 2.0 with one real member, one member and one type .NET Framework 4.7.2 lacks.
        string fake = work.Compile("netstandard", """
            [assembly: System.Reflection.AssemblyVersion("2.0.0.0")]
            namespace System.Text { public sealed class StringBuilder { public StringBuilder Append(string s) => this; public StringBuilder AppendNewFeature(int x) => this; } }
            namespace System.Runtime.Loader { public class AssemblyLoadContext { public AssemblyLoadContext(string name, bool isCollectible) { } } }
            """, shipped: false);
        work.Compile("UsesNewApis", """
            extern alias fake;
            public static class User
            {
                public static void Run()
                {
                    var sb = new fake::System.Text.StringBuilder();
                    sb.Append("kept");
                    sb.AppendNewFeature(1);
                    new fake::System.Runtime.Loader.AssemblyLoadContext("x", false);
                }
            }
            """, fake, alias: "fake");
        var problems = NetFx51MemberCheck.Check(work.Model, work.Model.DependencyPaths);
        Assert.Contains(problems, p => p.Contains("System.Text.StringBuilder::AppendNewFeature", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("type System.Runtime.Loader.AssemblyLoadContext", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("::Append<", StringComparison.Ordinal) || p.Contains("::.ctor", StringComparison.Ordinal) && p.Contains("StringBuilder", StringComparison.Ordinal));
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Self_test_a_shipped_dependency_older_than_compiled_against_fails_the_member_check()
    {
        using var work = new BadInputs();
        string v2 = work.Compile("Lib", "[assembly: System.Reflection.AssemblyVersion(\"2.0.0.0\")] public class Api { public static void Old() { } public static int New(string s) => 0; }", shipped: false, subdirectory: "v2");
        work.Compile("Lib", "[assembly: System.Reflection.AssemblyVersion(\"1.0.0.0\")] public class Api { public static void Old() { } }");
        work.Compile("UsesLib", "public static class User { public static void Run() { Api.Old(); Api.New(\"x\"); } }", v2);
        var problems = NetFx51MemberCheck.Check(work.Model, work.Model.DependencyPaths);
        Assert.Single(problems);
        Assert.Contains("Api::New<0>(System.String) : System.Int32", problems[0], StringComparison.Ordinal);
        Assert.Contains(NetFx51Closure.Walk(work.Model, work.Model.DependencyPaths), e => e.To.Requested.Name == "Lib" && e.To.Why.Contains("below", StringComparison.Ordinal));
    }
}
