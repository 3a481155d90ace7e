// A cmdlet page (PlatyPS 1.x markdown, read by HelpMarkdown) -> CommandHelp, refusing what Get-Help could not show
// properly: every problem of a page is collected and reported together (HelpFormatException), naming the section
// or parameter, so a broken page fails the build with a message that says what to fix.
using System.Text.RegularExpressions;

namespace StarRocksBackup.HelpCompiler;

public static class CommandHelpReader
{
    public const string AllParameterSets = "__AllParameterSets";

    private static readonly Regex s_syntaxToken = new(@"(?<=^|\s)\[{0,2}-(?<name>[A-Za-z][A-Za-z0-9]*)", RegexOptions.CultureInvariant | RegexOptions.Multiline);
    private static readonly Regex s_link = new(@"^\s*(?:[*+-]\s+)?\[(?<text>[^\]]+)\]\((?<url>[^)\s]*)\)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_fence = new(@"^```[A-Za-z]*\s*$", RegexOptions.CultureInvariant);

    /// <summary>The value of the front matter's <c>document type</c>: cmdlet, module, or null for other pages (about topics).</summary>
    public static string? DocumentType(HelpMarkdown page) =>
        page.FrontMatter.TryGetValue("document type", out string? type) ? type : null;

    public static CommandHelp Read(string path, string text)
    {
        var problems = new List<string>();
        problems.AddRange(UnclosedFences(text));
        HelpMarkdown page = HelpMarkdown.Parse(path, text);

        string name = page.Title ?? string.Empty;
        if (page.FrontMatter.Count == 0) problems.Add("no front matter (a '---' block with 'document type: cmdlet' and 'title:') at the top");
        if (DocumentType(page) is { } type && type != "cmdlet") problems.Add($"front matter 'document type' is '{type}', expected 'cmdlet'");
        if (!Regex.IsMatch(name, @"^[A-Za-z]+-[A-Za-z0-9]+$")) problems.Add($"the H1 title '{name}' is not a cmdlet name ('# Verb-Noun')");
        if (page.FrontMatter.TryGetValue("title", out string? title) && title != name)
        {
            problems.Add($"front matter title '{title}' differs from the H1 title '{name}'");
        }

        string synopsis = MarkdownText.Inline(string.Join(" ", MarkdownText.Paragraphs(page.SectionText("SYNOPSIS"))));
        if (synopsis.Length == 0) problems.Add("## SYNOPSIS is missing or empty");
        IReadOnlyList<string> description = MarkdownText.Paragraphs(page.SectionText("DESCRIPTION"));
        if (description.Count == 0) problems.Add("## DESCRIPTION is missing or empty");

        List<ParameterHelp> parameters = ReadParameters(page, problems);
        List<SyntaxItemHelp> syntax = ReadSyntax(page, name, parameters, problems);
        List<ExampleHelp> examples = ReadExamples(page, problems);

        if (problems.Count > 0) throw new HelpFormatException(path, problems);
        return new CommandHelp(name, synopsis, description, syntax, parameters,
            ReadTypes(page, "INPUTS"), ReadTypes(page, "OUTPUTS"), MarkdownText.Paragraphs(page.SectionText("NOTES")), examples,
            ReadLinks(page));
    }

    private static IEnumerable<string> UnclosedFences(string text)
    {
        int? open = null;
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string t = lines[i].Trim();
            if (open is null && s_fence.IsMatch(t)) open = i + 1;
            else if (open is not null && t == "```") open = null;
        }

