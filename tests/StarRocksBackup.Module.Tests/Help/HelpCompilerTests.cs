// The help compiler (build/StarRocksBackup.HelpCompiler): the MAML it makes from the real docs/en-US against the
// cmdlet assembly (every cmdlet, every parameter set, required/position/pipeline as the code declares them), and
// malformed pages refused with messages that say what to fix. Get-Help itself reads the result in
// tests/pester/Help.Tests.ps1; these tests need no PowerShell.
using System.Xml.Linq;
using StarRocksBackup.HelpCompiler;
using Xunit;

namespace StarRocksBackup.Module.Tests.Help;

public sealed class HelpCompilerTests
{
    private static readonly XNamespace Maml = MamlWriter.Maml;
    private static readonly XNamespace Command = MamlWriter.Command;
    private static readonly XNamespace Dev = MamlWriter.Dev;

    private static readonly Lazy<HelpCompilation> s_real = new(() => HelpCompilation.Compile(HelpMarkdownTests.DocsDir));

    private static XElement CommandElement(string name) =>
        s_real.Value.Maml.Root!.Elements(Command + "command")
            .Single(c => (string?)c.Element(Command + "details")?.Element(Command + "name") == name);

    private static string Paras(XElement? description) =>
        string.Join("\n", description?.Elements(Maml + "para").Select(p => p.Value) ?? Enumerable.Empty<string>());

