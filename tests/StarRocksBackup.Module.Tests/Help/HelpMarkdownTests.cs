// The module's help (docs/en-US, Microsoft.PowerShell.PlatyPS 1.x markdown) against the cmdlet assembly
// read with MetadataLoadContext: every [Cmdlet] has a page whose title, parameters, parameter sets,
// positions and pipeline bindings match the code; prose is real; the module page and the about topic
// are complete. House style §4.10 asks for this help test; pwsh is not needed because the markdown is
// the source build/StarRocksBackup.HelpCompiler turns into StarRocksBackup.dll-Help.xml (HelpCompilerTests).
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

using StarRocksBackup.HelpCompiler;

namespace StarRocksBackup.Module.Tests.Help;

public sealed class HelpMarkdownTests
{
    /// <summary>Runbook users need more than one way to call a cmdlet; two examples is the floor.</summary>
    private const int MinimumExamples = 2;

    public HelpMarkdownTests(ITestOutputHelper output) => output.WriteLine("testing " + CmdletAssembly.Files.Provenance + " against " + DocsDir);

    public static string DocsDir => Path.Combine(CmdletAssembly.Files.RepoRoot, "docs", "en-US");

    private static string PathOf(CmdletInfo c) => Path.Combine(DocsDir, c.Name + ".md");

    [Fact]
    public void The_assembly_has_cmdlets_to_document()
    {
        Assert.True(CmdletAssembly.Cmdlets.Count >= Contract.Issue3Cmdlets.Length,
            $"only {CmdletAssembly.Cmdlets.Count} cmdlets were read from {CmdletAssembly.Files.CmdletAssembly}");
    }

    [Fact]
    public void Every_cmdlet_has_a_PlatyPS_page_with_its_title()
    {
        var v = new Violations();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            if (!File.Exists(PathOf(c)))
            {
                v.Add($"{c.Name}: no help file docs/en-US/{c.Name}.md");
                continue;
            }

            foreach (string problem in HelpChecks.FrontMatter(c, HelpMarkdown.Load(PathOf(c)))) v.Add(problem);
        }