        if (open is not null) yield return $"line {open}: the code block opened with ``` is never closed";
    }

    private static List<ParameterHelp> ReadParameters(HelpMarkdown page, List<string> problems)
    {
        var result = new List<ParameterHelp>();
        if (page.Section("PARAMETERS") is null) problems.Add("## PARAMETERS is missing");
        foreach (HelpSubsection s in page.Subsections("PARAMETERS"))
        {
            if (s.Heading == "CommonParameters") continue;
            if (!s.Heading.StartsWith('-'))
            {
                problems.Add($"PARAMETERS: '### {s.Heading}' is not a parameter ('### -Name' or '### CommonParameters')");
                continue;
            }

            string parameter = s.Heading.Substring(1).Trim();
            HelpCodeBlock? yaml = s.CodeBlocks.FirstOrDefault(b => b.Language == "yaml");
            if (yaml is null)
            {
                problems.Add($"-{parameter}: no ```yaml block (Type, ParameterSets, ...)");
                continue;
            }

            HelpParameterMetadata meta = HelpMarkdown.ParseParameterYaml(yaml.Text);
            if (string.IsNullOrWhiteSpace(meta.Type)) problems.Add($"-{parameter}: the yaml block has no 'Type:'");
            if (meta.Sets.Count == 0 || meta.Sets.Any(x => x.Name.Length == 0))
            {
                problems.Add($"-{parameter}: the yaml block has no 'ParameterSets:' entry with a '- Name:'");
            }

            IReadOnlyList<string> text = MarkdownText.Paragraphs(s.Prose);
            if (text.Count == 0) problems.Add($"-{parameter}: no description above its yaml block");
            if (result.Any(p => string.Equals(p.Name, parameter, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"-{parameter}: documented twice");
                continue;
            }

            result.Add(new ParameterHelp(parameter, meta.Type ?? string.Empty, text, meta.DefaultValue, meta.SupportsWildcards == true,
                meta.Aliases, meta.Sets));
        }

        return result;
    }

    private static List<SyntaxItemHelp> ReadSyntax(HelpMarkdown page, string name, List<ParameterHelp> parameters, List<string> problems)
    {
        var result = new List<SyntaxItemHelp>();
        IReadOnlyList<HelpSubsection> blocks = page.Subsections("SYNTAX");
        if (blocks.Count == 0) problems.Add("## SYNTAX has no '### <parameter set>' block");
        foreach (HelpSubsection block in blocks)
        {
            string set = block.Heading.EndsWith(" (Default)", StringComparison.Ordinal)
                ? block.Heading.Substring(0, block.Heading.Length - " (Default)".Length).Trim()
                : block.Heading;
            string? code = block.CodeBlocks.FirstOrDefault()?.Text.Trim();
            if (code is null || !(code == name || code.StartsWith(name + " ", StringComparison.Ordinal) || code.StartsWith(name + "\n", StringComparison.Ordinal)))
            {
                problems.Add($"SYNTAX '{block.Heading}': needs a code block starting with '{name}'");
                continue;
            }

            var names = new List<string>();
            foreach (Match m in s_syntaxToken.Matches(code))
            {
                string p = m.Groups["name"].Value;
                ParameterHelp? documented = parameters.FirstOrDefault(x => string.Equals(x.Name, p, StringComparison.OrdinalIgnoreCase));
                if (documented is null) problems.Add($"SYNTAX '{block.Heading}': -{p} is not documented under PARAMETERS");
                else if (documented.InSet(set) is null) problems.Add($"SYNTAX '{block.Heading}': -{p} has no ParameterSets entry for '{set}' or '(All)'");
                else names.Add(documented.Name);
            }

            result.Add(new SyntaxItemHelp(set, names));
        }

        return result;
    }

    private static List<ExampleHelp> ReadExamples(HelpMarkdown page, List<string> problems)
    {
        var result = new List<ExampleHelp>();
        if (page.Section("EXAMPLES") is null) problems.Add("## EXAMPLES is missing");
        foreach (HelpSubsection e in page.Subsections("EXAMPLES"))
        {
            string code = string.Join("\n\n", e.CodeBlocks.Where(b => b.Language is "powershell" or "").Select(b => b.Text.Trim()).Where(t => t.Length > 0));
            if (code.Length == 0)
            {
                problems.Add($"EXAMPLES '{e.Heading}': no ```powershell code block");
                continue;
            }

            result.Add(new ExampleHelp(e.Heading, code, MarkdownText.Paragraphs(e.Prose)));
        }

        return result;
    }

    private static IReadOnlyList<TypeHelp> ReadTypes(HelpMarkdown page, string section) =>
        page.Subsections(section).Select(s => new TypeHelp(s.Heading, MarkdownText.Paragraphs(s.Prose))).ToList();

    private static IReadOnlyList<LinkHelp> ReadLinks(HelpMarkdown page)
    {
        var links = new List<LinkHelp>();
        if (page.FrontMatter.TryGetValue("HelpUri", out string? online) && Uri.IsWellFormedUriString(online, UriKind.Absolute))
        {
            links.Add(new LinkHelp("Online Version:", online));
        }

        foreach (string line in page.SectionText("RELATED LINKS").Split('\n'))
        {
            Match m = s_link.Match(line);
            if (!m.Success) continue;
            string url = m.Groups["url"].Value;
            links.Add(new LinkHelp(m.Groups["text"].Value, Uri.IsWellFormedUriString(url, UriKind.Absolute) ? url : string.Empty));
        }

        return links;
    }
}
