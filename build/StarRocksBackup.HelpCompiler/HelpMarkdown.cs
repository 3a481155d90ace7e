// A reader for the PlatyPS 1.x markdown in docs/en-US: front matter, the H2 sections, and under
// SYNTAX / EXAMPLES / PARAMETERS the H3 subsections with their code blocks. It reads only the shape
// Microsoft.PowerShell.PlatyPS writes (and Import-MarkdownCommandHelp reads), so a file that drifts
// from that shape fails the checks instead of being half-understood. Shared by the help compiler (this project,
// which turns the pages into MAML) and tests/StarRocksBackup.Module.Tests (which checks them against the code).
using System.Text.RegularExpressions;

namespace StarRocksBackup.HelpCompiler;

/// <summary>One H3 subsection: its heading, its prose (code blocks removed) and its fenced code blocks.</summary>
public sealed record HelpSubsection(string Heading, string Prose, IReadOnlyList<HelpCodeBlock> CodeBlocks);

/// <summary>A fenced code block and its info string (<c>powershell</c>, <c>yaml</c>, or empty).</summary>
public sealed record HelpCodeBlock(string Language, string Text);

/// <summary>The <c>yaml</c> block under a <c>### -Name</c> heading, as far as the checks need it.</summary>
public sealed record HelpParameterMetadata(
    string? Type, bool? SupportsWildcards, IReadOnlyList<string> Aliases, IReadOnlyList<HelpParameterSetMetadata> Sets,
    string? DefaultValue = null);

