// Naming rules (house-style §4.13): approved verbs, the Sr noun prefix, {Verb}{Noun}Command, public sealed.
using System.Reflection;
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Module.Tests;

public sealed class CmdletNamingTests
{
    public CmdletNamingTests(ITestOutputHelper output) => output.WriteLine("testing " + CmdletAssembly.Files.Provenance);

    /// <summary>PowerShell's approved verbs, read from the Verbs* classes of System.Management.Automation.</summary>
    public static IReadOnlySet<string> ApprovedVerbs()
    {
        var verbs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Type t in CmdletAssembly.Automation.GetExportedTypes().Where(t => t.Namespace == CmdletAssembly.Sma && t.Name.StartsWith("Verbs", StringComparison.Ordinal)))
        {
            foreach (FieldInfo f in t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            {
                verbs.Add((string)f.GetRawConstantValue()!);
            }
        }

        return verbs;
    }

    [Fact]
    public void Approved_verbs_are_read_from_the_reference_assembly()
    {
        IReadOnlySet<string> verbs = ApprovedVerbs();
        // Guards the reader itself: a broken reader would make the verb check pass vacuously.
        foreach (string v in new[] { "Get", "New", "Remove", "Start", "Stop", "Wait", "Restore", "Backup", "Connect", "Disconnect", "Enable", "Disable", "Find" })
        {
            Assert.Contains(v, verbs);
        }

        Assert.DoesNotContain("Fetch", verbs);
        Assert.True(verbs.Count > 90, $"only {verbs.Count} approved verbs read");
    }

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb()
    {
        IReadOnlySet<string> verbs = ApprovedVerbs();
        var v = new Violations();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            v.Check(verbs.Contains(c.Verb) && verbs.First(x => x.Equals(c.Verb, StringComparison.OrdinalIgnoreCase)) == c.Verb,
                $"{c}: verb '{c.Verb}' is not an approved PowerShell verb (or not in its canonical casing)");
        }

        v.AssertNone("cmdlets with unapproved verbs");
    }

    [Fact]
    public void Every_noun_starts_with_the_Sr_prefix_and_is_singular_PascalCase()
    {
        var v = new Violations();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            v.Check(c.Noun.Length > Contract.NounPrefix.Length && c.Noun.StartsWith(Contract.NounPrefix, StringComparison.Ordinal) && char.IsUpper(c.Noun[Contract.NounPrefix.Length]),
                $"{c}: noun '{c.Noun}' must start with '{Contract.NounPrefix}' followed by a PascalCase word");
            v.Check(c.Noun.All(char.IsLetterOrDigit), $"{c}: noun '{c.Noun}' has characters other than letters and digits");
        }

        v.AssertNone("cmdlets with bad nouns");
    }

    [Fact]
    public void Every_cmdlet_class_is_public_sealed_and_named_VerbNounCommand()
    {
        var v = new Violations();
        foreach (Type t in CmdletAssembly.CmdletTypes)
        {
            v.Check(t.IsPublic, $"{t.FullName}: a [Cmdlet] class must be public");
            v.Check(t.IsSealed && !t.IsAbstract, $"{t.FullName}: a [Cmdlet] class must be sealed");
            v.Check(t.Namespace == "StarRocksBackup.Commands", $"{t.FullName}: cmdlets live in namespace StarRocksBackup.Commands (ErrorIds are '<Id>,StarRocksBackup.Commands.<Class>')");
        }

        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            v.Check(c.Type.Name == c.Verb + c.Noun + "Command", $"{c}: class must be named {c.Verb}{c.Noun}Command");
            v.Check(DerivesFrom(c.Type, "System.Management.Automation.PSCmdlet"), $"{c}: must derive from PSCmdlet (through the module's base class)");
        }

        v.AssertNone("badly shaped cmdlet classes");
    }

    [Fact]
    public void Cmdlet_names_are_unique()
    {
        var dupes = CmdletAssembly.Cmdlets.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Type.FullName))}").ToList();
        Assert.True(dupes.Count == 0, "cmdlet names declared twice: " + string.Join("; ", dupes));
    }

    internal static bool DerivesFrom(Type t, string fullName)
    {
        for (Type? b = t.BaseType; b is not null; b = b.BaseType)
        {
            if (b.FullName == fullName) return true;
        }

        return false;
    }
}
