// The rules a cmdlet's help file is held to, as pure functions from (cmdlet metadata, parsed markdown)
// to problem messages. Each message starts with the cmdlet name and, where it applies, the parameter,
// so one failing test run lists everything to fix. HelpCheckSelfTests feeds them broken markdown.
using System.Reflection;
using System.Text.RegularExpressions;

using StarRocksBackup.HelpCompiler;

namespace StarRocksBackup.Module.Tests.Help;

public static class HelpChecks
{
    public const string ExternalHelpFile = "StarRocksBackup.dll-Help.xml";
    public const string ModuleName = "StarRocksBackup";

    /// <summary>The parameters PowerShell adds for SupportsShouldProcess; they are documented like real ones.</summary>
    public static readonly string[] ShouldProcessParameters = { "WhatIf", "Confirm" };

    private static readonly string[] s_placeholders = { "{{", "TODO", "Fill in", "Fill In", "TBD" };

    // A parameter token in a syntax block: "[[-Name]", "[-Name]", "[-Name <t>]", "-Name <t>".
    private static readonly Regex s_syntaxToken = new(@"(?<=^|\s)(?<open>\[{0,2})-(?<name>[A-Za-z][A-Za-z0-9]*)(?<close>\]?)(?<after>\s*<)?",
        RegexOptions.CultureInvariant | RegexOptions.Multiline);

    public static bool IsPlaceholder(string text) =>
        string.IsNullOrWhiteSpace(text) || s_placeholders.Any(p => text.Contains(p, StringComparison.Ordinal));

    /// <summary>Front matter and H1 as Microsoft.PowerShell.PlatyPS 1.x writes them for a binary module's cmdlet.</summary>
    public static IEnumerable<string> FrontMatter(CmdletInfo c, HelpMarkdown doc)
    {
        foreach ((string key, string expected) in new[]
                 {
                     ("document type", "cmdlet"), ("external help file", ExternalHelpFile), ("Module Name", ModuleName), ("title", c.Name),
                 })
        {
            doc.FrontMatter.TryGetValue(key, out string? actual);
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                yield return $"{c.Name}: front matter '{key}' is '{actual ?? "(missing)"}', expected '{expected}'";
            }
        }

        if (!string.Equals(doc.Title, c.Name, StringComparison.Ordinal))
        {
            yield return $"{c.Name}: the H1 title is '{doc.Title ?? "(missing)"}', expected '# {c.Name}'";
        }

