// Reads a module manifest (.psd1) as text: no PowerShell here, and Import-PowerShellDataFile's
// rules for the keys we check are simple (string, or @( … ) / comma lists of strings).
using System.Text.RegularExpressions;

namespace StarRocksBackup.Module.Tests;

public sealed class ManifestText
{
    private readonly string _text;

    public ManifestText(string path)
    {
        Path = path;
        // Drop block comments and line comments (outside quotes is good enough for a manifest).
        string text = Regex.Replace(File.ReadAllText(path), @"<#.*?#>", " ", RegexOptions.Singleline);
        _text = Regex.Replace(text, @"(?m)^\s*#.*$", string.Empty);
    }

    public string Path { get; }

    public bool Has(string key) => Regex.IsMatch(_text, $@"(?mi)^\s*{key}\s*=");

    /// <summary>The scalar string value of a top-level key, or null.</summary>
    public string? Scalar(string key)
    {
        Match m = Regex.Match(_text, $@"(?mi)^\s*{key}\s*=\s*['""]([^'""]*)['""]");
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The strings of a key whose value is a string, an @( … ) array, or a comma list; null when the key is absent.</summary>
    public IReadOnlyList<string>? List(string key)
    {
        Match m = Regex.Match(_text, $@"(?mi)^\s*{key}\s*=\s*(@\((?<arr>[^)]*)\)|(?<line>[^\r\n]*))");
        if (!m.Success) return null;
        string body = m.Groups["arr"].Success ? m.Groups["arr"].Value : m.Groups["line"].Value;
        // A comma list may continue on the next lines when a line ends with a comma.
        if (!m.Groups["arr"].Success)
        {
            int end = m.Index + m.Length;
            while (body.TrimEnd().EndsWith(',') && end < _text.Length)
            {
                int next = _text.IndexOf('\n', end + 1);
                string more = next < 0 ? _text[(end + 1)..] : _text[(end + 1)..next];
                body += more;
                end = next < 0 ? _text.Length : next;
            }
        }

        return Regex.Matches(body, @"['""]([^'""]*)['""]").Select(x => x.Groups[1].Value).ToList();
    }
}
