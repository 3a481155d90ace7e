// The format file: every view selects a real public type, every column names a real property, and
// every output type has a view (issue 3: "output types have default table views in a format file").
using System.Reflection;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Module.Tests;

public sealed class FormatDataTests
{
    public FormatDataTests(ITestOutputHelper output) => output.WriteLine("testing " + CmdletAssembly.Files.Provenance);

    private static XDocument Format()
    {
        ModuleFiles f = ModuleFiles.Current;
        string? path = f.AssembledDir is not null ? Path.Combine(f.AssembledDir, "StarRocksBackup.format.ps1xml") : f.SourceFormat;
        Assert.True(path is not null && File.Exists(path), "StarRocksBackup.format.ps1xml not found (module/ or src/StarRocksBackup/, or out/ when assembled)");
        return XDocument.Load(path!);
    }

    private static IEnumerable<(string View, string TypeName, XElement Element)> Views(XDocument doc) =>
        doc.Descendants("View").SelectMany(v => v.Element("ViewSelectedBy")?.Elements("TypeName")
            .Select(t => ((string?)v.Element("Name") ?? "(unnamed)", t.Value.Trim(), v)) ?? Enumerable.Empty<(string, string, XElement)>());

    [Fact]
    public void Every_view_selects_a_public_type_of_the_cmdlet_assembly()
    {
        XDocument doc = Format();
        Assert.Equal("Configuration", doc.Root!.Name.LocalName);
        var v = new Violations();
        var views = Views(doc).ToList();
        v.Check(views.Count > 0, "the format file defines no views");
        foreach (var (view, typeName, _) in views)
        {
            Type? t = CmdletAssembly.Assembly.GetType(typeName);
            v.Check(t is not null && t.IsPublic, $"view '{view}': TypeName '{typeName}' is not a public type of StarRocksBackup.dll");
        }

        foreach (XElement view in doc.Descendants("View"))
        {
            v.Check(view.Element("ViewSelectedBy")?.Elements("TypeName").Any() == true, $"view '{(string?)view.Element("Name")}' selects no TypeName");
        }

        v.AssertNone("format views for unknown types");
    }

    [Fact]
    public void Every_table_column_names_a_property_and_headers_match_columns()
    {
        var v = new Violations();
        foreach (var (view, typeName, element) in Views(Format()))
        {
            Type? t = CmdletAssembly.Assembly.GetType(typeName);
            if (t is null) continue;
            var props = t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            XElement? table = element.Element("TableControl");
            if (table is not null)
            {
                int headers = table.Element("TableHeaders")?.Elements("TableColumnHeader").Count() ?? 0;
                foreach (XElement row in table.Descendants("TableRowEntry"))
                {
                    int columns = row.Element("TableColumnItems")?.Elements("TableColumnItem").Count() ?? 0;
                    v.Check(headers == 0 || headers == columns, $"view '{view}': {headers} headers but {columns} columns (PowerShell rejects the view)");
                }
            }

            foreach (XElement name in element.Descendants("PropertyName"))
            {
                v.Check(props.Contains(name.Value.Trim()), $"view '{view}' ({typeName}): PropertyName '{name.Value.Trim()}' is not a property of the type");
            }
        }

        v.AssertNone("format columns that would show nothing");
    }

    [Fact]
    public void Every_view_has_one_control_and_every_column_shows_something()
    {
        // What PowerShell's format loader rejects (and then drops the whole file with a warning at import).
        var v = new Violations();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (XElement view in Format().Descendants("View"))
        {
            string name = (string?)view.Element("Name") ?? string.Empty;
            v.Check(name.Length > 0, "a view without <Name>");
            v.Check(names.Add(name + "|" + string.Join(",", view.Element("ViewSelectedBy")?.Elements("TypeName").Select(t => t.Value.Trim()) ?? Array.Empty<string>())),
                $"view '{name}' is defined twice for the same types");
            int controls = new[] { "TableControl", "ListControl", "WideControl", "CustomControl" }.Count(c => view.Element(c) is not null);
            v.Check(controls == 1, $"view '{name}' has {controls} controls, needs exactly one");
            foreach (XElement item in view.Descendants("TableColumnItem").Concat(view.Descendants("ListItem")))
            {
                v.Check(item.Element("PropertyName") is not null || item.Element("ScriptBlock") is not null,
                    $"view '{name}': a {item.Name.LocalName} with neither PropertyName nor ScriptBlock");
            }
        }

        v.AssertNone("malformed format views");
    }

    [Fact]
    public void Every_output_type_of_the_cmdlet_assembly_has_a_view()
    {
        var viewed = Views(Format()).Select(x => x.TypeName).ToHashSet(StringComparer.Ordinal);
        var v = new Violations();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            foreach (OutputTypeDeclaration o in c.OutputTypes.Where(o => o.Type is not null && o.Type.Assembly == CmdletAssembly.Assembly))
            {
                bool has = false;
                for (Type? t = o.Type; t is not null && !has; t = t.BaseType) has = viewed.Contains(t.FullName!);
                v.Check(has, $"{c.Name}: output type {o.Type!.FullName} has no view in StarRocksBackup.format.ps1xml");
            }
        }

        v.AssertNone("output types without a default view");
    }
}
