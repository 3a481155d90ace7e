// about_*.md (PlatyPS about-topic markdown) -> about_*.help.txt, the plain text Get-Help prints for an about topic,
// in the layout PowerShell's own about topics use: headings in capitals at the margin, text indented four spaces.
//   # about_X              ->  TOPIC / about_X
//   ## Short description   ->  SHORT DESCRIPTION (Get-Help takes the topic's synopsis from here)
//   ### Sub heading        ->  indented, in capitals
// Front matter is dropped; emphasis and link targets are resolved as in MAML (MarkdownText).
using System.Text;
using System.Text.RegularExpressions;

namespace StarRocksBackup.HelpCompiler;

public static class AboutTopicWriter
{
    public static string Convert(string path, string markdown)
    {
        HelpMarkdown page = HelpMarkdown.Parse(path, markdown);
        string expected = System.IO.Path.GetFileNameWithoutExtension(path);
        var problems = new List<string>();
        if (page.Title is null || !page.Title.StartsWith("about_", StringComparison.Ordinal))
        {
            problems.Add($"the H1 title is '{page.Title ?? "(missing)"}', expected '# {expected}'");
        }
        else if (page.Title != expected)
        {
            problems.Add($"the H1 title '{page.Title}' does not match the file name '{expected}'");
        }

        string shortDescription = page.SectionText("Short description");
        if (shortDescription.Length == 0) problems.Add("no '## Short description' section (Get-Help takes the topic's synopsis from it)");
        if (page.Section("Long description") is null) problems.Add("no '## Long description' section");
        int fence = markdown.Replace("\r\n", "\n").Split('\n').Count(l => Regex.IsMatch(l.Trim(), @"^```[A-Za-z]*$"));
        if (fence % 2 != 0) problems.Add("a code block opened with ``` is never closed");
        if (problems.Count > 0) throw new HelpFormatException(path, problems);

        var text = new StringBuilder();
        text.Append("TOPIC\n    ").Append(page.Title).Append("\n\n");
        foreach ((string heading, string body) in page.Sections)
        {
            text.Append(heading.ToUpperInvariant()).Append('\n');
            AppendBody(text, body);
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static void AppendBody(StringBuilder text, string body)
    {
        // Sub headings split the body; everything else is paragraphs.
        var chunk = new StringBuilder();
        void FlushChunk()
        {
            IReadOnlyList<string> paragraphs = MarkdownText.Paragraphs(chunk.ToString());
            for (int i = 0; i < paragraphs.Count; i++)
            {
                foreach (string line in Wrap(paragraphs[i])) text.Append("    ").Append(line).Append('\n');
                // List items follow each other without a blank line, as in PowerShell's own about topics.
                bool listContinues = i + 1 < paragraphs.Count && IsListItem(paragraphs[i]) && IsListItem(paragraphs[i + 1]);
                if (!listContinues) text.Append('\n');
            }

            chunk.Clear();
        }

        bool inFence = false;
        foreach (string line in body.Split('\n'))
        {
            if (Regex.IsMatch(line.Trim(), @"^```[A-Za-z]*$")) inFence = !inFence;
            Match h = Regex.Match(line, @"^#{3,6}\s+(?<text>.+)$");
            if (!inFence && h.Success)
            {
                FlushChunk();
                text.Append("    ").Append(MarkdownText.Inline(h.Groups["text"].Value).ToUpperInvariant()).Append("\n\n");
                continue;
            }

            chunk.Append(line).Append('\n');
        }

        FlushChunk();
    }

    /// <summary>
    /// A paragraph as lines of at most <see cref="Width"/> characters (plus the 4-space indent): prose is wrapped at
    /// spaces, list items get a hanging indent, code (indented by MarkdownText) and table rows are kept as they are.
    /// </summary>
    public static IEnumerable<string> Wrap(string paragraph)
    {
        if (paragraph.StartsWith("    ", StringComparison.Ordinal) || paragraph.StartsWith('|'))
        {
            foreach (string line in paragraph.Split('\n')) yield return line;
            yield break;
        }

        Match marker = Regex.Match(paragraph, @"^(-|\d+[.)]) ");
        string hanging = new(' ', marker.Success ? marker.Length : 0);
        var current = new StringBuilder();
        foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > Width)
            {
                yield return current.ToString();
                current.Clear().Append(hanging);
            }

            if (current.Length > 0 && current.ToString() != hanging) current.Append(' ');
            current.Append(word);
        }

        if (current.Length > 0) yield return current.ToString();
    }

    private static bool IsListItem(string paragraph) => Regex.IsMatch(paragraph, @"^(-|\d+[.)]) ");

    /// <summary>Text width of an about topic, after the 4-space indent: 80 columns in all, as PowerShell's own topics.</summary>
    public const int Width = 76;
}
