// CommandHelp -> the MAML file Get-Help reads for binary cmdlets (<assembly>-Help.xml in the module's culture folder):
// <helpItems schema="maml"> holding one command:command per cmdlet with details (name, verb, noun, synopsis),
// description, syntax (one syntaxItem per parameter set), parameters (required, position, pipelineInput, globbing,
// aliases, type, default), inputTypes, returnValues, alertSet (NOTES), examples (title, code, remarks) and
// relatedLinks - the schema PlatyPS' New-ExternalHelp writes and PowerShell's MamlCommandHelpInfo loads.
using System.Xml;
using System.Xml.Linq;

namespace StarRocksBackup.HelpCompiler;

public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    public static XDocument Build(IEnumerable<CommandHelp> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems",
                new XAttribute("schema", "maml"),
                new XAttribute("xmlns", Msh.NamespaceName),
                commands.OrderBy(c => c.Name, StringComparer.Ordinal).Select(Command_)));

    public static void Save(XDocument document, string path)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false), NewLineChars = "\n" };
        using XmlWriter writer = XmlWriter.Create(path, settings);
        document.Save(writer);
    }

    private static XElement Command_(CommandHelp c) =>
        new(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "command", Command.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "dev", Dev.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp.NamespaceName),
            new XElement(Command + "details",
                new XElement(Command + "name", c.Name),
                new XElement(Command + "verb", c.Verb),
                new XElement(Command + "noun", c.Noun),
                Description(new[] { c.Synopsis })),
            Description(c.Description),
            new XElement(Command + "syntax",
                c.Syntax.Select(s => new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", c.Name),
                    s.ParameterNames.Select(n => Parameter(c.Parameters.First(p => p.Name == n), s.SetName))))),
            new XElement(Command + "parameters", c.Parameters.Select(p => Parameter(p, setName: null))),
            new XElement(Command + "inputTypes", c.Inputs.Select(t => new XElement(Command + "inputType", Type(t.TypeName), Description(t.Description)))),
            new XElement(Command + "returnValues", c.Outputs.Select(t => new XElement(Command + "returnValue", Type(t.TypeName), Description(t.Description)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", c.Notes.Select(Para))),
            new XElement(Command + "examples", c.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", c.Links.Select(l => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", l.Text),
                new XElement(Maml + "uri", l.Uri)))));

    /// <summary>
    /// A parameter, for one parameter set (in a syntaxItem) or across all of them (setName null, in command:parameters:
    /// required when it is required in any set, its position where it has one, the union of its pipeline bindings).
    /// </summary>
    private static XElement Parameter(ParameterHelp p, string? setName)
    {
        IReadOnlyList<HelpParameterSetMetadata> sets = setName is null
            ? p.Sets
            : new[] { p.InSet(setName) ?? throw new InvalidOperationException($"-{p.Name} is not in set {setName}") };
        bool required = sets.Any(s => s.IsRequired);
        string position = sets.Select(s => s.Position).FirstOrDefault(x => int.TryParse(x, out _)) ?? "named";
        bool byValue = sets.Any(s => s.ValueFromPipeline);
        bool byName = sets.Any(s => s.ValueFromPipelineByPropertyName);
        string pipeline = (byValue, byName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        string shortType = ShortTypeName(p.TypeName);
        return new XElement(Command + "parameter",
            new XAttribute("required", Bool(required)),
            new XAttribute("variableLength", Bool(p.TypeName.EndsWith("[]", StringComparison.Ordinal))),
            new XAttribute("globbing", Bool(p.Globbing)),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", position),
            new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(Maml + "name", p.Name),
            Description(p.Description),
            p.IsSwitch ? null : new XElement(Command + "parameterValue",
                new XAttribute("required", "true"),
                new XAttribute("variableLength", Bool(p.TypeName.EndsWith("[]", StringComparison.Ordinal))),
                shortType),
            Type(p.TypeName),
            new XElement(Dev + "defaultValue", p.DefaultValue ?? (p.IsSwitch ? "False" : "None")));
    }

    private static XElement Example(ExampleHelp e) =>
        new(Command + "example",
            new XElement(Maml + "title", $"--------- {e.Title} ---------"),
            new XElement(Dev + "code", e.Code),
            // The empty last paragraph separates the example from the next one's title in Get-Help's output.
            new XElement(Dev + "remarks", e.Remarks.Select(Para), Para(string.Empty)));

    private static XElement Type(string typeName) =>
        new(Dev + "type", new XElement(Maml + "name", typeName), new XElement(Maml + "uri"));

    private static XElement Description(IEnumerable<string> paragraphs) =>
        new(Maml + "description", paragraphs.Select(Para));

    private static XElement Para(string text) => new(Maml + "para", text);

    private static string Bool(bool b) => b ? "true" : "false";

    /// <summary>System.String[] -> String[], StarRocksBackup.SrConnection -> SrConnection (what Get-Help shows after the name).</summary>
    public static string ShortTypeName(string typeName)
    {
        string t = typeName;
        int generic = t.IndexOf('`');
        if (t.StartsWith("System.Nullable`1[", StringComparison.Ordinal)) t = t.Substring("System.Nullable`1[".Length).TrimEnd(']');
        else if (generic >= 0) t = t.Substring(0, generic);
        int dot = t.LastIndexOf('.');
        return dot >= 0 ? t.Substring(dot + 1) : t;
    }
}