    [Fact]
    public void The_real_docs_compile_into_one_command_per_cmdlet()
    {
        HelpCompilation help = s_real.Value;
        Assert.Equal(HelpChecks.ExternalHelpFile, help.MamlFileName);
        XElement root = help.Maml.Root!;
        Assert.Equal(MamlWriter.Msh + "helpItems", root.Name);
        Assert.Equal("maml", (string?)root.Attribute("schema"));
        var v = new Violations();
        var names = root.Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value).ToList();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets) v.Check(names.Count(n => n == c.Name) == 1, $"{c.Name}: {names.Count(n => n == c.Name)} command:command element(s)");
        foreach (string n in names) v.Check(CmdletAssembly.Find(n) is not null, $"{n}: compiled, but not a cmdlet of the assembly");
        v.AssertNone("MAML commands");
        Assert.Contains("about_StarRocksBackup.help.txt", help.AboutTopics.Keys);
    }

    [Fact]
    public void Every_command_has_synopsis_description_examples_inputs_and_outputs()
    {
        var v = new Violations();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            XElement cmd = CommandElement(c.Name);
            XElement details = cmd.Element(Command + "details")!;
            v.Check(details.Element(Command + "verb")?.Value == c.Verb && details.Element(Command + "noun")?.Value == c.Noun, $"{c.Name}: verb/noun");
            v.Check(Paras(details.Element(Maml + "description")).Length > 20, $"{c.Name}: no synopsis");
            v.Check(Paras(cmd.Element(Maml + "description")).Length > 40, $"{c.Name}: no description");
            var examples = cmd.Element(Command + "examples")!.Elements(Command + "example").ToList();
            v.Check(examples.Count >= 2, $"{c.Name}: {examples.Count} example(s)");
            foreach (XElement e in examples)
            {
                v.Check(e.Element(Maml + "title")?.Value.Contains("Example", StringComparison.Ordinal) == true, $"{c.Name}: an example without a title");
                v.Check(e.Element(Dev + "code")?.Value.Contains('-') == true, $"{c.Name}: an example without code");
                v.Check(Paras(e.Element(Dev + "remarks")).Length > 0, $"{c.Name}: an example without remarks");
            }

            var outputs = cmd.Element(Command + "returnValues")!.Elements(Command + "returnValue")
                .Select(r => r.Element(Dev + "type")!.Element(Maml + "name")!.Value).ToList();
            foreach (string type in c.OutputTypes.Select(o => o.TypeName).OfType<string>().Distinct())
            {
                v.Check(outputs.Contains(type), $"{c.Name}: output type {type} missing from command:returnValues");
            }

            v.Check(cmd.Element(Command + "inputTypes")!.Elements(Command + "inputType").Any(), $"{c.Name}: no command:inputType");
        }

        v.AssertNone("MAML content");
    }

    [Fact]
    public void Parameters_match_the_cmdlet_metadata_in_every_parameter_set()
    {
        var v = new Violations();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            XElement cmd = CommandElement(c.Name);
            var documented = cmd.Element(Command + "parameters")!.Elements(Command + "parameter").ToDictionary(p => p.Element(Maml + "name")!.Value);
            foreach (string name in HelpChecks.ExpectedParameterNames(c))
            {
                if (!documented.TryGetValue(name, out XElement? p))
                {
                    v.Add($"{c.Name} -{name}: missing from command:parameters");
                    continue;
                }

                v.Check(Paras(p.Element(Maml + "description")).Length > 0, $"{c.Name} -{name}: no description");
                foreach (string attribute in new[] { "required", "position", "pipelineInput", "globbing", "variableLength", "aliases" })
                {
                    v.Check(p.Attribute(attribute) is not null, $"{c.Name} -{name}: no '{attribute}' attribute");
                }
            }

            v.Check(documented.Count == HelpChecks.ExpectedParameterNames(c).Count(), $"{c.Name}: {documented.Count} parameters in MAML, {HelpChecks.ExpectedParameterNames(c).Count()} on the cmdlet");

            var items = cmd.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
            v.Check(items.Count == c.ParameterSetNames.Count, $"{c.Name}: {items.Count} syntax item(s) for {c.ParameterSetNames.Count} parameter set(s)");
            foreach (XElement item in items)
            {
                var shown = item.Elements(Command + "parameter").ToDictionary(p => p.Element(Maml + "name")!.Value);
                // The set this item stands for: the one whose parameters it shows exactly.
                string? set = c.ParameterSetNames.FirstOrDefault(s =>
                    c.InSet(s).Select(x => x.Parameter.Name).Concat(c.SupportsShouldProcess ? HelpChecks.ShouldProcessParameters : Array.Empty<string>())
                        .OrderBy(n => n).SequenceEqual(shown.Keys.OrderBy(n => n)));
                if (set is null)
                {
                    v.Add($"{c.Name}: syntax item [{string.Join(", ", shown.Keys)}] matches no parameter set");
                    continue;
                }

                foreach ((CmdletParameter parameter, ParameterBinding binding) in c.InSet(set))
                {
                    XElement p = shown[parameter.Name];
                    int position = HelpChecks.PositionOf(parameter, set);
                    string where = $"{c.Name} ({set}) -{parameter.Name}";
                    v.Check((string?)p.Attribute("required") == (binding.Mandatory ? "true" : "false"), $"{where}: required='{p.Attribute("required")?.Value}'");
                    v.Check((string?)p.Attribute("position") == (position == int.MinValue ? "named" : position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        $"{where}: position='{p.Attribute("position")?.Value}', expected {position}");
                    string pipeline = (binding.FromPipeline, binding.FromPipelineByPropertyName) switch
                    {
                        (true, true) => "True (ByValue, ByPropertyName)",
                        (true, false) => "True (ByValue)",
                        (false, true) => "True (ByPropertyName)",
                        _ => "False",
                    };
                    v.Check((string?)p.Attribute("pipelineInput") == pipeline, $"{where}: pipelineInput='{p.Attribute("pipelineInput")?.Value}', expected '{pipeline}'");
                }
            }
        }

        v.AssertNone("MAML parameters against the cmdlet metadata");
    }

    [Fact]
    public void A_parameter_carries_type_default_aliases_and_globbing()
    {
        XElement snapshot = CommandElement("Start-SrBackup").Element(Command + "parameters")!.Elements(Command + "parameter")
            .Single(p => p.Element(Maml + "name")!.Value == "Snapshot");
        Assert.Equal("Label", (string?)snapshot.Attribute("aliases"));
        Assert.Equal("false", (string?)snapshot.Attribute("globbing"));
        Assert.Equal("System.String", snapshot.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("String", snapshot.Element(Command + "parameterValue")!.Value);
        Assert.Equal("{database}_{yyyyMMdd_HHmmss}", snapshot.Element(Dev + "defaultValue")!.Value);
        XElement wait = CommandElement("Start-SrBackup").Element(Command + "parameters")!.Elements(Command + "parameter")
            .Single(p => p.Element(Maml + "name")!.Value == "Wait");
        Assert.Null(wait.Element(Command + "parameterValue"));   // a switch shows no value
    }

    [Fact]
    public void The_about_topic_has_the_layout_Get_Help_reads()
    {
        string text = s_real.Value.AboutTopics["about_StarRocksBackup.help.txt"];
        Assert.StartsWith("TOPIC\n    about_StarRocksBackup\n\nSHORT DESCRIPTION\n    ", text, StringComparison.Ordinal);
        Assert.Contains("\nLONG DESCRIPTION\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Module Name:", text, StringComparison.Ordinal);   // front matter dropped
        Assert.DoesNotContain("```", text, StringComparison.Ordinal);
        foreach (string line in text.Split('\n').Where(l => l.Length > 80))
        {
            Assert.True(line.StartsWith("        ", StringComparison.Ordinal) || line.TrimStart().StartsWith('|'),
                $"prose longer than 80 columns: '{line}'");
        }
    }

    [Fact]
    public void Markdown_prose_becomes_plain_paragraphs()
    {
        IReadOnlyList<string> p = MarkdownText.Paragraphs(
            "A **bold** word and a [link](https://example.com) and `code`.\nSecond line.\n\n* one\n* two\n  more\n\n```powershell\nGet-X\n```");
        Assert.Equal(new[] { "A bold word and a link and `code`. Second line.", "- one", "- two more", "    Get-X" }, p);
    }

    [Fact]
    public void Writing_replaces_the_output_folder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "srb-help-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "stale.txt"), "old");
            s_real.Value.WriteTo(dir);
            Assert.Equal(new[] { "StarRocksBackup.dll-Help.xml", "about_StarRocksBackup.help.txt" },
                Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(CmdletAssembly.Cmdlets.Count, XDocument.Load(Path.Combine(dir, "StarRocksBackup.dll-Help.xml")).Root!.Elements(Command + "command").Count());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