/// <summary>One entry of <c>ParameterSets:</c> in a parameter's yaml block.</summary>
public sealed record HelpParameterSetMetadata(
    string Name, string Position, bool IsRequired, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

public sealed class HelpMarkdown
{
    private static readonly Regex s_fence = new(@"^```(?<lang>[A-Za-z]*)\s*$", RegexOptions.CultureInvariant);

    private HelpMarkdown(string path, IReadOnlyDictionary<string, string> frontMatter, string? title,
        IReadOnlyList<(string Heading, string Body)> sections)
    {
        Path = path;
        FrontMatter = frontMatter;
        Title = title;
        Sections = sections;
    }

    public string Path { get; }

    /// <summary>Front matter keys (case-sensitive, as PlatyPS writes them) and their values.</summary>
    public IReadOnlyDictionary<string, string> FrontMatter { get; }

    /// <summary>The text of the single H1 heading, or null.</summary>
    public string? Title { get; }

    /// <summary>The H2 sections in order, with their raw bodies.</summary>
    public IReadOnlyList<(string Heading, string Body)> Sections { get; }

    public static HelpMarkdown Load(string path) => Parse(path, File.ReadAllText(path));

    public static HelpMarkdown Parse(string path, string text)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        var front = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            for (i = 1; i < lines.Length && lines[i].Trim() != "---"; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon > 0 && !char.IsWhiteSpace(lines[i][0]))
                {
                    front[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim().Trim('\'', '"');
                }
            }

            i++;
        }

        string? title = null;
        var sections = new List<(string, string)>();
        string? heading = null;
        var body = new List<string>();
        bool inFence = false;
        for (; i < lines.Length; i++)
        {
            string line = lines[i];
            if (s_fence.IsMatch(line.Trim()))
            {
                inFence = !inFence;
            }

            if (!inFence && line.StartsWith("# ", StringComparison.Ordinal) && title is null)
            {
                title = line.Substring(2).Trim();
                continue;
            }

            if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (heading is not null) sections.Add((heading, string.Join("\n", body)));
                heading = line.Substring(3).Trim();
                body.Clear();
                continue;
            }

            if (heading is not null) body.Add(line);
        }

        if (heading is not null) sections.Add((heading, string.Join("\n", body)));
        return new HelpMarkdown(path, front, title, sections);
    }

    /// <summary>The body of the H2 section with this heading (case-insensitive), or null.</summary>
    public string? Section(string heading) =>
        Sections.Where(s => string.Equals(s.Heading, heading, StringComparison.OrdinalIgnoreCase)).Select(s => s.Body).FirstOrDefault();

    /// <summary>The section's prose before its first H3, trimmed (the SYNOPSIS or DESCRIPTION text).</summary>
    public string SectionText(string heading)
    {
        string body = Section(heading) ?? string.Empty;
        int h3 = IndexOfHeading(body);
        return (h3 < 0 ? body : body.Substring(0, h3)).Trim();
    }

    /// <summary>The H3 subsections of an H2 section.</summary>
    public IReadOnlyList<HelpSubsection> Subsections(string heading)
    {
        var result = new List<HelpSubsection>();
        string? current = null;
        var prose = new List<string>();
        var blocks = new List<HelpCodeBlock>();
        var code = new List<string>();
        string? lang = null;
        foreach (string line in (Section(heading) ?? string.Empty).Split('\n'))
        {
            Match fence = s_fence.Match(line.Trim());
            if (lang is null && fence.Success)
            {
                lang = fence.Groups["lang"].Value;
                code.Clear();
                continue;
            }

            if (lang is not null)
            {
                if (line.Trim() == "```")
                {
                    blocks.Add(new HelpCodeBlock(lang, string.Join("\n", code)));
                    lang = null;
                }
                else
                {
                    code.Add(line);
                }

                continue;
            }

            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                if (current is not null) result.Add(new HelpSubsection(current, string.Join("\n", prose).Trim(), blocks.ToList()));
                current = line.Substring(4).Trim();
                prose.Clear();
                blocks.Clear();
                continue;
            }

            prose.Add(line);
        }

        if (current is not null) result.Add(new HelpSubsection(current, string.Join("\n", prose).Trim(), blocks.ToList()));
        return result;
    }

    /// <summary>Parses the PlatyPS 1.x parameter yaml (the fixed key set it writes; no general YAML).</summary>
    public static HelpParameterMetadata ParseParameterYaml(string yaml)
    {
        string? type = null;
        string? defaultValue = null;
        bool? wildcards = null;
        var aliases = new List<string>();
        var sets = new List<HelpParameterSetMetadata>();
        Dictionary<string, string>? set = null;
        string? list = null;
        foreach (string raw in yaml.Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.Length == 0) continue;
            bool indented = char.IsWhiteSpace(line[0]);
            string trimmed = line.Trim();
            if (!indented && !trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                FlushSet(set, sets);
                set = null;
                int colon = trimmed.IndexOf(':');
                string key = colon < 0 ? trimmed : trimmed.Substring(0, colon);
                string value = colon < 0 ? string.Empty : trimmed.Substring(colon + 1).Trim();
                list = value.Length == 0 ? key : null;
                if (key == "Type") type = value;
                if (key == "SupportsWildcards") wildcards = value == "true";
                if (key == "DefaultValue") defaultValue = Unquote(value);
                continue;
            }

            if (trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                string item = trimmed.Substring(2).Trim();
                if (list == "Aliases") aliases.Add(item);
                if (list == "ParameterSets")
                {
                    FlushSet(set, sets);
                    set = new Dictionary<string, string>(StringComparer.Ordinal);
                    AddPair(set, item);
                }

                continue;
            }

            if (set is not null) AddPair(set, trimmed);
        }

        FlushSet(set, sets);
        return new HelpParameterMetadata(type, wildcards, aliases, sets, string.IsNullOrEmpty(defaultValue) ? null : defaultValue);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[value.Length - 1] == value[0]
            ? value.Substring(1, value.Length - 2)
            : value;

    private static void AddPair(Dictionary<string, string> set, string text)
    {
        int colon = text.IndexOf(':');
        if (colon > 0) set[text.Substring(0, colon).Trim()] = text.Substring(colon + 1).Trim();
    }

    private static void FlushSet(Dictionary<string, string>? set, List<HelpParameterSetMetadata> sets)
    {
        if (set is null) return;
        string Get(string k) => set.TryGetValue(k, out string? v) ? v : string.Empty;
        sets.Add(new HelpParameterSetMetadata(Get("Name"), Get("Position"), Get("IsRequired") == "true",
            Get("ValueFromPipeline") == "true", Get("ValueFromPipelineByPropertyName") == "true"));
    }

    private static int IndexOfHeading(string body)
    {
        Match m = Regex.Match(body, "^### ", RegexOptions.Multiline);
        return m.Success ? m.Index : -1;
    }
}
