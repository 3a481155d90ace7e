// Markdown prose -> the plain paragraphs MAML holds (one <maml:para> each). Get-Help prints paragraphs as text,
// so emphasis markers and link targets are dropped; `code` spans keep their backticks (they mark literal input).
// Lists keep their markers, one paragraph per item; a fenced code block becomes one paragraph, its lines indented.
using System.Text;
using System.Text.RegularExpressions;

namespace StarRocksBackup.HelpCompiler;

public static class MarkdownText
{
    private static readonly Regex s_listItem = new(@"^(?<marker>[*+-]|\d+[.)])\s+(?<text>.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex s_link = new(@"\[(?<text>[^\]]+)\]\((?<url>[^)\s]*)\)", RegexOptions.CultureInvariant);
    private static readonly Regex s_strong = new(@"(\*\*|__)(?<text>\S(.*?\S)?)\1", RegexOptions.CultureInvariant);
    private static readonly Regex s_fence = new(@"^```[A-Za-z]*\s*$", RegexOptions.CultureInvariant);

    /// <summary>The paragraphs of a block of markdown prose (blank lines separate them).</summary>
    public static IReadOnlyList<string> Paragraphs(string markdown)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        List<string>? code = null;

        void Flush()
        {
            if (current.Length > 0) paragraphs.Add(string.Join("\n", current.ToString().Split('\n').Select(Inline)));
            current.Clear();
        }

        foreach (string raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            string line = raw.TrimEnd();
            string trimmed = line.Trim();
            if (code is not null)
            {
                if (trimmed == "```")
                {
                    paragraphs.Add(string.Join("\n", code.Select(c => "    " + c)));
                    code = null;
                }
                else
                {
                    code.Add(line);
                }

                continue;
            }

            if (s_fence.IsMatch(trimmed))
            {
                Flush();
                code = new List<string>();
                continue;
            }

            if (trimmed.Length == 0)
            {
                Flush();
                continue;
            }

            Match item = s_listItem.Match(trimmed);
            bool tableRow = trimmed.StartsWith('|');
            if (tableRow)
            {
                // A table stays one paragraph, a row per line; the |---|---| rule goes.
                if (current.Length > 0 && current[0] != '|') Flush();
                if (Regex.IsMatch(trimmed, @"^\|[\s:|-]+\|$")) continue;
                if (current.Length > 0) current.Append('\n');
                current.Append(trimmed);
                continue;
            }

            if (current.Length > 0 && current[0] == '|') Flush();
            if (item.Success)
            {
                Flush();
                current.Append($"{NormaliseMarker(item.Groups["marker"].Value)} {item.Groups["text"].Value}");
                continue;
            }

            if (current.Length > 0) current.Append(' ');
            current.Append(trimmed);
        }

        if (code is not null) paragraphs.Add(string.Join("\n", code.Select(c => "    " + c)));
        Flush();
        return paragraphs;
    }

    /// <summary>One line of markdown as plain text: [text](url) becomes text, **strong** becomes strong.</summary>
    public static string Inline(string text)
    {
        string result = s_link.Replace(text, m => m.Groups["text"].Value);
        result = s_strong.Replace(result, m => m.Groups["text"].Value);
        return result.Trim();
    }

    private static string NormaliseMarker(string marker) => marker is "*" or "+" ? "-" : marker;
}
