// Malformed pages: the compiler refuses them, names the file and says what is wrong (every problem, not the first),
// and writes nothing. Each test breaks a small valid page in one way.
using StarRocksBackup.HelpCompiler;
using Xunit;

namespace StarRocksBackup.Module.Tests.Help;

public sealed class HelpCompilerErrorTests
{
    private const string Valid = """
        ---
        document type: cmdlet
        external help file: StarRocksBackup.dll-Help.xml
        Module Name: StarRocksBackup
        title: Get-SrThing
        ---

        # Get-SrThing

        ## SYNOPSIS

        Gets things.

        ## SYNTAX

        ### __AllParameterSets

        ```
        Get-SrThing [[-Name] <string>] [<CommonParameters>]
        ```

        ## DESCRIPTION

        Gets the things.

        ## EXAMPLES

        ### Example 1 - All

        ```powershell
        Get-SrThing
        ```

        Every thing.

        ## PARAMETERS

        ### -Name

        The name.

        ```yaml
        Type: System.String
        DefaultValue: ''
        SupportsWildcards: true
        Aliases: []
        ParameterSets:
        - Name: (All)
          Position: 0
          IsRequired: false
          ValueFromPipeline: true
          ValueFromPipelineByPropertyName: false
        ```

        ## INPUTS

        ### System.String

        A name.

        ## OUTPUTS

        ### System.Object

        A thing.

        ## NOTES

        None.

        ## RELATED LINKS

        - [Get-SrDatabase](Get-SrDatabase.md)
        """;

    private static string Break(string from, string to)
    {
        Assert.Contains(from, Valid, StringComparison.Ordinal);
        return Valid.Replace(from, to, StringComparison.Ordinal);
    }

    private static HelpFormatException Refused(string text) =>
        Assert.Throws<HelpFormatException>(() => CommandHelpReader.Read("Get-SrThing.md", text));

    [Fact]
    public void The_valid_page_compiles()
    {
        CommandHelp help = CommandHelpReader.Read("Get-SrThing.md", Valid);
        Assert.Equal("Gets things.", help.Synopsis);
        ParameterHelp name = Assert.Single(help.Parameters);
        Assert.True(name.Globbing);
        Assert.Equal(new[] { "Name" }, Assert.Single(help.Syntax).ParameterNames);
        Assert.Equal("Get-SrDatabase", Assert.Single(help.Links).Text);
    }