        foreach (string section in new[] { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" })
        {
            if (doc.Section(section) is null) yield return $"{c.Name}: no '## {section}' section";
        }
    }

    public static IEnumerable<string> Prose(CmdletInfo c, HelpMarkdown doc, int minimumExamples)
    {
        foreach (string section in new[] { "SYNOPSIS", "DESCRIPTION" })
        {
            string text = doc.SectionText(section);
            if (IsPlaceholder(text)) yield return $"{c.Name}: {section} is empty or a placeholder: '{Short(text)}'";
        }

        IReadOnlyList<HelpSubsection> examples = doc.Subsections("EXAMPLES");
        int withCode = examples.Count(e => e.CodeBlocks.Any(b => b.Language == "powershell" && b.Text.Trim().Length > 0));
        if (withCode < minimumExamples)
        {
            yield return $"{c.Name}: {withCode} example(s) with a ```powershell code block, expected at least {minimumExamples}";
        }

        foreach (HelpSubsection e in examples)
        {
            if (IsPlaceholder(e.Heading) || e.CodeBlocks.Any(b => IsPlaceholder(b.Text)) || IsPlaceholder(e.Prose))
            {
                yield return $"{c.Name}: example '{e.Heading}' has a placeholder or no explanation";
            }
        }
    }

    /// <summary>Every [OutputType] of the cmdlet is documented under OUTPUTS as <c>### Full.Type.Name</c>.</summary>
    public static IEnumerable<string> Outputs(CmdletInfo c, HelpMarkdown doc)
    {
        var documented = doc.Subsections("OUTPUTS").Select(s => s.Heading).ToList();
        foreach (string type in c.OutputTypes.Select(o => o.TypeName).OfType<string>().Distinct())
        {
            if (!documented.Contains(type, StringComparer.Ordinal))
            {
                yield return $"{c.Name}: [OutputType({type})] is not documented under OUTPUTS (expected '### {type}')";
            }
        }

        if (documented.Count == 0) yield return $"{c.Name}: OUTPUTS lists nothing (write '### None' for a cmdlet without output)";
    }

    /// <summary>The names documented under PARAMETERS must be exactly the cmdlet's parameters.</summary>
    public static IEnumerable<string> ParameterNames(CmdletInfo c, HelpMarkdown doc)
    {
        var documented = Documented(doc).Select(s => s.Heading.Substring(1)).ToList();
        foreach (string name in ExpectedParameterNames(c))
        {
            if (!documented.Contains(name, StringComparer.Ordinal))
            {
                yield return $"{c.Name} -{name}: not documented under PARAMETERS (expected '### -{name}')";
            }
        }

        foreach (string name in documented)
        {
            if (!ExpectedParameterNames(c).Contains(name, StringComparer.Ordinal))
            {
                yield return $"{c.Name} -{name}: documented under PARAMETERS but the cmdlet has no such parameter";
            }
        }

        foreach (string dup in documented.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return $"{c.Name} -{dup}: documented more than once";
        }
    }

    /// <summary>Each parameter's description and yaml block against the real [Parameter] attributes.</summary>
    public static IEnumerable<string> ParameterMetadata(CmdletInfo c, HelpMarkdown doc)
    {
        foreach (HelpSubsection s in Documented(doc))
        {
            string name = s.Heading.Substring(1);
            string where = $"{c.Name} -{name}";
            if (IsPlaceholder(s.Prose)) yield return $"{where}: the description is empty or a placeholder";
            HelpCodeBlock? yaml = s.CodeBlocks.FirstOrDefault(b => b.Language == "yaml");
            if (yaml is null)
            {
                yield return $"{where}: no ```yaml metadata block";
                continue;
            }

            HelpParameterMetadata meta = HelpMarkdown.ParseParameterYaml(yaml.Text);
            CmdletParameter? p = c.Parameters.FirstOrDefault(x => x.Name == name);
            if (p is null)
            {
                if (ShouldProcessParameters.Contains(name) && c.SupportsShouldProcess)
                {
                    if (meta.Type != "System.Management.Automation.SwitchParameter") yield return $"{where}: Type is '{meta.Type}', expected System.Management.Automation.SwitchParameter";
                }

                continue; // an unknown name is reported by ParameterNames
            }

            string type = TypeName(p.Type);
            if (meta.Type != type) yield return $"{where}: Type is '{meta.Type}', expected '{type}'";
            bool wildcards = CmdletAssembly.Attribute(p.Property, "SupportsWildcardsAttribute") is not null;
            if (meta.SupportsWildcards != wildcards) yield return $"{where}: SupportsWildcards is {Text(meta.SupportsWildcards)}, expected {Text(wildcards)}";
            if (!new HashSet<string>(meta.Aliases, StringComparer.OrdinalIgnoreCase).SetEquals(p.Aliases))
            {
                yield return $"{where}: Aliases are [{string.Join(", ", meta.Aliases)}], expected [{string.Join(", ", p.Aliases)}]";
            }

            List<SetBinding> actual = Bindings(p).ToList();
            foreach (SetBinding b in actual)
            {
                HelpParameterSetMetadata? m = meta.Sets.FirstOrDefault(x => string.Equals(x.Name, b.DocName, StringComparison.Ordinal));
                if (m is null)
                {
                    yield return $"{where}: ParameterSets has no entry '{b.DocName}'";
                    continue;
                }

                if (m.Position != b.PositionText) yield return $"{where} (set {b.DocName}): Position is '{m.Position}', expected '{b.PositionText}'";
                if (m.IsRequired != b.Mandatory) yield return $"{where} (set {b.DocName}): IsRequired is {Text(m.IsRequired)}, expected {Text(b.Mandatory)}";
                if (m.ValueFromPipeline != b.FromPipeline) yield return $"{where} (set {b.DocName}): ValueFromPipeline is {Text(m.ValueFromPipeline)}, expected {Text(b.FromPipeline)}";
                if (m.ValueFromPipelineByPropertyName != b.ByPropertyName)
                {
                    yield return $"{where} (set {b.DocName}): ValueFromPipelineByPropertyName is {Text(m.ValueFromPipelineByPropertyName)}, expected {Text(b.ByPropertyName)}";
                }
            }

            foreach (HelpParameterSetMetadata extra in meta.Sets.Where(m => actual.All(b => b.DocName != m.Name)))
            {
                yield return $"{where}: ParameterSets lists '{extra.Name}', which the parameter is not in";
            }
        }
    }

    /// <summary>One SYNTAX block per parameter set, each showing exactly that set's parameters in the right form.</summary>
    public static IEnumerable<string> Syntax(CmdletInfo c, HelpMarkdown doc)
    {
        IReadOnlyList<HelpSubsection> blocks = doc.Subsections("SYNTAX");
        List<string> sets = c.ParameterSetNames.ToList();
        foreach (string set in sets)
        {
            bool isDefault = set != CmdletInfo.AllSets && string.Equals(set, c.DefaultParameterSet, StringComparison.Ordinal);
            string heading = set == CmdletInfo.AllSets ? set : isDefault ? $"{set} (Default)" : set;
            HelpSubsection? block = blocks.FirstOrDefault(b => string.Equals(b.Heading, heading, StringComparison.Ordinal));
            if (block is null)
            {
                yield return $"{c.Name}: SYNTAX has no block '### {heading}' for parameter set '{set}'";
                continue;
            }

            string? code = block.CodeBlocks.FirstOrDefault()?.Text;
            if (code is null || !code.TrimStart().StartsWith(c.Name + " ", StringComparison.Ordinal) && code.Trim() != c.Name)
            {
                yield return $"{c.Name}: SYNTAX block '{heading}' does not start with the cmdlet name";
                continue;
            }

            foreach (string problem in SyntaxBlock(c, set, code)) yield return problem;
        }

        foreach (HelpSubsection extra in blocks.Where(b => !sets.Any(s => b.Heading == s || b.Heading == s + " (Default)")))
        {
            yield return $"{c.Name}: SYNTAX block '{extra.Heading}' names no parameter set of the cmdlet";
        }
    }

    private static IEnumerable<string> SyntaxBlock(CmdletInfo c, string set, string code)
    {
        var tokens = s_syntaxToken.Matches(code).Select(m => (
            Name: m.Groups["name"].Value,
            Open: m.Groups["open"].Value.Length,
            Closed: m.Groups["close"].Success && m.Groups["close"].Value.Length > 0,
            TypeFollows: m.Groups["after"].Success && m.Groups["after"].Value.Length > 0,
            Index: m.Index)).ToList();
        var expected = c.InSet(set).ToDictionary(x => x.Parameter.Name, x => x, StringComparer.Ordinal);
        string where = $"{c.Name} (SYNTAX {set})";
        foreach (var t in tokens)
        {
            if (ShouldProcessParameters.Contains(t.Name) && c.SupportsShouldProcess)
            {
                if (t.Open != 1 || !t.Closed) yield return $"{where} -{t.Name}: must be shown as [-{t.Name}]";
                continue;
            }

            if (!expected.TryGetValue(t.Name, out var e))
            {
                yield return $"{where} -{t.Name}: shown, but not a parameter of this set";
                continue;
            }

            int position = PositionOf(e.Parameter, set);
            bool positional = position != int.MinValue;
            string form = (positional, e.Binding.Mandatory) switch
            {
                (true, true) => t.Open == 1 && t.Closed && (t.TypeFollows || IsSwitch(e.Parameter)) ? "ok" : $"[-{t.Name}] <type> (mandatory, position {position})",
                (true, false) => t.Open == 2 ? "ok" : $"[[-{t.Name}] <type>] (optional, position {position})",
                (false, true) => t.Open == 0 ? "ok" : $"-{t.Name} <type> (mandatory, named)",
                (false, false) => t.Open == 1 && (!t.Closed || IsSwitch(e.Parameter)) ? "ok" : $"[-{t.Name} <type>] (optional, named)",
            };
            if (form != "ok") yield return $"{where} -{t.Name}: wrong form, expected {form}";
        }

        foreach (string name in expected.Keys.Concat(c.SupportsShouldProcess ? ShouldProcessParameters : Array.Empty<string>()))
        {
            if (tokens.Count(t => t.Name == name) != 1) yield return $"{where} -{name}: shown {tokens.Count(t => t.Name == name)} time(s), expected once";
        }

        var positions = tokens.Where(t => expected.ContainsKey(t.Name)).Select(t => PositionOf(expected[t.Name].Parameter, set)).Where(p => p != int.MinValue).ToList();
        if (!positions.SequenceEqual(positions.OrderBy(p => p)))
        {
            yield return $"{where}: positional parameters are not in position order";
        }
    }

    /// <summary>The documented parameter subsections (<c>### -Name</c>; CommonParameters is not one).</summary>
    public static IEnumerable<HelpSubsection> Documented(HelpMarkdown doc) =>
        doc.Subsections("PARAMETERS").Where(s => s.Heading.StartsWith("-", StringComparison.Ordinal));

    public static IEnumerable<string> ExpectedParameterNames(CmdletInfo c) =>
        c.Parameters.Select(p => p.Name).Concat(c.SupportsShouldProcess ? ShouldProcessParameters : Array.Empty<string>());

    /// <summary>How PlatyPS names a parameter type: the full name, Nullable&lt;T&gt; without assembly qualification.</summary>
    public static string TypeName(Type t) =>
        t.IsGenericType && t.GetGenericTypeDefinition().FullName == "System.Nullable`1"
            ? $"System.Nullable`1[{t.GetGenericArguments()[0].FullName}]"
            : t.FullName ?? t.Name;

    public static int PositionOf(CmdletParameter p, string set)
    {
        CustomAttributeData? a = CmdletAssembly.Attributes(p.Property, "ParameterAttribute")
            .FirstOrDefault(x => string.Equals(CmdletAssembly.Named<string>(x, "ParameterSetName") ?? CmdletInfo.AllSets, set, StringComparison.OrdinalIgnoreCase))
            ?? CmdletAssembly.Attributes(p.Property, "ParameterAttribute")
                .FirstOrDefault(x => (CmdletAssembly.Named<string>(x, "ParameterSetName") ?? CmdletInfo.AllSets) == CmdletInfo.AllSets);
        return a is null ? int.MinValue : CmdletAssembly.Named(a, "Position", int.MinValue);
    }

    private sealed record SetBinding(string DocName, string PositionText, bool Mandatory, bool FromPipeline, bool ByPropertyName);

    private static IEnumerable<SetBinding> Bindings(CmdletParameter p)
    {
        foreach (CustomAttributeData a in CmdletAssembly.Attributes(p.Property, "ParameterAttribute"))
        {
            string set = CmdletAssembly.Named<string>(a, "ParameterSetName") ?? CmdletInfo.AllSets;
            int position = CmdletAssembly.Named(a, "Position", int.MinValue);
            yield return new SetBinding(set == CmdletInfo.AllSets ? "(All)" : set,
                position == int.MinValue ? "Named" : position.ToString(System.Globalization.CultureInfo.InvariantCulture),
                CmdletAssembly.Named<bool>(a, "Mandatory"), CmdletAssembly.Named<bool>(a, "ValueFromPipeline"),
                CmdletAssembly.Named<bool>(a, "ValueFromPipelineByPropertyName"));
        }
    }

    private static bool IsSwitch(CmdletParameter p) => p.Type.FullName == "System.Management.Automation.SwitchParameter";

    private static string Text(bool? b) => b is null ? "(missing)" : b.Value ? "true" : "false";

    private static string Short(string s) => s.Length <= 40 ? s : s.Substring(0, 40) + "…";
}
