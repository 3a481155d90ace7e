// The help checks must be able to fail: each test breaks a real page (Stop-SrJob, which has two
// parameter sets and ShouldProcess) in one way and expects the problem, naming cmdlet and parameter.
using Xunit;

using StarRocksBackup.HelpCompiler;

namespace StarRocksBackup.Module.Tests.Help;

public sealed class HelpCheckSelfTests
{
    private const string Cmdlet = "Stop-SrJob";

    private static CmdletInfo Info => CmdletAssembly.Find(Cmdlet) ?? throw new InvalidOperationException($"{Cmdlet} is not in the assembly");

    private static string Original => File.ReadAllText(Path.Combine(HelpMarkdownTests.DocsDir, Cmdlet + ".md"));

    private static List<string> AllProblems(string text)
    {
        HelpMarkdown doc = HelpMarkdown.Parse(Cmdlet + ".md", text);
        return HelpChecks.FrontMatter(Info, doc)
            .Concat(HelpChecks.Prose(Info, doc, 2))
            .Concat(HelpChecks.ParameterNames(Info, doc))
            .Concat(HelpChecks.ParameterMetadata(Info, doc))
            .Concat(HelpChecks.Syntax(Info, doc))
            .Concat(HelpChecks.Outputs(Info, doc))
            .ToList();
    }

    private static string Mutate(string from, string to)
    {
        string text = Original;
        Assert.Contains(from, text);
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    private static void AssertReported(string text, params string[] fragments)
    {
        List<string> problems = AllProblems(text);
        foreach (string fragment in fragments)
        {
            Assert.True(problems.Any(p => p.Contains(fragment, StringComparison.Ordinal)),
                $"expected a problem containing '{fragment}'; got:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }
    }

    [Fact]
    public void The_real_page_passes()
    {
        Assert.Empty(AllProblems(Original));
    }

    [Fact]
    public void A_missing_parameter_section_is_named()
    {
        int start = Original.IndexOf("### -Kind", StringComparison.Ordinal);
        int end = Original.IndexOf("### -PassThru", StringComparison.Ordinal);
        Assert.True(start > 0 && end > start);
        AssertReported(Original.Remove(start, end - start), "Stop-SrJob -Kind: not documented under PARAMETERS");
    }

    [Fact]
    public void A_parameter_that_does_not_exist_is_named()
    {
        AssertReported(Mutate("### CommonParameters", "### -Label\n\nThe label.\n\n```yaml\nType: System.String\n```\n\n### CommonParameters"),
            "Stop-SrJob -Label: documented under PARAMETERS but the cmdlet has no such parameter");
    }

    [Fact]
    public void A_wrong_mandatory_flag_in_the_yaml_is_named()
    {
        AssertReported(Mutate("- Name: InputObject\n  Position: 0\n  IsRequired: true", "- Name: InputObject\n  Position: 0\n  IsRequired: false"),
            "Stop-SrJob -InputObject (set InputObject): IsRequired is false, expected true");
    }

    [Fact]
    public void A_wrong_position_or_pipeline_flag_is_named()
    {
        AssertReported(Mutate("- Name: Database\n  Position: 0", "- Name: Database\n  Position: Named"),
            "Stop-SrJob -Database (set Database): Position is 'Named', expected '0'");
        AssertReported(Mutate("  ValueFromPipeline: true", "  ValueFromPipeline: false"),
            "Stop-SrJob -InputObject (set InputObject): ValueFromPipeline is false, expected true");
    }

    [Fact]
    public void A_syntax_block_that_shows_a_mandatory_parameter_as_optional_is_named()
    {
        AssertReported(Mutate("Stop-SrJob [-Database] <string[]>", "Stop-SrJob [[-Database] <string[]>]"),
            "Stop-SrJob (SYNTAX Database) -Database: wrong form");
    }

    [Fact]
    public void A_missing_syntax_block_and_a_misplaced_parameter_are_named()
    {
        AssertReported(Mutate("### Database\n", "### ByDatabase\n"), "SYNTAX has no block '### Database'", "SYNTAX block 'ByDatabase' names no parameter set");
        AssertReported(Mutate("[-PassThru] [-Connection <SrConnection>] [-WhatIf]", "[-Kind <SrJobKind>] [-PassThru] [-Connection <SrConnection>] [-WhatIf]"),
            "Stop-SrJob (SYNTAX InputObject) -Kind: shown, but not a parameter of this set");
    }

    [Fact]
    public void A_placeholder_synopsis_and_a_wrong_title_are_named()
    {
        string synopsis = HelpMarkdown.Parse(Cmdlet, Original).SectionText("SYNOPSIS");
        AssertReported(Mutate(synopsis, "{{ Fill in the Synopsis }}"), "Stop-SrJob: SYNOPSIS is empty or a placeholder");
        AssertReported(Mutate("title: Stop-SrJob", "title: Stop-SrJobs"), "Stop-SrJob: front matter 'title' is 'Stop-SrJobs'");
    }

    [Fact]
    public void An_undocumented_output_type_is_named()
    {
        AssertReported(Mutate("### StarRocksBackup.RestoreJobInfo", "### StarRocksBackup.RestoreJob"),
            "Stop-SrJob: [OutputType(StarRocksBackup.RestoreJobInfo)] is not documented under OUTPUTS");
    }

    [Fact]
    public void Too_few_examples_are_named()
    {
        int start = Original.IndexOf("### Example 2", StringComparison.Ordinal);
        int end = Original.IndexOf("## PARAMETERS", StringComparison.Ordinal);
        Assert.True(start > 0 && end > start);
        AssertReported(Original.Remove(start, end - start), "Stop-SrJob: 1 example(s) with a ```powershell code block, expected at least 2");
    }

    [Fact]
    public void Every_error_id_constant_is_read()
    {
        IReadOnlyList<string> ids = HelpMarkdownTests.ErrorIds();
        Assert.Contains("NotConnected", ids);
        Assert.Contains("OverwriteRefused", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
