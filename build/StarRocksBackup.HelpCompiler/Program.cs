// dotnet StarRocksBackup.HelpCompiler.dll --docs <docs/en-US> --out <module>/en-US
//
// Every page with 'document type: cmdlet' goes into one MAML file named by the pages' 'external help file'
// (StarRocksBackup.dll-Help.xml); every about_*.md becomes about_*.help.txt; the module page ('document type:
// module') is not help content and is skipped. Problems are printed in MSBuild's canonical error format
// (<file> : error SRHELP001: <message>), all of them, and the exit code is 1; nothing is written then.
using System.Xml.Linq;

namespace StarRocksBackup.HelpCompiler;

public static class Program
{
    public static int Main(string[] args)
    {
        string? docs = null, output = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--docs" && i + 1 < args.Length) docs = args[++i];
            else if (args[i] == "--out" && i + 1 < args.Length) output = args[++i];
            else
            {
                Console.Error.WriteLine("usage: StarRocksBackup.HelpCompiler --docs <docs/en-US> --out <module>/en-US");
                return 2;
            }
        }

        if (docs is null || output is null)
        {
            Console.Error.WriteLine("usage: StarRocksBackup.HelpCompiler --docs <docs/en-US> --out <module>/en-US");
            return 2;
        }

        try
        {
            HelpCompilation result = HelpCompilation.Compile(docs);
            result.WriteTo(output);
            Console.WriteLine($"HelpCompiler: {result.Commands.Count} cmdlet(s) -> {Path.Combine(output, result.MamlFileName)}; " +
                $"{result.AboutTopics.Count} about topic(s)");
            return 0;
        }
        catch (HelpCompilationException e)
        {
            foreach (HelpFormatException page in e.Pages)
            {
                foreach (string problem in page.Problems) Console.Error.WriteLine($"{page.Path} : error SRHELP001: {problem}");
            }

            return 1;
        }
    }
}

/// <summary>The compiled help of a docs folder, in memory until <see cref="WriteTo"/>.</summary>
public sealed class HelpCompilation
{
    private HelpCompilation(string mamlFileName, IReadOnlyList<CommandHelp> commands, IReadOnlyDictionary<string, string> aboutTopics)
    {
        MamlFileName = mamlFileName;
        Commands = commands;
        AboutTopics = aboutTopics;
    }

    public string MamlFileName { get; }

    public IReadOnlyList<CommandHelp> Commands { get; }

    /// <summary>File name (about_X.help.txt) -> text.</summary>
    public IReadOnlyDictionary<string, string> AboutTopics { get; }

    public XDocument Maml => MamlWriter.Build(Commands);

    /// <summary>Reads every page of the folder; throws HelpCompilationException listing every problem of every page.</summary>
    public static HelpCompilation Compile(string docsDir)
    {
        if (!Directory.Exists(docsDir)) throw new HelpCompilationException(new HelpFormatException(docsDir, new[] { "the docs folder does not exist" }));
        var problems = new List<HelpFormatException>();
        var folderProblems = new List<string>();
        var commands = new List<CommandHelp>();
        var about = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var helpFiles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in Directory.GetFiles(docsDir, "*.md").OrderBy(p => p, StringComparer.Ordinal))
        {
            string text = File.ReadAllText(path);
            string name = Path.GetFileNameWithoutExtension(path);
            try
            {
                if (name.StartsWith("about_", StringComparison.Ordinal))
                {
                    about[name + ".help.txt"] = AboutTopicWriter.Convert(path, text);
                    continue;
                }

                HelpMarkdown page = HelpMarkdown.Parse(path, text);
                if (CommandHelpReader.DocumentType(page) == "module") continue;
                CommandHelp command = CommandHelpReader.Read(path, text);
                if (command.Name != name) throw new HelpFormatException(path, new[] { $"the page documents '{command.Name}' but the file is named '{name}.md'" });
                helpFiles.Add(page.FrontMatter.TryGetValue("external help file", out string? file) ? file : string.Empty);
                commands.Add(command);
            }
            catch (HelpFormatException e)
            {
                problems.Add(e);
            }
        }

        if (commands.Count == 0 && problems.Count == 0) folderProblems.Add("no cmdlet pages ('document type: cmdlet') found");
        if (helpFiles.Count > 1 || helpFiles.Contains(string.Empty))
        {
            folderProblems.Add($"the cmdlet pages must all name the same 'external help file' in their front matter; found: {string.Join(", ", helpFiles.Select(f => f.Length == 0 ? "(missing)" : f))}");
        }

        if (folderProblems.Count > 0) problems.Add(new HelpFormatException(docsDir, folderProblems));
        if (problems.Count > 0) throw new HelpCompilationException(problems.ToArray());
        return new HelpCompilation(helpFiles.Single(), commands, about);
    }

    /// <summary>Replaces the output folder's content with the MAML file and the about topics.</summary>
    public void WriteTo(string outputDir)
    {
        if (Directory.Exists(outputDir)) Directory.Delete(outputDir, recursive: true);
        Directory.CreateDirectory(outputDir);
        MamlWriter.Save(Maml, Path.Combine(outputDir, MamlFileName));
        foreach ((string file, string text) in AboutTopics)
        {
            File.WriteAllText(Path.Combine(outputDir, file), text, new System.Text.UTF8Encoding(false));
        }
    }
}

/// <summary>A docs folder that cannot be compiled: every page with problems (or the folder itself), each with all its problems.</summary>
public sealed class HelpCompilationException : Exception
{
    public HelpCompilationException(params HelpFormatException[] pages)
        : base(string.Join(Environment.NewLine, pages.Select(p => p.Message)))
    {
        Pages = pages;
    }

    public IReadOnlyList<HelpFormatException> Pages { get; }
}
