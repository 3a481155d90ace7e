// The rules of the 5.1 resolver (src/StarRocksBackup/Internal/DependencyResolutionPolicy.cs, compiled into this
// project): which AssemblyResolve requests the module answers from dependencies/ when another module's copy of the
// same library is around. What the CLR does before the event is raised is documented in docs/ARCHITECTURE.md.
using StarRocksBackup.Internal;
using Xunit;

namespace StarRocksBackup.Module.Tests;

public sealed class ResolverPolicyTests
{
    private static readonly string Module = Path.Combine(Path.GetTempPath(), "Modules", "StarRocksBackup", "0.1.0");
    private static readonly string Deps = Path.Combine(Module, "dependencies");
    private static readonly string OurCore = Path.Combine(Deps, "StarRocksBackup.Core.dll");
    private static readonly string OurRoot = Path.Combine(Module, "StarRocksBackup.dll");
    private static readonly string OtherModule = Path.Combine(Path.GetTempPath(), "Modules", "AWS.Tools.Common", "4.1.0", "AWS.Tools.Common.dll");

    private static readonly Dictionary<string, DependencyResolutionPolicy.Shipped> Shipped = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AWSSDK.Core"] = new(Path.Combine(Deps, "AWSSDK.Core.dll"), new Version(4, 0, 0, 0)),
        ["YamlDotNet"] = new(Path.Combine(Deps, "YamlDotNet.dll"), new Version(16, 0, 0, 0)),
        ["System.Memory"] = new(Path.Combine(Deps, "System.Memory.dll"), new Version(4, 0, 1, 2)),
        ["StarRocksBackup.Core"] = new(OurCore, new Version(0, 1, 0, 0)),
    };

    private static DependencyResolutionPolicy.Decision Decide(string name, string? requester) =>
        DependencyResolutionPolicy.Decide(name, requester, Module, Shipped);

    [Fact]
    public void Our_core_gets_our_AWSSDK_even_when_another_modules_older_one_is_loaded()
    {
        // AWS.Tools loaded AWSSDK.Core 3.3.0.0 first; strong names differ, so 4.0.0.0 loads beside it.
        var d = Decide("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=885c28607f98e604", OurCore);
        Assert.Equal(Shipped["AWSSDK.Core"].Path, d.Path);
    }

    [Fact]
    public void Another_modules_request_is_never_answered_with_our_copy()
    {
        // powershell-yaml asks for YamlDotNet 11 and could not find it: handing it our 16 would break it silently.
        var d = Decide("YamlDotNet, Version=11.0.0.0, Culture=neutral, PublicKeyToken=ec19458f3c15af5e", OtherModule);
        Assert.Null(d.Path);
        Assert.Contains("not part of this module", d.Reason, StringComparison.Ordinal);
        Assert.Null(Decide("AWSSDK.Core, Version=3.3.0.0", OtherModule).Path);
    }

    [Fact]
    public void Our_polyfill_references_at_other_versions_get_our_single_copy()
    {
        // The binding-redirect stand-in: System.Memory referenced at 4.0.1.1 and 4.0.1.2 by different packages.
        Assert.Equal(Shipped["System.Memory"].Path, Decide("System.Memory, Version=4.0.1.1, PublicKeyToken=cc7b13ffcd2ddd51", OurCore).Path);
        Assert.Equal(Shipped["System.Memory"].Path, Decide("system.memory, Version=4.0.1.2", Shipped["AWSSDK.Core"].Path).Path);
        Assert.Equal(OurCore, Decide("StarRocksBackup.Core, Version=0.1.0.0", OurRoot).Path);
    }

    [Fact]
    public void Requests_without_a_requester_are_answered_only_when_our_copy_is_new_enough()
    {
        Assert.Equal(Shipped["AWSSDK.Core"].Path, Decide("AWSSDK.Core, Version=3.3.0.0", null).Path);
        var newer = Decide("AWSSDK.Core, Version=5.0.0.0", null);
        Assert.Null(newer.Path);
        Assert.Contains("newer", newer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_we_do_not_ship_are_left_alone()
    {
        Assert.Null(Decide("Newtonsoft.Json, Version=13.0.0.0", OurCore).Path);
        Assert.Null(Decide("System.Management.Automation, Version=3.0.0.0", OurRoot).Path);
    }

    [Fact]
    public void A_sibling_folder_with_a_similar_name_is_not_part_of_the_module()
    {
        string lookalike = Path.Combine(Path.GetTempPath(), "Modules", "StarRocksBackup", "0.1.0-other", "x.dll");
        Assert.Null(Decide("AWSSDK.Core, Version=4.0.0.0", lookalike).Path);
    }
}
