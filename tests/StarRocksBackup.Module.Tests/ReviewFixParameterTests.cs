// Parameters added by the review fixes: each one must exist with the right type, validation and binding, or the
// behaviour behind it (system databases out of pipelines, temp partitions, multi-database backups, bounded and
// stall-aware waits) cannot be reached from PowerShell.
using System.Reflection;
using Xunit;

namespace StarRocksBackup.Module.Tests;

public sealed class ReviewFixParameterTests
{
    private static CmdletParameter Param(string cmdlet, string name)
    {
        CmdletInfo c = CmdletAssembly.Find(cmdlet) ?? throw new Xunit.Sdk.XunitException($"{cmdlet} does not exist");
        return c.Parameters.SingleOrDefault(p => p.Name == name)
               ?? throw new Xunit.Sdk.XunitException($"{cmdlet} has no -{name}; parameters: {string.Join(", ", c.Parameters.Select(p => p.Name))}");
    }

    private static (long Min, long Max)? Range(CmdletParameter p)
    {
        CustomAttributeData? a = p.Property.GetCustomAttributesData()
            .SingleOrDefault(x => x.AttributeType.FullName == "System.Management.Automation.ValidateRangeAttribute");
        return a is null ? null : (Convert.ToInt64(a.ConstructorArguments[0].Value), Convert.ToInt64(a.ConstructorArguments[1].Value));
    }

    [Theory]
    [InlineData("Get-SrDatabase", "IncludeSystem")]
    [InlineData("Get-SrPartition", "IncludeTemporary")]
    public void Opt_in_switches_exist(string cmdlet, string name)
    {
        CmdletParameter p = Param(cmdlet, name);
        Assert.Equal("System.Management.Automation.SwitchParameter", p.Type.FullName);
        Assert.All(p.Sets, s => Assert.False(s.Mandatory));
    }

    [Fact]
    public void Start_SrBackup_takes_several_databases_on_the_command_line_and_any_object_from_the_pipeline()
    {
        // -Database is not pipeline-bound (string coercion would make any piped object a database name); piped names and
        // objects go to -InputObject, which reads Database/Table/Partition/View/MaterializedView/Function/ExternalCatalog by name.
        CmdletParameter db = Param("Start-SrBackup", "Database");
        Assert.Equal("System.String[]", db.Type.FullName);
        Assert.Contains(db.Sets, s => s.Mandatory && s.SetName == "Database");
        Assert.All(db.Sets, s => Assert.False(s.FromPipeline || s.FromPipelineByPropertyName));
        CmdletParameter input = Param("Start-SrBackup", "InputObject");
        Assert.Equal("System.Management.Automation.PSObject", input.Type.FullName);
        Assert.Contains(input.Sets, s => s.FromPipeline && s.Mandatory);
    }

    [Theory]
    [InlineData("Wait-SrJob", "StallTimeoutSeconds")]
    [InlineData("Wait-SrJob", "TimeoutSeconds")]
    [InlineData("Start-SrBackup", "WaitTimeoutSeconds")]
    [InlineData("Restore-SrSnapshot", "WaitTimeoutSeconds")]
    public void Wait_limits_are_positive_whole_seconds(string cmdlet, string name)
    {
        CmdletParameter p = Param(cmdlet, name);
        Assert.Equal("System.Int32", p.Type.FullName);
        Assert.Equal((1L, (long)int.MaxValue), Range(p));
        Assert.All(p.Sets, s => Assert.False(s.Mandatory || s.FromPipeline || s.FromPipelineByPropertyName));
    }
}
