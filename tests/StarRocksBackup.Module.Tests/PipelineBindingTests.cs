// Issue 3: "Get-SrPartition | Start-SrBackup | Wait-SrJob" and "Get-SrSnapshot | Restore-SrSnapshot | Wait-SrJob"
// must bind. Computed statically (PipelineBinder) so a renamed property or a dropped alias fails here,
// long before a runbook at 3 a.m.
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Module.Tests;

public sealed class PipelineBindingTests
{
    private readonly ITestOutputHelper _output;

    public PipelineBindingTests(ITestOutputHelper output)
    {
        _output = output;
        output.WriteLine("testing " + CmdletAssembly.Files.Provenance);
    }

    public static TheoryData<string> Pipelines()
    {
        var data = new TheoryData<string>();
        foreach (PipelineStep[] p in Contract.Pipelines) data.Add(Key(p));
        foreach (PipelineStep[] p in Contract.OptionalPipelines.Where(p => p.All(s => CmdletAssembly.Find(s.Cmdlet) is not null)))
        {
            data.Add(Key(p));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Pipeline_binds(string pipeline)
    {
        PipelineStep[] steps = Contract.Pipelines.Concat(Contract.OptionalPipelines).Single(p => Key(p) == pipeline);
        var v = new Violations();
        for (int i = 1; i < steps.Length; i++)
        {
            CmdletInfo? up = CmdletAssembly.Find(steps[i - 1].Cmdlet);
            CmdletInfo? down = CmdletAssembly.Find(steps[i].Cmdlet);
            if (up is null || down is null)
            {
                v.Add($"{steps[i - 1]} | {steps[i]}: {(up is null ? steps[i - 1].Cmdlet : steps[i].Cmdlet)} does not exist");
                continue;
            }

            // Outputs tied to a parameter set the pipeline does not use (e.g. -Wait variants) may differ;
            // the set-independent outputs, or else all of them, are what flows downstream.
            var outputs = up.OutputTypes.Where(o => o.Type is not null).ToList();
            var general = outputs.Where(o => o.ParameterSets.Count == 0).ToList();
            var flowing = general.Count > 0 ? general : outputs;
            if (flowing.Count == 0)
            {
                v.Add($"{up}: declares no [OutputType], so nothing can be proved to bind to {down.Name}");
                continue;
            }

            foreach (OutputTypeDeclaration o in flowing)
            {
                BindingResult r = PipelineBinder.Bind(o.Type!, down, steps[i].CommandLineParameters);
                _output.WriteLine($"{up.Name} [{o.Type!.Name}] | {steps[i]}: {(r.Bound ? "binds: " : "FAILS: ")}{r.Explanation}");
                v.Check(r.Bound, $"{up.Name} outputs {o.Type!.FullName}, which does not bind to {steps[i]}: {r.Explanation}");
            }
        }

        v.AssertNone($"pipeline '{pipeline}' does not bind");
    }

    private static string Key(PipelineStep[] steps) => string.Join(" | ", steps.Select(s => s.Cmdlet));

    [Fact]
    public void Wait_SrJob_accepts_both_backup_and_restore_jobs()
    {
        CmdletInfo wait = CmdletAssembly.Find("Wait-SrJob") ?? throw new Xunit.Sdk.XunitException("Wait-SrJob does not exist");
        var v = new Violations();
        foreach (string producer in new[] { "Get-SrBackupJob", "Get-SrRestoreJob", "Start-SrBackup", "Restore-SrSnapshot" })
        {
            CmdletInfo? c = CmdletAssembly.Find(producer);
            if (c is null)
            {
                v.Add($"{producer} does not exist");
                continue;
            }

            foreach (OutputTypeDeclaration o in c.OutputTypes.Where(o => o.Type is not null && o.ParameterSets.Count == 0))
            {
                BindingResult r = PipelineBinder.Bind(o.Type!, wait, Array.Empty<string>());
                v.Check(r.Bound, $"{producer} outputs {o.Type!.FullName}, which does not bind to Wait-SrJob: {r.Explanation}");
            }
        }

        v.AssertNone("job producers that cannot feed Wait-SrJob");
    }

    [Fact]
    public void Pipeline_parameters_shared_names_follow_the_architecture_contract()
    {
        // docs/ARCHITECTURE.md: output types share these property names so binding is by name.
        string[] shared = { "Database", "Table", "Partition", "Repository", "Snapshot", "Timestamp", "Label", "JobId", "State" };
        var v = new Violations();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            foreach (CmdletParameter p in c.Parameters.Where(p => p.Sets.Any(s => s.FromPipelineByPropertyName)))
            {
                bool matches = shared.Any(p.AnswersTo) || p.Aliases.Any(a => shared.Contains(a, StringComparer.OrdinalIgnoreCase))
                    || p.AnswersTo("Name") || p.AnswersTo("Connection") || p.AnswersTo("Path") || p.AnswersTo("LiteralPath");
                if (!matches)
                {
                    _output.WriteLine($"note: {c.Name} -{p.Name} binds by property name but is not one of the shared names");
                }
            }
        }

        // The binder must itself be able to fail: a type without any shared property binds to nothing.
        CmdletInfo? wait = CmdletAssembly.Find("Wait-SrJob");
        if (wait is not null)
        {
            Type obj = CmdletAssembly.Automation.GetType("System.Management.Automation.PSCredential")!;
            BindingResult r = PipelineBinder.Bind(obj, wait, Array.Empty<string>());
            v.Check(!r.Bound, $"a PSCredential bound to Wait-SrJob ({r.Explanation}): Wait-SrJob accepts anything from the pipeline");
        }

        v.AssertNone("pipeline contract");
    }
}
