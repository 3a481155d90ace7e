// What one cmdlet page says, in the shape MAML needs: the compiler reads a page into this (CommandHelpReader)
// and writes it out (MamlWriter). Text is kept as paragraphs; markdown syntax is already resolved.
namespace StarRocksBackup.HelpCompiler;

public sealed record CommandHelp(
    string Name,
    string Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<SyntaxItemHelp> Syntax,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<LinkHelp> Links)
{
    public string Verb => Name.Substring(0, Math.Max(0, Name.IndexOf('-')));

    public string Noun => Name.Substring(Name.IndexOf('-') + 1);
}

/// <summary>One parameter set of the SYNTAX section: its name and its parameters in the order the page shows them.</summary>
public sealed record SyntaxItemHelp(string SetName, IReadOnlyList<string> ParameterNames);

/// <summary>A <c>### -Name</c> entry of PARAMETERS with its yaml metadata.</summary>
public sealed record ParameterHelp(
    string Name,
    string TypeName,
    IReadOnlyList<string> Description,
    string? DefaultValue,
    bool Globbing,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<HelpParameterSetMetadata> Sets)
{
    public bool IsSwitch => TypeName is "System.Management.Automation.SwitchParameter" or "SwitchParameter";

    /// <summary>The metadata for one parameter set: that set's entry, else the <c>(All)</c> entry; null when not in the set.</summary>
    public HelpParameterSetMetadata? InSet(string setName) =>
        Sets.FirstOrDefault(s => string.Equals(s.Name, setName, StringComparison.OrdinalIgnoreCase))
        ?? Sets.FirstOrDefault(s => s.Name == "(All)")
        ?? (setName == "__AllParameterSets" ? Sets.FirstOrDefault() : null);
}

/// <summary>An INPUTS or OUTPUTS entry: <c>### Type.Name</c> and what it means.</summary>
public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>A RELATED LINKS entry; Uri is empty for links to other pages of the module (they are not URLs).</summary>
public sealed record LinkHelp(string Text, string Uri);

/// <summary>A page the compiler cannot turn into help; Problems lists everything wrong with it, not only the first thing.</summary>
public sealed class HelpFormatException : Exception
{
    public HelpFormatException(string path, IReadOnlyList<string> problems)
        : base($"{path}: " + string.Join("; ", problems))
    {
        Path = path;
        Problems = problems;
    }

    public string Path { get; }

    public IReadOnlyList<string> Problems { get; }
}