        v.AssertNone("cmdlet help pages missing or malformed");
    }

    [Fact]
    public void Synopsis_description_and_examples_are_real()
    {
        var v = new Violations();
        foreach (CmdletInfo c in Documented())
        {
            foreach (string problem in HelpChecks.Prose(c, HelpMarkdown.Load(PathOf(c)), MinimumExamples)) v.Add(problem);
        }

        v.AssertNone("help prose missing or placeholder");
    }

    [Fact]
    public void Every_parameter_and_no_other_is_documented()
    {
        var v = new Violations();
        foreach (CmdletInfo c in Documented())
        {
            foreach (string problem in HelpChecks.ParameterNames(c, HelpMarkdown.Load(PathOf(c)))) v.Add(problem);
        }

        v.AssertNone("PARAMETERS sections out of step with the cmdlets");
    }

    [Fact]
    public void Parameter_metadata_matches_the_attributes()
    {
        var v = new Violations();
        foreach (CmdletInfo c in Documented())
        {
            foreach (string problem in HelpChecks.ParameterMetadata(c, HelpMarkdown.Load(PathOf(c)))) v.Add(problem);
        }

        v.AssertNone("parameter descriptions or yaml metadata wrong");
    }

    [Fact]
    public void Syntax_shows_each_parameter_set_exactly()
    {
        var v = new Violations();
        foreach (CmdletInfo c in Documented())
        {
            foreach (string problem in HelpChecks.Syntax(c, HelpMarkdown.Load(PathOf(c)))) v.Add(problem);
        }

        v.AssertNone("SYNTAX blocks out of step with the parameter sets");
    }

    [Fact]
    public void Outputs_name_every_declared_output_type()
    {
        var v = new Violations();
        foreach (CmdletInfo c in Documented())
        {
            foreach (string problem in HelpChecks.Outputs(c, HelpMarkdown.Load(PathOf(c)))) v.Add(problem);
        }

        v.AssertNone("OUTPUTS out of step with [OutputType]");
    }

    [Fact]
    public void No_page_documents_a_cmdlet_that_does_not_exist()
    {
        var v = new Violations();
        var names = new HashSet<string>(CmdletAssembly.Cmdlets.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
        foreach (string file in Directory.EnumerateFiles(DocsDir, "*.md"))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            bool special = name == HelpChecks.ModuleName || name.StartsWith("about_", StringComparison.Ordinal);
            v.Check(special || names.Contains(name), $"{name}: docs/en-US/{Path.GetFileName(file)} documents no cmdlet of the assembly (renamed or removed?)");
        }

        v.AssertNone("stale help pages");
    }

    [Fact]
    public void Related_links_point_to_existing_pages()
    {
        var v = new Violations();
        var link = new Regex(@"\]\((?<target>[^)#\s]+\.md)\)", RegexOptions.CultureInvariant);
        foreach (string file in Directory.EnumerateFiles(DocsDir, "*.md"))
        {
            foreach (Match m in link.Matches(File.ReadAllText(file)))
            {
                string target = m.Groups["target"].Value;
                v.Check(target.Contains("://", StringComparison.Ordinal) || File.Exists(Path.Combine(DocsDir, target)),
                    $"{Path.GetFileNameWithoutExtension(file)}: link to {target}, which does not exist in docs/en-US");
            }
        }

        v.AssertNone("broken links in the help");
    }

    [Fact]
    public void Module_page_lists_every_cmdlet_with_its_synopsis()
    {
        string path = Path.Combine(DocsDir, HelpChecks.ModuleName + ".md");
        Assert.True(File.Exists(path), $"no module page docs/en-US/{HelpChecks.ModuleName}.md");
        HelpMarkdown page = HelpMarkdown.Load(path);
        var v = new Violations();
        page.FrontMatter.TryGetValue("document type", out string? type);
        page.FrontMatter.TryGetValue("Module Name", out string? module);
        v.Check(type == "module", $"module page: document type is '{type}', expected 'module'");
        v.Check(module == HelpChecks.ModuleName, $"module page: Module Name is '{module}', expected '{HelpChecks.ModuleName}'");
        v.Check(!HelpChecks.IsPlaceholder(page.SectionText("Description")), "module page: Description is empty or a placeholder");

        var entries = page.Subsections($"{HelpChecks.ModuleName} Cmdlets").ToDictionary(s => s.Heading, s => s.Prose, StringComparer.Ordinal);
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            string heading = $"[{c.Name}]({c.Name}.md)";
            if (!entries.TryGetValue(heading, out string? synopsis))
            {
                v.Add($"{c.Name}: not listed on the module page (expected '### {heading}')");
                continue;
            }

            string expected = File.Exists(PathOf(c)) ? HelpMarkdown.Load(PathOf(c)).SectionText("SYNOPSIS") : string.Empty;
            v.Check(!HelpChecks.IsPlaceholder(synopsis) && synopsis == expected,
                $"{c.Name}: module page synopsis '{synopsis}' differs from the cmdlet page's SYNOPSIS '{expected}'");
        }

        foreach (string heading in entries.Keys.Where(h => CmdletAssembly.Cmdlets.All(c => h != $"[{c.Name}]({c.Name}.md)")))
        {
            v.Add($"module page lists '{heading}', which is not a cmdlet of the assembly");
        }

        v.AssertNone("module page incomplete");
    }

    [Fact]
    public void About_topic_lists_every_error_id()
    {
        string path = Path.Combine(DocsDir, "about_StarRocksBackup.md");
        Assert.True(File.Exists(path), "no about topic docs/en-US/about_StarRocksBackup.md");
        string about = File.ReadAllText(path);
        IReadOnlyList<string> ids = ErrorIds();
        Assert.True(ids.Count >= 10, $"read only {ids.Count} ErrorIds constants from the assembly");
        var v = new Violations();
        foreach (string id in ids)
        {
            // A row of the error table: | `Id` | Category | ...
            v.Check(Regex.IsMatch(about, $@"^\|\s*`{Regex.Escape(id)}`\s*\|", RegexOptions.Multiline),
                $"ErrorId {id}: no row '| `{id}` | …' in about_StarRocksBackup's error table");
        }

        foreach (string topic in new[] { "Connection model", "Waiting semantics", "Error IDs", "Secrets", "dependency isolation", "Runbook guidance" })
        {
            v.Check(about.Contains("### ", StringComparison.Ordinal) && Regex.IsMatch(about, $@"^###? .*{Regex.Escape(topic)}", RegexOptions.Multiline | RegexOptions.IgnoreCase),
                $"about_StarRocksBackup: no heading about '{topic}'");
        }

        v.AssertNone("about topic incomplete");
    }

    /// <summary>The constants of StarRocksBackup.Internal.ErrorIds, read as metadata (the contract scripts branch on).</summary>
    internal static IReadOnlyList<string> ErrorIds()
    {
        Type type = CmdletAssembly.Assembly.GetType("StarRocksBackup.Internal.ErrorIds", throwOnError: true)!;
        return type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType.FullName == "System.String")
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
    }

    private static IEnumerable<CmdletInfo> Documented() => CmdletAssembly.Cmdlets.Where(c => File.Exists(PathOf(c)));
}