    [Theory]
    [InlineData("## SYNOPSIS\n\nGets things.", "## SYNOPSIS\n", "## SYNOPSIS is missing or empty")]
    [InlineData("## DESCRIPTION\n\nGets the things.", "## DESCRIPTION\n", "## DESCRIPTION is missing or empty")]
    [InlineData("# Get-SrThing\n", "# Get SrThing\n", "is not a cmdlet name")]
    [InlineData("title: Get-SrThing", "title: Get-SrOther", "front matter title 'Get-SrOther' differs from the H1 title 'Get-SrThing'")]
    [InlineData("document type: cmdlet", "document type: widget", "'document type' is 'widget', expected 'cmdlet'")]
    [InlineData("```powershell\nGet-SrThing\n```", "Get-SrThing", "EXAMPLES 'Example 1 - All': no ```powershell code block")]
    [InlineData("Type: System.String\n", "", "-Name: the yaml block has no 'Type:'")]
    [InlineData("ParameterSets:\n- Name: (All)", "ParameterSets:\n- Nom: (All)", "-Name: the yaml block has no 'ParameterSets:' entry")]
    [InlineData("The name.\n", "", "-Name: no description above its yaml block")]
    [InlineData("[[-Name] <string>]", "[[-Name] <string>] [-Force]", "SYNTAX '__AllParameterSets': -Force is not documented under PARAMETERS")]
    [InlineData("```\nGet-SrThing [[-Name]", "```\nGet-Other [[-Name]", "SYNTAX '__AllParameterSets': needs a code block starting with 'Get-SrThing'")]
    public void A_broken_page_is_refused_with_what_to_fix(string from, string to, string expected)
    {
        HelpFormatException e = Refused(Break(from, to));
        Assert.Equal("Get-SrThing.md", e.Path);
        Assert.Contains(e.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unclosed_code_block_is_reported_with_its_line()
    {
        string text = Valid.Substring(0, Valid.LastIndexOf("```", StringComparison.Ordinal));
        int line = text.Split('\n').ToList().FindLastIndex(l => l.TrimStart().StartsWith("```yaml", StringComparison.Ordinal)) + 1;
        HelpFormatException e = Refused(text + "\n## INPUTS\n");
        Assert.Contains($"line {line}: the code block opened with ``` is never closed", e.Problems);
    }

    [Fact]
    public void Every_problem_of_a_page_is_reported_at_once()
    {
        HelpFormatException e = Refused(Break("## SYNOPSIS\n\nGets things.", "## SYNOPSIS\n").Replace("The name.\n", string.Empty, StringComparison.Ordinal));
        Assert.Equal(2, e.Problems.Count);
        Assert.Contains("SYNOPSIS", e.Message, StringComparison.Ordinal);
        Assert.Contains("-Name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_about_topic_is_refused()
    {
        HelpFormatException e = Assert.Throws<HelpFormatException>(() =>
            AboutTopicWriter.Convert("about_X.md", "# about_Y\n\n## Long description\n\nText.\n"));
        Assert.Contains(e.Problems, p => p.Contains("does not match the file name 'about_X'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'## Short description'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_with_a_broken_page_fails_as_a_whole_and_the_command_line_exits_1_writing_nothing()
    {
        string root = Path.Combine(Path.GetTempPath(), "srb-helpdocs-" + Guid.NewGuid().ToString("N"));
        string docs = Path.Combine(root, "docs");
        string output = Path.Combine(root, "out");
        try
        {
            Directory.CreateDirectory(docs);
            File.WriteAllText(Path.Combine(docs, "Get-SrThing.md"), Valid);
            File.WriteAllText(Path.Combine(docs, "Get-SrOther.md"), Valid.Replace("Get-SrThing", "Get-SrOther", StringComparison.Ordinal).Replace("Gets things.", "", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(docs, "about_Thing.md"), "# about_Thing\n\n## Short description\n\nS.\n\n## Long description\n\nL.\n");

            HelpCompilationException e = Assert.Throws<HelpCompilationException>(() => HelpCompilation.Compile(docs));
            HelpFormatException page = Assert.Single(e.Pages);
            Assert.EndsWith("Get-SrOther.md", page.Path, StringComparison.Ordinal);

            TextWriter error = Console.Error;
            var captured = new StringWriter();
            Console.SetError(captured);
            int exit;
            try { exit = Program.Main(new[] { "--docs", docs, "--out", output }); }
            finally { Console.SetError(error); }
            Assert.Equal(1, exit);
            Assert.Contains("Get-SrOther.md : error SRHELP001: ## SYNOPSIS is missing or empty", captured.ToString(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(output));

            File.Delete(Path.Combine(docs, "Get-SrOther.md"));
            Assert.Equal(0, Program.Main(new[] { "--docs", docs, "--out", output }));
            Assert.True(File.Exists(Path.Combine(output, "StarRocksBackup.dll-Help.xml")));
            Assert.StartsWith("TOPIC\n    about_Thing\n", File.ReadAllText(Path.Combine(output, "about_Thing.help.txt")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Pages_naming_different_help_files_are_refused()
    {
        string docs = Path.Combine(Path.GetTempPath(), "srb-helpdocs-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(docs);
            File.WriteAllText(Path.Combine(docs, "Get-SrThing.md"), Valid);
            File.WriteAllText(Path.Combine(docs, "Get-SrOther.md"), Valid.Replace("Get-SrThing", "Get-SrOther", StringComparison.Ordinal)
                .Replace("StarRocksBackup.dll-Help.xml", "Other.dll-Help.xml", StringComparison.Ordinal));
            HelpCompilationException e = Assert.Throws<HelpCompilationException>(() => HelpCompilation.Compile(docs));
            Assert.Contains("must all name the same 'external help file'", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(docs, recursive: true);
        }
    }
}
