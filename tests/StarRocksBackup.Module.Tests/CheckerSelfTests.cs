// The checkers themselves: each must be able to fail, or the checks built on them prove nothing.
using Xunit;

namespace StarRocksBackup.Module.Tests;

public sealed class CheckerSelfTests
{
    private static Type Sma(string name) => CmdletAssembly.Automation.GetType("System.Management.Automation." + name, throwOnError: true)!;

    [Fact]
    public void Property_conversion_follows_PowerShell_for_the_cases_we_rely_on()
    {
        Type str = CmdletAssembly.CoreType("System.String");
        Type i32 = CmdletAssembly.CoreType("System.Int32");
        Type i64 = CmdletAssembly.CoreType("System.Int64");
        Type strArray = str.MakeArrayType();
        Type cred = Sma("PSCredential");
        Assert.True(PipelineBinder.PropertyConverts(str, str));
        Assert.True(PipelineBinder.PropertyConverts(str, strArray), "a scalar binds to an array parameter");
        Assert.True(PipelineBinder.PropertyConverts(i64, i32), "numeric to numeric converts");
        Assert.True(PipelineBinder.PropertyConverts(i32, str), "anything converts to string");
        Assert.False(PipelineBinder.PropertyConverts(cred, i32));
        Assert.False(PipelineBinder.PropertyConverts(str, cred));
    }

    [Fact]
    public void Whole_object_binding_needs_an_assignable_type()
    {
        Type str = CmdletAssembly.CoreType("System.String");
        Type obj = CmdletAssembly.CoreType("System.Object");
        Type cred = Sma("PSCredential");
        Assert.True(PipelineBinder.ValueFits(cred, obj));
        Assert.True(PipelineBinder.ValueFits(cred, cred.MakeArrayType()));
        Assert.False(PipelineBinder.ValueFits(cred, str), "no string coercion for ValueFromPipeline (it would bind anything)");
    }

    [Fact]
    public void Binding_fails_when_a_mandatory_parameter_stays_unbound()
    {
        CmdletInfo start = CmdletAssembly.Find("Start-SrBackup") ?? throw new Xunit.Sdk.XunitException("Start-SrBackup does not exist");
        CmdletInfo partitions = CmdletAssembly.Find("Get-SrPartition") ?? throw new Xunit.Sdk.XunitException("Get-SrPartition does not exist");
        Type partition = partitions.OutputTypes.First(o => o.Type is not null).Type!;
        // Without -Repository on the command line the mandatory -Repository is unbound.
        BindingResult r = PipelineBinder.Bind(partition, start, Array.Empty<string>());
        Assert.False(r.Bound, r.Explanation);
        Assert.Contains("-Repository", r.Explanation);
        Assert.True(PipelineBinder.Bind(partition, start, new[] { "Repository" }).Bound);
    }

    [Fact]
    public void Manifest_lists_parse_in_every_layout()
    {
        string path = Path.Combine(Path.GetTempPath(), $"srb-{Guid.NewGuid():N}.psd1");
        File.WriteAllText(path, """
            @{
                # CmdletsToExport = '*'
                <# FunctionsToExport = '*' #>
                ModuleVersion = '1.2.3'
                CmdletsToExport = @(
                    'Get-A'
                    "Get-B"
                )
                AliasesToExport = 'x',
                    'y'
                FunctionsToExport = @()
            }
            """);
        try
        {
            var m = new ManifestText(path);
            Assert.Equal(new[] { "Get-A", "Get-B" }, m.List("CmdletsToExport"));
            Assert.Equal(new[] { "x", "y" }, m.List("AliasesToExport"));
            Assert.Empty(m.List("FunctionsToExport")!);
            Assert.Null(m.List("VariablesToExport"));
            Assert.Equal("1.2.3", m.Scalar("ModuleVersion"));
            Assert.Equal("1.2.3", ModuleFiles.ReadModuleVersion(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
